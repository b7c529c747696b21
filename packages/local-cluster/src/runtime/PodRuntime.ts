import { removeDirectory } from './files';
import path from 'path';
import { Readable } from 'stream';
import type { KubeObject, ObjectStore } from '../store/types';
import type { EventRecorder } from '../controllers/events';
import { NODE_NAME, type Kinds } from '../controllers/kinds';
import {
  objectKey,
  splitKey,
  stableStringify,
  writeObject,
  writeStatus,
} from '../controllers/objects';
import { WorkQueue } from '../controllers/WorkQueue';
import { watchKind } from '../controllers/informer';
import { PodIpAllocator } from './addresses';
import { ContainerRunner, RestartPolicy } from './ContainerRunner';
import type { EnvSources } from './env';
import { containerProcess } from './images';
import { ContainerLog, readLogFile } from './logs';
import { DATA_DIR_ENV, killOrphans } from './orphans';
import type { ImageCommand, PodLogOptions, PodLogSource } from './types';

/** The longest a pod's processes get between SIGTERM and SIGKILL, whatever the pod asks. */
const MAX_GRACE_MS = 5_000;

export interface PodRuntimeOptions {
  store: ObjectStore;
  kinds: Kinds;
  events: EventRecorder;
  dataDir: string;
  host: string;
  imageCommands: Record<string, ImageCommand>;
  /** the Services' env variables of a namespace (service links), from the network layer */
  serviceLinks?: (namespace: string) => Record<string, string>;
}

/** A pod with processes: its runners and logs. Process-less pods keep no handle at all. */
interface PodHandle {
  uid: string;
  namespace: string;
  name: string;
  ip: string;
  pod: KubeObject;
  init: ContainerRunner[];
  main: ContainerRunner[];
  logs: Map<string, ContainerLog>;
  /** index of the init container running now; init.length once all succeeded */
  initIndex: number;
  startTime: string;
  stopping: boolean;
  mainStarted: boolean;
}

/** A container of a pod that has processes, whose own image runs nothing: always running. */
class VirtualContainer {
  readonly ready = true;
  readonly started = true;
  readonly restartCount = 0;
  readonly finished = false;
  readonly exitCode = undefined;
  readonly launched = true;
  readonly state: any;
  private readonly startedAt = iso(new Date());
  constructor(readonly spec: any) {
    this.state = { running: { startedAt: this.startedAt } };
  }
  get name(): string {
    return this.spec.name;
  }
  start(): void {}
  stop(): Promise<void> {
    return Promise.resolve();
  }
  status(): any {
    return {
      name: this.name,
      image: this.spec.image,
      imageID: `local://${this.spec.image}`,
      ready: true,
      started: true,
      restartCount: 0,
      state: this.state,
      lastState: {},
    };
  }
}

/**
 * The kubelet of the single node: schedules pods onto it, gives each a loopback IP, runs their
 * containers as processes (or none, for images without a command), and writes their status.
 */
export class PodRuntime implements PodLogSource {
  private readonly ips = new PodIpAllocator();
  /** pod uid → IP, for every pod that holds one (with or without processes) */
  private readonly ipByUid = new Map<string, string>();
  private readonly handles = new Map<string, PodHandle>();
  private readonly syncQueue: WorkQueue;
  private readonly statusQueue: WorkQueue;
  private readonly livePids = new Set<number>();
  private stopWatch: (() => void) | undefined;
  private stopped = false;
  private readonly killAllOnExit = () => {
    for (const pid of this.livePids) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  };

  private readonly dataDir: string;

  constructor(private readonly opts: PodRuntimeOptions) {
    this.dataDir = path.resolve(opts.dataDir);
    this.syncQueue = new WorkQueue('pod-runtime', key => this.sync(key));
    this.statusQueue = new WorkQueue('pod-status', key =>
      this.writePodStatus(key),
    );
  }

  start(): void {
    const orphans = killOrphans(this.dataDir);
    if (orphans > 0) {
      // eslint-disable-next-line no-console
      console.warn(
        `[local-cluster] killed ${orphans} pod processes left behind by an earlier run`,
      );
    }
    process.on('exit', this.killAllOnExit);
    this.stopWatch = watchKind(
      this.opts.store,
      this.opts.kinds.pods,
      (type, pod) => {
        const uid = pod.metadata.uid!;
        if (type === 'DELETED') {
          void this.removePod(uid, pod);
          return;
        }
        const known = this.ipByUid.has(uid);
        if (!known || pod.metadata.deletionTimestamp)
          this.syncQueue.add(
            `${uid}|${objectKey(pod.metadata.namespace, pod.metadata.name!)}`,
          );
      },
    );
  }

