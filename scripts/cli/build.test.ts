import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  copyOrganisation,
  repoRoot,
  repositoryOrganisations,
} from '../../engine/fs/test-organisations.ts';
import { addSubscriber } from '../../engine/publish/notify.ts';
import { openStore } from '../../engine/store/open-store.ts';
import { runAttest } from './test-support/run-attest.ts';

const bin = join(repoRoot, 'scripts/attest.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'attest-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const attest = (args: string[], env: Record<string, string> = {}) => runAttest(args, scratch, env);

/** Every file of a published tree, path → sha256, following the DIST link. */
function treeHashes(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    hashes[path.slice(dir.length + 1)] = createHash('sha256')
      .update(readFileSync(path))
      .digest('hex');
  }
  return hashes;
}

const expectedFiles = [
  '.well-known/security.txt',
  'changes.atom',
  'snapshot.json',
  'subprocessors.atom',
  'subprocessors.json',
  'trust.json',
  'index.html',
];

/** Every published output plus the site's page and stylesheet. */
function expectComplete(paths: readonly string[]): void {
  expect(paths).toEqual(expect.arrayContaining(expectedFiles));
  expect(paths.some((path) => /^_astro\/.+\.css$/.test(path))).toBe(true);
}

/** A copy of an example organisation with one extra public control whose config check fails. */
function organisationWithFailingClaim(name: string, onFailure: 'block' | 'withhold'): string {
  const dir = copyOrganisation('examples/clientflow', join(scratch, name));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ tls: { min: 'TLSv1.0' } }));
  const first = readFileSync(
    join(dir, 'controls', readdirSync(join(dir, 'controls'))[0] ?? ''),
    'utf8',
  );
  const category = /^category: (.+)$/m.exec(first)?.[1];
  writeFileSync(
    join(dir, 'controls', 'legacy-tls-off.yaml'),
    `id: legacy-tls-off\ntitle: Legacy TLS disabled\ncategory: ${category}\nversion: 1\nupdated: 2026-01-01\nowner: security@clientflow.example\nvisibility: public\nstatus: implemented\nclaim: TLS 1.0 is switched off everywhere, unmistakably.\nevidence:\n  - check: config\n    target: settings.json\n    expect: { path: tls.min, equals: TLSv1.2 }\nchangelog:\n  - { version: 1, date: 2026-01-01, note: First }\n`,
  );
  writeFileSync(join(dir, 'policies', 'policy.yaml'), `onFailure: ${onFailure}\n`);
  return dir;
}

