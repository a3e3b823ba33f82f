import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../evaluate/snapshot.ts';
import { createSnapshotFixture } from '../evaluate/test-support/snapshot-fixture.ts';
import { buildChangelog } from './changelog.ts';
import { diffSnapshots } from './diff.ts';

const firstAt = '2026-11-20T14:03:00.000Z';
const secondAt = '2026-12-16T08:00:00.000Z';

function publish(previous: Snapshot | undefined, current: Snapshot): Snapshot {
  const changelog = buildChangelog({
    controls: current.controls,
    previous: previous?.changelog ?? [],
    diff: diffSnapshots(previous, current),
    publishedAt: current.publishedAt,
  });
  return { ...current, changelog };
}

function find<T extends { id: string }>(items: T[], id: string): T {
  const item = items.find((candidate) => candidate.id === id);
  if (!item) throw new Error(`fixture has no ${id}`);
  return item;
}

/** The fixture a month later: Sentry is live, Old Mail gone, and a few more changes. */
function nextMonth(first: Snapshot): Snapshot {
  const next = createSnapshotFixture({ publishedAt: secondAt, changelog: first.changelog });
  const entries = next.subprocessors.entries;
  find(entries, 'sentry').state = 'current';
  next.subprocessors.entries = entries.filter((entry) => entry.id !== 'oldmail');
  find(next.certifications, 'soc2-type2').effectiveStatus = 'lapsed';
  find(next.documents, 'security-policy').version = '2.2';
  const tls = find(next.controls, 'encryption-in-transit');
  tls.claim = 'All traffic is encrypted with TLS 1.3.';
  tls.version = 4;
  tls.changelog.unshift({ version: 4, date: '2026-12-10', note: 'TLS 1.2 retired' });
  const backups = find(next.controls, 'backups');
  backups.claim = 'Databases are backed up every hour.';
  const gated = find(next.controls, 'tenant-isolation');
  next.controls.push(
    { ...backups, id: 'audit-logging', title: 'Audit logging', claim: 'Admin actions are logged.' },
    { ...gated, id: 'secrets-management', title: 'Secrets management' },
  );
  find(next.controls, 'multi-factor-authentication').claim = 'Staff use hardware keys.';
  return next;
}

