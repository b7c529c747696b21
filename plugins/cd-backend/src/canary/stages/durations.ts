/**
 * ISO-8601 durations as Spinnaker's kayentaCanary takes them
 * (`lifetimeDuration: PT1H30M`), with fractions (`PT0.5M`) so short
 * analyses can be written too. Returns milliseconds, or undefined when the
 * text is not a duration.
 */
export function parseIsoDuration(text: string): number | undefined {
  const match = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    text.trim().toUpperCase(),
  );
  if (!match || text.trim().toUpperCase() === 'P' || /T$/.test(text.trim().toUpperCase())) return undefined;
  const [, days, hours, minutes, seconds] = match.map(v => (v === undefined ? 0 : Number(v)));
  return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}

/** Minutes given as a number or a numeric string (Spinnaker's UI writes "30"); fractions allowed. */
export function minutesToMillis(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n * 60_000 : undefined;
}
