import { type MeasuredSla, measuredSla } from '../evaluate/sla.ts';
import type { Snapshot } from '../evaluate/snapshot.ts';
import type { Store } from '../store/open-store.ts';
import { reportTimings, unreviewedReports } from '../store/report-timings.ts';

/**
 * The measured SLA of the last `days` days from a store, against a snapshot's declared
 * targets — what the disclosure page shows: acknowledged, non-spam reports only, with how
 * many more are still unreviewed.
 */
export function measuredSlaFromStore(
  store: Store,
  snapshot: Snapshot | undefined,
  now: Date,
  days = 90,
): MeasuredSla {
  const from = new Date(now.getTime() - days * 86_400_000).toISOString();
  const sla = snapshot?.disclosure?.sla;
  return measuredSla(reportTimings(store, from), {
    now,
    days,
    declared: { acknowledge: sla?.acknowledge, triage: sla?.triage },
    unreviewed: unreviewedReports(store, from, now.toISOString()),
  });
}