describe('attest build', () => {
  it.each(repositoryOrganisations)(
    '%s builds, and builds again to the same bytes',
    async (organisation) => {
      const dir = copyOrganisation(
        organisation,
        join(scratch, `golden-${organisation.replace(/\W/g, '-')}`),
      );
      const args = ['build', '--dir', dir, '--skip-checks'];
      const first = await attest(args);
      expect(first.code, first.stderr).toBe(0);
      const before = treeHashes(join(dir, 'dist'));
      expectComplete(Object.keys(before));
      const second = await attest(args);
      expect(second.code).toBe(0);
      expect(treeHashes(join(dir, 'dist'))).toEqual(before);
      const snapshot = JSON.parse(readFileSync(join(dir, 'dist', 'snapshot.json'), 'utf8'));
      expect(first.stdout).toContain(`snapshot ${snapshot.contentHash.slice(0, 12)}`);
    },
    120_000,
  );

  it('takes the snapshot time from SOURCE_DATE_EPOCH, never from the clock', async () => {
    const dir = copyOrganisation('examples/picsui', join(scratch, 'epoch'));
    expect(
      (await attest(['build', '--dir', dir, '--skip-checks'], { SOURCE_DATE_EPOCH: '1790000000' }))
        .code,
    ).toBe(0);
    const snapshot = JSON.parse(readFileSync(join(dir, 'dist', 'snapshot.json'), 'utf8'));
    expect(snapshot.publishedAt).toBe(new Date(1_790_000_000_000).toISOString());
  });

  it('blocks a contradicted public claim, prints it with its evidence, and leaves DIST byte-identical', async () => {
    const dir = organisationWithFailingClaim('blocked', 'block');
    const policy = join(dir, 'policies', 'policy.yaml');
    writeFileSync(policy, 'onFailure: withhold\n');
    expect((await attest(['build', '--dir', dir])).code).toBe(0);
    const link = readlinkSync(join(dir, 'dist'));
    const before = treeHashes(join(dir, 'dist'));
    writeFileSync(policy, 'onFailure: block\n');
    const blocked = await attest(['build', '--dir', dir]);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('✖ legacy-tls-off — Legacy TLS disabled (public)');
    expect(blocked.stderr).toContain('config settings.json: observed');
    expect(blocked.stderr).toMatch(/nothing was published/);
    expect(readlinkSync(join(dir, 'dist'))).toBe(link);
    expect(treeHashes(join(dir, 'dist'))).toEqual(before);
  }, 120_000);

  it('with onFailure: withhold, publishes without exactly that claim, everywhere', async () => {
    const dir = organisationWithFailingClaim('withheld', 'withhold');
    const result = await attest(['build', '--dir', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
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

  it('leaves DIST either the old or the new complete tree when killed at any moment', async () => {
    const dir = copyOrganisation('examples/rowstr', join(scratch, 'killed'));
    expect((await attest(['build', '--dir', dir, '--skip-checks'])).code).toBe(0);
    const complete = (tree: string) => {
      const hashes = treeHashes(tree);
      expectComplete(Object.keys(hashes));
      const snapshot = JSON.parse(readFileSync(join(tree, 'snapshot.json'), 'utf8'));
      const trust = JSON.parse(readFileSync(join(tree, 'trust.json'), 'utf8'));
      expect(JSON.stringify(trust)).toContain(snapshot.contentHash);
    };
    for (let round = 0; round < 8; round++) {
      writeFileSync(
        join(dir, 'policies', 'trust-center.yaml'),
        readFileSync(join(dir, 'policies', 'trust-center.yaml'), 'utf8').replace(
          /^name: .*$/m,
          `name: Rowstr ${round}`,
        ),
      );
      const child: ChildProcess = spawn('node', [bin, 'build', '--dir', dir, '--skip-checks'], {
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, 150 + ((round * 337) % 1400)));
      child.kill('SIGKILL');
      await exited;
      expect(existsSync(join(dir, 'dist'))).toBe(true);
      complete(join(dir, 'dist'));
    }
    const versions = readdirSync(join(dir, '.dist-versions'));
    expect(versions.length).toBeLessThanOrEqual(8 + 2);
    expect(statSync(join(dir, 'dist')).isDirectory()).toBe(true);
  }, 120_000);

  /** Starts `attest build` in the background, collecting its output. */
  function spawnBuild(dir: string, env: Record<string, string> = {}) {
    const child = spawn('node', [bin, 'build', '--dir', dir, '--skip-checks'], {
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout?.resume();
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { child, exited, stderr: () => stderr };
  }

  /** Resolves once `ready` holds, polling; fails with `log()` after a minute. */
  async function until(ready: () => boolean, log: () => string): Promise<void> {
    const deadline = Date.now() + 90_000;
    while (!ready()) {
      if (Date.now() > deadline) throw new Error(`timed out:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('makes a second build wait while another publishes, and both leave DIST complete', async () => {
    const dir = copyOrganisation('examples/rowstr', join(scratch, 'concurrent'));
    const release = join(scratch, 'concurrent-release');
    const first = spawnBuild(dir, { ATTEST_TEST_PAUSE_BEFORE_SWITCH: release });
    await until(() => first.stderr().includes('paused before switching'), first.stderr);
    const second = spawnBuild(dir);
    await until(() => /Waiting for another publication/.test(second.stderr()), second.stderr);
    writeFileSync(release, '');
    expect(await first.exited, first.stderr()).toBe(0);
    expect(await second.exited, second.stderr()).toBe(0);
    expectComplete(Object.keys(treeHashes(join(dir, 'dist'))));
    expect(existsSync(join(dir, '.dist.lock'))).toBe(false);
  }, 180_000);

  it('leaves DIST the old or the new complete tree when killed while switching', async () => {
    const dir = copyOrganisation('examples/rowstr', join(scratch, 'killed-switching'));
    expect((await attest(['build', '--dir', dir, '--skip-checks'])).code).toBe(0);
    const profile = join(dir, 'policies', 'trust-center.yaml');
    for (const [round, delayMs] of [0, 4, 30].entries()) {
      const before = treeHashes(join(dir, 'dist'));
      writeFileSync(
        profile,
        readFileSync(profile, 'utf8').replace(/^name: .*$/m, `name: Rowstr ${round}`),
      );
      const release = join(scratch, `switch-release-${round}`);
      const build = spawnBuild(dir, { ATTEST_TEST_PAUSE_BEFORE_SWITCH: release });
      await until(() => build.stderr().includes('paused before switching'), build.stderr);
      writeFileSync(release, '');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      build.child.kill('SIGKILL');
      await build.exited;
      const after = treeHashes(join(dir, 'dist'));
      if (JSON.stringify(after) === JSON.stringify(before)) continue;
      expectComplete(Object.keys(after));
      expect(readFileSync(join(dir, 'dist', 'snapshot.json'), 'utf8')).toContain(`Rowstr ${round}`);
    }
    // A build after the kills takes over the dead builds' lock and publishes.
    expect((await attest(['build', '--dir', dir, '--skip-checks'])).code).toBe(0);
    expect(readFileSync(join(dir, 'dist', 'snapshot.json'), 'utf8')).toContain('Rowstr 2');
  }, 180_000);

  it('leaves DIST and the publication record as they were when publishing fails, and says so', async () => {
    const dir = copyOrganisation('.', join(scratch, 'failing-publication'));
    expect((await attest(['build', '--dir', dir, '--skip-checks'])).code).toBe(0);
    const publications = () => {
      const store = openStore(join(dir, 'data', 'attest.db'));
      try {
        return store.sqlite.prepare('select count(*) as n from publications').get();
      } finally {
        store.close();
      }
    };
    const recorded = publications();
    const link = readlinkSync(join(dir, 'dist'));
    // Gated documents cannot be written: their folder is a file.
    rmSync(join(dir, 'data', 'gated-documents'), { recursive: true, force: true });
    writeFileSync(join(dir, 'data', 'gated-documents'), '');
    const profile = join(dir, 'policies', 'trust-center.yaml');
    writeFileSync(
      profile,
      readFileSync(profile, 'utf8').replace(/^name: .*$/m, 'name: Renamed Works'),
    );
    const failed = await attest(['build', '--dir', dir, '--skip-checks']);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/nothing was published and DIST is unchanged/);
    expect(readlinkSync(join(dir, 'dist'))).toBe(link);
    expect(publications()).toEqual(recorded);
  }, 120_000);

  it('mails confirmed subscribers one merged message per publication (to the outbox without SMTP_URL)', async () => {
    const dir = copyOrganisation('examples/picsui', join(scratch, 'notify'));
    const store = openStore(join(dir, 'data', 'attest.db'));
    addSubscriber(store, {
      email: 'buyer@customer.example',
      topic: 'subprocessors',
      confirmed: true,
    });
    addSubscriber(store, { email: 'pending@customer.example', topic: 'all', confirmed: false });
    store.close();
    expect((await attest(['build', '--dir', dir, '--skip-checks'], { SMTP_URL: '' })).code).toBe(0);
    const outbox = join(dir, 'data', 'outbox');
    expect(existsSync(outbox) ? readdirSync(outbox) : []).toEqual([]);

    const subprocessors = join(dir, 'policies', 'subprocessors.yaml');
    writeFileSync(
      subprocessors,
      `${readFileSync(subprocessors, 'utf8').trimEnd()}\n  - id: mailgun\n    name: Mailgun\n    purpose: Transactional email\n    location: United States\n    dataCategories: [email address]\n    transferMechanism: sccs\n    change: added\n    announced: 2026-11-20\n    effective: 2027-01-15\n`,
    );
    const second = await attest(['build', '--dir', dir, '--skip-checks'], { SMTP_URL: '' });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(
      /Notified subscribers to .*outbox \(SMTP_URL is not set\): 1 sent, 0 failed/,
    );
    const messages = readdirSync(outbox);
    expect(messages).toHaveLength(1);
    const message = readFileSync(join(outbox, messages[0] ?? ''), 'utf8');
    expect(message).toMatch(/^To: buyer@customer\.example/m);
    expect(message).toContain('Mailgun');
    expect(message).toMatch(/^List-Unsubscribe:\s*<https:\/\/[^>]+\/api\/unsubscribe\?token=/m);

    expect(
      (await attest(['build', '--dir', dir, '--skip-checks'], { SMTP_URL: '' })).stdout,
    ).not.toContain('Notified');
    expect(readdirSync(outbox)).toHaveLength(1);
  }, 120_000);
});
