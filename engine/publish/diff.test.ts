import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../evaluate/snapshot.ts';
import { createSnapshotFixture } from '../evaluate/test-support/snapshot-fixture.ts';
import { countChanges, diffSnapshots } from './diff.ts';

function edit(snapshot: Snapshot, change: (next: Snapshot) => void): Snapshot {
  const next = structuredClone(snapshot);
  change(next);
  next.contentHash = 'e'.repeat(64);
  return next;
}

function find<T extends { id: string }>(items: T[], id: string): T {
  const item = items.find((candidate) => candidate.id === id);
  if (!item) throw new Error(`fixture has no ${id}`);
  return item;
}

describe('diffSnapshots', () => {
  it('finds nothing between a snapshot and itself, whatever its hash and changelog', () => {
    const before = createSnapshotFixture();
    const after = edit(before, (next) => {
      next.changelog = [];
      next.publishedAt = '2026-12-01T00:00:00.000Z';
    });
    const diff = diffSnapshots(before, after);
    expect(countChanges(diff)).toBe(0);
    expect(diff.from?.publishedAt).toBe('2026-11-20T14:03:00.000Z');
    expect(diff.to.publishedAt).toBe('2026-12-01T00:00:00.000Z');
  });

  it('lists every part as added when there is no previous version', () => {
    const to = createSnapshotFixture();
    const diff = diffSnapshots(undefined, to);
    expect(diff.from).toBeUndefined();
    expect(diff.controls.added.map((control) => control.id)).toEqual(
      to.controls.map((control) => control.id).sort(),
    );
    expect(diff.subprocessors.added.map((entry) => [entry.id, entry.state])).toEqual([
      ['aws', 'current'],
      ['oldmail', 'leaving'],
      ['sentry', 'upcoming'],
      ['stripe', 'current'],
    ]);
    expect(diff.documents.added).toHaveLength(3);
    expect(diff.certifications.added).toHaveLength(6);
    expect(countChanges(diff)).toBe(to.controls.length + 4 + 3 + 6);
  });

  it('reports reworded claims with old and new text, status changes and version bumps', () => {
    const before = createSnapshotFixture();
    const after = edit(before, (next) => {
      const tls = find(next.controls, 'encryption-in-transit');
      tls.claim = 'All traffic is encrypted with TLS 1.3.';
      tls.version = 4;
      const backups = find(next.controls, 'backups');
      backups.status = 'verified';
      backups.reason = 'verified 2026-11-21 09:00 UTC by file on backups/';
      next.controls = next.controls.filter((control) => control.id !== 'bug-bounty');
      next.controls.push({
        ...backups,
        id: 'audit-logging',
        title: 'Audit logging',
        claim: 'Every admin action is logged.',
      });
    });
    const diff = diffSnapshots(before, after);
    expect(diff.controls.reworded).toEqual([
      {
        id: 'encryption-in-transit',
        title: 'Encryption in transit',
        visibility: 'public',
        withheld: false,
        version: 4,
        before: 'All traffic is encrypted with TLS 1.2 or newer; plain HTTP is not served.',
        after: 'All traffic is encrypted with TLS 1.3.',
      },
    ]);
    expect(diff.controls.versionBumped).toMatchObject([
      { id: 'encryption-in-transit', before: 3, after: 4 },
    ]);
    expect(diff.controls.statusChanged).toEqual([
      {
        id: 'backups',
        title: 'Backups',
        visibility: 'public',
        withheld: false,
        before: 'unverified',
        after: 'verified',
        reason: 'verified 2026-11-21 09:00 UTC by file on backups/',
      },
    ]);
    expect(diff.controls.added).toMatchObject([{ id: 'audit-logging', status: 'verified' }]);
    expect(diff.controls.removed).toMatchObject([{ id: 'bug-bounty', status: 'planned' }]);
    expect(countChanges(diff)).toBe(5);
  });

  it('marks gated and withheld controls so callers can keep them off public outputs', () => {
    const before = createSnapshotFixture();
    const after = edit(before, (next) => {
      find(next.controls, 'tenant-isolation').claim = 'Row-level security on every table.';
      find(next.controls, 'multi-factor-authentication').claim = 'Staff use hardware keys.';
    });
    expect(
      diffSnapshots(before, after).controls.reworded.map(({ id, visibility, withheld }) => ({
        id,
        visibility,
        withheld,
      })),
    ).toEqual([
      { id: 'multi-factor-authentication', visibility: 'public', withheld: true },
      { id: 'tenant-isolation', visibility: 'gated', withheld: false },
    ]);
  });

  it('reports subprocessors added, removed, changed field by field and changing state', () => {
    const before = createSnapshotFixture();
    const after = edit(before, (next) => {
      const entries = next.subprocessors.entries;
      const sentry = find(entries, 'sentry');
      sentry.state = 'current';
      const stripe = find(entries, 'stripe');
      stripe.location = 'Ireland';
      stripe.dataCategories = [...stripe.dataCategories, 'Invoices'];
      next.subprocessors.entries = entries.filter((entry) => entry.id !== 'oldmail');
      next.subprocessors.entries.push({
        ...sentry,
        id: 'postmark',
        name: 'Postmark',
        purpose: 'Transactional email.',
        location: 'United States',
        state: 'upcoming',
        announced: '2026-11-25',
        effective: '2027-01-01',
      });
    });
    const diff = diffSnapshots(before, after);
    expect(diff.subprocessors).toEqual({
      added: [
        {
          id: 'postmark',
          name: 'Postmark',
          state: 'upcoming',
          announced: '2026-11-25',
          effective: '2027-01-01',
          purpose: 'Transactional email.',
          location: 'United States',
        },
      ],
      removed: [
        {
          id: 'oldmail',
          name: 'Old Mail Inc.',
          state: 'leaving',
          announced: '2026-11-01',
          effective: '2026-12-15',
        },
      ],
      changed: [{ id: 'stripe', name: 'Stripe', fields: ['dataCategories', 'location'] }],
      stateChanged: [
        {
          id: 'sentry',
          name: 'Sentry',
          state: 'current',
          before: 'upcoming',
          announced: '2026-11-01',
          effective: '2026-12-15',
        },
      ],
    });
  });

  it('treats a field missing after a JSON round trip as the same as undefined', () => {
    const before = createSnapshotFixture();
    const stored = JSON.parse(JSON.stringify(before)) as Snapshot;
    expect(countChanges(diffSnapshots(stored, before))).toBe(0);
  });

  it('reports certification and document changes', () => {
    const before = createSnapshotFixture();
    const after = edit(before, (next) => {
      find(next.certifications, 'soc2-type2').effectiveStatus = 'lapsed';
      next.certifications = next.certifications.filter((cert) => cert.id !== 'hipaa');
      find(next.documents, 'security-policy').version = '2.2';
      next.documents = next.documents.filter((document) => document.id !== 'soc2-report');
    });
    const diff = diffSnapshots(before, after);
    expect(diff.certifications).toEqual({
      added: [],
      removed: [{ id: 'hipaa', name: 'HIPAA', status: 'not-held' }],
      statusChanged: [
        { id: 'soc2-type2', name: 'SOC 2 Type II', before: 'certified', after: 'lapsed' },
      ],
    });
    expect(diff.documents).toEqual({
      added: [],
      removed: [
        { id: 'soc2-report', title: 'SOC 2 Type II report', version: '2026', visibility: 'gated' },
      ],
      versionChanged: [
        { id: 'security-policy', title: 'Security policy', before: '2.1', after: '2.2' },
      ],
    });
  });
});
