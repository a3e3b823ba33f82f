import type { Snapshot } from './snapshot.ts';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** The first moment of the day after `date` (YYYY-MM-DD), when a date-based expiry takes hold. */
function dayAfter(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) + dayMs;
}

/**
 * The earliest moment after `now` at which evaluating the same inputs again could change
 * what the snapshot says: a passing result going stale, an attestation expiring or growing
 * older than the policy allows, a waiver lapsing, and at the latest the next UTC midnight
 * (certifications, subprocessor changes and other date-based states turn over then). A
 * running server re-evaluates at that moment, so nothing it shows outlives its evidence.
 */
export function nextStatusChange(snapshot: Snapshot, now: Date): Date {
  const { maxResultAgeHours, attestationMaxAgeDays } = snapshot.policy;
  const today = now.toISOString().slice(0, 10);
  const moments = [dayAfter(today)];
  for (const control of snapshot.controls) {
    for (const item of control.evidence) {
      if (item.kind === 'check') {
        if (item.state === 'pass' && item.at)
          moments.push(Date.parse(item.at) + maxResultAgeHours * hourMs + 1);
        if (item.waiver?.active) moments.push(dayAfter(item.waiver.expires));
      } else if (item.kind === 'attestation' && item.state === 'current') {
        if (item.expires) moments.push(dayAfter(item.expires));
        moments.push(Date.parse(`${item.date}T00:00:00Z`) + attestationMaxAgeDays * dayMs + 1);
      }
    }
  }
  const later = moments.filter((moment) => Number.isFinite(moment) && moment > now.getTime());
  return new Date(Math.min(...later));
}
