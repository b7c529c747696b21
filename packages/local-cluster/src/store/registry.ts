import { ResourceType, ResourceTypeRegistry } from './types';

export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** Storage identity of a type: versions of one group/resource share their objects. */
export function storageKey(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return `${type.group}/${type.resource}`;
}

export class TypeRegistry implements ResourceTypeRegistry {
  private readonly byResourceKey = new Map<string, ResourceType>();
  private readonly byKindKey = new Map<string, ResourceType>();

  constructor(initial: ResourceType[] = []) {
    initial.forEach(t => this.register(t));
  }

  byResource(group: string, version: string, resource: string): ResourceType | undefined {
    return this.byResourceKey.get(`${group}/${version}/${resource.toLowerCase()}`);
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byKindKey.get(`${apiVersion}/${kind}`);
  }

  all(): ResourceType[] {
    return [...this.byResourceKey.values()];
  }

  register(type: ResourceType): void {
    this.byResourceKey.set(`${type.group}/${type.version}/${type.resource}`, type);
    this.byKindKey.set(`${apiVersionOf(type)}/${type.kind}`, type);
  }

  unregister(type: ResourceType): void {
    this.byResourceKey.delete(`${type.group}/${type.version}/${type.resource}`);
    this.byKindKey.delete(`${apiVersionOf(type)}/${type.kind}`);
  }

  /** the types sharing storage with `type` (other versions of the same group/resource) */
  versionsOf(group: string, resource: string): ResourceType[] {
    return this.all().filter(t => t.group === group && t.resource === resource);
  }
}
