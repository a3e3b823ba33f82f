import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../checks/result.ts';
import { organisationWith } from '../checks/test-support/organisation.ts';
import { tlsResult } from '../checks/test-support/tls-result.ts';
import type { CheckStatus } from '../checks/types.ts';
import { type Control, control as controlSchema, policy as policySchema } from '../schema/index.ts';
import { evaluateOrganisation } from './evaluate.ts';
import { evaluateControl } from './evaluate-control.ts';
import { publicSnapshot } from './public-view.ts';

const now = new Date('2026-11-23T12:00:00Z');
const policy = policySchema.parse({});

const result = tlsResult;

const tls = '- check: tls\n  target: https://app.example.com\n  expect: { minVersion: TLSv1.2 }';
const attestation = (date: string, expires: string) =>
  `- attestation:\n    statement: Pen test clean.\n    by: cto@acme.example\n    date: ${date}\n    expires: ${expires}`;
const inherited = '- inherited:\n    provider: aws\n    statement: Disks are encrypted.';

function statusOf(
  evidence: string,
  results: (id: string) => CheckResult[] = () => [],
  overrides: { visibility?: string; waivers?: string } = {},
) {
  const model = organisationWith({ subject: { evidence, ...overrides } });
  const snapshot = evaluateOrganisation(model, results('subject'), {
    now,
    publishedAt: now.toISOString(),
  });
  return snapshot.controls.find((control) => control.id === 'subject');
}

describe('evaluateOrganisation', () => {
  it('verifies a control whose every check passed recently, saying when and by what', () => {
    const failedThenPassed = statusOf(tls, (id) => [
      result(id, 0, 'pass', '2026-11-23T09:30:00.000Z'),
      result(id, 0, 'fail', '2026-11-23T11:00:00.000Z'),
    ]);
    expect(failedThenPassed?.status).toBe('failing');
    const fresh = statusOf(tls, (id) => [
      result(id, 0, 'fail', '2026-11-22T14:02:11.000Z'),
      result(id, 0, 'pass', '2026-11-23T09:30:00.000Z'),
    ]);
    expect(fresh?.status).toBe('verified');
    expect(fresh?.reason).toBe(
      'verified 2026-11-23 09:30 UTC by tls on app.example.com: TLSv1.2 minimum, 83 days to certificate expiry',
    );
    expect(fresh?.verifiedAt).toBe('2026-11-23T09:30:00.000Z');
  });

  it('calls a result older than maxResultAgeHours stale, so the claim is not verified', () => {
    const control = statusOf(tls, (id) => [result(id, 0, 'pass', '2026-11-21T10:00:00.000Z')]);
    expect(control?.status).toBe('unverified');
    expect(control?.reason).toMatch(/last passed 2026-11-21 10:00 UTC, more than 24 h ago/);
  });

  it('fails a control on a failing check or a lapsed attestation; errors only make it unverified', () => {
    expect(statusOf(tls, (id) => [result(id, 0, 'fail')])?.status).toBe('failing');
    expect(statusOf(tls, (id) => [result(id, 0, 'error')])?.status).toBe('unverified');
    expect(statusOf(tls)?.reason).toBe('not verified: tls on app.example.com has no result yet');
    expect(statusOf(attestation('2026-03-14', '2026-11-01'))?.reason).toBe(
      'failing: the attestation by cto@acme.example expired on 2026-11-01',
    );
    expect(statusOf(attestation('2025-09-01', '2027-09-01'))?.status).toBe('failing');
    expect(statusOf(attestation('2026-03-14', '2027-03-14'))).toMatchObject({
      status: 'attested',
      reason: 'attested by cto@acme.example on 2026-03-14, valid until 2027-03-14',
    });
    expect(statusOf(inherited)).toMatchObject({
      status: 'inherited',
      reason: 'inherited from Amazon Web Services',
    });
  });

  it('treats a waived failure as unverified, and an expired waiver as no waiver', () => {
    const withId = `- id: app-tls\n  ${tls.slice(2)}`;
    const failed = (id: string) => [result(id, 0, 'fail')];
    const waived = (expires: string) =>
      statusOf(withId, failed, {
        waivers: `- evidence: app-tls\n  reason: Host retiring\n  expires: ${expires}`,
      });
    expect(waived('2026-12-01')).toMatchObject({
      status: 'unverified',
      reason: 'not verified: tls on app.example.com is waived until 2026-12-01: Host retiring',
    });
    expect(waived('2026-11-01')?.status).toBe('failing');
  });

  it('leaves internal controls out, keeps gated ones out of the public view, and withholds per policy', () => {
    expect(statusOf(inherited, undefined, { visibility: 'internal' })).toBeUndefined();
    const model = organisationWith({
      open: { evidence: inherited },
      members: { evidence: inherited, visibility: 'gated' },
      broken: { evidence: tls },
    });
    const full = evaluateOrganisation(model, [result('broken', 0, 'fail')], {
      now,
      publishedAt: now.toISOString(),
    });
    expect(full.controls.map((c) => c.id).sort()).toEqual(['broken', 'members', 'open']);
    expect(
      publicSnapshot(full)
        .controls.map((c) => c.id)
        .sort(),
    ).toEqual(['broken', 'open']);
    const withholding = { ...model, policy: { ...model.policy, onFailure: 'withhold' as const } };
    const withheld = evaluateOrganisation(withholding, [result('broken', 0, 'fail')], {
      now,
      publishedAt: now.toISOString(),
    });
    expect(withheld.controls.find((c) => c.id === 'broken')?.withheld?.reason).toMatch(
      /^failing: tls/,
    );
    expect(publicSnapshot(withheld).controls.map((c) => c.id)).toEqual(['open']);
    expect(publicSnapshot(withheld).rollup.byStatus.failing).toBe(0);
  });

  it('is deterministic: the same inputs give the same content hash, a changed claim another', () => {
    const model = organisationWith({ open: { evidence: tls } });
    const results = [result('open', 0, 'pass')];
    const a = evaluateOrganisation(model, results, {
      now,
      publishedAt: '2026-11-23T10:00:00.000Z',
    });
    const b = evaluateOrganisation(model, [...results], {
      now: new Date('2026-11-23T12:30:00Z'),
      publishedAt: '2026-11-23T10:00:00.000Z',
    });
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.contentHash).toBe(a.contentHash);
    const reworded = {
      ...model,
      controls: model.controls.map((c) => ({ ...c, claim: 'Another claim.' })),
    };
    expect(
      evaluateOrganisation(reworded, results, { now, publishedAt: '2026-11-23T10:00:00.000Z' })
        .contentHash,
    ).not.toBe(a.contentHash);
  });
});

