// npm run bench:validate — validates an organisation of 1,000 generated controls with the
// real `attest validate` process and prints wall time and peak memory (median of 5 runs).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { printTable } from './cli/print-table.ts';

const root = resolve(import.meta.dirname, '..');
const controlCount = 1000;
const runs = 5;
const targets = { wallMs: 1500, peakMb: 200 };

/** An organisation with the bundled policies and `count` controls cloned from the bundled ones. */
function generateOrganisation(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'attest-bench-'));
  cpSync(join(root, 'policies'), join(dir, 'policies'), { recursive: true });
  const templates = readdirSync(join(root, 'controls'))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => readFileSync(join(root, 'controls', name), 'utf8'));
  const controls = join(dir, 'controls');
  cpSync(join(root, 'controls'), controls, {
    recursive: true,
    filter: (path) => !path.endsWith('.yaml'),
  });
  for (let index = 0; index < count; index++) {
    const template = templates[index % templates.length] ?? '';
    const original = /^id: (.+)$/m.exec(template)?.[1] ?? 'control';
    // The first copy keeps its id, so the FAQ's references still resolve.
    const id = index < templates.length ? original : `${original}-${index}`;
    const text = template.replace(/^id: .+$/m, `id: ${id}`);
    writeFileSync(join(controls, `${id}.yaml`), text);
  }
  return dir;
}

/** Runs `attest validate` in a child process; returns wall time and the child's peak RSS. */
function measure(dir: string): { wallMs: number; peakMb: number; exitCode: number } {
  const wrapper = `
    import { writeSync } from 'node:fs';
    process.on('exit', () => writeSync(2, 'BENCH ' + process.resourceUsage().maxRSS + '\\n'));
    process.argv = [process.argv[0], 'attest', 'validate', '--dir', ${JSON.stringify(dir)}, '--format', 'json'];
    await import(${JSON.stringify(join(root, 'scripts/attest.mjs'))});
  `;
  const started = performance.now();
  const child = spawnSync('node', ['--input-type=module', '-e', wrapper], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const wallMs = performance.now() - started;
  const maxRssKb = Number(/^BENCH (\d+)$/m.exec(child.stderr)?.[1] ?? Number.NaN);
  return { wallMs, peakMb: maxRssKb / 1024, exitCode: child.status ?? -1 };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const dir = generateOrganisation(controlCount);
try {
  const results = Array.from({ length: runs }, () => measure(dir));
  const failed = results.find((result) => result.exitCode !== 0);
  if (failed)
    throw new Error(`attest validate exited ${failed.exitCode} on the generated organisation`);
  const wallMs = median(results.map((result) => result.wallMs));
  const peakMb = median(results.map((result) => result.peakMb));
  const rows = [
    ['measure', 'value', 'target', 'ok'],
    ['controls validated', String(controlCount), '1000', '✓'],
    [
      'wall time (median of 5)',
      `${wallMs.toFixed(0)} ms`,
      `< ${targets.wallMs} ms`,
      wallMs < targets.wallMs ? '✓' : '✗',
    ],
    [
      'peak RSS, whole process',
      `${peakMb.toFixed(0)} MB`,
      `< ${targets.peakMb} MB`,
      peakMb < targets.peakMb ? '✓' : '✗',
    ],
  ];
  printTable(rows);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
