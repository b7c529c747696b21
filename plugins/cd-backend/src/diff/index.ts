export { ManifestDiffService } from './ManifestDiffService';
export type { ManifestDiffServiceOptions } from './ManifestDiffService';
export { manifestDiff, stripServerFields } from './yamlDiff';
