// Supply-chain findings of issue 13: what `npm install` may run, on which npm and Node.js,
// from which lockfile, and what `npm test` may install on a developer's machine. Each replay
// works on scratch copies (package.json, package-lock.json, .npmrc) and never touches the
// working tree's node_modules.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import type { Finding } from './finding.ts';

const root = join(import.meta.dirname, '..', '..');
/** The first npm that honours `allowScripts` (lib/utils/check-allow-scripts.js first ships in 11.16.0). */
const firstNpmWithAllowScripts = '11.16.0';

interface Manifest {
  engines?: { node?: string; npm?: string };
  allowScripts?: Record<string, boolean>;
}
interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
  optional?: boolean;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const manifest = () => readJson<Manifest>(join(root, 'package.json'));

interface Ran {
  code: number;
  output: string;
}

/** Runs a command to completion; resolves with its exit code and stdout+stderr, in order. */
function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Ran> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { ...options, timeout: 300_000, maxBuffer: 1 << 24 });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A scratch folder holding only the files npm reads to plan an install. */
function scratchProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'attest-supply-'));
  for (const name of ['package.json', 'package-lock.json', '.npmrc'])
    copyFileSync(join(root, name), join(dir, name));
  return dir;
}

async function inScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = scratchProject();
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lastLine = (text: string, pattern: RegExp) =>
  text
    .split('\n')
    .filter((line) => pattern.test(line))
    .at(-1)
    ?.trim() ?? '(nothing matched)';