  /** Kills every process (SIGTERM, then SIGKILL after a short grace) and releases the logs. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopWatch?.();
    this.syncQueue.stop();
    this.statusQueue.stop();
    await Promise.all(
      [...this.handles.values()].map(async h => {
        h.stopping = true;
        await Promise.all(
          [...h.init, ...h.main].map(r => r.stop(Math.min(1000, MAX_GRACE_MS))),
        );
        h.logs.forEach(l => l.dispose());
      }),
    );
    this.handles.clear();
    process.removeListener('exit', this.killAllOnExit);
  }

  /** The address the pod's processes bind (tests, proxy). */
  podIP(uid: string): string | undefined {
    return this.ipByUid.get(uid);
  }

  // ------------------------------------------------------------------ logs

  read(
    namespace: string,
    podName: string,
    opts: PodLogOptions,
  ): NodeJS.ReadableStream | undefined {
    const pod = this.opts.store.get(this.opts.kinds.pods, namespace, podName);
    if (!pod) return undefined;
    const names = [
      ...(pod.spec?.containers ?? []),
      ...(pod.spec?.initContainers ?? []),
    ].map((c: any) => c.name as string);
    const defaultContainer =
      pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ??
      names[0];
    const container = opts.container ?? defaultContainer;
    if (!container || !names.includes(container)) return undefined;
    const log = this.handles.get(pod.metadata.uid!)?.logs.get(container);
    if (log) return log.read(opts);
    return readLogFile(this.logPath(pod, container), opts) ?? Readable.from([]);
  }

  private logPath(pod: KubeObject, container: string): string {
    return path.join(
      this.opts.dataDir,
      'logs',
      `${pod.metadata.namespace}_${pod.metadata.name}_${pod.metadata.uid}`,
      `${container}.log`,
    );
  }

  // ------------------------------------------------------------------ pod lifecycle

  private async sync(queueKey: string): Promise<void> {
    if (this.stopped) return;
    const [uid, key] = splitOnce(queueKey, '|');
    const { namespace, name } = splitKey(key);
    const { store, kinds } = this.opts;
    let pod = store.get(kinds.pods, namespace, name);
    if (!pod || pod.metadata.uid !== uid) return;
    if (pod.metadata.deletionTimestamp) {
      // waiting on finalizers: the processes stop now, the object goes when its finalizers do
      await this.stopProcesses(uid, 'Stopping');
      return;
    }
    if (this.ipByUid.has(uid)) return;
    const finished =
      pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    if (finished) {
      // a finished pod keeps its status across cluster restarts and runs nothing again
      this.ipByUid.set(uid, '');
      return;
    }
    const containers: any[] = pod.spec?.containers ?? [];
    const initContainers: any[] = pod.spec?.initContainers ?? [];
    const specs = [...initContainers, ...containers].map(c =>
      containerProcess(c, this.opts.imageCommands),
    );
    const processLess = specs.every(s => s === undefined);
    const firstStart = !pod.status?.podIP;
    if (!pod.spec?.nodeName) {
      pod = writeObject(store, kinds.pods, namespace, name, obj => {
        if (obj.spec?.nodeName) return false;
        obj.spec = { ...(obj.spec ?? {}), nodeName: NODE_NAME };
        return true;
      });
      if (!pod) return;
    }
    // process-less pods (scale tests: thousands of them) record no events, to stay one write each
    if (firstStart && !processLess) {
      this.opts.events.record(
        pod,
        'Normal',
        'Scheduled',
        `Successfully assigned ${namespace}/${name} to ${NODE_NAME}`,
        { component: 'default-scheduler' },
      );
    }
    const ip = this.ips.reserve(pod.status?.podIP)
      ? pod.status!.podIP!
      : this.ips.allocate();
    this.ipByUid.set(uid, ip);
    if (processLess) {
      this.writeProcessLessStatus(pod, ip);
      return;
    }
    this.startPod(pod, ip, initContainers, containers);
  }

