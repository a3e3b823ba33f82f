import { type MeasuredSla, measuredSla } from '../evaluate/sla.ts';
import type { Snapshot } from '../evaluate/snapshot.ts';
import type { Repositories } from '../store/store.ts';

/**
 * The measured SLA of the last `days` days from a store, against a snapshot's declared
 * targets — what the disclosure page shows: acknowledged, non-spam reports only (the public
 * form takes anything from anyone, so junk cannot sink or pad the figures), with how many
 * more are still unreviewed.
 */
export async function measuredSlaFromStore(
  store: Repositories,
  snapshot: Snapshot | undefined,
  now: Date,
  days = 90,
): Promise<MeasuredSla> {
  const from = new Date(now.getTime() - days * 86_400_000).toISOString();
  const sla = snapshot?.disclosure?.sla;
  return measuredSla(await store.vulnerabilityReports.timings(from), {
    now,
    days,
    declared: { acknowledge: sla?.acknowledge, triage: sla?.triage },
    unreviewed: await store.vulnerabilityReports.countUnreviewed(from, now.toISOString()),
  });
}
