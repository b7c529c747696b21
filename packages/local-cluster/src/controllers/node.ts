import os from 'os';
import type { ObjectStore } from '../store/types';
import type { Kinds } from './kinds';
import { NODE_NAME } from './kinds';
import { isStatusError, nowIso, writeStatus } from './objects';

const HEARTBEAT_MS = 60_000;

/** Registers the cluster's one Node and keeps its Ready condition fresh. */
export function startNodeHeartbeat(
  store: ObjectStore,
  kinds: Kinds,
  host: string,
): () => void {
  const nodes = kinds.nodes;
  if (!nodes) return () => undefined;
  const beat = () => {
    try {
      if (!store.get(nodes, undefined, NODE_NAME)) {
        store.create(nodes, {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: {
            name: NODE_NAME,
            labels: {
              'kubernetes.io/hostname': NODE_NAME,
              'kubernetes.io/os': process.platform,
              'kubernetes.io/arch':
                process.arch === 'x64' ? 'amd64' : process.arch,
              'node-role.kubernetes.io/control-plane': '',
            },
          },
          spec: {},
        });
      }
      writeStatus(store, nodes, undefined, NODE_NAME, node => {
        const now = nowIso();
        const since =
          node.status?.conditions?.find((c: any) => c.type === 'Ready')
            ?.lastTransitionTime ?? now;
        node.status = {
          capacity: {
            cpu: String(os.cpus().length),
            memory: `${Math.floor(os.totalmem() / 1024)}Ki`,
            pods: '100000',
          },
          allocatable: {
            cpu: String(os.cpus().length),
            memory: `${Math.floor(os.totalmem() / 1024)}Ki`,
            pods: '100000',
          },
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              message: 'local-cluster runtime is posting ready status',
              lastHeartbeatTime: now,
              lastTransitionTime: since,
            },
          ],
          addresses: [
            { type: 'InternalIP', address: host },
            { type: 'Hostname', address: NODE_NAME },
          ],
          nodeInfo: {
            architecture: process.arch === 'x64' ? 'amd64' : process.arch,
            operatingSystem: process.platform,
            osImage: `${os.type()} ${os.release()}`,
            kernelVersion: os.release(),
            containerRuntimeVersion: `local-process://${process.version}`,
            kubeletVersion: 'v1.31.0-local',
            kubeProxyVersion: 'v1.31.0-local',
            machineID: '',
            systemUUID: '',
            bootID: '',
          },
        };
        return true;
      });
    } catch (error) {
      if (!isStatusError(error, 409)) throw error;
    }
  };
  beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}
