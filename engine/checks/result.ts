import type { CheckType } from '../schema/index.ts';
import type { CheckOutcome } from './types.ts';

/** A waiver as it applied to one result. */
export interface AppliedWaiver {
  reason: string;
  expires: string;
  /** False when the waiver had expired: the failure counts, and the report says so. */
  active: boolean;
}

/** One evidence item's check, run: the outcome plus where it came from and when. */
export interface CheckResult extends CheckOutcome {
  controlId: string;
  visibility: 'public' | 'gated' | 'internal';
  /** Position of the item in the control's `evidence` list. */
  evidenceIndex: number;
  evidenceId: string | undefined;
  check: CheckType;
  /** The target as declared, with `${ENV}` references left unexpanded (never a secret). */
  target: string;
  description: string | undefined;
  durationMs: number;
  /** ISO timestamp of when the check started. */
  at: string;
  attempts: number;
  waiver: AppliedWaiver | undefined;
  /** The check's definition hash (`checkDefinition`): the result counts for that definition only. */
  definition: string;
  /**
   * How the run departed from the public target — `--resolve`, `--dns-server` or an extra
   * CA — or undefined when the real target was checked. Such a result is shown to the
   * engineer who ran it but never verifies a published claim.
   */
  override: string | undefined;
}

/**
 * How far ahead of the reader's clock a result's own timestamp may be (clock skew between
 * the machine that ran the check and the one reading it). A result dated later than that
 * comes from a wrong clock and is not taken at its word.
 */
export const maxClockSkewMs = 5 * 60_000;

/** Whether a result contradicts its claim: a failure no active waiver covers. */
export function isContradiction(result: CheckResult): boolean {
  return result.status === 'fail' && !result.waiver?.active;
}

/** Counts results by status, with waived failures counted apart. */
export function countResults(
  results: readonly CheckResult[],
): Record<'pass' | 'fail' | 'error' | 'skipped' | 'waived', number> {
  const counts = { pass: 0, fail: 0, error: 0, skipped: 0, waived: 0 };
  for (const result of results) {
    if ((result.status === 'fail' || result.status === 'error') && result.waiver?.active)
      counts.waived++;
    else counts[result.status]++;
  }
  return counts;
}
