/** Words of the admin area: counts with the right plural, durations people read. */

/** `1 access request`, `2 access requests`, `0 access requests` (`many` for irregular plurals). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** A duration as people say it: `45 minutes`, `5 hours`, `3 days` (rounded, never `0 h`). */
export function duration(ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 1) return 'less than a minute';
  if (minutes < 90) return plural(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.round(hours / 24), 'day');
}

/** A time in hours (as the SLA measures it) as a duration, or `none yet`. */
export function hours(value: number | null): string {
  return value === null ? 'none yet' : duration(value * 3_600_000);
}