  /** A pod whose containers run nothing is Running and Ready at once, in a single write (kwok-like). */
  private writeProcessLessStatus(pod: KubeObject, ip: string): void {
    const now = iso(new Date());
    writeStatus(
      this.opts.store,
      this.opts.kinds.pods,
      pod.metadata.namespace,
      pod.metadata.name!,
      obj => {
        const previous = new Map<string, any>(
          (obj.status?.containerStatuses ?? []).map((c: any) => [c.name, c]),
        );
        const startedAt = obj.status?.startTime ?? now;
        obj.status = {
          ...(obj.status ?? {}),
          phase: 'Running',
          conditions: podConditions(true, true, true, startedAt),
          hostIP: this.opts.host,
          hostIPs: [{ ip: this.opts.host }],
          podIP: ip,
          podIPs: [{ ip }],
          startTime: startedAt,
          ...((obj.spec?.initContainers ?? []).length
            ? {
                initContainerStatuses: obj.spec.initContainers.map(
                  (c: any) => ({
                    name: c.name,
                    image: c.image,
                    imageID: `local://${c.image}`,
                    ready: true,
                    restartCount: 0,
                    started: false,
                    state: {
                      terminated: {
                        exitCode: 0,
                        reason: 'Completed',
                        startedAt,
                        finishedAt: startedAt,
                      },
                    },
                  }),
                ),
              }
            : {}),
          containerStatuses: (obj.spec?.containers ?? []).map((c: any) => ({
            name: c.name,
            image: c.image,
            imageID: `local://${c.image}`,
            ready: true,
            started: true,
            restartCount: previous.get(c.name)?.restartCount ?? 0,
            state: { running: { startedAt } },
            lastState: {},
          })),
        };
        return true;
      },
      pod,
    );
  }

