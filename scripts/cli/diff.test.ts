import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateOrganisation } from '../../engine/evaluate/evaluate.ts';
import { loadOrganisationFromDir } from '../../engine/fs/read-organisation.ts';
import { copyOrganisation, repoRoot } from '../../engine/fs/test-organisations.ts';
import { databasePath } from '../../engine/store/database-path.ts';
import { openStore } from '../../engine/store/open-store.ts';
import { testNow } from '../../engine/test-support/clock.ts';

const run = promisify(execFile);
const bin = join(repoRoot, 'scripts/attest.mjs');
const repo = mkdtempSync(join(tmpdir(), 'attest-diff-'));
/** The organisation lives in a subfolder of its repository, as in a monorepo. */
const org = join(repo, 'trust');

const oldClaim = 'ClientFlow serves all of its traffic over TLS 1.3.';
const newClaim = 'Every connection to ClientFlow is encrypted with TLS 1.3; plain HTTP is refused.';
const postmark = `  - id: postmark
    name: Postmark
    purpose: Transactional email delivery.
    location: United States
    dataCategories:
      - Recipient email addresses
    transferMechanism: sccs
    change: added
    announced: 2026-01-05
    effective: 2026-02-10
`;

async function git(...args: string[]): Promise<void> {
  await run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd: repo,
  });
}

/** Runs the real `attest` binary in the repository and returns what a user would see. */
async function attest(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [bin, ...args], {
      cwd: repo,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Stores the committed state as publication #1, as `attest build` would (in-process: fast). */
async function publish(): Promise<void> {
  const { model } = await loadOrganisationFromDir(org);
  if (!model) throw new Error('the copied organisation does not load');
  const snapshot = evaluateOrganisation(model, [], {
    now: testNow,
    publishedAt: '2026-11-20T14:03:00.000Z',
  });
  const store = await openStore(databasePath(org));
  try {
    await store.publications.save(snapshot, { builtAt: testNow.toISOString() });
  } finally {
    await store.close();
  }
}

function edit(path: string, change: (text: string) => string): void {
  const file = join(org, path);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

beforeAll(async () => {
  copyOrganisation('examples/clientflow', org);
  await git('init', '--quiet');
  await git('add', '.');
  await git('commit', '--quiet', '-m', 'Trust center');
  edit('controls/encryption-in-transit.yaml', (text) => text.replace(oldClaim, newClaim));
  appendFileSync(join(org, 'policies/subprocessors.yaml'), postmark);
  await git('commit', '--quiet', '-am', 'Reword TLS claim; add Postmark');
  await publish();
  // Uncommitted and unpublished: a new version of the data-handling summary.
  edit('policies/documents/data-handling-summary.md', (text) =>
    text.replace('version: "1.0"', 'version: "1.1"'),
  );
}, 20_000);

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe.concurrent('attest diff', () => {
  it('lists exactly the changes between two git revisions', async () => {
    const result = await attest([
      'diff',
      '--dir',
      'trust',
      '--from',
      'HEAD~1',
      '--to',
      'HEAD',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    const diff = JSON.parse(result.stdout);
    expect(diff.from.label).toMatch(/^HEAD~1 \([0-9a-f]{12}\)$/);
    expect(diff.to.label).toMatch(/^HEAD \([0-9a-f]{12}\)$/);
    expect(diff.changes).toBe(2);
    expect(diff.controls).toEqual({
      added: [],
      removed: [],
      reworded: [
        {
          id: 'encryption-in-transit',
          title: 'Encryption in transit',
          visibility: 'public',
          withheld: false,
          version: 2,
          before: oldClaim,
          after: newClaim,
        },
      ],
      statusChanged: [],
      versionBumped: [],
    });
    expect(diff.subprocessors).toEqual({
      added: [
        {
          id: 'postmark',
          name: 'Postmark',
          state: 'current',
          announced: '2026-01-05',
          effective: '2026-02-10',
          purpose: 'Transactional email delivery.',
          location: 'United States',
        },
      ],
      removed: [],
      changed: [],
      stateChanged: [],
    });
    expect(diff.certifications).toEqual({ added: [], removed: [], statusChanged: [] });
    expect(diff.documents).toEqual({ added: [], removed: [], versionChanged: [] });
  });

  it('compares the working tree with the latest publication by default', async () => {
    const result = await attest(['diff', '--dir', 'trust']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Changes from publication #1 \(2026-11-20 14:03 UTC, [0-9a-f]{12}\) to the working tree:\n/,
    );
    expect(result.stdout).toContain(
      '\n\nDocuments\n  ~ data-handling-summary — Security and data handling — summary: version 1.0 → 1.1\n\n1 change.\n',
    );
  });

  it('takes publication ids as #N, pub:N or N, and compares with HEAD when nothing was published', async () => {
    const [ids, unpublished] = await Promise.all([
      attest(['diff', '--dir', 'trust', '--from', 'pub:1', '--to', '1', '--format', 'json']),
      attest(['diff', '--dir', 'trust', '--db', join(repo, 'empty.db'), '--format', 'json']),
    ]);
    expect(ids.code).toBe(0);
    expect(JSON.parse(ids.stdout)).toMatchObject({
      from: { label: expect.stringMatching(/^publication #1 /) },
      to: { label: expect.stringMatching(/^publication #1 /) },
      changes: 0,
    });
    const fromHead = JSON.parse(unpublished.stdout);
    expect(fromHead.from.label).toMatch(/^HEAD \(/);
    expect(fromHead.changes).toBe(1);
    expect(fromHead.documents.versionChanged).toMatchObject([
      { id: 'data-handling-summary', after: '1.1' },
    ]);
  });

  it('exits 2 with a clear message for an unknown revision or publication', async () => {
    const [revision, publication] = await Promise.all([
      attest(['diff', '--dir', 'trust', '--from', 'no-such-branch']),
      attest(['diff', '--dir', 'trust', '--to', '#7']),
    ]);
    expect(revision.code).toBe(2);
    expect(revision.stderr).toContain('"no-such-branch" is neither a publication id in');
    expect(revision.stderr).toContain('nor a git revision');
    expect(publication.code).toBe(2);
    expect(publication.stderr).toContain('there is no publication #7 in');
    expect(revision.stdout + publication.stdout).toBe('');
  });
});
