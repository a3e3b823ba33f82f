import type { CheckResult } from '../checks/result.ts';

/** How one day looked for a control's automated checks. */
export type DayState = 'verified' | 'unverified' | 'failing' | 'none';

/** The last `days` days (oldest first) of one control, one state per UTC day. */
export interface ControlHistory {
  days: Array<{ date: string; state: DayState }>;
}

function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * A status-page style history per control: for each of the last `days` UTC days up to
 * `until`, `failing` if a check failed that day (no active waiver), `verified` if every
 * check of the control passed that day, `unverified` if checks ran but not all passed,
 * `none` without results. Pure.
 */
export function buildHistory(
  results: readonly CheckResult[],
  checksPerControl: ReadonlyMap<string, number>,
  until: string,
  days = 90,
): Record<string, ControlHistory> {
  const end = Date.parse(`${dayOf(until)}T00:00:00Z`);
  const dates = Array.from({ length: days }, (_, index) =>
    new Date(end - (days - 1 - index) * 86_400_000).toISOString().slice(0, 10),
  );
  const first = dates[0] ?? dayOf(until);
  const byControlDay = new Map<string, CheckResult[]>();
  for (const result of results) {
    const day = dayOf(result.at);
    if (day < first || day > dayOf(until)) continue;
    const key = `${result.controlId}@${day}`;
    byControlDay.set(key, [...(byControlDay.get(key) ?? []), result]);
  }
  const history: Record<string, ControlHistory> = {};
  for (const [controlId, checks] of checksPerControl) {
    if (checks === 0) continue;
    history[controlId] = {
      days: dates.map((date) => {
        const dayResults = byControlDay.get(`${controlId}@${date}`) ?? [];
        if (dayResults.length === 0) return { date, state: 'none' };
        if (dayResults.some((result) => result.status === 'fail' && !result.waiver?.active))
          return { date, state: 'failing' };
        const passed = new Set(
          dayResults
            .filter((result) => result.status === 'pass')
            .map((result) => result.evidenceIndex),
        );
        return { date, state: passed.size >= checks ? 'verified' : 'unverified' };
      }),
    };
  }
  return history;
}
