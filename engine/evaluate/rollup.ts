import { type ClaimStatus, claimStatuses, type Rollup, type SnapshotControl } from './snapshot.ts';

const statuses = claimStatuses;

function emptyCounts(): Record<ClaimStatus, number> {
  return Object.fromEntries(statuses.map((status) => [status, 0])) as Record<ClaimStatus, number>;
}

/** Counts of public, published claims by status, overall and per category. */
export function buildRollup(controls: readonly SnapshotControl[]): Rollup {
  const byStatus = emptyCounts();
  const byCategory: Record<string, Record<ClaimStatus, number>> = {};
  for (const control of controls) {
    if (control.visibility !== 'public' || control.withheld) continue;
    byStatus[control.status]++;
    const counts = byCategory[control.category] ?? emptyCounts();
    counts[control.status]++;
    byCategory[control.category] = counts;
  }
  return {
    byStatus,
    byCategory,
    verifiedAutomatically: byStatus.verified,
    attested: byStatus.attested,
    inherited: byStatus.inherited,
  };
}
