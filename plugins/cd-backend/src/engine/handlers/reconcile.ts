import { reconcile } from '../transitions';
import type { MessageHandler } from './types';

/** Re-schedules a running execution's work (after resume or restart). */
export const reconcileHandler: MessageHandler = {
  needsState: true,
  async prepare() {
    return { apply: reconcile };
  },
};
