import { KubeObject } from './types';

/*
 * The defaulting the real API server applies on create and update, limited to the fields that
 * clients and controllers here read (kubectl output, rollout logic, merge keys).
 */

function defaultPodSpec(spec: any) {
  if (!spec || typeof spec !== 'object') return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  for (const list of [spec.containers, spec.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!c || typeof c !== 'object') continue;
      const tag = typeof c.image === 'string' && !c.image.includes('@') ? c.image.split('/').pop()!.split(':')[1] : 'x';
      c.imagePullPolicy ??= tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
      c.terminationMessagePath ??= '/dev/termination-log';
      c.terminationMessagePolicy ??= 'File';
      c.resources ??= {};
      if (Array.isArray(c.ports)) for (const p of c.ports) if (p && typeof p === 'object') p.protocol ??= 'TCP';
    }
  }
}

function defaultTemplate(spec: any) {
  if (spec?.template && typeof spec.template === 'object') {
    spec.template.metadata ??= {};
    defaultPodSpec(spec.template.spec);
  }
}

let nextClusterIp = 1;

function allocateClusterIp(): string {
  const n = nextClusterIp++;
  return `10.96.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`;
}

/** Applies server-side defaults in place. `isCreate` allows one-time allocations (cluster IPs). */
export function applyDefaults(obj: KubeObject, isCreate: boolean): void {
  const av = obj.apiVersion;
  const spec = obj.spec;
  switch (`${av}/${obj.kind}`) {
    case 'v1/Pod':
      defaultPodSpec(spec);
      if (isCreate) {
        obj.status ??= {};
        obj.status.phase ??= 'Pending';
        obj.status.qosClass ??= 'BestEffort';
      }
      break;
    case 'v1/Secret':
      // stringData is write-only: the API server folds it into data (base64), winning over data's keys
      if (obj.stringData && typeof obj.stringData === 'object' && !Array.isArray(obj.stringData)) {
        const data: Record<string, string> = { ...((obj.data as Record<string, string> | undefined) ?? {}) };
        for (const [k, v] of Object.entries(obj.stringData as Record<string, unknown>)) {
          data[k] = Buffer.from(String(v), 'utf8').toString('base64');
        }
        obj.data = data;
        delete obj.stringData;
      }
      obj.type ??= 'Opaque';
      break;
    case 'v1/Namespace':
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name! };
      obj.spec ??= {};
      obj.spec.finalizers ??= ['kubernetes'];
      obj.status ??= {};
      obj.status.phase ??= 'Active';
      break;
    case 'v1/Service':
      if (!spec) break;
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      if (Array.isArray(spec.ports)) {
        for (const p of spec.ports) {
          if (!p || typeof p !== 'object') continue;
          p.protocol ??= 'TCP';
          p.targetPort ??= p.port;
        }
      }
      if (isCreate && spec.clusterIP === undefined && spec.type !== 'ExternalName') {
        spec.clusterIP = allocateClusterIp();
        spec.clusterIPs = [spec.clusterIP];
      }
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
      spec.internalTrafficPolicy ??= 'Cluster';
      obj.status ??= { loadBalancer: {} };
      break;
    case 'apps/v1/Deployment':
      if (!spec) break;
      spec.replicas ??= 1;
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      spec.strategy ??= {};
      spec.strategy.type ??= 'RollingUpdate';
      if (spec.strategy.type === 'RollingUpdate') {
        spec.strategy.rollingUpdate ??= {};
        spec.strategy.rollingUpdate.maxSurge ??= '25%';
        spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
      }
      defaultTemplate(spec);
      break;
    case 'apps/v1/ReplicaSet':
      if (!spec) break;
      spec.replicas ??= 1;
      defaultTemplate(spec);
      break;
    case 'apps/v1/StatefulSet':
      if (!spec) break;
      spec.replicas ??= 1;
      spec.podManagementPolicy ??= 'OrderedReady';
      spec.revisionHistoryLimit ??= 10;
      spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
      defaultTemplate(spec);
      break;
    case 'apps/v1/DaemonSet':
      if (!spec) break;
      spec.revisionHistoryLimit ??= 10;
      spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
      defaultTemplate(spec);
      break;
    case 'batch/v1/Job':
      if (!spec) break;
      spec.parallelism ??= 1;
      spec.completions ??= spec.parallelism === 1 ? 1 : spec.completions;
      spec.backoffLimit ??= 6;
      spec.completionMode ??= 'NonIndexed';
      spec.suspend ??= false;
      defaultTemplate(spec);
      break;
    case 'batch/v1/CronJob':
      if (!spec) break;
      spec.concurrencyPolicy ??= 'Allow';
      spec.suspend ??= false;
      spec.successfulJobsHistoryLimit ??= 3;
      spec.failedJobsHistoryLimit ??= 1;
      if (spec.jobTemplate?.spec) defaultTemplate(spec.jobTemplate.spec);
      break;
    default:
      break;
  }
}