  private startPod(
    pod: KubeObject,
    ip: string,
    initContainers: any[],
    containers: any[],
  ): void {
    const uid = pod.metadata.uid!;
    const previous = new Map<string, number>(
      [
        ...(pod.status?.containerStatuses ?? []),
        ...(pod.status?.initContainerStatuses ?? []),
      ].map((c: any) => [c.name, c.restartCount ?? 0]),
    );
    const handle: PodHandle = {
      uid,
      namespace: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name!,
      ip,
      pod,
      init: [],
      main: [],
      logs: new Map(),
      initIndex: 0,
      startTime: pod.status?.startTime ?? iso(new Date()),
      stopping: false,
      mainStarted: false,
    };
    const restartPolicy: RestartPolicy = pod.spec?.restartPolicy ?? 'Always';
    const graceMs = Math.min(
      MAX_GRACE_MS,
      (pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000,
    );
    const envSources = this.envSources();
    const makeRunner = (c: any, isInit: boolean) => {
      const log = new ContainerLog(this.logPath(pod, c.name));
      handle.logs.set(c.name, log);
      const spec = containerProcess(c, this.opts.imageCommands);
      const hooks = {
        changed: () => {
          if (isInit) this.advanceInit(handle);
          this.statusQueue.add(uid);
        },
        event: (type: 'Normal' | 'Warning', reason: string, message: string) =>
          this.opts.events.record(handle.pod, type, reason, message, {
            fieldPath: `spec.${isInit ? 'initContainers' : 'containers'}{${
              c.name
            }}`,
          }),
      };
      if (!spec) return new VirtualContainer(c) as unknown as ContainerRunner;
      return new ContainerRunner(
        c,
        {
          pod,
          podIP: ip,
          hostIP: this.opts.host,
          process: {
            ...spec,
            imageEnv: { ...spec.imageEnv, [DATA_DIR_ENV]: this.dataDir },
          },
          restartPolicy,
          isInit,
          log,
          envSources,
          graceMs,
          livePids: this.livePids,
        },
        hooks,
        previous.get(c.name) ?? 0,
      );
    };
    handle.init = initContainers.map(c => makeRunner(c, true));
    handle.main = containers.map(c => makeRunner(c, false));
    this.handles.set(uid, handle);
    this.statusQueue.add(uid);
    this.advanceInit(handle);
  }

  /** Init containers run one by one; the app containers start once all succeeded. */
  private advanceInit(handle: PodHandle): void {
    if (handle.stopping) return;
    while (handle.initIndex < handle.init.length) {
      const current = handle.init[handle.initIndex];
      if (current.finished && current.exitCode === 0) {
        handle.initIndex++;
        continue;
      }
      if (!current.launched) current.start();
      return;
    }
    if (!handle.mainStarted) {
      handle.mainStarted = true;
      for (const runner of handle.main) runner.start();
    }
  }

  private envSources(): EnvSources {
    const { store, kinds } = this.opts;
    return {
      configMap: (ns, name) => store.get(kinds.configMaps, ns, name),
      secret: (ns, name) => store.get(kinds.secrets, ns, name),
      serviceLinks: ns => this.opts.serviceLinks?.(ns) ?? {},
    };
  }

  private async stopProcesses(uid: string, _reason: string): Promise<void> {
    const handle = this.handles.get(uid);
    if (!handle || handle.stopping) return;
    handle.stopping = true;
    for (const runner of [...handle.init, ...handle.main]) {
      if (runner.state.running) {
        this.opts.events.record(
          handle.pod,
          'Normal',
          'Killing',
          `Stopping container ${runner.name}`,
          { fieldPath: `spec.containers{${runner.name}}` },
        );
      }
    }
    await Promise.all([...handle.init, ...handle.main].map(r => r.stop()));
  }

  private async removePod(uid: string, pod: KubeObject): Promise<void> {
    const ip = this.ipByUid.get(uid);
    const handle = this.handles.get(uid);
    await this.stopProcesses(uid, 'Deleted');
    this.handles.delete(uid);
    this.ipByUid.delete(uid);
    // the address is free only once no process can still listen on it
    this.ips.release(ip);
    if (handle) {
      handle.logs.forEach(l => l.dispose());
      removeDirectory(path.dirname(this.logPath(pod, 'x')));
    }
  }

  private writePodStatus(uid: string): void {
    const handle = this.handles.get(uid);
    if (!handle || this.stopped) return;
    const { store, kinds } = this.opts;
    const initStatuses = handle.init.map(r => r.status());
    const mainStatuses = handle.main.map(r => r.status());
    const initialized = handle.initIndex >= handle.init.length;
    const allReady = initialized && handle.main.every(r => r.ready);
    const phase = podPhase(handle);
    const updated = writeStatus(
      store,
      kinds.pods,
      handle.namespace,
      handle.name,
      obj => {
        if (obj.metadata.uid !== uid) return false;
        const before = stableStringify(obj.status ?? {});
        const conditions = podConditions(
          initialized,
          allReady,
          phase !== 'Pending' || initialized,
          handle.startTime,
        );
        const previousConditions: any[] = obj.status?.conditions ?? [];
        for (const c of conditions) {
          const prev = previousConditions.find(p => p.type === c.type);
          if (prev && prev.status === c.status)
            c.lastTransitionTime = prev.lastTransitionTime;
        }
        if (phase === 'Succeeded' || phase === 'Failed') {
          const ready = conditions.find(c => c.type === 'Ready')!;
          ready.reason = 'PodCompleted';
        }
        obj.status = {
          ...(obj.status ?? {}),
          phase,
          conditions,
          hostIP: this.opts.host,
          hostIPs: [{ ip: this.opts.host }],
          podIP: handle.ip,
          podIPs: [{ ip: handle.ip }],
          startTime: handle.startTime,
          ...(initStatuses.length
            ? { initContainerStatuses: initStatuses }
            : {}),
          containerStatuses: mainStatuses,
        };
        return stableStringify(obj.status) !== before;
      },
    );
    if (updated) handle.pod = updated;
  }
}


function podPhase(
  handle: PodHandle,
): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  const initFailed = handle.init.some(r => r.finished && r.exitCode !== 0);
  if (initFailed) return 'Failed';
  if (handle.initIndex < handle.init.length) return 'Pending';
  const main = handle.main;
  if (main.every(r => r.finished))
    return main.every(r => r.exitCode === 0) ? 'Succeeded' : 'Failed';
  if (main.some(r => r.state.running || r.finished || r.restartCount > 0))
    return 'Running';
  return 'Pending';
}

function podConditions(
  initialized: boolean,
  ready: boolean,
  _started: boolean,
  since: string,
): any[] {
  const now = iso(new Date());
  const cond = (type: string, ok: boolean, reason?: string) => ({
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: ok && type === 'PodScheduled' ? since : now,
    ...(ok || !reason ? {} : { reason }),
  });
  return [
    cond('PodReadyToStartContainers', true),
    cond('Initialized', initialized, 'ContainersNotInitialized'),
    cond('Ready', ready, 'ContainersNotReady'),
    cond('ContainersReady', ready, 'ContainersNotReady'),
    cond('PodScheduled', true),
  ];
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function splitOnce(text: string, separator: string): [string, string] {
  const i = text.indexOf(separator);
  return [text.slice(0, i), text.slice(i + 1)];
}
