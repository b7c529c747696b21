/**
 * A keyed work queue, as client-go's: a key queued many times runs once, a key never runs twice at the
 * same time, a failed key is retried with a growing delay. Work runs off the caller's stack (the store
 * calls watchers synchronously inside its writes, which must not re-enter it).
 */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  private readonly failures = new Map<string, number>();
  private running = false;
  private scheduled = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly name: string,
    private readonly handler: (key: string) => Promise<void> | void,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.pending.add(key);
    this.schedule();
  }

  /** Runs the key after `ms`, unless it is already due sooner; repeated calls coalesce (batching). */
  addAfter(key: string, ms: number): void {
    if (this.stopped || this.delayed.has(key)) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    timer.unref();
    this.delayed.set(key, timer);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.delayed.values()) clearTimeout(t);
    this.delayed.clear();
    this.pending.clear();
  }

  /** Resolves when nothing is pending or running (delayed keys do not count). For tests. */
  idle(): Promise<void> {
    if (!this.running && this.pending.size === 0) return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      let sliceStart = Date.now();
      while (this.pending.size > 0 && !this.stopped) {
        if (Date.now() - sliceStart > 50) {
          // long queues (thousands of pods) must not starve sockets and timers
          await new Promise(resolve => setImmediate(resolve));
          sliceStart = Date.now();
        }
        const key = this.pending.values().next().value as string;
        this.pending.delete(key);
        try {
          await this.handler(key);
          this.failures.delete(key);
        } catch (error) {
          const count = (this.failures.get(key) ?? 0) + 1;
          this.failures.set(key, count);
          const conflict = (error as any)?.status?.code === 409;
          const delay = conflict
            ? 20
            : Math.min(10_000, 200 * 2 ** (count - 1));
          if (!conflict || count > 3) {
            // eslint-disable-next-line no-console
            console.warn(
              `[local-cluster] ${this.name} ${key}: ${
                (error as Error)?.message ?? error
              } (retry in ${delay} ms)`,
            );
          }
          this.addAfter(key, delay);
        }
      }
    } finally {
      this.running = false;
      if (this.pending.size > 0 && !this.stopped) this.schedule();
      else {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        waiters.forEach(w => w());
      }
    }
  }
}
