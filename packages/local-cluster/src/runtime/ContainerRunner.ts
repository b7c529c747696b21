import fs from 'fs';
import { ChildProcess, spawn } from 'child_process';
import type { KubeObject } from '../store/types';
import { ContainerConfigError, containerEnv, EnvSources } from './env';
import type { ProcessSpec } from './images';
import type { ContainerLog } from './logs';
import { ProbeResult, probeTiming, runProbe } from './probes';
import { expandReferences } from './env';

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export interface ContainerHooks {
  /** the container's status changed and the pod status must be written */
  changed(): void;
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
}

export interface ContainerContext {
  pod: KubeObject;
  podIP: string;
  hostIP: string;
  process: ProcessSpec;
  restartPolicy: RestartPolicy;
  isInit: boolean;
  log: ContainerLog;
  envSources: EnvSources;
  /** SIGTERM → SIGKILL delay, already capped */
  graceMs: number;
  /** every live process id, so the cluster can kill them all when it exits */
  livePids: Set<number>;
}

/** A run that lasted this long resets the crash back-off. */
const BACKOFF_RESET_MS = 60_000;
const MAX_BACKOFF_MS = 20_000;
const CONFIG_RETRY_MS = 2_000;

/** One container as a child process: spawn, probes, restarts with back-off, graceful stop. */
export class ContainerRunner {
  restartCount: number;
  ready = false;
  started = false;
  state: any = { waiting: { reason: 'ContainerCreating' } };
  lastState: any = {};
  private child: ChildProcess | undefined;
  private instance = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopping = false;
  private backoffLevel = 0;
  private exitWaiters: Array<() => void> = [];
  private env: Record<string, string> = {};
  private launchRequested = false;

  constructor(
    readonly spec: any,
    private readonly ctx: ContainerContext,
    private readonly hooks: ContainerHooks,
    initialRestartCount = 0,
  ) {
    this.restartCount = initialRestartCount;
  }

  get name(): string {
    return this.spec.name;
  }

  /** Terminated for good: exited and will not be restarted. */
  get finished(): boolean {
    return !!this.state.terminated && !this.child;
  }

  get exitCode(): number | undefined {
    return this.state.terminated?.exitCode;
  }

  get containerID(): string {
    return `local://${this.ctx.pod.metadata.uid}/${this.name}/${this.instance}`;
  }

  /** whether start() was called (init containers are started one at a time) */
  get launched(): boolean {
    return this.launchRequested;
  }

  start(): void {
    this.launchRequested = true;
    if (this.stopping) return;
    try {
      this.env = containerEnv(
        this.ctx.pod,
        this.spec,
        this.ctx.podIP,
        this.ctx.hostIP,
        this.ctx.process.imageEnv,
        this.ctx.envSources,
      );
    } catch (error) {
      if (!(error instanceof ContainerConfigError)) throw error;
      this.state = {
        waiting: {
          reason: 'CreateContainerConfigError',
          message: error.message,
        },
      };
      this.hooks.event('Warning', 'Failed', `Error: ${error.message}`);
      this.hooks.changed();
      this.later(() => this.start(), CONFIG_RETRY_MS);
      return;
    }
    this.spawnInstance();
  }

