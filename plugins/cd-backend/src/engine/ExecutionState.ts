import type { Execution, StageExecution } from '@internal/plugin-cd-common';

/**
 * An execution loaded in memory with change tracking, so that a transition
 * writes only the rows it changed. `version` is the optimistic-concurrency
 * token read with it; the commit is conditional on it.
 */
export class ExecutionState {
  executionDirty = false;
  readonly dirtyStages = new Set<string>();
  readonly newStages = new Set<string>();
  readonly deletedStages = new Set<string>();

  /** Persisted order of each stage (append-only, so existing rows never move). */
  readonly seqs: Map<string, number>;

  constructor(
    public readonly execution: Execution,
    public version: number,
    seqs?: Map<string, number>,
  ) {
    this.seqs = seqs ?? new Map(execution.stages.map((s, i) => [s.id, i]));
  }

  get id() {
    return this.execution.id;
  }

  get stages(): StageExecution[] {
    return this.execution.stages;
  }

  stage(id: string): StageExecution | undefined {
    return this.execution.stages.find(s => s.id === id);
  }

  requireStage(id: string): StageExecution {
    const s = this.stage(id);
    if (!s) throw new Error(`stage ${id} not found in execution ${this.id}`);
    return s;
  }

  touchExecution() {
    this.executionDirty = true;
  }

  touch(stage: StageExecution) {
    if (!this.newStages.has(stage.id)) this.dirtyStages.add(stage.id);
  }

  addStage(stage: StageExecution) {
    this.execution.stages.push(stage);
    this.seqs.set(stage.id, Math.max(-1, ...this.seqs.values()) + 1);
    this.newStages.add(stage.id);
  }

  removeStage(id: string) {
    const i = this.execution.stages.findIndex(s => s.id === id);
    if (i < 0) return;
    this.execution.stages.splice(i, 1);
    this.seqs.delete(id);
    if (this.newStages.has(id)) this.newStages.delete(id);
    else this.deletedStages.add(id);
    this.dirtyStages.delete(id);
  }

  get hasChanges() {
    return (
      this.executionDirty ||
      this.dirtyStages.size > 0 ||
      this.newStages.size > 0 ||
      this.deletedStages.size > 0
    );
  }

  markCommitted() {
    this.version += 1;
    this.executionDirty = false;
    this.dirtyStages.clear();
    this.newStages.clear();
    this.deletedStages.clear();
  }
}
