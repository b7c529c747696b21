import type { ExecutionStatus } from '@internal/plugin-cd-common';

export interface StatusColors {
  background: string;
  text: string;
}

const strong = (background: string): StatusColors => ({
  background,
  text: '#ffffff',
});
const light: StatusColors = { background: '#eceff1', text: '#37474f' };

/** Deck's palette: green done, blue running, red failed, orange halted-but-ok, grey skipped, light waiting. */
export const STATUS_COLORS: Record<ExecutionStatus, StatusColors> = {
  SUCCEEDED: strong('#2e7d32'),
  RUNNING: strong('#1976d2'),
  TERMINAL: strong('#c62828'),
  CANCELED: strong('#757575'),
  SKIPPED: strong('#9e9e9e'),
  FAILED_CONTINUE: strong('#ef6c00'),
  STOPPED: strong('#ef6c00'),
  PAUSED: light,
  SUSPENDED: light,
  NOT_STARTED: light,
  BUFFERED: light,
};
