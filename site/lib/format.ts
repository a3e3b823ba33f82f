const months = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/**
 * `2026-11-23` or an ISO timestamp → `23 Nov 2026` (UTC, the same on every machine); in
 * another language its own short form, e.g. `23 nov. 2026`.
 */
export function formatDate(iso: string, lang = 'en'): string {
  const [year, month, day] = iso.slice(0, 10).split('-');
  if (lang !== 'en') {
    const instant = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
    if (!Number.isNaN(instant.getTime()))
      return new Intl.DateTimeFormat(lang, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(instant);
  }
  return `${Number(day)} ${months[Number(month) - 1] ?? month} ${year}`;
}

/** An ISO timestamp → `23 Nov 2026, 19:29 UTC`; a plain date → `23 Nov 2026`. */
export function formatDateTime(iso: string, lang = 'en'): string {
  if (iso.length <= 10) return formatDate(iso, lang);
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const normalised = instant.toISOString();
  return `${formatDate(normalised, lang)}, ${normalised.slice(11, 16)} UTC`;
}

/** The `datetime` attribute for an ISO date or timestamp: timestamps in UTC to the second. */
export function machineTime(iso: string): string {
  if (iso.length <= 10) return iso;
  const instant = new Date(iso);
  return Number.isNaN(instant.getTime()) ? iso : `${instant.toISOString().slice(0, 19)}Z`;
}

/** A value from a check's `expected` or `observed` as short readable text. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `${key}: ${formatValue(item)}`)
    .join('; ');
}

/** A check's `expected`/`observed` object as label/value rows (a bare value becomes one row). */
export function valueRows(
  value: unknown,
  omit: ReadonlySet<string> = new Set(),
): Array<[string, string]> {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return [['value', formatValue(value)]];
  return Object.entries(value as Record<string, unknown>)
    .filter(([key, item]) => !omit.has(key) && item !== undefined)
    .map(([key, item]) => [key, formatValue(item)]);
}
