import { describe, expect, it } from 'vitest';
import { createSnapshotFixture } from '../../engine/evaluate/test-support/snapshot-fixture.ts';
import { diffSnapshots } from '../../engine/publish/diff.ts';
import { formatDiff } from './format-diff.ts';

const labels = { from: 'publication #3', to: 'the working tree' };

function control(snapshot: ReturnType<typeof createSnapshotFixture>, id: string) {
  const found = snapshot.controls.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`fixture has no ${id}`);
  return found;
}

describe('formatDiff', () => {
  it('says so when nothing changed', () => {
    const snapshot = createSnapshotFixture();
    expect(formatDiff(diffSnapshots(snapshot, snapshot), labels)).toBe(
      'Changes from publication #3 to the working tree:\n\nNo changes.',
    );
  });

  it('groups changes, shows old and new claim, and marks gated and withheld controls', () => {
    const before = createSnapshotFixture();
    const after = createSnapshotFixture();
    const tls = control(after, 'encryption-in-transit');
    tls.claim = 'All traffic uses TLS 1.3.';
    tls.version = 4;
    control(after, 'tenant-isolation').claim = 'Row-level security on every table.';
    const backups = control(after, 'backups');
    backups.status = 'verified';
    backups.reason = 'verified 2026-11-21 09:00 UTC by file on backups/';
    control(after, 'multi-factor-authentication').claim = 'Staff use hardware keys.';
    after.subprocessors.entries = after.subprocessors.entries
      .filter((entry) => entry.id !== 'oldmail')
      .map((entry) => (entry.id === 'sentry' ? { ...entry, state: 'current' } : entry));
    const [soc2] = after.certifications;
    if (soc2) soc2.effectiveStatus = 'lapsed';
    after.documents = after.documents.map((document) =>
      document.id === 'security-policy' ? { ...document, version: '2.2' } : document,
    );

    expect(formatDiff(diffSnapshots(before, after), labels)).toBe(
      [
        'Changes from publication #3 to the working tree:',
        '',
        'Controls',
        '  ~ encryption-in-transit — Encryption in transit: claim reworded (version 4)',
        '      - All traffic is encrypted with TLS 1.2 or newer; plain HTTP is not served.',
        '      + All traffic uses TLS 1.3.',
        '  ~ multi-factor-authentication — Multi-factor authentication (withheld): claim reworded (version 1)',
        '      - Every staff account requires a second factor.',
        '      + Staff use hardware keys.',
        '  ~ tenant-isolation — Tenant isolation (gated): claim reworded (version 1)',
        '      - Every query is scoped to one tenant by row-level security.',
        '      + Row-level security on every table.',
        '  → backups — Backups: unverified → verified',
        '      verified 2026-11-21 09:00 UTC by file on backups/',
        '  ~ encryption-in-transit — Encryption in transit: version 3 → 4',
        '',
        'Certifications',
        '  → soc2-type2 — SOC 2 Type II: certified → lapsed',
        '',
        'Subprocessors',
        '  - oldmail — Old Mail Inc.: removed (was leaving)',
        '  → sentry — Sentry: upcoming → current, effective 2026-12-15, announced 2026-11-01',
        '',
        'Documents',
        '  ~ security-policy — Security policy: version 2.1 → 2.2',
        '',
        '9 changes.',
      ].join('\n'),
    );
  });
});
