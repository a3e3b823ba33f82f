import { describe, expect, it } from 'vitest';
import { publicSnapshot } from '../../engine/evaluate/public-view.ts';
import type { EvidenceSummary, SnapshotControl } from '../../engine/evaluate/snapshot.ts';
import { createSnapshotFixture } from '../../engine/evaluate/test-support/snapshot-fixture.ts';
import {
  categoriesWithControls,
  checkView,
  freshnessOf,
  historySummary,
  publicReason,
  subjectHref,
} from './claims.ts';
import { withoutLeadingTitle } from './documents.ts';

const snapshot = publicSnapshot(createSnapshotFixture());

function control(id: string): SnapshotControl {
  const found = snapshot.controls.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`fixture has no public control ${id}`);
  return found;
}

function check(fields: Partial<Extract<EvidenceSummary, { kind: 'check' }>>) {
  return {
    kind: 'check' as const,
    id: undefined,
    check: 'config',
    target: 'policies/evidence/app.env',
    description: undefined,
    state: 'pass' as const,
    at: '2026-11-20T14:02:00.000Z',
    observed: { file: 'policies/evidence/app.env', path: 'CIPHER', value: 'aes-256-gcm' },
    expected: { path: 'CIPHER', equals: 'aes-256-gcm' },
    message: 'CIPHER is "aes-256-gcm" in policies/evidence/app.env',
    waiver: undefined,
    ...fields,
  };
}

describe('claims on the page', () => {
  it('says how each claim is proven', () => {
    expect(freshnessOf(control('encryption-in-transit'))).toEqual({
      kind: 'verified',
      at: '2026-11-20T14:02:00.000Z',
    });
    expect(freshnessOf(control('penetration-testing'))).toEqual({
      kind: 'attested',
      by: ['cto@example.com'],
      until: '2027-03-14',
    });
    expect(freshnessOf(control('encryption-at-rest'))).toEqual({
      kind: 'inherited',
      providers: ['Amazon Web Services'],
    });
    expect(freshnessOf(control('backups'))).toEqual({ kind: 'none' });
  });

  it('keeps roadmap items out of the category cards', () => {
    const listed = categoriesWithControls(snapshot).flatMap((category) =>
      category.controls.map((item) => item.id),
    );
    expect(listed).not.toContain('single-sign-on');
    expect(listed).not.toContain('bug-bounty');
    expect(listed).toContain('encryption-in-transit');
  });

  it('explains a status without naming internal files or hosts', () => {
    const unverified: SnapshotControl = {
      ...control('backups'),
      reason: 'not verified: config on policies/evidence/app.env has no result yet',
      evidence: [check({ state: 'missing', at: undefined, observed: undefined })],
    };
    expect(publicReason(unverified)).toBe('The check “Configuration setting” has no result yet.');
    const verified: SnapshotControl = {
      ...control('encryption-in-transit'),
      evidence: [check({}), check({ description: 'Second' })],
    };
    expect(publicReason(verified)).toBe('All 2 automated checks passed.');
    expect(publicReason(control('penetration-testing'))).toBe(
      'Attested by cto@example.com on 2026-03-14, valid until 2027-03-14.',
    );
  });

  it('shows internal checks without their location, and public ones in full', () => {
    expect(checkView(check({}))).toEqual({
      target: null,
      expected: [['CIPHER', 'equals aes-256-gcm']],
      observed: [['CIPHER', 'is aes-256-gcm']],
      message: null,
    });
    expect(
      checkView(
        check({
          check: 'tls',
          target: 'https://app.example.com',
          observed: { url: 'https://app.example.com', version: 'TLSv1.3' },
          expected: { minVersion: 'TLSv1.2' },
          message: 'TLSv1.3',
        }),
      ),
    ).toEqual({
      target: 'https://app.example.com',
      expected: [['minVersion', 'TLSv1.2']],
      observed: [['version', 'TLSv1.3']],
      message: 'TLSv1.3',
    });
    expect(checkView(check({ check: 'http', target: 'https://u:p@x.example/' })).target).toBe(
      'https://x.example/',
    );
  });

  it('summarises a verification history', () => {
    expect(
      historySummary({
        days: [
          { date: '2026-11-01', state: 'verified' },
          { date: '2026-11-02', state: 'failing' },
          { date: '2026-11-03', state: 'none' },
        ],
      }).text,
    ).toBe('verified on 1 of 3 days, failing on 1, not verified on 0, no data on 1.');
  });

  it('links changelog entries to where their subject is shown, and not to what is gone', () => {
    const entry = (
      kind: 'control' | 'subprocessor' | 'certification' | 'document',
      subject: string,
    ) => ({
      date: '2026-11-01',
      kind,
      subject,
      title: subject,
      text: '',
    });
    expect(subjectHref(snapshot, entry('control', 'encryption-in-transit'))).toBe(
      '/controls/encryption-in-transit/',
    );
    expect(subjectHref(snapshot, entry('control', 'tenant-isolation'))).toBeUndefined();
    expect(subjectHref(snapshot, entry('subprocessor', 'aws'))).toBe(
      '/subprocessors/#subprocessor-aws',
    );
    expect(subjectHref(snapshot, entry('certification', 'gdpr'))).toBe('/#certification-gdpr');
  });

  it('drops a document title the page already shows', () => {
    expect(withoutLeadingTitle('# DPA\n\n## 1. Scope\nText')).toBe('\n## 1. Scope\nText');
    expect(withoutLeadingTitle('## Scope\nText')).toBe('## Scope\nText');
  });
});
