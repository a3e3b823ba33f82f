import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../checks/result.ts';
import { organisationWith } from '../checks/test-support/organisation.ts';
import { tlsResult } from '../checks/test-support/tls-result.ts';
import type { CheckStatus } from '../checks/types.ts';
import { evaluateOrganisation } from '../evaluate/evaluate.ts';
import { nextStatusChange } from '../evaluate/next-change.ts';
import type { Policy } from '../schema/index.ts';
import { describeGate, gateSnapshot } from './gate.ts';

const now = new Date('2026-11-23T12:00:00Z');

const tls = '- check: tls\n  target: https://app.example.com\n  expect: { minVersion: TLSv1.2 }';
const attestation = (date: string, expires: string) =>
  `- attestation:\n    statement: Pen test clean.\n    by: cto@acme.example\n    date: ${date}\n    expires: ${expires}`;

function result(controlId: string, status: CheckStatus, at = '2026-11-23T10:00:00.000Z') {
  return tlsResult(controlId, 0, status, at, {
    message: status === 'pass' ? 'TLSv1.2 minimum' : `it ${status}ed`,
  });
}

/** One control `subject` with the given evidence and visibility, evaluated and gated. */
function gate(
  evidence: string,
  results: CheckResult[],
  options: { visibility?: string; policy?: Partial<Policy>; serving?: boolean } = {},
) {
  const model = organisationWith({ subject: { evidence, visibility: options.visibility } });
  const snapshot = evaluateOrganisation(
    { ...model, policy: { ...model.policy, ...options.policy } },
    results,
    { now, publishedAt: now.toISOString(), withholdFailing: options.serving },
  );
  return { snapshot, verdict: gateSnapshot(snapshot) };
}

describe('the one gate of check, build and serve', () => {
  for (const visibility of ['public', 'gated']) {
    it(`blocks a ${visibility} claim whose check fails, naming the claim and what was observed`, () => {
      const { verdict } = gate(tls, [result('subject', 'fail')], { visibility });
      expect(verdict.blocked).toBe(true);
      expect(verdict.contradicted.map((control) => control.id)).toEqual(['subject']);
      const text = describeGate(verdict);
      expect(text).toContain(`subject — subject (${visibility})`);
      expect(text).toContain('tls https://app.example.com: observed "TLSv1.2"');
    });

    it(`blocks a ${visibility} claim whose attestation expired`, () => {
      const { verdict } = gate(attestation('2025-10-01', '2026-10-01'), [], { visibility });
      expect(verdict.blocked).toBe(true);
      expect(describeGate(verdict)).toContain(
        'attestation by cto@acme.example (2025-10-01, expires 2026-10-01) is expired',
      );
    });
  }

  it('does not block on an internal claim, or on a failing claim the policy withholds', () => {
    expect(gate(tls, [result('subject', 'fail')], { visibility: 'internal' }).verdict.blocked).toBe(
      false,
    );
    const withheld = gate(tls, [result('subject', 'fail')], { policy: { onFailure: 'withhold' } });
    expect(withheld.verdict.blocked).toBe(false);
    expect(withheld.snapshot.controls[0]?.withheld?.reason).toBeTruthy();
  });

  it('lets a running server withdraw a contradicted claim instead of refusing to publish', () => {
    const serving = gate(tls, [result('subject', 'fail')], { serving: true });
    expect(serving.verdict.blocked).toBe(false);
    expect(serving.snapshot.controls[0]?.withheld).toBeDefined();
  });

  it('blocks on a check that errored only when failOnError is set', () => {
    expect(gate(tls, [result('subject', 'error')]).verdict.blocked).toBe(false);
    const strict = gate(tls, [result('subject', 'error')], { policy: { failOnError: true } });
    expect(strict.verdict.blocked).toBe(true);
    expect(strict.verdict.errored.map((control) => control.id)).toEqual(['subject']);
    expect(describeGate(strict.verdict)).toContain('error: it errored');
  });

  it('passes a claim its evidence supports', () => {
    expect(gate(tls, [result('subject', 'pass')]).verdict).toMatchObject({
      blocked: false,
      contradicted: [],
      errored: [],
    });
  });
});

describe('nextStatusChange', () => {
  it('is the moment the newest pass goes stale, when that comes before midnight', () => {
    const { snapshot } = gate(tls, [result('subject', 'pass', '2026-11-23T10:00:00.000Z')], {
      policy: { maxResultAgeHours: 6 },
    });
    expect(nextStatusChange(snapshot, now).toISOString()).toBe('2026-11-23T16:00:00.001Z');
  });

  it('is the day after an attestation expires, or the next midnight at the latest', () => {
    const tomorrow = gate(attestation('2026-06-01', '2026-11-23'), []).snapshot;
    expect(nextStatusChange(tomorrow, now).toISOString()).toBe('2026-11-24T00:00:00.000Z');
    const later = gate(attestation('2026-06-01', '2027-06-01'), []).snapshot;
    expect(nextStatusChange(later, now).toISOString()).toBe('2026-11-24T00:00:00.000Z');
  });
});
