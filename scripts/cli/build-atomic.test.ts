import { type ChildProcess, spawn } from 'node:child_process';
import {
  cpSync,
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOrganisation, repoRoot } from '../../engine/fs/test-organisations.ts';
import { databasePath } from '../../engine/store/database-path.ts';
import { openStore } from '../../engine/store/open-store.ts';
import { expectComplete, treeHashes } from './test-support/build-trees.ts';
import { runAttest } from './test-support/run-attest.ts';

const bin = join(repoRoot, 'scripts/attest.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'attest-build-atomic-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const attest = (args: string[], env: Record<string, string> = {}) => runAttest(args, scratch, env);

describe('attest build publishes atomically', () => {
  /**
   * These tests are about how a build publishes, not what it shows: one small seed
   * organisation (one language), built once here; a test that needs a published DIST to
   * begin with starts from its own copy of that directory (DIST link, versions and store).
   */
  const built = join(scratch, 'built');
  beforeAll(async () => {
    copyOrganisation('examples/clientflow', built);
    const first = await attest(['build', '--dir', built, '--skip-checks']);
    expect(first.code, first.stderr).toBe(0);
  }, 120_000);
  const publishedCopy = (name: string) => {
    const dir = join(scratch, name);
    cpSync(built, dir, { recursive: true, verbatimSymlinks: true });
    return dir;
  };

  it('leaves DIST either the old or the new complete tree when killed at any moment', async () => {
    const dir = publishedCopy('killed');
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
          `name: Renamed ${round}`,
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
    const dir = copyOrganisation('examples/clientflow', join(scratch, 'concurrent'));
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
    const dir = publishedCopy('killed-switching');
    const profile = join(dir, 'policies', 'trust-center.yaml');
    for (const [round, delayMs] of [0, 30].entries()) {
      const before = treeHashes(join(dir, 'dist'));
      writeFileSync(
        profile,
        readFileSync(profile, 'utf8').replace(/^name: .*$/m, `name: Renamed ${round}`),
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
      expect(readFileSync(join(dir, 'dist', 'snapshot.json'), 'utf8')).toContain(
        `Renamed ${round}`,
      );
    }
    // A build after the kills takes over the dead builds' lock and publishes.
    expect((await attest(['build', '--dir', dir, '--skip-checks'])).code).toBe(0);
    expect(readFileSync(join(dir, 'dist', 'snapshot.json'), 'utf8')).toContain('Renamed 1');
  }, 180_000);

  it('leaves DIST and the publication record as they were when publishing fails, and says so', async () => {
    const dir = publishedCopy('failing-publication');
    const publications = async () => {
      const store = await openStore(databasePath(dir));
      try {
        return await store.publications.count();
      } finally {
        await store.close();
      }
    };
    const recorded = await publications();
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
    expect(await publications()).toEqual(recorded);
  }, 120_000);
});
