import { useApi } from '@backstage/core-plugin-api';
import type { ApplicationClusters } from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';
import { inventoryChannel } from '../shared/channels';
import { FALLBACK_POLL_MS, useLiveResource } from '../shared/useLiveResource';

export interface ApplicationClustersState {
  value?: ApplicationClusters;
  /** The last load's error; a failed reload keeps the last answer shown. */
  error?: Error;
  loading: boolean;
  /** Reloads now, e.g. right after an action was started. */
  refresh: () => void;
}

// Unchanged answers are dropped so a resync does not re-render 2000 squares.
const sameInventory = (a: ApplicationClusters, b: ApplicationClusters) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * What the application runs, kept live: reloaded on each
 * `cd:inventory:<application>` signal, or every `fallbackIntervalMs` when
 * signals are unavailable.
 */
export function useApplicationClusters(
  application: string,
  fallbackIntervalMs = FALLBACK_POLL_MS,
): ApplicationClustersState {
  const cdApi = useApi(cdApiRef);
  const { value, error, loading, refresh } = useLiveResource(
    () => cdApi.getApplicationClusters(application),
    [cdApi, application],
    {
      channels: [inventoryChannel(application)],
      fallbackIntervalMs,
      isEqual: sameInventory,
    },
  );
  return { value, error, loading, refresh };
}
