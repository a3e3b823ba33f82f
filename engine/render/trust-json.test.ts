import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { publicSnapshot } from '../evaluate/public-view.ts';
import type { SnapshotControl } from '../evaluate/snapshot.ts';
import { createSnapshotFixture } from '../evaluate/test-support/snapshot-fixture.ts';
import { subprocessorsJson, type TrustJson, trustJson } from '../schema/trust-json.ts';
import { editFile, fixtureSnapshot } from './documents/test-support/fixture.ts';
import { renderTrustJson } from './trust-json.ts';

const generatedSchema = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../schema/json/trust-json.schema.json'), 'utf8'),
) as Record<string, unknown>;

function parse(text: string): TrustJson {
  return trustJson.parse(JSON.parse(text));
}

function control(trust: TrustJson, id: string) {
  const found = trust.controls.find((item) => item.id === id);
  if (!found) throw new Error(`no control ${id} in trust.json`);
  return found;
}

describe('renderTrustJson', () => {
  it('validates against its zod schema and the generated JSON Schema', () => {
    const text = renderTrustJson(createSnapshotFixture());
    expect(() => parse(text)).not.toThrow();
    const validate = new Ajv({ strict: false, validateFormats: false }).compile(generatedSchema);
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('publishes no gated, withheld or failing claim, and no internal data', () => {
    const snapshot = createSnapshotFixture();
    for (const input of [snapshot, publicSnapshot(snapshot)]) {
      const text = renderTrustJson(input);
      const trust = parse(text);
      expect(trust.controls.map((item) => item.id)).toEqual([
        'encryption-in-transit',
        'encryption-at-rest',
        'penetration-testing',
        'backups',
        'single-sign-on',
        'bug-bounty',
      ]);
      for (const hidden of [
        'tenant-isolation',
        'row-level security',
        'multi-factor-authentication',
        'mfa.required',
        'failing',
      ]) {
        expect(text).not.toContain(hidden);
      }
      for (const internal of [
        '"owner"',
        '"observed"',
        '"message"',
        '"reason"',
        'daysToExpiry',
        snapshot.gitCommit ?? '',
        'onFailure',
        '# Pen test',
        'Available under NDA',
      ]) {
        expect(text).not.toContain(internal);
      }
    }
  });

  it('hides the targets of checks on internal systems and credentials in URLs', () => {
    const check = (check: string, target: string): SnapshotControl['evidence'][number] => ({
      kind: 'check',
      id: undefined,
      check,
      target,
      description: undefined,
      state: 'pass',
      at: '2026-11-20T14:02:00.000Z',
      observed: undefined,
      expected: undefined,
      message: 'ok',
      waiver: undefined,
    });
    const snapshot = createSnapshotFixture();
    const first = snapshot.controls[0];
    if (!first) throw new Error('fixture has no controls');
    first.evidence = [
      check('postgres', '${DATABASE_URL}'),
      check('file', '/var/backups/*.dump'),
      check('http', 'https://ops:hunter2@status.example.com/health'),
      check('dns', 'example.com'),
    ];
    const text = renderTrustJson(snapshot);
    expect(
      control(parse(text), first.id).evidence.map((item) => 'target' in item && item.target),
    ).toEqual([null, null, 'https://status.example.com/health', 'example.com']);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('/var/backups');
  });

  it('shows each claim with its status, when it was verified and the evidence behind it', () => {
    const trust = parse(renderTrustJson(createSnapshotFixture()));
    expect(control(trust, 'encryption-in-transit')).toMatchObject({
      status: 'verified',
      verifiedAt: '2026-11-20T14:02:00.000Z',
      version: 3,
      updated: '2026-10-02',
      frameworks: { soc2: ['CC6.7'] },
      evidence: [
        {
          kind: 'check',
          check: 'tls',
          target: 'https://app.example.com',
          state: 'pass',
          at: '2026-11-20T14:02:00.000Z',
          waiver: null,
        },
      ],
    });
    expect(control(trust, 'penetration-testing')).toMatchObject({
      status: 'attested',
      verifiedAt: null,
      evidence: [
        { kind: 'attestation', by: 'cto@example.com', date: '2026-03-14', expires: '2027-03-14' },
      ],
    });
    expect(control(trust, 'encryption-at-rest').evidence).toEqual([
      {
        kind: 'inherited',
        provider: 'aws',
        providerName: 'Amazon Web Services',
        statement: 'Object storage encrypts every object with AES-256.',
        certification: 'SOC 2 Type II',
      },
    ]);
    expect(control(trust, 'backups').status).toBe('unverified');
    expect(control(trust, 'single-sign-on').status).toBe('in-progress');
    expect(control(trust, 'bug-bounty').status).toBe('planned');
  });

  it('gives every certification its honest status', () => {
    const trust = parse(renderTrustJson(createSnapshotFixture()));
    expect(trust.certifications.map((item) => [item.id, item.status])).toEqual([
      ['soc2-type2', 'certified'],
      ['pci-dss', 'lapsed'],
      ['iso27001', 'in-progress'],
      ['hosting-iso27001', 'inherited'],
      ['gdpr', 'self-assessed'],
      ['hipaa', 'not-held'],
    ]);
    expect(trust.certifications[0]).toMatchObject({
      validFrom: '2026-01-01',
      validUntil: '2026-12-31',
      auditor: 'Example Audit LLP',
    });
    expect(trust.certifications[1]).toMatchObject({ validUntil: '2025-12-31' });
    expect(trust.certifications[2]).toMatchObject({ target: '2027-Q2' });
    expect(trust.certifications[3]).toMatchObject({ providers: ['Amazon Web Services'] });
  });

  it('carries the organisation, subprocessors and the disclosure summary', () => {
    const trust = parse(renderTrustJson(createSnapshotFixture()));
    expect(trust).toMatchObject({
      formatVersion: 2,
      publishedAt: '2026-11-20T14:03:00.000Z',
      contentHash: 'f'.repeat(64),
      organisation: {
        name: 'Example',
        legalName: 'Example Ltd',
        trustCenterUrl: 'https://trust.example.com',
        contacts: { security: 'security@example.com', privacy: 'privacy@example.com', sales: null },
      },
    });
    expect(trust.subprocessors.entries?.map((item) => [item.id, item.state])).toEqual([
      ['aws', 'current'],
      ['stripe', 'current'],
      ['sentry', 'upcoming'],
      ['oldmail', 'leaving'],
    ]);
    expect(trust.disclosure).toMatchObject({
      contact: { email: 'security@example.com', url: 'https://example.com/security/report' },
      securityTxt: 'https://trust.example.com/.well-known/security.txt',
      sla: {
        acknowledge: { amount: 2, unit: 'business-days', text: '2 business days' },
        fix: { critical: { amount: 7, unit: 'days', text: '7 days' }, high: null },
      },
      safeHarbour: true,
      bounty: false,
    });
  });

  it('names no subprocessor when the list is given on request', () => {
    const snapshot = createSnapshotFixture();
    snapshot.subprocessors.listing = 'on-request';
    snapshot.subprocessors.requestContact = 'privacy@example.com';
    const text = renderTrustJson(snapshot);
    expect(parse(text).subprocessors).toEqual({
      noticeDays: 30,
      listing: 'on-request',
      requestContact: 'privacy@example.com',
      entries: null,
    });
    expect(text).not.toContain('Stripe');
    expect(text).not.toContain('Sentry');
  });

  it('stays valid for an organisation without trust-center URL or disclosure policy', () => {
    const snapshot = createSnapshotFixture({ disclosure: undefined });
    snapshot.organisation.url = undefined;
    const trust = parse(renderTrustJson(snapshot));
    expect(trust.organisation.trustCenterUrl).toBeNull();
    expect(trust.disclosure).toBeNull();
  });

  it('carries null, not a default, for a notice period, a bounty or page dates never declared', () => {
    const snapshot = fixtureSnapshot(
      [{ id: 'alpha', title: 'Alpha', evidence: 'attested' }],
      undefined,
      (files) =>
        editFile('policies/subprocessors.yaml', (text) => text.replace(/^noticeDays: \d+\n/m, ''))(
          files,
        ),
    );
    const text = renderTrustJson(snapshot);
    const trust = parse(text);
    expect(trust.subprocessors.noticeDays).toBeNull();
    expect(trust.disclosure?.bounty).toBeNull();
    expect(trust.organisation).toMatchObject({ updated: null, effective: null, draft: null });
    const validate = new Ajv({ strict: false, validateFormats: false }).compile(generatedSchema);
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('carries what is declared: notice period, an explicit "no bounty", page dates and a draft', () => {
    const snapshot = fixtureSnapshot(
      [{ id: 'alpha', title: 'Alpha', evidence: 'attested' }],
      undefined,
      (files) =>
        editFile(
          'policies/trust-center.yaml',
          (text) =>
            `${text}updated: 2026-11-20\neffective: 2026-11-01\ndraft:\n  note: Pending legal review\n`,
        )(
          editFile(
            'policies/disclosure.yaml',
            (text) => `${text}bounty:\n  offered: false\n`,
          )(files),
        ),
    );
    const trust = parse(renderTrustJson(snapshot));
    expect(trust.subprocessors.noticeDays).toBe(45);
    expect(trust.disclosure?.bounty).toBe(false);
    expect(trust.organisation).toMatchObject({
      updated: '2026-11-20',
      effective: '2026-11-01',
      draft: 'Pending legal review',
    });
  });

  it('matches the examples in docs/trust-json.md', () => {
    const docs = readFileSync(resolve(import.meta.dirname, '../../docs/trust-json.md'), 'utf8');
    const [trust, subprocessors] = [...docs.matchAll(/```json\n([\s\S]*?)```/g)].map(
      (match): unknown => JSON.parse(match[1] ?? ''),
    );
    expect(trustJson.safeParse(trust).error).toBeUndefined();
    expect(subprocessorsJson.safeParse(subprocessors).error).toBeUndefined();
  });

  it('is byte-identical for the same snapshot', () => {
    expect(renderTrustJson(createSnapshotFixture())).toBe(renderTrustJson(createSnapshotFixture()));
  });
});
