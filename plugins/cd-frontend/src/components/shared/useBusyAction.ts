import { useCallback, useState } from 'react';
import { errorMessage } from '../../api';

/**
 * Runs one backend call at a time for a component: `busy` while it runs,
 * and its failure as `error` (cleared when the next call starts).
 */
export function useBusyAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }, []);

  return { busy, error, run };
}
