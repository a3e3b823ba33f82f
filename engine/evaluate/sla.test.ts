import { describe, expect, it } from 'vitest';
import { deadline, measuredSla, type SlaRow } from './sla.ts';

const now = new Date('2026-11-23T12:00:00Z'); // a Monday
const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();
const plus = (iso: string, hours: number) =>
  new Date(new Date(iso).getTime() + hours * 3_600_000).toISOString();

function report(
  receivedHoursAgo: number,
  ackAfter: number | null,
  triageAfter: number | null,
): SlaRow {
  const receivedAt = at(receivedHoursAgo);
  return {
    receivedAt,
    acknowledgedAt: ackAfter === null ? null : plus(receivedAt, ackAfter),
    triagedAt: triageAfter === null ? null : plus(receivedAt, triageAfter),
  };
}

describe('measured SLA', () => {
  it('computes median and p90 from the stored timestamps, within the window only', () => {
    const rows = [
      report(500, 1, 10),
      report(400, 2, 20),
      report(300, 3, 30),
      report(200, 4, 40),
      report(100, 100, null),
      report(24 * 120, 1, 1), // outside the 90-day window
    ];
    const sla = measuredSla(rows, {
      now,
      declared: {
        acknowledge: { amount: 2, unit: 'business-days' },
        triage: { amount: 72, unit: 'hours' },
      },
    });
    expect(sla.reports).toBe(5);
    expect(sla.acknowledge).toEqual({
      done: 5,
      open: 0,
      medianHours: 3,
      p90Hours: 100,
      target: '2 business days',
      withinTarget: 4,
      missed: 1,
    });
    // The open report is past its 72-hour triage deadline: missed, not ignored.
    expect(sla.triage).toMatchObject({
      done: 4,
      open: 1,
      medianHours: 25,
      p90Hours: 40,
      withinTarget: 4,
      missed: 1,
    });
  });

  it('says nothing it cannot measure: no reports, no numbers; no declared target, no verdict', () => {
    const sla = measuredSla([], { now });
    expect(sla.acknowledge).toEqual({
      done: 0,
      open: 0,
      medianHours: null,
      p90Hours: null,
      target: null,
      withinTarget: null,
      missed: null,
    });
  });

  it('counts business days without weekends', () => {
    // Friday noon + 2 business days = Tuesday noon.
    expect(
      deadline(new Date('2026-11-20T12:00:00Z'), {
        amount: 2,
        unit: 'business-days',
      }).toISOString(),
    ).toBe('2026-11-24T12:00:00.000Z');
  });
});
