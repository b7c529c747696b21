/** In-process abort signals of running tasks, by execution, so a cancel interrupts them at once. */
export class AbortRegistry {
  private readonly byExecution = new Map<string, Set<AbortController>>();

  open(executionId: string): AbortController {
    const controller = new AbortController();
    let set = this.byExecution.get(executionId);
    if (!set) this.byExecution.set(executionId, (set = new Set()));
    set.add(controller);
    return controller;
  }

  close(executionId: string, controller: AbortController) {
    const set = this.byExecution.get(executionId);
    set?.delete(controller);
    if (set?.size === 0) this.byExecution.delete(executionId);
  }

  abort(executionId: string, reason = 'execution canceled') {
    for (const c of this.byExecution.get(executionId) ?? []) c.abort(new Error(reason));
  }

  runningExecutions(): string[] {
    return [...this.byExecution.keys()];
  }
}
