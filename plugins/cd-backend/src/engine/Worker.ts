import { randomUUID } from 'crypto';
import type { ExecutionEvent } from '@internal/plugin-cd-common';
import type { TaskLogger } from '@internal/plugin-cd-node';
import {
  ExecutionRepository,
  LeaseLostError,
  VersionConflictError,
} from './ExecutionRepository';
import type { ExecutionState } from './ExecutionState';
import { handlers, HandlerEnv, MessageHandler } from './handlers';
import type { OutgoingMessage, QueuedMessage } from './messages';
import { Transition } from './Transition';
import type { WorkQueue } from './WorkQueue';

export interface WorkerOptions {
  /** Parallel lanes; each handles one execution at a time. */
  concurrency: number;
  /** How long a claim is held without a heartbeat before other workers may take it. */
  leaseMs: number;
  /** Poll interval for delayed messages and other replicas' work (local work wakes lanes at once). */
  pollMs: number;
}

const MAX_VERSION_RETRIES = 20;

/**
 * The queue consumer. A lane claims all due messages of one execution and
 * handles them in order; the follow-up messages a commit produces for the
 * same execution (due now) are inserted already leased to the lane and
 * handled next without another claim or read: a sequence of no-op stages
 * costs one commit per stage. A local commit of other due work wakes idle
 * lanes immediately; polling only finds delayed work and other replicas'.
 */
export class Worker {
  private readonly lanes: Promise<void>[] = [];
  private running = false;
  private generation = 0;
  private sleepers = new Set<() => void>();

  constructor(
    private readonly deps: {
      queue: WorkQueue;
      repository: ExecutionRepository;
      env: HandlerEnv;
      logger: TaskLogger;
      publish(events: ExecutionEvent[]): void;
      options: WorkerOptions;
    },
  ) {}

  start() {
    if (this.running) return;
    this.running = true;
    for (let i = 0; i < this.deps.options.concurrency; i++) this.lanes.push(this.lane());
  }

  /** Stops claiming, lets current handlers finish and gives back unprocessed claims. */
  async stop() {
    this.running = false;
    this.wake();
    await Promise.all(this.lanes.splice(0));
  }

  wake() {
    this.generation++;
    for (const s of this.sleepers) s();
    this.sleepers.clear();
  }

  private async sleep(generation: number) {
    if (generation !== this.generation || !this.running) return;
    await new Promise<void>(resolve => {
      const jitter = Math.random() * this.deps.options.pollMs * 0.2;
      const timer = setTimeout(done, this.deps.options.pollMs + jitter);
      const sleepers = this.sleepers;
      function done() {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      this.sleepers.add(done);
    });
  }

  private async lane() {
    while (this.running) {
      const generation = this.generation;
      try {
        const token = randomUUID();
        const claimed = await this.deps.queue.claimExecution(token, this.deps.options.leaseMs);
        if (claimed.length === 0) {
          await this.sleep(generation);
          continue;
        }
        await this.processClaim(token, claimed);
      } catch (err) {
        this.deps.logger.error(`cd engine worker error: ${err}`);
        await this.sleep(generation);
      }
    }
  }

  private async processClaim(token: string, claimed: QueuedMessage[]) {
    const { queue, options } = { queue: this.deps.queue, options: this.deps.options };
    const heartbeat = setInterval(() => {
      queue.extendLease(token, options.leaseMs).catch(err =>
        this.deps.logger.warn(`lease heartbeat failed: ${err}`),
      );
    }, Math.max(50, Math.floor(options.leaseMs / 3)));
    const pending = [...claimed];
    let state: ExecutionState | undefined;
    try {
      while (pending.length > 0 && this.running) {
        const msg = pending.shift()!;
        const outcome = await this.handle(msg, token, state);
        if (!outcome) {
          state = undefined;
          break;
        }
        state = outcome.state;
        pending.push(
          ...outcome.selfLeased.map(m => ({ ...m, attempts: 0 })),
        );
      }
    } finally {
      clearInterval(heartbeat);
      if (pending.length > 0) await queue.releaseAll(token).catch(() => undefined);
    }
  }

  /**
   * Handles one message: prepare (I/O), apply (pure), commit (fenced). On a
   * version conflict the decision is re-applied to fresh state; on a lost
   * lease the claim is abandoned. Returns undefined when the lane must stop
   * this claim.
   */
  private async handle(
    msg: QueuedMessage,
    token: string,
    cached: ExecutionState | undefined,
  ): Promise<{ state?: ExecutionState; selfLeased: OutgoingMessage[] } | undefined> {
    const { repository, env } = { repository: this.deps.repository, env: this.deps.env };
    const handler = handlers[msg.kind];
    const ack = { id: msg.id, leaseOwner: token };
    try {
      let state: Awaited<ReturnType<typeof repository.load>> | undefined;
      if (handler?.needsState) {
        state = cached?.id === msg.executionId ? cached : await repository.load(msg.executionId);
      }
      if (!handler || (handler.needsState && !state)) {
        // Unknown kind or execution gone: nothing can ever handle it.
        await repository.commitMessages({ ack, messages: [] });
        return { state: undefined, selfLeased: [] };
      }
      const key = handler.serializeBy?.(state);
      const run = () => this.prepareAndCommit(msg, token, state, handler);
      return key ? await env.withPipelineLock(key, run) : await run();
    } catch (err) {
      if (err instanceof LeaseLostError) return undefined;
      const delay = Math.min(60_000, 500 * 2 ** Math.min(msg.attempts, 7));
      this.deps.logger.error(
        `cd engine: ${msg.kind} of execution ${msg.executionId} failed (attempt ${msg.attempts}), retrying in ${delay} ms: ${
          err instanceof Error ? err.stack ?? err.message : err
        }`,
      );
      await this.deps.queue.release(msg.id, token, Date.now() + delay).catch(() => undefined);
      return undefined;
    }
  }

  private async prepareAndCommit(
    msg: QueuedMessage,
    token: string,
    initial: ExecutionState | undefined,
    handler: MessageHandler,
  ): Promise<{ state?: ExecutionState; selfLeased: OutgoingMessage[] }> {
    const { repository, env, options } = {
      repository: this.deps.repository,
      env: this.deps.env,
      options: this.deps.options,
    };
    const ack = { id: msg.id, leaseOwner: token };
    let state = initial;
    {
      const prepared = await handler.prepare(msg, state, env);
      for (let attempt = 0; ; attempt++) {
        const t = state ? new Transition(state, env) : undefined;
        if (t && prepared.apply) prepared.apply(t);
        const messages = [...(t?.messages ?? []), ...(prepared.messages ?? [])];
        try {
          const selfLease = {
            owner: token,
            expiresAt: Date.now() + options.leaseMs,
            executionId: msg.executionId,
          };
          const selfLeased = state
            ? await repository.commit(state, { ack, messages, selfLease })
            : await repository.commitMessages({ ack, messages });
          if (messages.length > selfLeased.length) this.wake();
          if (t?.events.length) this.deps.publish(t.events);
          return { state, selfLeased };
        } catch (err) {
          if (!(err instanceof VersionConflictError) || attempt >= MAX_VERSION_RETRIES) throw err;
          state = await repository.load(msg.executionId);
          if (!state) throw err;
        }
      }
    }
  }
}
