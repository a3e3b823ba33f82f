// npm run bench:cli — how long `attest --help` takes from a cold process: through npx (as
// the README shows it), and directly with node. Median of 9 runs each.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { printTable } from './cli/print-table.ts';

const root = resolve(import.meta.dirname, '..');
const runs = 9;
const targetMs = 1000;

function medianMs(command: string, args: string[]): number {
  const times = Array.from({ length: runs }, () => {
    const started = performance.now();
    const child = spawnSync(command, args, { cwd: root, stdio: 'ignore' });
    if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${child.status}`);
    return performance.now() - started;
  }).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] ?? 0;
}

const rows = [
  ['command', 'median', 'target', 'ok'],
  ...[
    ['npx attest --help', medianMs('npx', ['attest', '--help'])],
    ['node scripts/attest.mjs --help', medianMs('node', ['scripts/attest.mjs', '--help'])],
    ['npx --version (npx alone)', medianMs('npx', ['--version'])],
  ].map(([name, ms]) => [
    String(name),
    `${Number(ms).toFixed(0)} ms`,
    `< ${targetMs} ms`,
    Number(ms) < targetMs ? '✓' : '✗',
  ]),
];
printTable(rows);
