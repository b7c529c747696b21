import { errorMessage } from '../../api';
import type { CdApplication } from './useCdApplications';

export interface FanOutResult<T> {
  values: Array<{ app: CdApplication; value: T }>;
  /** Applications whose data could not be read (e.g. no permission), with why. */
  failures: Array<{ application: string; message: string }>;
}

/**
 * Reads something per application in parallel: the API answers one
 * application at a time, and one unreadable application must not hide the rest.
 */
export async function fanOut<T>(
  apps: CdApplication[],
  read: (application: string) => Promise<T>,
): Promise<FanOutResult<T>> {
  const settled = await Promise.allSettled(apps.map(a => read(a.application)));
  const result: FanOutResult<T> = { values: [], failures: [] };
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled')
      result.values.push({ app: apps[i], value: outcome.value });
    else
      result.failures.push({
        application: apps[i].application,
        message: errorMessage(outcome.reason),
      });
  });
  return result;
}
