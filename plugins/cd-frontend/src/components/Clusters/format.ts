import { formatDuration } from '../shared/format';

/** `5m 3s ago`; a dash when the time is missing or unreadable. */
export function relativeTime(iso?: string, now = Date.now()): string {
  const time = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(time)) return '—';
  return `${formatDuration(Math.max(0, now - time))} ago`;
}
