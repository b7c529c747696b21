/** `1h 2m`, `3m 4s`, `5s`, `800ms`: the two largest units, as Deck shows them. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.floor(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/** How long something took, or has taken so far when it has not ended. */
export function elapsed(
  startTime?: number,
  endTime?: number,
  now = Date.now(),
): string {
  if (startTime === undefined) return '—';
  // The browser's clock may be a little behind the backend's right after a start.
  return formatDuration(Math.max(0, (endTime ?? now) - startTime));
}

export function formatTime(epochMs?: number): string {
  return epochMs ? new Date(epochMs).toLocaleString() : '—';
}
