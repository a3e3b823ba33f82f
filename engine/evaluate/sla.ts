import type { Duration } from '../schema/common.ts';

/** The timestamps of one report that the SLA is measured on (ISO strings). */
export interface SlaRow {
  receivedAt: string;
  acknowledgedAt: string | null;
  triagedAt: string | null;
}

/** Measured performance of one step (acknowledge or triage) against its declared target. */
export interface SlaStep {
  /** Reports in the window that completed this step. */
  done: number;
  /** Reports in the window still waiting for it. */
  open: number;
  /** Median and 90th percentile of the time taken, in hours (null with no completed step). */
  medianHours: number | null;
  p90Hours: number | null;
  /** The declared target as written (e.g. "2 business days"), or null when none is declared. */
  target: string | null;
  /** Reports done within the target; open reports past their deadline count as missed. */
  withinTarget: number | null;
  missed: number | null;
}

/** The measured SLA over a window, computed from the stored reports — never typed in. */
export interface MeasuredSla {
  from: string;
  to: string;
  days: number;
  /** Reports measured: received in the window, acknowledged by an admin, not spam. */
  reports: number;
  /** Reports received in the window that no admin has reviewed yet; not measured. */
  unreviewed: number;
  acknowledge: SlaStep;
  triage: SlaStep;
}

const hour = 3_600_000;

/** The moment `duration` after `start`; business days skip Saturdays and Sundays (UTC). */
export function deadline(start: Date, duration: Duration): Date {
  if (duration.unit === 'hours') return new Date(start.getTime() + duration.amount * hour);
  if (duration.unit === 'days') return new Date(start.getTime() + duration.amount * 24 * hour);
  if (duration.unit === 'weeks') return new Date(start.getTime() + duration.amount * 168 * hour);
  const end = new Date(start);
  let left = duration.amount;
  while (left > 0) {
    end.setUTCDate(end.getUTCDate() + 1);
    const day = end.getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return end;
}

/** Median of sorted values (mean of the middle two for an even count). */
function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

function formatTarget({ amount, unit }: Duration): string {
  const word = unit === 'business-days' ? 'business day' : unit.replace(/s$/, '');
  return `${amount} ${word}${amount === 1 ? '' : 's'}`;
}

function measureStep(
  rows: readonly SlaRow[],
  pick: (row: SlaRow) => string | null,
  now: Date,
  target: Duration | undefined,
): SlaStep {
  const hours: number[] = [];
  let open = 0;
  let within = 0;
  let missed = 0;
  for (const row of rows) {
    const received = new Date(row.receivedAt);
    const done = pick(row);
    const due = target && deadline(received, target);
    if (done === null) {
      open++;
      if (due && due < now) missed++;
      continue;
    }
    const at = new Date(done);
    hours.push((at.getTime() - received.getTime()) / hour);
    if (due) {
      if (at <= due) within++;
      else missed++;
    }
  }
  hours.sort((a, b) => a - b);
  return {
    done: hours.length,
    open,
    medianHours: round(median(hours)),
    p90Hours: round(percentile(hours, 90)),
    target: target ? formatTarget(target) : null,
    withinTarget: target ? within : null,
    missed: target ? missed : null,
  };
}

/**
 * Median and 90th-percentile time to acknowledge and to triage over the reports received in
 * the last `days` days, with how many met the declared targets (`disclosure.sla`). Pure:
 * the caller passes the rows and the clock.
 */
export function measuredSla(
  rows: readonly SlaRow[],
  options: {
    now: Date;
    days?: number;
    declared?: { acknowledge?: Duration; triage?: Duration };
    /** Reports in the window left out as not yet reviewed (reported alongside). */
    unreviewed?: number;
  },
): MeasuredSla {
  const days = options.days ?? 90;
  const from = new Date(options.now.getTime() - days * 24 * hour);
  const inWindow = rows.filter((row) => {
    const received = new Date(row.receivedAt);
    return received >= from && received <= options.now;
  });
  return {
    from: from.toISOString(),
    to: options.now.toISOString(),
    days,
    reports: inWindow.length,
    unreviewed: options.unreviewed ?? 0,
    acknowledge: measureStep(
      inWindow,
      (row) => row.acknowledgedAt,
      options.now,
      options.declared?.acknowledge,
    ),
    triage: measureStep(inWindow, (row) => row.triagedAt, options.now, options.declared?.triage),
  };
}
