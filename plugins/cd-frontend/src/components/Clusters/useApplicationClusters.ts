import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { ApplicationClusters } from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';

export interface ApplicationClustersState {
  value?: ApplicationClusters;
  /** The last poll's error; a failed poll keeps the last answer shown. */
  error?: Error;
  loading: boolean;
}

/**
 * What the application runs, kept live by polling every `intervalMs` (one
 * request in flight at a time). The single place that knows how the view
 * stays fresh, so signals can replace polling here.
 */
export function useApplicationClusters(
  application: string,
  intervalMs = 2000,
): ApplicationClustersState {
  const cdApi = useApi(cdApiRef);
  const [state, setState] = useState<ApplicationClustersState>({
    loading: true,
  });

  useEffect(() => {
    let stopped = false;
    // Unchanged answers are dropped so a quiet application does not re-render 2000 squares every poll.
    let lastJson: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({ loading: true });
    const poll = async () => {
      try {
        const value = await cdApi.getApplicationClusters(application);
        if (stopped) return;
        const json = JSON.stringify(value);
        if (json !== lastJson) {
          lastJson = json;
          setState({ value, loading: false });
        } else {
          setState(previous =>
            previous.error
              ? { value: previous.value, loading: false }
              : previous,
          );
        }
      } catch (e) {
        if (stopped) return;
        lastJson = undefined;
        setState(previous => ({
          value: previous.value,
          error: e as Error,
          loading: false,
        }));
      }
      timer = setTimeout(poll, intervalMs);
    };
    poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [cdApi, application, intervalMs]);

  return state;
}
