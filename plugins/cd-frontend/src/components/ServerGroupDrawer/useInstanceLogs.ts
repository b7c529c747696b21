import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { cdApiRef } from '../../api';

export const LOG_TAIL_LINES = 200;

export interface InstanceLogsState {
  text?: string;
  error?: Error;
  loading: boolean;
}

/**
 * The last 200 lines of a pod's container log; while `follow` is on it is
 * fetched again every `intervalMs` (one request in flight at a time).
 */
export function useInstanceLogs(
  target: {
    application: string;
    account: string;
    namespace: string;
    pod: string;
    container?: string;
  },
  follow: boolean,
  intervalMs = 2000,
): InstanceLogsState {
  const cdApi = useApi(cdApiRef);
  const [state, setState] = useState<InstanceLogsState>({ loading: true });
  const { application, account, namespace, pod, container } = target;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState(previous => ({ ...previous, loading: true }));
    const load = async () => {
      try {
        const text = await cdApi.getInstanceLogs(
          application,
          account,
          namespace,
          pod,
          { container, tailLines: LOG_TAIL_LINES },
        );
        if (stopped) return;
        setState({ text, loading: false });
      } catch (e) {
        if (stopped) return;
        setState(previous => ({
          text: previous.text,
          error: e as Error,
          loading: false,
        }));
      }
      if (follow) timer = setTimeout(load, intervalMs);
    };
    load();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [
    cdApi,
    application,
    account,
    namespace,
    pod,
    container,
    follow,
    intervalMs,
  ]);

  return state;
}
