// npm run bench:build — evaluates an organisation of 2,000 generated controls against a
// passing result for every check and renders every non-site output (snapshot.json,
// trust.json, subprocessors.json, feeds, security.txt); prints time and peak memory.
import type { CheckResult } from '../engine/checks/result.ts';
import { passingResults } from '../engine/checks/test-support/passing-results.ts';
import { evaluateOrganisation } from '../engine/evaluate/evaluate.ts';
import { renderOutputs } from '../engine/render/outputs.ts';
import { generatedOrganisation } from './bench-organisation.ts';
import { printTable } from './cli/print-table.ts';

const controlCount = 2000;
const targets = { ms: 2000, peakMb: 300 };

const model = generatedOrganisation(controlCount);

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