  private spawnInstance(): void {
    const instance = ++this.instance;
    const argv = this.ctx.process.argv.map(a => expandReferences(a, this.env));
    const cwd = this.spec.workingDir ?? this.ctx.process.cwd ?? process.cwd();
    if (this.spec.workingDir) {
      try {
        fs.mkdirSync(cwd, { recursive: true });
      } catch {
        // a missing working directory then fails the start, reported below
      }
    }
    this.hooks.event(
      'Normal',
      'Pulled',
      `Container image "${this.spec.image}" already present on machine`,
    );
    this.hooks.event('Normal', 'Created', `Created container ${this.name}`);
    const startedAt = new Date();
    let child: ChildProcess;
    try {
      child = spawn(argv[0], argv.slice(1), {
        cwd,
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
    } catch (error) {
      this.onExit(instance, startedAt, 128, null, (error as Error).message);
      return;
    }
    this.child = child;
    this.ctx.log.open();
    child.stdout?.on('data', d => this.ctx.log.write(d));
    child.stderr?.on('data', d => this.ctx.log.write(d));
    let exited = false;
    child.on('error', error => {
      if (exited) return;
      exited = true;
      this.ctx.log.write(`${error.message}\n`);
      this.onExit(
        instance,
        startedAt,
        128,
        null,
        `failed to start container process: ${error.message}`,
      );
    });
    child.on('exit', (code, signal) => {
      if (exited) return;
      exited = true;
      this.onExit(
        instance,
        startedAt,
        code ?? 128 + signalNumber(signal),
        signal,
      );
    });
    if (child.pid === undefined) return; // the 'error' event follows
    this.ctx.livePids.add(child.pid);
    this.state = { running: { startedAt: iso(startedAt) } };
    this.hooks.event('Normal', 'Started', `Started container ${this.name}`);
    this.startProbes(instance);
    this.hooks.changed();
  }

  private onExit(
    instance: number,
    startedAt: Date,
    exitCode: number,
    signal: NodeJS.Signals | null,
    startError?: string,
  ): void {
    const pid = this.child?.pid;
    if (pid !== undefined) {
      this.ctx.livePids.delete(pid);
      // the container's PID 1 is gone: so is everything it started
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // group already empty
      }
    }
    this.child = undefined;
    this.clearTimers();
    this.ctx.log.close();
    const finishedAt = new Date();
    const terminated = {
      exitCode,
      ...(signal ? { signal: signalNumber(signal) } : {}),
      reason: terminationReason(startError, exitCode),
      ...(startError ? { message: startError } : {}),
      startedAt: iso(startedAt),
      finishedAt: iso(finishedAt),
      containerID: this.containerID,
    };
    const wasReady = this.ready;
    this.ready = false;
    this.started = false;
    const waiters = this.exitWaiters;
    this.exitWaiters = [];
    if (this.stopping || instance !== this.instance) {
      this.state = { terminated };
      waiters.forEach(w => w());
      this.hooks.changed();
      return;
    }
    const policy = this.ctx.restartPolicy;
    const restart = this.ctx.isInit
      ? policy !== 'Never' && exitCode !== 0
      : policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
    if (!restart) {
      this.state = { terminated };
      this.hooks.changed();
      return;
    }
    if (finishedAt.getTime() - startedAt.getTime() >= BACKOFF_RESET_MS)
      this.backoffLevel = 0;
    const delay =
      this.backoffLevel === 0
        ? 0
        : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.backoffLevel - 1));
    this.backoffLevel++;
    this.lastState = { terminated };
    this.restartCount++;
    if (delay > 0) {
      const message = `back-off ${Math.round(
        delay / 1000,
      )}s restarting failed container=${this.name} pod=${
        this.ctx.pod.metadata.name
      }_${this.ctx.pod.metadata.namespace}(${this.ctx.pod.metadata.uid})`;
      this.state = { waiting: { reason: 'CrashLoopBackOff', message } };
      this.hooks.event(
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${this.name} in pod ${this.ctx.pod.metadata.name}_${this.ctx.pod.metadata.namespace}(${this.ctx.pod.metadata.uid})`,
      );
      this.later(() => this.spawnInstance(), delay);
    } else {
      this.state = { waiting: { reason: 'ContainerCreating' } };
      this.later(() => this.spawnInstance(), 0);
    }
    if (wasReady || delay > 0) this.hooks.changed();
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves when the process is gone. */
  stop(graceMs = this.ctx.graceMs): Promise<void> {
    this.stopping = true;
    this.clearTimers();
    if (!this.child) {
      if (!this.state.terminated) {
        this.state = {
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: null,
            finishedAt: iso(new Date()),
          },
        };
      }
      return Promise.resolve();
    }
    return new Promise(resolve => {
      const killTimer = setTimeout(() => this.signal('SIGKILL'), graceMs);
      this.exitWaiters.push(() => {
        clearTimeout(killTimer);
        resolve();
      });
      this.signal(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
    });
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        this.child?.kill(signal);
      } catch {
        // already gone
      }
    }
  }

  /** Kills for a failed liveness/startup probe; the exit handler restarts per restartPolicy. */
  private killForRestart(reason: string): void {
    this.hooks.event(
      'Normal',
      'Killing',
      `Container ${this.name} ${reason}, will be restarted`,
    );
    this.signal('SIGTERM');
    const pid = this.child?.pid;
    const timer = setTimeout(() => {
      if (this.child?.pid === pid) this.signal('SIGKILL');
    }, this.ctx.graceMs);
    timer.unref();
  }

  private startProbes(instance: number): void {
    const { startupProbe, livenessProbe, readinessProbe } = this.spec;
    const afterStartup = () => {
      this.started = true;
      if (!readinessProbe) this.ready = true;
      this.hooks.changed();
      if (livenessProbe) {
        this.probeLoop(
          instance,
          'Liveness',
          livenessProbe,
          (ok, consecutive, threshold) => {
            if (!ok && consecutive >= threshold) {
              this.killForRestart('failed liveness probe');
              return false;
            }
            return true;
          },
        );
      }
      if (readinessProbe) {
        this.probeLoop(
          instance,
          'Readiness',
          readinessProbe,
          (ok, consecutive, threshold) => {
            // A probe flips readiness only after `threshold` results in a row.
            const next = consecutive >= threshold ? ok : this.ready;
            if (next !== this.ready) {
              this.ready = next;
              this.hooks.changed();
            }
            return true;
          },
        );
      }
    };
    if (!startupProbe) {
      afterStartup();
      return;
    }
    this.probeLoop(
      instance,
      'Startup',
      startupProbe,
      (ok, consecutive, threshold) => {
        if (ok) {
          afterStartup();
          return false;
        }
        if (consecutive >= threshold) {
          this.killForRestart('failed startup probe');
          return false;
        }
        return true;
      },
    );
  }

  /**
   * Runs a probe every period. `onResult` gets the outcome, how many of the same outcome in a row,
   * and the threshold for that outcome; it returns whether to keep probing.
   */
  private probeLoop(
    instance: number,
    kind: 'Startup' | 'Liveness' | 'Readiness',
    probe: any,
    onResult: (ok: boolean, consecutive: number, threshold: number) => boolean,
  ): void {
    const timing = probeTiming(probe);
    let successes = 0;
    let failures = 0;
    const tick = async () => {
      if (instance !== this.instance || this.stopping || !this.child) return;
      let result: ProbeResult;
      try {
        result = await runProbe(probe, {
          podIP: this.ctx.podIP,
          ports: this.spec.ports ?? [],
          env: this.env,
          cwd: this.ctx.process.cwd,
        });
      } catch (error) {
        result = { ok: false, message: (error as Error).message };
      }
      if (instance !== this.instance || this.stopping || !this.child) return;
      if (result.ok) {
        successes++;
        failures = 0;
      } else {
        failures++;
        successes = 0;
        this.hooks.event(
          'Warning',
          'Unhealthy',
          `${kind} probe failed: ${result.message ?? ''}`.trim(),
        );
      }
      const keepGoing = result.ok
        ? onResult(
            true,
            successes,
            kind === 'Readiness' ? timing.successThreshold : 1,
          )
        : onResult(false, failures, timing.failureThreshold);
      if (keepGoing) this.later(tick, timing.periodMs);
    };
    this.later(tick, timing.initialDelayMs);
  }

  private later(fn: () => void | Promise<void>, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void fn();
    }, ms);
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** The container's entry in status.containerStatuses. */
  status(): any {
    return {
      name: this.name,
      image: this.spec.image,
      imageID: `local://${this.spec.image}`,
      ...(this.instance > 0 ? { containerID: this.containerID } : {}),
      ready: this.ready,
      started: this.started,
      restartCount: this.restartCount,
      state: this.state,
      lastState: this.lastState,
    };
  }
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
};

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? SIGNALS[signal] ?? 0 : 0;
}

function terminationReason(startError: string | undefined, exitCode: number | null | undefined): string {
  if (startError) return 'StartError';
  return exitCode === 0 ? 'Completed' : 'Error';
}
