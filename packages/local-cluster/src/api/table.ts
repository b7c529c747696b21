import { KubeObject, ResourceType } from '../store/types';

/*
 * `Accept: application/json;as=Table;g=meta.k8s.io;v=v1`: the server-side printing kubectl get uses.
 */

interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  priority: number;
  cell(obj: KubeObject): unknown;
}

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

export function age(timestamp: string | undefined, now = Date.now()): string {
  if (!timestamp) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

const nameColumn: Column = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0, cell: o => o.metadata.name };
const ageColumn: Column = { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0, cell: o => age(o.metadata.creationTimestamp) };

function col(name: string, cell: (o: KubeObject) => unknown, type = 'string', priority = 0): Column {
  return { name, type, description: name, priority, cell };
}

function podStatus(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  for (const cs of o.status?.containerStatuses ?? []) {
    if (cs.state?.waiting?.reason) return cs.state.waiting.reason;
    if (cs.state?.terminated?.reason && o.status?.phase !== 'Succeeded') return cs.state.terminated.reason;
  }
  return o.status?.phase ?? 'Pending';
}

function servicePorts(o: KubeObject): string {
  const ports = (o.spec?.ports ?? []).map((p: any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`);
  return ports.length ? ports.join(',') : '<none>';
}

function columnsFor(type: ResourceType, crd?: KubeObject): Column[] {
  switch (`${type.group}/${type.kind}`) {
    case '/Pod':
      return [
        nameColumn,
        col('Ready', o => `${(o.status?.containerStatuses ?? []).filter((c: any) => c.ready).length}/${(o.spec?.containers ?? []).length}`),
        col('Status', podStatus),
        col('Restarts', o => (o.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + (c.restartCount ?? 0), 0), 'integer'),
        ageColumn,
        col('IP', o => o.status?.podIP ?? '<none>', 'string', 1),
        col('Node', o => o.spec?.nodeName ?? '<none>', 'string', 1),
      ];
    case 'apps/Deployment':
      return [
        nameColumn,
        col('Ready', o => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`),
        col('Up-to-date', o => o.status?.updatedReplicas ?? 0, 'integer'),
        col('Available', o => o.status?.availableReplicas ?? 0, 'integer'),
        ageColumn,
        col('Containers', o => (o.spec?.template?.spec?.containers ?? []).map((c: any) => c.name).join(','), 'string', 1),
        col('Images', o => (o.spec?.template?.spec?.containers ?? []).map((c: any) => c.image).join(','), 'string', 1),
      ];
    case 'apps/ReplicaSet':
      return [
        nameColumn,
        col('Desired', o => o.spec?.replicas ?? 0, 'integer'),
        col('Current', o => o.status?.replicas ?? 0, 'integer'),
        col('Ready', o => o.status?.readyReplicas ?? 0, 'integer'),
        ageColumn,
      ];
    case 'apps/StatefulSet':
      return [nameColumn, col('Ready', o => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`), ageColumn];
    case 'batch/Job':
      return [nameColumn, col('Status', o => (o.status?.conditions ?? []).find((c: any) => c.status === 'True')?.type ?? 'Running'), col('Completions', o => `${o.status?.succeeded ?? 0}/${o.spec?.completions ?? 1}`), ageColumn];
    case '/Service':
      return [
        nameColumn,
        col('Type', o => o.spec?.type ?? 'ClusterIP'),
        col('Cluster-IP', o => o.spec?.clusterIP ?? '<none>'),
        col('External-IP', o => (o.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip ?? i.hostname).join(',') || '<none>'),
        col('Port(s)', servicePorts),
        ageColumn,
      ];
    case '/Namespace':
      return [nameColumn, col('Status', o => o.status?.phase ?? 'Active'), ageColumn];
    case '/ConfigMap':
      return [nameColumn, col('Data', o => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, 'integer'), ageColumn];
    case '/Secret':
      return [nameColumn, col('Type', o => o.type ?? 'Opaque'), col('Data', o => Object.keys(o.data ?? {}).length, 'integer'), ageColumn];
    case '/Event':
      return [
        col('Last Seen', o => age(o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp)),
        col('Type', o => o.type ?? ''),
        col('Reason', o => o.reason ?? ''),
        col('Object', o => `${(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`),
        col('Message', o => o.message ?? ''),
        { ...nameColumn, priority: 1 },
      ];
    default: {
      const printerColumns = (crd?.spec?.versions ?? []).find((v: any) => v.name === type.version)?.additionalPrinterColumns ?? [];
      const extra: Column[] = printerColumns.map((c: any) => col(c.name, (o: KubeObject) => {
        let cur: any = o;
        for (const p of String(c.jsonPath).replace(/^\./, '').split('.')) cur = cur?.[p];
        if (c.type === 'date') return age(cur);
        return cur ?? '';
      }, c.type === 'integer' ? 'integer' : 'string', c.priority ?? 0));
      return [nameColumn, ...extra.filter(c => c.name !== 'Age'), ageColumn];
    }
  }
}

function rowObject(o: KubeObject, includeObject: string | null): unknown {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export function toTable(type: ResourceType, objects: KubeObject[], includeObject: string | null, listMeta: Record<string, unknown>, crd?: KubeObject) {
  const columns = columnsFor(type, crd);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns.map(({ cell, ...def }) => def),
    rows: objects.map(o => ({
      cells: columns.map(c => c.cell(o)),
      object: rowObject(o, includeObject),
    })),
  };
}
