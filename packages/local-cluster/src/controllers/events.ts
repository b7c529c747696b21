import type { KubeObject, ObjectStore, ResourceType } from '../store/types';
import { NODE_NAME } from './kinds';
import { isStatusError, nowIso } from './objects';

export type EventType = 'Normal' | 'Warning';

/** Records core/v1 Events, folding repeats of the same (object, reason, message) into a count. */
export interface EventRecorder {
  record(
    obj: KubeObject,
    type: EventType,
    reason: string,
    message: string,
    opts?: { fieldPath?: string; component?: string },
  ): void;
}

const MAX_TRACKED = 20_000;

export function createEventRecorder(
  store: ObjectStore,
  eventType: ResourceType,
): EventRecorder {
  // latest event name per (object uid, reason, message), for aggregation
  const seen = new Map<string, string>();
  let sequence = 0;

  return {
    record(obj, type, reason, message, opts) {
      const namespace = obj.metadata.namespace ?? 'default';
      const involvedObject = {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        ...(opts?.fieldPath ? { fieldPath: opts.fieldPath } : {}),
      };
      const component =
        opts?.component ??
        (obj.kind === 'Pod'
          ? 'kubelet'
          : `${obj.kind.toLowerCase()}-controller`);
      const aggregateKey = `${obj.metadata.uid}|${
        opts?.fieldPath ?? ''
      }|${reason}|${message}`;
      const now = nowIso();
      try {
        const existingName = seen.get(aggregateKey);
        const existing = existingName
          ? store.get(eventType, namespace, existingName)
          : undefined;
        if (existing) {
          store.update(eventType, {
            ...existing,
            count: (existing.count ?? 1) + 1,
            lastTimestamp: now,
          });
          return;
        }
        sequence = (sequence + 1) % 0x10000;
        const name = `${obj.metadata.name}.${(
          Date.now() * 0x10000 +
          sequence
        ).toString(16)}`;
        store.create(eventType, {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace },
          involvedObject,
          reason,
          message,
          type,
          source: {
            component,
            ...(obj.kind === 'Pod' ? { host: NODE_NAME } : {}),
          },
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
          reportingComponent: component,
          reportingInstance: NODE_NAME,
        });
        if (seen.size >= MAX_TRACKED)
          seen.delete(seen.keys().next().value as string);
        seen.set(aggregateKey, name);
      } catch (error) {
        // events are best effort: a namespace being deleted or a conflict must not break a controller
        if (
          !isStatusError(error, 404) &&
          !isStatusError(error, 409) &&
          !isStatusError(error, 403)
        ) {
          // eslint-disable-next-line no-console
          console.warn(
            `[local-cluster] event ${reason} for ${obj.kind} ${
              obj.metadata.name
            }: ${(error as Error).message}`,
          );
        }
      }
    },
  };
}
