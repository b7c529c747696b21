import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  Execution,
  ExecutionEvent,
  ExecutionPage,
  ExecutionStatus,
  PipelineConfig,
  TriggerInfo,
} from '@internal/plugin-cd-common';
import type { TaskLogger } from '@internal/plugin-cd-node';
import { AbortRegistry } from './AbortRegistry';
import { ExecutionFilter, ExecutionRepository, VersionConflictError } from './ExecutionRepository';
import { ExpressionEngine, expressionContext, summaryErrors } from './expressions';
import type { HandlerEnv } from './handlers';
import { message } from './messages';
import * as operations from './operations';
import type { StageRegistry } from './StageRegistry';
import { newStage } from './transitions';
import { Transition } from './Transition';
import { Worker, WorkerOptions } from './Worker';
import { WorkQueue } from './WorkQueue';
import { DatabaseLock } from './DatabaseLock';

/** Receives events after their transition is committed (notifications, signals, audit). */
export interface ExecutionListener {
  onExecutionEvent(event: ExecutionEvent): void | Promise<void>;
}

export interface ExecutionEngineOptions {
  knex: Knex;
  registry: StageRegistry;
  expressions: ExpressionEngine;
  logger: TaskLogger;
  worker?: Partial<WorkerOptions>;
  /** Called (durably, at least once) when an execution completes: pipeline-completed triggers. */
  onExecutionComplete?: (execution: Execution) => Promise<void>;
}

export interface StartOptions {
  /** A deterministic id makes the start idempotent (triggers, child pipelines). */
  executionId?: string;
  parentExecution?: { executionId: string; stageId: string };
  /** ORCHESTRATION for tracked tasks (server group actions): `pipeline.id` is then a synthetic `task:` id. */
  type?: Execution['type'];
}

const DEFAULT_WORKER: WorkerOptions = { concurrency: 8, leaseMs: 30_000, pollMs: 500 };

/**
 * The public API of the execution engine (Orca): start, inspect and steer
 * executions; `startWorkers()` makes this process one of the replicas that
 * run them.
 */
export class ExecutionEngine {
  readonly repository: ExecutionRepository;
  private readonly queue: WorkQueue;
  private readonly worker: Worker;
  private readonly aborts = new AbortRegistry();
  private readonly listeners: ExecutionListener[] = [];
  private readonly env: HandlerEnv;
  private readonly pipelineLocks = new Map<string, Promise<unknown>>();
  private readonly databaseLock: DatabaseLock;

  constructor(private readonly options: ExecutionEngineOptions) {
    this.repository = new ExecutionRepository(options.knex);
    this.queue = new WorkQueue(options.knex);
    this.databaseLock = new DatabaseLock(options.knex, { leaseMs: options.worker?.leaseMs ?? DEFAULT_WORKER.leaseMs });
    this.env = {
      registry: options.registry,
      expressions: options.expressions,
      repository: this.repository,
      logger: options.logger,
      aborts: this.aborts,
      onExecutionComplete: options.onExecutionComplete,
      withPipelineLock: (id, fn) => this.withPipelineLock(id, fn),
    };
    this.worker = new Worker({
      queue: this.queue,
      repository: this.repository,
      env: this.env,
      logger: options.logger,
      publish: events => this.publish(events),
      options: { ...DEFAULT_WORKER, ...options.worker },
    });
  }

  get registry(): StageRegistry {
    return this.options.registry;
  }

  addListener(listener: ExecutionListener) {
    this.listeners.push(listener);
  }

  startWorkers() {
    this.worker.start();
  }

  async stop() {
    await this.worker.stop();
  }

  /** Wakes idle workers (e.g. after another component queued work). */
  wake() {
    this.worker.wake();
  }

  /** Creates an execution of a pipeline and queues its start. */
  async start(
    pipeline: { id: string; config: PipelineConfig },
    trigger: TriggerInfo,
    options: StartOptions = {},
  ): Promise<Execution> {
    if (pipeline.config.disabled) throw new ConflictError(`pipeline ${pipeline.id} is disabled`);
    const config = structuredClone(pipeline.config);
    const execution: Execution = {
      id: options.executionId ?? randomUUID(),
      type: options.type ?? 'PIPELINE',
      application: config.application,
      pipelineConfigId: pipeline.id,
      name: config.name,
      status: 'NOT_STARTED',
      trigger: { ...trigger, parameters: trigger.parameters ?? {} },
      stages: config.stages.map(s => newStage(s)),
      pipelineConfig: config,
      buildTime: Date.now(),
      ...(options.parentExecution ? { parentExecution: options.parentExecution } : {}),
    };
    const inserted = await this.repository.insert(execution, [message('StartExecution', execution.id)]);
    if (!inserted) return (await this.get(execution.id))!;
    this.wake();
    return execution;
  }

