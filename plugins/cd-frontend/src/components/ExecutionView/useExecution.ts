import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Execution, isComplete } from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';

export interface ExecutionState {
  execution?: Execution;
  /** The last load's error; a failed poll keeps the last execution shown. */
  error?: Error;
  loading: boolean;
  /** Shows an execution a control call returned, and resumes polling if it runs again. */
  replace: (execution: Execution) => void;
}

/**
 * One execution, kept live: polled every `intervalMs` while it is not
 * complete (one request in flight at a time), then left alone. The single
 * place that knows how the view stays fresh, so signals can replace polling here.
 */
export function useExecution(id: string, intervalMs = 1000): ExecutionState {
  const cdApi = useApi(cdApiRef);
  const [execution, setExecution] = useState<Execution | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [loading, setLoading] = useState(true);
  // Bumped to restart polling after a control (restart, resume) revives a complete execution.
  const [generation, setGeneration] = useState(0);
  const latest = useRef<Execution | undefined>();

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await cdApi.getExecution(id);
        if (stopped) return;
        latest.current = next;
        setExecution(next);
        setError(undefined);
        if (isComplete(next.status)) return;
      } catch (e) {
        if (stopped) return;
        setError(e as Error);
      } finally {
        if (!stopped) setLoading(false);
      }
      timer = setTimeout(poll, intervalMs);
    };
    poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [cdApi, id, intervalMs, generation]);

  const replace = useCallback((next: Execution) => {
    const wasComplete = latest.current
      ? isComplete(latest.current.status)
      : false;
    latest.current = next;
    setExecution(next);
    if (wasComplete && !isComplete(next.status)) setGeneration(g => g + 1);
  }, []);

  return { execution, error, loading, replace };
}
