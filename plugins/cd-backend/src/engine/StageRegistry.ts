import type { StageConfig, StageTypeLookup, ValidationIssue } from '@internal/plugin-cd-common';
import type { StageDefinition } from '@internal/plugin-cd-node';

/**
 * The stage types the engine can run, by type name and alias. The engine
 * knows stage types only through this registry; pipeline validation uses it
 * as its StageTypeLookup.
 */
export class StageRegistry implements StageTypeLookup {
  private readonly byType = new Map<string, StageDefinition>();

  constructor(definitions: StageDefinition[] = []) {
    this.add(...definitions);
  }

  add(...definitions: StageDefinition[]): void {
    for (const def of definitions) {
      for (const name of [def.type, ...(def.aliases ?? [])]) {
        const existing = this.byType.get(name);
        if (existing && existing !== def) {
          throw new Error(`stage type ${name} is registered twice (${existing.type} and ${def.type})`);
        }
        this.byType.set(name, def);
      }
    }
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  get(type: string): StageDefinition | undefined {
    return this.byType.get(type);
  }

  validate(type: string, stage: StageConfig, path: string): ValidationIssue[] {
    return this.byType.get(type)?.validate?.(stage, path) ?? [];
  }

  /** Distinct definitions (aliases folded), for listing in the editor. */
  list(): StageDefinition[] {
    return [...new Set(this.byType.values())];
  }
}
