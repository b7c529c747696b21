export { KubernetesInventory } from './KubernetesInventory';
export type { KubernetesInventoryOptions } from './KubernetesInventory';
export type { SerializedView } from './ViewCache';
export { INVENTORY_KINDS } from './kinds';
export type { KindSpec, KindRole } from './kinds';
export { podHealth } from './health';
export { declaredMoniker, defaultClusterName, parseVersionedName, formatVersion } from './moniker';
