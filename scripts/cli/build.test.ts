import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOrganisation } from '../../engine/fs/test-organisations.ts';
import { addSubscriber } from '../../engine/publish/notify.ts';
import { databasePath } from '../../engine/store/database-path.ts';
import { openStore } from '../../engine/store/open-store.ts';
import {
  expectComplete,
  expectedFiles,
  organisationWithFailingClaim,
  treeHashes,
} from './test-support/build-trees.ts';
import { type AttestRun, runAttest } from './test-support/run-attest.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const attest = (args: string[], env: Record<string, string> = {}) => runAttest(args, scratch, env);

describe('attest build', () => {
  // The bundled organisation here, both builds on SOURCE_DATE_EPOCH as a reproducible build
  // runs, and picsui below on its files' time; every seed is built in the browser suite
  // (site/e2e/organisations.test.ts).
  it('the bundled organisation builds, and builds again to the same bytes, dated SOURCE_DATE_EPOCH and never the clock', async () => {
    const dir = copyOrganisation('.', join(scratch, 'golden-bundled'));
    const args = ['build', '--dir', dir, '--skip-checks'];
    const env = { SOURCE_DATE_EPOCH: '1790000000' };
    const first = await attest(args, env);
    expect(first.code, first.stderr).toBe(0);
    const before = treeHashes(join(dir, 'dist'));
    expectComplete(Object.keys(before));
    const second = await attest(args, env);
    expect(second.code).toBe(0);
    expect(treeHashes(join(dir, 'dist'))).toEqual(before);
    const snapshot = JSON.parse(readFileSync(join(dir, 'dist', 'snapshot.json'), 'utf8'));
    expect(first.stdout).toContain(`snapshot ${snapshot.contentHash.slice(0, 12)}`);
    // The tests' clock is pinned to 2026-12-07 and the files were just copied; the epoch is
    // 2026-09-21.
    expect(snapshot.publishedAt).toBe(new Date(1_790_000_000_000).toISOString());
  }, 120_000);

  /**
   * examples/picsui is built once, with subscribers in its store, and that build is shared:
   * the steps below run in order on the same directory — a subprocessor change mails one
   * message, then a build without changes mails nothing and writes the same bytes again.
   */
  describe('examples/picsui, built once and published again', () => {
    const dir = join(scratch, 'golden-examples-picsui');
    const args = ['build', '--dir', dir, '--skip-checks'];
    const outbox = join(dir, 'data', 'outbox');
    const build = () => attest(args, { SMTP_URL: '' });
    let first: AttestRun;

    beforeAll(async () => {
      copyOrganisation('examples/picsui', dir);
      const store = await openStore(databasePath(dir));
      await addSubscriber(store, {
        email: 'buyer@customer.example',
        topic: 'subprocessors',
        confirmed: true,
      });
      await addSubscriber(store, {
        email: 'pending@customer.example',
        topic: 'all',
        confirmed: false,
      });
      await store.close();
      first = await build();
    }, 120_000);

    it('examples/picsui builds a complete tree and names its snapshot', () => {
      expect(first.code, first.stderr).toBe(0);
      expectComplete(Object.keys(treeHashes(join(dir, 'dist'))));
      const snapshot = JSON.parse(readFileSync(join(dir, 'dist', 'snapshot.json'), 'utf8'));
      expect(first.stdout).toContain(`snapshot ${snapshot.contentHash.slice(0, 12)}`);
    });

    it('mails confirmed subscribers one merged message per publication (to the outbox without SMTP_URL), and builds again to the same bytes', async () => {
      expect(first.code, first.stderr).toBe(0);
      // Publications without a change for anyone mailed no one.
      expect(existsSync(outbox) ? readdirSync(outbox) : []).toEqual([]);

      const subprocessors = join(dir, 'policies', 'subprocessors.yaml');
      writeFileSync(
        subprocessors,
        `${readFileSync(subprocessors, 'utf8').trimEnd()}\n  - id: mailgun\n    name: Mailgun\n    purpose: Transactional email\n    location: United States\n    dataCategories: [email address]\n    transferMechanism: sccs\n    change: added\n    announced: 2026-11-20\n    effective: 2027-01-15\n`,
      );
      const changed = await build();
      expect(changed.code, changed.stderr).toBe(0);
      expect(changed.stdout).toMatch(
        /Notified subscribers to .*outbox \(SMTP_URL is not set\): 1 sent, 0 failed/,
      );
      const messages = readdirSync(outbox);
      expect(messages).toHaveLength(1);
      const message = readFileSync(join(outbox, messages[0] ?? ''), 'utf8');
      expect(message).toMatch(/^To: buyer@customer\.example/m);
      expect(message).toContain('Mailgun');
      expect(message).toMatch(/^List-Unsubscribe:\s*<https:\/\/[^>]+\/api\/unsubscribe\?token=/m);

      // Built again without a change, on its files' time (no SOURCE_DATE_EPOCH): the same
      // bytes, and no mail.
      const before = treeHashes(join(dir, 'dist'));
      const unchanged = await build();
      expect(unchanged.code, unchanged.stderr).toBe(0);
      expect(unchanged.stdout).not.toContain('Notified');
      expect(readdirSync(outbox)).toHaveLength(1);
      expect(treeHashes(join(dir, 'dist'))).toEqual(before);
    }, 120_000);
  });

  /**
   * One organisation with a failing public claim, built once with onFailure: withhold; the
   * tests below read that build in order, then rebuild it with onFailure: block.
   */
  describe('a contradicted public claim', () => {
    let dir: string;
    let withheld: AttestRun;

    beforeAll(async () => {
      dir = organisationWithFailingClaim(scratch, 'failing', 'withhold');
      withheld = await attest(['build', '--dir', dir]);
    }, 120_000);

    it('with onFailure: withhold, publishes without exactly that claim, everywhere', () => {
      expect(withheld.code).toBe(0);
      expect(withheld.stdout).toMatch(
        /Withheld from every public output \(1\):\n {2}- legacy-tls-off: failing: config on settings.json/,
      );
      for (const file of expectedFiles) {
        const text = readFileSync(join(dir, 'dist', file), 'utf8');
        expect(text, file).not.toContain('legacy-tls-off');
        expect(text, file).not.toContain('unmistakably');
      }
      const trust = readFileSync(join(dir, 'dist', 'trust.json'), 'utf8');
      expect(trust).toContain('tenant-isolation');
    });

    it('blocks a contradicted public claim, prints it with its evidence, and leaves DIST byte-identical', async () => {
      expect(withheld.code).toBe(0);
      const link = readlinkSync(join(dir, 'dist'));
      const before = treeHashes(join(dir, 'dist'));
      writeFileSync(join(dir, 'policies', 'policy.yaml'), 'onFailure: block\n');
      const blocked = await attest(['build', '--dir', dir]);
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain('✖ legacy-tls-off — Legacy TLS disabled (public)');
      expect(blocked.stderr).toContain('config settings.json: observed');
      expect(blocked.stderr).toMatch(/nothing was published/);
      expect(readlinkSync(join(dir, 'dist'))).toBe(link);
      expect(treeHashes(join(dir, 'dist'))).toEqual(before);
    }, 120_000);
  });
});
