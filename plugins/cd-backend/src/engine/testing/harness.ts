import type { Knex } from 'knex';
import type { Execution, ExecutionEvent, PipelineConfig, StoredPipeline } from '@internal/plugin-cd-common';
import type { StageDefinition, TaskLogger } from '@internal/plugin-cd-node';
import { ExpressionEvaluator } from '../../expressions';
import { DatabasePipelineStore } from '../../pipelines';
import { applyMigrations } from '../../service/migrations';
import { genericStages } from '../../stages';
import { ExecutionEngine } from '../ExecutionEngine';
import { findZombies } from '../ExecutionRepository';
import { StageRegistry } from '../StageRegistry';
import { engineChildPipelines, pipelineCompletedTriggers } from '../triggers';
import type { WorkerOptions } from '../Worker';

/** Test support: an engine over a real database, with small stage types whose runs are recorded. */

export class RecordingLogger implements TaskLogger {
  readonly lines: string[] = [];
  info(m: string) {
    this.lines.push(`info ${m}`);
  }
  warn(m: string) {
    this.lines.push(`warn ${m}`);
  }
  error(m: string) {
    this.lines.push(`error ${m}`);
  }
}

export interface RunRecord {
  type: string;
  stageName: string;
  key: string;
  at: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });

/** Stage types for tests: each run is recorded with its idempotency key. */
export function testStageTypes(runs: RunRecord[], cleanups: string[]): StageDefinition[] {
  const record = (type: string) => (ctx: { stage: { name: string }; idempotencyKey: string }) =>
    runs.push({ type, stageName: ctx.stage.name, key: ctx.idempotencyKey, at: Date.now() });
  return [
    {
      type: 'noop',
      tasks: [{ name: 'noop', run: async ctx => {
        record('noop')(ctx);
        return { status: 'SUCCEEDED', outputs: (ctx.context.outputs as Record<string, unknown>) ?? {} };
      } }],
    },
    {
      type: 'fail',
      tasks: [
        {
          name: 'fail',
          run: async ctx => {
            record('fail')(ctx);
            // `succeedOnAttempt: 2` lets a restarted stage pass.
            const ok = Number(ctx.context.succeedOnAttempt ?? 0);
            if (ok > 0 && ctx.attempt >= ok) return { status: 'SUCCEEDED' };
            return { status: 'TERMINAL', error: String(ctx.context.message ?? 'failed on purpose') };
          },
        },
      ],
    },
    {
      type: 'slow',
      tasks: [
        {
          name: 'sleep',
          run: async ctx => {
            record('slow')(ctx);
            await sleep(Number(ctx.context.ms ?? 200), ctx.signal);
            return { status: 'SUCCEEDED' };
          },
        },
      ],
      async onCancel(ctx) {
        cleanups.push(ctx.stage.name);
      },
    },
    {
      type: 'wrapped',
      // An empty refId lets the engine name synthetic stages (`1<1`, `1>1`).
      beforeStages: () => [
        { refId: '', type: 'noop', name: 'before 1' },
        { refId: '', type: 'noop', name: 'before 2' },
      ],
      afterStages: () => [{ refId: '', type: 'noop', name: 'after' }],
      tasks: [{ name: 'main', run: async ctx => {
        record('wrapped')(ctx);
        return { status: 'SUCCEEDED' };
      } }],
    },
  ];
}

export interface HarnessOptions {
  stages?: StageDefinition[];
  worker?: Partial<WorkerOptions>;
  allowedHosts?: string[];
  startWorkers?: boolean;
}

export async function createHarness(knex: Knex, options: HarnessOptions = {}) {
  await applyMigrations(knex);
  const runs: RunRecord[] = [];
  const cleanups: string[] = [];
  const logger = new RecordingLogger();
  const registry = new StageRegistry();
  const pipelines = new DatabasePipelineStore({ knex, stageTypes: registry });
  const ref: { engine?: ExecutionEngine } = {};
  const getEngine = () => ref.engine!;
  registry.add(
    ...genericStages({
      webhook: {
        allowedHosts: options.allowedHosts ?? ['127.0.0.1', 'localhost'],
        retryBaseMs: 100,
        fastPollMs: 100,
        requestTimeoutMs: 5000,
      },
      childPipelines: engineChildPipelines({ engine: getEngine, pipelines }),
    }),
    ...testStageTypes(runs, cleanups),
    ...(options.stages ?? []),
  );
  const engine = new ExecutionEngine({
    knex,
    registry,
    expressions: new ExpressionEvaluator(),
    logger,
    worker: { pollMs: 100, leaseMs: 5_000, concurrency: 4, ...options.worker },
    onExecutionComplete: pipelineCompletedTriggers({ engine: getEngine, pipelines }),
  });
  ref.engine = engine;
  const events: ExecutionEvent[] = [];
  engine.addListener({ onExecutionEvent: e => void events.push(e) });
  if (options.startWorkers !== false) engine.startWorkers();

  let counter = 0;
  const harness = {
    knex,
    engine,
    registry,
    pipelines,
    events,
    runs,
    cleanups,
    logger,
    async savePipeline(config: Partial<PipelineConfig> & { stages: PipelineConfig['stages'] }): Promise<StoredPipeline> {
      counter += 1;
      return pipelines.create(
        { application: 'demo', name: `pipeline-${counter}-${Math.random().toString(36).slice(2, 8)}`, ...config } as PipelineConfig,
        'user:default/tester',
      );
    },
    async run(
      config: Partial<PipelineConfig> & { stages: PipelineConfig['stages'] },
      parameters: Record<string, unknown> = {},
    ): Promise<Execution> {
      const pipeline = await harness.savePipeline(config);
      return engine!.start(pipeline, { type: 'manual', user: 'user:default/tester', parameters });
    },
    async waitFor(
      id: string,
      predicate: (e: Execution) => boolean = e => ['SUCCEEDED', 'TERMINAL', 'CANCELED', 'STOPPED'].includes(e.status),
      timeoutMs = 15_000,
    ): Promise<Execution> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const e = await engine!.get(id);
        if (e && predicate(e)) return e;
        if (Date.now() > deadline) {
          throw new Error(
            `timed out waiting for execution ${id}: ${e?.status} ${JSON.stringify(
              e?.stages.map(s => [s.name, s.status, s.exception?.details.error]),
            )}\n${logger.lines.slice(-10).join('\n')}`,
          );
        }
        await sleep(20);
      }
    },
    stage(e: Execution, name: string) {
      const s = e.stages.find(x => x.name === name);
      if (!s) throw new Error(`no stage ${name} in ${e.stages.map(x => x.name).join(', ')}`);
      return s;
    },
    zombies: () => findZombies(knex),
    stop: () => engine!.stop(),
  };
  return harness;
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;
export { sleep };
