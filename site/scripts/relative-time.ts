/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

/**
 * Progressive enhancement: each `<time data-relative>` carries an absolute UTC time in the
 * HTML; this turns it into "3 hours ago" (the absolute time stays as its tooltip) and keeps
 * it current. Without JavaScript the absolute time is what readers see.
 */
const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

function relativeText(seconds: number, format: Intl.RelativeTimeFormat): string {
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  // "now" beside "Published" reads as a bug: under a minute is counted in seconds instead.
  const elapsed = Math.round(seconds);
  return new Intl.RelativeTimeFormat(format.resolvedOptions().locale, { numeric: 'always' }).format(
    elapsed > 0 ? elapsed : Math.min(-1, elapsed),
    'second',
  );
}

function updateTimes(): void {
  const format = new Intl.RelativeTimeFormat(document.documentElement.lang || 'en', {
    numeric: 'auto',
  });
  const now = Date.now();
  for (const element of document.querySelectorAll<HTMLTimeElement>('time[data-relative]')) {
    const at = Date.parse(element.dateTime);
    if (Number.isNaN(at)) continue;
    if (!element.title) element.title = element.textContent ?? '';
    element.textContent = relativeText((at - now) / 1000, format);
  }
}

updateTimes();
setInterval(updateTimes, 60_000);
