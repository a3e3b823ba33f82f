// npm run bench:cli [-- DIR] — how long `attest --help` takes from a cold process, through
// every way the README mentions, in the Attest repository or in DIR (another company's
// repository with Attest installed as a dev dependency). Median of 9 runs each.
//
// `npx attest` and `npm exec attest` load npm's view of the whole node_modules tree before
// they run a bin (under npm 11, to decide whether `attest` is installed or must be fetched),
// which costs seconds with Attest's dependencies installed; `npm run attest` and
// `./node_modules/.bin/attest` start the bin directly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { printTable } from './cli/print-table.ts';

const root = resolve(import.meta.dirname, '..');
const dir = resolve(process.argv[2] ?? root);
const runs = 9;
const targetMs = 1000;

function medianMs(command: string, args: string[]): number {
  const times = Array.from({ length: runs }, () => {
    const started = performance.now();
    const child = spawnSync(command, args, { cwd: dir, stdio: 'ignore' });
    if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${child.status}`);
    return performance.now() - started;
  }).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] ?? 0;
}

const bin = join(dir, 'node_modules/.bin/attest');
const candidates: Array<[string, string, string[]]> = [
  ['npx attest --help', 'npx', ['attest', '--help']],
  ['npm exec attest -- --help', 'npm', ['exec', 'attest', '--', '--help']],
  [
    'npm run attest -- --help (the documented way)',
    'npm',
    ['run', '--silent', 'attest', '--', '--help'],
  ],
  ['./node_modules/.bin/attest --help', bin, ['--help']],
  ['npx --version (npx alone)', 'npx', ['--version']],
];
const measured = candidates.filter(([name, command]) => {
  if (command === bin && !existsSync(bin)) return false;
  if (name.startsWith('npm run')) {
    const probe = spawnSync('npm', ['run', '--silent', 'attest', '--', '--version'], { cwd: dir });
    if (probe.status !== 0) {
      process.stderr.write(`${dir} has no "attest" npm script; skipping npm run\n`);
      return false;
    }
  }
  return true;
});

process.stdout.write(`attest --help from ${dir}\n`);
printTable([
  ['command', 'median', 'target', 'ok'],
  ...measured.map(([name, command, args]) => {
    const ms = medianMs(command, args);
    return [name, `${ms.toFixed(0)} ms`, `< ${targetMs} ms`, ms < targetMs ? '✓' : '✗'];
  }),
]);