describe('buildChangelog', () => {
  it('starts from the controls’ own history plus pending subprocessor changes, newest first', () => {
    const first = publish(undefined, createSnapshotFixture({ changelog: [] }));
    expect(first.changelog.map((entry) => [entry.date, entry.id])).toEqual([
      [firstAt, `subprocessor/oldmail/leaving/${firstAt}`],
      [firstAt, `subprocessor/sentry/upcoming/${firstAt}`],
      ['2026-10-02', 'control/encryption-in-transit/v3'],
      ['2026-04-10', 'control/encryption-in-transit/v2'],
      ['2026-01-15', 'control/backups/v1'],
      ['2026-01-15', 'control/bug-bounty/v1'],
      ['2026-01-15', 'control/encryption-at-rest/v1'],
      ['2026-01-15', 'control/encryption-in-transit/v1'],
      ['2026-01-15', 'control/multi-factor-authentication/v1'],
      ['2026-01-15', 'control/penetration-testing/v1'],
      ['2026-01-15', 'control/single-sign-on/v1'],
      ['2026-01-15', 'control/tenant-isolation/v1'],
    ]);
    expect(first.changelog[1]).toEqual({
      id: `subprocessor/sentry/upcoming/${firstAt}`,
      date: firstAt,
      kind: 'subprocessor',
      subject: 'sentry',
      title: 'Subprocessor announced: Sentry',
      text: 'Sentry starts processing customer data on 2026-12-15 (announced 2026-11-01). Purpose: Application error monitoring.',
    });
    expect(first.changelog[2]).toMatchObject({
      kind: 'control',
      subject: 'encryption-in-transit',
      title: 'Encryption in transit (version 3)',
      text: 'Minimum TLS raised to 1.2',
    });
  });

  it('gives the same changelog when nothing changed since the previous publication', () => {
    const first = publish(undefined, createSnapshotFixture({ changelog: [] }));
    const again = publish(first, createSnapshotFixture({ changelog: [] }));
    expect(again.changelog).toEqual(first.changelog);
  });

  it('adds one dated entry per newsworthy change and keeps the earlier ones', () => {
    const first = publish(undefined, createSnapshotFixture({ changelog: [] }));
    const second = publish(first, nextMonth(first));
    const added = second.changelog.filter((entry) => entry.date === secondAt);
    expect(added.map(({ kind, subject, title }) => ({ kind, subject, title }))).toEqual([
      { kind: 'subprocessor', subject: 'oldmail', title: 'Subprocessor removed: Old Mail Inc.' },
      { kind: 'subprocessor', subject: 'sentry', title: 'New subprocessor: Sentry' },
      {
        kind: 'certification',
        subject: 'soc2-type2',
        title: 'SOC 2 Type II: lapsed',
      },
      { kind: 'control', subject: 'audit-logging', title: 'New control: Audit logging' },
      { kind: 'control', subject: 'backups', title: 'Backups: claim reworded' },
      {
        kind: 'document',
        subject: 'security-policy',
        title: 'Security policy updated to version 2.2',
      },
    ]);
    expect(added.find((entry) => entry.subject === 'sentry')?.text).toBe(
      'Sentry processes customer data from 2026-12-15.',
    );
    expect(added.find((entry) => entry.subject === 'backups')?.text).toBe(
      'Databases are backed up every hour.',
    );
    expect(second.changelog.slice(added.length, added.length + 1)).toEqual([
      expect.objectContaining({ id: 'control/encryption-in-transit/v4', date: '2026-12-10' }),
    ]);
    for (const earlier of first.changelog) expect(second.changelog).toContainEqual(earlier);
    const ids = second.changelog.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('announces nothing about gated or withheld claims, and no reword its changelog explains', () => {
    const first = publish(undefined, createSnapshotFixture({ changelog: [] }));
    const second = publish(first, nextMonth(first));
    const subjects = second.changelog
      .filter((entry) => entry.date === secondAt)
      .map((entry) => entry.subject);
    expect(subjects).not.toContain('secrets-management');
    expect(subjects).not.toContain('multi-factor-authentication');
    expect(subjects).not.toContain('encryption-in-transit');
  });

  it('announces a reworded claim whose new version has no changelog entry', () => {
    const first = publish(undefined, createSnapshotFixture({ changelog: [] }));
    const next = createSnapshotFixture({ publishedAt: secondAt, changelog: [] });
    const tls = find(next.controls, 'encryption-in-transit');
    tls.claim = 'All traffic is encrypted with TLS 1.3.';
    tls.version = 4;
    const second = publish(first, next);
    expect(second.changelog[0]).toEqual({
      id: `control/encryption-in-transit/reworded-v4/${secondAt}`,
      date: secondAt,
      kind: 'control',
      subject: 'encryption-in-transit',
      title: 'Encryption in transit: claim reworded',
      text: 'All traffic is encrypted with TLS 1.3.',
    });
  });

  it('re-derives a control’s own entries: an edited note replaces the old one', () => {
    const first = publish(undefined, createSnapshotFixture({ changelog: [] }));
    const edited = createSnapshotFixture({ changelog: [] });
    const tls = find(edited.controls, 'encryption-in-transit');
    tls.changelog = tls.changelog.map((entry) =>
      entry.version === 3 ? { ...entry, note: 'Minimum TLS raised to 1.2 on every host' } : entry,
    );
    const second = publish(first, edited);
    const v3 = second.changelog.filter((entry) => entry.id === 'control/encryption-in-transit/v3');
    expect(v3.map((entry) => entry.text)).toEqual(['Minimum TLS raised to 1.2 on every host']);
  });

  it('drops id-less control entries of older publications instead of duplicating them', () => {
    const legacy = createSnapshotFixture();
    const second = publish(legacy, createSnapshotFixture({ changelog: [] }));
    const tlsV3 = second.changelog.filter(
      (entry) => entry.subject === 'encryption-in-transit' && entry.date === '2026-10-02',
    );
    expect(tlsV3).toHaveLength(1);
    expect(second.changelog).toContainEqual(
      expect.objectContaining({ subject: 'sentry', title: 'New subprocessor: Sentry' }),
    );
  });
});
