// The CLI's findings of the resilience review (issue 13), replayed with the real `attest`.
// ATTEST_REPLAY_BUILDS (default 50) and ATTEST_REPLAY_AT_ONCE (default 5) size the
// concurrent-builds replay: that many builds in all, that many started together per round.
import { spawn } from 'node:child_process';
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
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyOrganisation, repoRoot } from '../../engine/fs/test-organisations.ts';
import { databasePath } from '../../engine/store/database-path.ts';
import { openStore } from '../../engine/store/open-store.ts';
import { runAttest } from '../cli/test-support/run-attest.ts';
import { freePort, startServe, stop, waitFor } from '../cli/test-support/serve-process.ts';
import type { Finding } from './finding.ts';

const bin = join(repoRoot, 'scripts/attest.mjs');

/** A fresh scratch directory for one replay. */
function scratch(name: string): string {
  return mkdtempSync(join(tmpdir(), `attest-replay-${name}-`));
}

/** Every file of a tree (following DIST's link), relative path → size. */
function treeSizes(dir: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    sizes.set(path.slice(dir.length + 1), statSync(path).size);
  }
  return sizes;
}

/** What is missing from `tree` compared with the reference file set, or empty. */
function missingFrom(tree: Map<string, number>, reference: Map<string, number>): string[] {
  return [...reference.keys()].filter((path) => !tree.has(path) || tree.get(path) === 0);
}

