// npm run bench:build — evaluates an organisation of 2,000 generated controls against a
// passing result for every check and renders every non-site output (snapshot.json,
// trust.json, subprocessors.json, feeds, security.txt); prints time and peak memory.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CheckResult } from '../engine/checks/result.ts';
import { passingResults } from '../engine/checks/test-support/passing-results.ts';
import { evaluateOrganisation } from '../engine/evaluate/evaluate.ts';
import { loadOrganisation, type SourceFile } from '../engine/load/load-organisation.ts';
import { renderOutputs } from '../engine/render/outputs.ts';
import { printTable } from './print-table.ts';

const root = resolve(import.meta.dirname, '..');
const controlCount = 2000;
const targets = { ms: 2000, peakMb: 300 };

function read(folder: string, pattern: RegExp): SourceFile[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path: path.slice(root.length + 1), text: readFileSync(path, 'utf8') };
    });
}

const policies = read('policies', /\.(ya?ml|md)$/).filter(
  (file) => !file.path.startsWith('policies/evidence/'),
);
const templates = read('controls', /\.yaml$/);
const controls: SourceFile[] = Array.from({ length: controlCount }, (_, index) => {
  const template = templates[index % templates.length] as SourceFile;
  const original = /^id: (.+)$/m.exec(template.text)?.[1] ?? 'control';
  const id = index < templates.length ? original : `${original}-${index}`;
  return { path: `controls/${id}.yaml`, text: template.text.replace(/^id: .+$/m, `id: ${id}`) };
});
const { model, diagnostics } = loadOrganisation([...policies, ...controls]);
if (!model || diagnostics.some((d) => d.severity === 'error'))
  throw new Error('the generated organisation does not validate');

const now = new Date();
const results: CheckResult[] = passingResults(model, now);

const started = performance.now();
const snapshot = evaluateOrganisation(model, results, { now, publishedAt: now.toISOString() });
const evaluatedMs = performance.now() - started;
const files = renderOutputs(snapshot);
const totalMs = performance.now() - started;
const bytes = [...files.values()].reduce((total, text) => total + Buffer.byteLength(text), 0);
const peakMb = process.resourceUsage().maxRSS / 1024;

printTable([
  ['measure', 'value', 'target', 'ok'],
  [
    'controls evaluated',
    String(
      snapshot.controls.length + model.controls.filter((c) => c.visibility === 'internal').length,
    ),
    String(controlCount),
    '✓',
  ],
  ['check results', String(results.length), '', ''],
  ['evaluate', `${evaluatedMs.toFixed(0)} ms`, '', ''],
  [
    'evaluate + render',
    `${totalMs.toFixed(0)} ms`,
    `< ${targets.ms} ms`,
    totalMs < targets.ms ? '✓' : '✗',
  ],
  ['outputs', `${files.size} files, ${(bytes / 1_048_576).toFixed(1)} MB`, '', ''],
  [
    'peak RSS, whole process',
    `${peakMb.toFixed(0)} MB`,
    `< ${targets.peakMb} MB`,
    peakMb < targets.peakMb ? '✓' : '✗',
  ],
]);