/** The dependencies in the lockfile whose `engines.node` rejects one of the given versions. */
function enginesExcluding(versions: string[]): string[] {
  const lock = readJson<{ packages: Record<string, LockEntry> }>(join(root, 'package-lock.json'));
  const excluding: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (!path || !range) continue;
    const rejected = versions.filter((version) => !semver.satisfies(version, range));
    if (rejected.length)
      excluding.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants ${range}`);
  }
  return excluding;
}

/** A copy of ensure-chromium.mjs that looks for a browser that is not there, with a fake apt-get. */
function chromiumRehearsal(dir: string): { script: string; path: string } {
  const source = readFileSync(join(root, 'scripts', 'ensure-chromium.mjs'), 'utf8');
  const missing = join(dir, 'no-chromium');
  const script = join(dir, 'ensure-chromium.mjs');
  writeFileSync(script, source.replaceAll("'/usr/bin/chromium'", JSON.stringify(missing)));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'apt-get'), '#!/bin/sh\necho "FAKE-APT-GET $*" >&2\n');
  chmodSync(join(bin, 'apt-get'), 0o755);
  return { script, path: `${bin}:${process.env.PATH ?? ''}` };
}

function withoutConsent(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.CI;
  delete env.ATTEST_INSTALL_BROWSER;
  return env;
}

export const findings: Finding[] = [
  {
    id: '16 npm',
    what: 'an npm that ignores allowScripts refuses to install',
    async replay() {
      const required = manifest().engines?.npm;
      const npmrc = readFileSync(join(root, '.npmrc'), 'utf8');
      const strict = /^\s*engine-strict\s*=\s*true\s*$/m.test(npmrc);
      const floor = required ? semver.minVersion(required)?.version : undefined;
      if (!strict || !floor || semver.lt(floor, firstNpmWithAllowScripts))
        return {
          held: false,
          saw: `engines.npm ${required ?? 'unset'}, engine-strict ${strict ? 'on' : 'off'} in .npmrc`,
        };
      const npm10 = await inScratch((dir) =>
        run(
          'npx',
          ['-y', 'npm@10', 'ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'],
          { cwd: dir },
        ),
      );
      const refused = npm10.code !== 0 && npm10.output.includes('EBADENGINE');
      return {
        held: refused,
        saw: `engines.npm ${required}, engine-strict on; npm 10 ci: ${refused ? `refused (${lastLine(npm10.output, /Required:/).replace(/^npm error notsup /, '')})` : `exit ${npm10.code}`}`,
      };
    },
  },
  {
    id: '16 scripts',
    what: 'only allow-listed install scripts run',
    async replay() {
      const listed = Object.keys(manifest().allowScripts ?? {});
      const ls = await run('npm', ['install-scripts', 'ls'], { cwd: root });
      const clean = ls.code === 0 && /No packages with unreviewed install scripts/.test(ls.output);
      return {
        held: clean,
        saw: `allowScripts: ${listed.join(', ')}; npm install-scripts ls: ${lastLine(ls.output, /\S/)}`,
      };
    },
  },
  {
    id: '16 lockfile',
    what: 'npm ci takes the committed lockfile; install leaves it unchanged',
    async replay() {
      return inScratch(async (dir) => {
        const ci = await run(
          'npm',
          ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'],
          {
            cwd: dir,
          },
        );
        if (ci.code !== 0) return { held: false, saw: `npm ci: ${lastLine(ci.output, /error/)}` };
        const before = readFileSync(join(dir, 'package-lock.json'), 'utf8');
        const install = await run(
          'npm',
          ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'],
          { cwd: dir },
        );
        const after = readFileSync(join(dir, 'package-lock.json'), 'utf8');
        const platforms = (after.match(/"node_modules\/@esbuild\/[^"]+"/g) ?? []).length;
        const same = install.code === 0 && before === after;
        return {
          held: same,
          saw: `npm ci --dry-run: ${lastLine(ci.output, /added|up to date/)}; npm install: lockfile ${same ? 'unchanged' : 'rewritten'} (${platforms} esbuild platform binaries listed)`,
        };
      });
    },
  },
  {
    id: '16 engines',
    what: 'no locked package excludes the Node.js the project declares',
    async replay() {
      const declared = manifest().engines?.node ?? '*';
      const oldest = semver.minVersion(declared)?.version ?? '0.0.0';
      const versions = [oldest, process.versions.node];
      const excluding = enginesExcluding(versions);
      return {
        held: excluding.length === 0,
        saw: excluding.length
          ? `${excluding.length} exclude Node ${versions.join(' or ')}: ${excluding.slice(0, 4).join('; ')}`
          : `every engines.node in package-lock.json accepts Node ${oldest} (oldest of ${declared}) and ${process.versions.node}`,
      };
    },
  },
  {
    id: '16 apt-get',
    what: 'npm test installs a system package only with consent, saying what first',
    async replay() {
      const dir = mkdtempSync(join(tmpdir(), 'attest-supply-chromium-'));
      try {
        const { script, path } = chromiumRehearsal(dir);
        const asked = await run(process.execPath, [script], {
          env: { ...withoutConsent(), PATH: path },
        });
        const ranApt = asked.output.includes('FAKE-APT-GET');
        const told =
          asked.output.includes('apt-get install') &&
          asked.output.includes('ATTEST_INSTALL_BROWSER=1');
        const consented = await run(process.execPath, [script], {
          env: { ...withoutConsent(), ATTEST_INSTALL_BROWSER: '1', PATH: path },
        });
        const announced = consented.output.indexOf('installing Debian');
        const firstApt = consented.output.indexOf('FAKE-APT-GET update');
        const saidFirst = announced >= 0 && firstApt > announced;
        const ciScript = readFileSync(join(root, '.ci', 'run'), 'utf8');
        const ciConsents = /ATTEST_INSTALL_BROWSER=1 npm test/.test(ciScript);
        const held = asked.code !== 0 && !ranApt && told && saidFirst && ciConsents;
        return {
          held,
          saw: `without consent: exit ${asked.code}, apt-get ${ranApt ? 'RAN' : 'not run'}, ${told ? 'printed the command' : 'no command printed'}; with ATTEST_INSTALL_BROWSER=1: ${saidFirst ? 'announced, then apt-get' : 'apt-get without announcement'}; .ci/run ${ciConsents ? 'consents' : 'does not consent'}`,
        };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    id: '16 sqlite',
    what: 'better-sqlite3, built by its allow-listed script, loads',
    async replay() {
      const sqlite = await run(
        process.execPath,
        [
          '-e',
          "const D=require('better-sqlite3');console.log(new D(':memory:').prepare('select sqlite_version() v').get().v)",
        ],
        { cwd: root },
      );
      return {
        held: sqlite.code === 0,
        saw:
          sqlite.code === 0
            ? `SQLite ${sqlite.output.trim()} in memory`
            : lastLine(sqlite.output, /Error/),
      };
    },
  },
  {
    id: '16 esbuild',
    what: "tsx's esbuild is not on the CLI's run-time path",
    async replay() {
      // Not done: the CLI registers tsx for its TypeScript, and `attest build`/`serve` run
      // `astro build`, which imports esbuild itself (astro and vite depend on it), so
      // compiling the CLI to JavaScript alone would not take esbuild off the run-time path.
      const cli = readFileSync(join(root, 'scripts', 'cli', 'main.mjs'), 'utf8');
      const tsxAtRuntime = cli.includes("import('tsx/esm/api')");
      const site = readFileSync(join(root, 'engine', 'publish', 'astro-build.mjs'), 'utf8');
      const astroAtRuntime = site.includes("import('astro')");
      return {
        held: !tsxAtRuntime && !astroAtRuntime,
        saw: [
          tsxAtRuntime
            ? 'the CLI registers tsx (esbuild) to load its TypeScript'
            : 'the CLI runs JavaScript',
          astroAtRuntime
            ? 'build and serve run astro build (esbuild via astro and vite)'
            : 'no astro build at run time',
        ].join('; '),
      };
    },
  },
  {
    id: 'file as root',
    what: 'the permission test of the file check runs as root too',
    async replay() {
      const report = join(mkdtempSync(join(tmpdir(), 'attest-supply-vitest-')), 'report.json');
      const ran = await run(
        join(root, 'node_modules', '.bin', 'vitest'),
        [
          'run',
          'engine/checks/file.test.ts',
          '-t',
          'may not read',
          '--reporter=json',
          `--outputFile=${report}`,
        ],
        { cwd: root },
      );
      const results = readJson<{
        testResults: { assertionResults: { title: string; status: string }[] }[];
      }>(report);
      rmSync(join(report, '..'), { recursive: true, force: true });
      const test = results.testResults
        .flatMap((file) => file.assertionResults)
        .find((result) => result.title.includes('may not read'));
      const uid = process.getuid?.();
      return {
        held: ran.code === 0 && test?.status === 'passed',
        saw: `as uid ${uid}: ${test ? `${test.status}` : 'test not found'}`,
      };
    },
  },
  {
    id: 'timed tests',
    what: 'check tests assert outcomes and order, not wall-clock bounds',
    async replay() {
      const folder = join(root, 'engine', 'checks');
      const timed = /(Date|performance)\.now\(\)\s*-|durationMs\)\.toBeLessThan/;
      const offenders = readdirSync(folder, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.test.ts'))
        .filter((name) => timed.test(readFileSync(join(folder, name), 'utf8')));
      return {
        held: offenders.length === 0,
        saw: offenders.length
          ? `wall-clock bounds in ${offenders.join(', ')}`
          : 'no elapsed-time assertion in engine/checks/**/*.test.ts',
      };
    },
  },
];