/** Runs `attest build --skip-checks` in the background; resolves with its exit code and stderr. */
function spawnBuild(dir: string, env: Record<string, string> = {}) {
  const child = spawn('node', [bin, 'build', '--dir', dir, '--skip-checks'], {
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, stderr: () => stderr };
}

async function publicationCount(dir: string): Promise<number> {
  const store = await openStore(databasePath(dir));
  try {
    return await store.publications.count();
  } finally {
    await store.close();
  }
}

async function concurrentBuilds(): Promise<{ held: boolean; saw: string }> {
  const total = Number(process.env.ATTEST_REPLAY_BUILDS) || 50;
  const atOnce = Number(process.env.ATTEST_REPLAY_AT_ONCE) || 5;
  const root = scratch('concurrent');
  try {
    const dir = copyOrganisation('examples/rowstr', join(root, 'org'));
    const first = await runAttest(['build', '--dir', dir, '--skip-checks'], root);
    if (first.code !== 0) return { held: false, saw: `reference build exited ${first.code}` };
    const reference = treeSizes(join(dir, 'dist'));
    const profile = join(dir, 'policies', 'trust-center.yaml');
    let incomplete = 0;
    let failed = 0;
    let waited = 0;
    let rounds = 0;
    const started = Date.now();
    for (let done = 0; done < total; done += atOnce) {
      rounds += 1;
      // A new name each round, so every round publishes a new version.
      writeFileSync(
        profile,
        readFileSync(profile, 'utf8').replace(/^name: .*$/m, `name: Rowstr ${rounds}`),
      );
      const builds = Array.from({ length: Math.min(atOnce, total - done) }, () => spawnBuild(dir));
      const codes = await Promise.all(builds.map((build) => build.exited));
      failed += codes.filter((code) => code !== 0).length;
      waited += builds.filter((build) =>
        build.stderr().includes('Waiting for another publication'),
      ).length;
      if (missingFrom(treeSizes(join(dir, 'dist')), reference).length) incomplete += 1;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    return {
      held: incomplete === 0 && failed === 0,
      saw: `${total} builds in ${rounds} rounds of ${atOnce} at once (${seconds} s): ${incomplete} incomplete trees, ${failed} failed builds, ${waited} waited for another with a message`,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function killDuringSwitch(): Promise<{ held: boolean; saw: string }> {
  const root = scratch('kill-switch');
  try {
    const dir = copyOrganisation('examples/rowstr', join(root, 'org'));
    if ((await runAttest(['build', '--dir', dir, '--skip-checks'], root)).code !== 0)
      return { held: false, saw: 'the first build failed' };
    const reference = treeSizes(join(dir, 'dist'));
    const profile = join(dir, 'policies', 'trust-center.yaml');
    const outcomes: string[] = [];
    let broken = 0;
    for (const [round, delayMs] of [0, 2, 8, 30].entries()) {
      const before = readlinkSync(join(dir, 'dist'));
      writeFileSync(
        profile,
        readFileSync(profile, 'utf8').replace(/^name: .*$/m, `name: Rowstr ${round}`),
      );
      const release = join(root, `release-${round}`);
      const build = spawnBuild(dir, { ATTEST_TEST_PAUSE_BEFORE_SWITCH: release });
      await waitFor(
        () => build.stderr().includes('paused before switching'),
        build.stderr,
        120_000,
      );
      writeFileSync(release, '');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      build.child.kill('SIGKILL');
      await build.exited;
      const complete = missingFrom(treeSizes(join(dir, 'dist')), reference).length === 0;
      if (!complete) broken += 1;
      outcomes.push(
        `${delayMs} ms: ${complete ? (readlinkSync(join(dir, 'dist')) === before ? 'old' : 'new') : 'INCOMPLETE'}`,
      );
    }
    return { held: broken === 0, saw: `killed during the switch after ${outcomes.join(', ')}` };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function failureAfterStaging(): Promise<{ held: boolean; saw: string }> {
  const root = scratch('record');
  try {
    const dir = copyOrganisation('.', join(root, 'org'));
    if ((await runAttest(['build', '--dir', dir, '--skip-checks'], root)).code !== 0)
      return { held: false, saw: 'the first build failed' };
    const link = readlinkSync(join(dir, 'dist'));
    const count = await publicationCount(dir);
    rmSync(join(dir, 'data', 'gated-documents'), { recursive: true, force: true });
    writeFileSync(join(dir, 'data', 'gated-documents'), '');
    const profile = join(dir, 'policies', 'trust-center.yaml');
    writeFileSync(profile, readFileSync(profile, 'utf8').replace(/^name: .*$/m, 'name: Other'));
    const run = await runAttest(['build', '--dir', dir, '--skip-checks'], root);
    const unchanged = readlinkSync(join(dir, 'dist')) === link;
    const recorded = (await publicationCount(dir)) - count;
    return {
      held: run.code === 2 && unchanged && recorded === 0 && /DIST is unchanged/.test(run.stderr),
      saw: `exit ${run.code}, DIST ${unchanged ? 'unchanged' : 'SWITCHED'}, ${recorded} publication(s) recorded: ${run.stderr.trim().split('\n').at(-1)}`,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function serveLeavesDist(): Promise<{ held: boolean; saw: string }> {
  const root = scratch('serve-dist');
  try {
    const dir = copyOrganisation('examples/picsui', join(root, 'org'));
    if ((await runAttest(['build', '--dir', dir, '--skip-checks'], root)).code !== 0)
      return { held: false, saw: 'the build failed' };
    const link = readlinkSync(join(dir, 'dist'));
    const port = await freePort();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    const failed = await runAttest(['serve', '--dir', dir, '--port', String(port)], root);
    taken.close();
    const afterFailure = readlinkSync(join(dir, 'dist')) === link;
    const server = await startServe(['--dir', dir, '--port', '0'], { cwd: root });
    await stop(server.child);
    const afterServing = readlinkSync(join(dir, 'dist')) === link;
    return {
      held: failed.code === 2 && afterFailure && afterServing,
      saw: `port taken: exit ${failed.code}, DIST ${afterFailure ? 'unchanged' : 'REPLACED'}; after serving: DIST ${afterServing ? 'unchanged' : 'REPLACED'}`,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function serveOverFailingResult(): Promise<{ held: boolean; saw: string }> {
  const root = scratch('serve-failing');
  try {
    const dir = copyOrganisation('.', join(root, 'org'));
    const evidence = join(dir, 'policies', 'evidence', 'database.yaml');
    writeFileSync(
      evidence,
      readFileSync(evidence, 'utf8').replace('encrypted: true', 'encrypted: false'),
    );
    const check = await runAttest(['check', '--dir', dir, '--control', 'encryption-at-rest'], root);
    const server = await startServe(['--dir', dir, '--port', '0'], { cwd: root }).catch(
      (error: Error) => error,
    );
    if (server instanceof Error) return { held: false, saw: server.message.split('\n')[0] ?? '' };
    try {
      await waitFor(() => server.stderr().includes('Re-running the checks'), server.stderr);
      return {
        held: check.code === 1,
        saw: `stored result failing (check exit ${check.code}); serve started and re-ran the checks at once`,
      };
    } finally {
      await stop(server.child);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function adminMissingDir(): Promise<{ held: boolean; saw: string }> {
  const root = scratch('admin');
  try {
    const missing = join(root, 'nonexistent');
    const run = await runAttest(
      ['admin', 'create', '--email', 'ada@example.com', '--dir', missing],
      root,
    );
    const created = existsSync(missing);
    return {
      held: run.code === 2 && !created,
      saw: `exit ${run.code}, directory ${created ? 'CREATED' : 'not created'}: ${run.stderr.trim()}`,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function caAndHelp(): Promise<{ held: boolean; saw: string }> {
  const problems: string[] = [];
  for (const command of ['build', 'serve']) {
    const help = (await runAttest([command, '--help'], repoRoot)).stdout;
    if (!/^ {2}--ca FILE {2,}\S/m.test(help)) problems.push(`${command} --help lacks --ca`);
    if (!/\[--resolve HOST:IP\[:PORT\]\]\.\.\./.test(help.split('\n')[2] ?? ''))
      problems.push(`${command} usage lacks --resolve`);
    if (/PORT\]For/.test(help)) problems.push(`${command} --help runs a flag into its text`);
  }
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  if (!/attest serve[^\n]*\n[^\n]*--resolve/.test(readme))
    problems.push('README serve synopsis lacks --resolve');
  const missingCa = await runAttest(
    ['build', '--dir', join(tmpdir(), 'attest-no-org'), '--ca', '/nonexistent.pem'],
    repoRoot,
  );
  if (missingCa.code !== 2 || !missingCa.stderr.includes('--ca /nonexistent.pem: cannot read'))
    problems.push(`build --ca /nonexistent.pem exited ${missingCa.code}: ${missingCa.stderr}`);
  return {
    held: problems.length === 0,
    saw:
      problems.join('; ') ||
      'build and serve take --ca; help columns apart; README lists --resolve',
  };
}

export const findings: Finding[] = [
  {
    id: '5-concurrent',
    what: '50 concurrent builds of the same organisation → zero incomplete trees',
    replay: concurrentBuilds,
  },
  {
    id: '5-kill-switch',
    what: 'a build killed during the switch leaves DIST the old or the new complete tree',
    replay: killDuringSwitch,
  },
  {
    id: '5-record',
    what: 'a build failing after rendering leaves DIST and the publication record as they were',
    replay: failureAfterStaging,
  },
  {
    id: 'serve-dist',
    what: 'serve never replaces the DIST build wrote, even when its port is taken',
    replay: serveLeavesDist,
  },
  {
    id: 'serve-failing',
    what: 'serve starts and runs the checks at once when the newest stored result fails',
    replay: serveOverFailingResult,
  },
  {
    id: 'admin-dir',
    what: 'admin create --dir /nonexistent exits 2 and creates nothing',
    replay: adminMissingDir,
  },
  {
    id: 'ca-help',
    what: 'build and serve take --ca; help and README list --resolve, columns apart',
    replay: caAndHelp,
  },
];
