import { useApi } from '@backstage/core-plugin-api';
import { Execution, isComplete } from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';
import { executionChannel } from '../shared/channels';
import { FALLBACK_POLL_MS, useLiveResource } from '../shared/useLiveResource';

export interface ExecutionState {
  execution?: Execution;
  /** The last load's error; a failed reload keeps the last execution shown. */
  error?: Error;
  loading: boolean;
  /** Shows an execution a control call returned. */
  replace: (execution: Execution) => void;
}

const stillRunning = (e: Execution | undefined) => !e || !isComplete(e.status);

/**
 * One execution, kept live: reloaded on each `cd:execution:<id>` signal the
 * backend publishes when it changes (so a complete execution someone
 * restarts comes back to life), or every `fallbackIntervalMs` while it runs
 * when signals are unavailable.
 */
export function useExecution(
  id: string,
  fallbackIntervalMs = FALLBACK_POLL_MS,
): ExecutionState {
  const cdApi = useApi(cdApiRef);
  const { value, error, loading, replace } = useLiveResource(
    () => cdApi.getExecution(id),
    [cdApi, id],
    {
      channels: [executionChannel(id)],
      isLive: stillRunning,
      fallbackIntervalMs,
    },
  );
  return { execution: value, error, loading, replace };
}