describe('publicSnapshot', () => {
  it('publishes an internal check only as its verdict: no target, observation or reason naming it', () => {
    const config =
      '- check: config\n  target: policies/evidence/secret-db.json\n  expect: { path: ssl, equals: true }';
    const model = organisationWith({ internal: { evidence: config }, open: { evidence: tls } });
    const passed = (id: string, index = 0) =>
      result(id, index, 'pass', '2026-11-23T09:30:00.000Z', {
        check: 'config',
        target: 'policies/evidence/secret-db.json',
        observed: { value: true, file: 'secret-db.json' },
      });
    const snapshot = evaluateOrganisation(
      model,
      [passed('internal'), result('open', 0, 'pass', '2026-11-23T09:30:00.000Z')],
      { now, publishedAt: now.toISOString() },
    );
    const view = publicSnapshot(snapshot);
    const text = JSON.stringify(view.controls.find((control) => control.id === 'internal'));
    expect(text).not.toContain('secret-db');
    expect(view.controls.find((control) => control.id === 'internal')).toMatchObject({
      status: 'verified',
      reason: 'verified 2026-11-23 09:30 UTC by 1 automated check',
    });
    expect(view.controls.find((control) => control.id === 'open')?.evidence[0]).toMatchObject({
      target: 'https://app.example.com',
      observed: 'TLSv1.2',
    });
  });
});

describe('evaluateControl, for every combination of evidence', () => {
  type Item =
    | { kind: 'check'; status: CheckStatus | 'missing' | 'stale' | 'waived' }
    | { kind: 'attestation'; current: boolean }
    | { kind: 'inherited' };
  const item: fc.Arbitrary<Item> = fc.oneof(
    fc.record({
      kind: fc.constant('check' as const),
      status: fc.constantFrom('pass', 'fail', 'error', 'skipped', 'missing', 'stale', 'waived'),
    }),
    fc.record({ kind: fc.constant('attestation' as const), current: fc.boolean() }),
    fc.record({ kind: fc.constant('inherited' as const) }),
  );

  function build(items: readonly Item[]): { control: Control; results: Map<number, CheckResult> } {
    const results = new Map<number, CheckResult>();
    const evidence = items.map((entry, index) => {
      if (entry.kind === 'attestation') {
        return {
          attestation: {
            statement: 'S',
            by: 'a@b.example',
            date: '2026-06-01',
            expires: entry.current ? '2027-06-01' : '2026-10-01',
          },
        };
      }
      if (entry.kind === 'inherited') return { inherited: { provider: 'aws', statement: 'S' } };
      if (entry.status !== 'missing') {
        const status =
          entry.status === 'stale' ? 'pass' : entry.status === 'waived' ? 'fail' : entry.status;
        const at =
          entry.status === 'stale' ? '2026-11-01T00:00:00.000Z' : '2026-11-23T11:00:00.000Z';
        results.set(index, result('c', index, status, at));
      }
      return { id: `e${index}`, check: 'tls', target: 'https://a.example', expect: {} };
    });
    const control = controlSchema.parse({
      id: 'c',
      title: 'C',
      category: 'x',
      version: 1,
      updated: '2026-01-01',
      owner: 'a@b.example',
      visibility: 'public',
      status: 'implemented',
      claim: 'C.',
      evidence,
      waivers: items.flatMap((entry, index) =>
        entry.kind === 'check' && entry.status === 'waived'
          ? [{ evidence: `e${index}`, reason: 'R', expires: '2026-12-31' }]
          : [],
      ),
      changelog: [{ version: 1, date: '2026-01-01', note: 'n' }],
    });
    return { control, results };
  }
  const evaluate = (items: readonly Item[]) => {
    const { control, results } = build(items);
    return evaluateControl(control, { policy, now, results, providers: new Map([['aws', 'AWS']]) })
      .status;
  };

  it('never says verified when a check failed, errored, was skipped, is stale, waived or missing', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), (items) => {
        const status = evaluate(items);
        const unproven = items.some(
          (entry) =>
            (entry.kind === 'check' && entry.status !== 'pass') ||
            (entry.kind === 'attestation' && !entry.current),
        );
        if (unproven) expect(status).not.toBe('verified');
        if (status === 'verified') expect(items.some((entry) => entry.kind === 'check')).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('never turns a failing control into a passing one by adding a passing check', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 8 }), fc.nat(8), (items, position) => {
        fc.pre(evaluate(items) === 'failing');
        const more = [...items];
        more.splice(position % (items.length + 1), 0, { kind: 'check', status: 'pass' });
        expect(evaluate(more)).toBe('failing');
      }),
      { numRuns: 1000 },
    );
  });
});
