import { and, count, gte, isNotNull, isNull, lte } from 'drizzle-orm';
import type { SlaRow } from '../evaluate/sla.ts';
import type { Store } from './open-store.ts';
import { vulnerabilityReports } from './schema.ts';

/**
 * The reports the SLA is measured on: those received since `from` (ISO) that an admin has
 * acknowledged as genuine and not marked as spam. The public form takes anything from
 * anyone; counting only reviewed reports means junk cannot sink (or pad) the figures.
 */
export function reportTimings(store: Store, from: string): SlaRow[] {
  return store.db
    .select({
      receivedAt: vulnerabilityReports.receivedAt,
      acknowledgedAt: vulnerabilityReports.acknowledgedAt,
      triagedAt: vulnerabilityReports.triagedAt,
    })
    .from(vulnerabilityReports)
    .where(
      and(
        gte(vulnerabilityReports.receivedAt, from),
        isNotNull(vulnerabilityReports.acknowledgedAt),
        isNull(vulnerabilityReports.spamAt),
      ),
    )
    .all();
}

/** Reports received since `from` (ISO) that no admin has reviewed yet (nor marked spam). */
export function unreviewedReports(store: Store, from: string, to: string): number {
  return (
    store.db
      .select({ n: count() })
      .from(vulnerabilityReports)
      .where(
        and(
          gte(vulnerabilityReports.receivedAt, from),
          lte(vulnerabilityReports.receivedAt, to),
          isNull(vulnerabilityReports.acknowledgedAt),
          isNull(vulnerabilityReports.spamAt),
        ),
      )
      .get()?.n ?? 0
  );
}