  async get(id: string): Promise<Execution | undefined> {
    return (await this.repository.load(id))?.execution;
  }

  async require(id: string): Promise<Execution> {
    const e = await this.get(id);
    if (!e) throw new NotFoundError(`execution ${id} not found`);
    return e;
  }

  list(filter: ExecutionFilter): Promise<ExecutionPage> {
    return this.repository.list(filter);
  }

  statusOf(id: string): Promise<ExecutionStatus | undefined> {
    return this.repository.statusOf(id);
  }

  async cancel(id: string, user: string, reason?: string): Promise<Execution> {
    const e = await this.mutate(id, t => operations.requestCancel(t, user, reason));
    this.aborts.abort(id);
    return e;
  }

  pause(id: string, user: string) {
    return this.mutate(id, t => operations.pause(t, user));
  }

  resume(id: string, user: string) {
    return this.mutate(id, t => operations.resume(t, user));
  }

  restartStage(id: string, stageId: string, user: string, reason?: string) {
    return this.mutate(id, t => operations.restartStage(t, stageId, user, reason));
  }

  submitJudgment(
    id: string,
    stageId: string,
    judgment: { judgmentStatus: 'continue' | 'stop'; input?: string },
    user: string,
  ) {
    return this.mutate(id, t => operations.submitJudgment(t, stageId, judgment, user));
  }

  skipWait(id: string, stageId: string, user: string) {
    return this.mutate(id, t => operations.skipWait(t, stageId, user));
  }

  /** Evaluates an expression against an execution (for the editor); never changes it. */
  async evaluateExpression(
    id: string,
    expression: string,
    stageId?: string,
  ): Promise<{ value: unknown } | { error: string }> {
    const e = await this.require(id);
    const stage = stageId ? e.stages.find(s => s.id === stageId) : undefined;
    if (stageId && !stage) throw new NotFoundError(`stage ${stageId} not found in execution ${id}`);
    const ctx = expressionContext(e, stage);
    try {
      if (expression.includes('${')) {
        const r = this.options.expressions.evaluateAll(expression, ctx);
        return r.failed ? { error: summaryErrors(r.summary).join('; ') } : { value: r.value };
      }
      return { value: this.options.expressions.evaluateExpression(expression, ctx) };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Applies an API-requested change with optimistic concurrency, retrying on conflicts. */
  private async mutate(id: string, change: (t: Transition) => void): Promise<Execution> {
    for (let attempt = 0; ; attempt++) {
      const state = await this.repository.load(id);
      if (!state) throw new NotFoundError(`execution ${id} not found`);
      const t = new Transition(state, this.env);
      change(t);
      try {
        await this.repository.commit(state, { messages: t.messages });
      } catch (err) {
        if (err instanceof VersionConflictError && attempt < 20) continue;
        throw err;
      }
      this.publish(t.events);
      if (t.messages.length > 0) this.wake();
      return state.execution;
    }
  }

  private publish(events: ExecutionEvent[]) {
    for (const event of events) {
      for (const l of this.listeners) {
        Promise.resolve()
          .then(() => l.onExecutionEvent(event))
          .catch(err => this.options.logger.warn(`execution listener failed on ${event.type}: ${err}`));
      }
    }
  }

  /**
   * Serializes a pipeline's limitConcurrent decisions: in process (a promise
   * chain per pipeline) and across replicas (a lease in the database).
   */
  private async withPipelineLock<T>(pipelineConfigId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.pipelineLocks.get(pipelineConfigId) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(() => this.databaseLock.withLock(`pipeline:${pipelineConfigId}`, fn));
    this.pipelineLocks.set(pipelineConfigId, run);
    try {
      return await run;
    } finally {
      if (this.pipelineLocks.get(pipelineConfigId) === run) this.pipelineLocks.delete(pipelineConfigId);
    }
  }
}
