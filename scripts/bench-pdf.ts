// npm run bench:pdf — renders the DPA of the bundled organisation and of a generated
// 500-control organisation in a warm process (fonts read, modules loaded, renders done),
// every check passing so Annex II is as long as it gets; prints time, pages and bytes.
import type { CheckResult } from '../engine/checks/result.ts';
import { passingResults } from '../engine/checks/test-support/passing-results.ts';
import { evaluateOrganisation } from '../engine/evaluate/evaluate.ts';
import type { Snapshot } from '../engine/evaluate/snapshot.ts';
import type { Organisation } from '../engine/load/model.ts';
import { renderDocumentPdf } from '../engine/render/documents/render-documents.ts';
import { readPdfFonts } from '../engine/render/pdf/fonts-fs.ts';
import { bundledControlCount, generatedOrganisation } from './bench-organisation.ts';
import { printTable } from './cli/print-table.ts';

const targets = { bundledMs: 300, largeMs: 3000, bundledBytes: 400 * 1024 };

/** Evaluates with a fresh passing result for every check. */
function snapshotOf(model: Organisation): Snapshot {
  const now = new Date();
  const results: CheckResult[] = passingResults(model, now);
  return evaluateOrganisation(model, results, { now, publishedAt: now.toISOString() });
}

const fonts = await readPdfFonts();
const bundledModel = generatedOrganisation(bundledControlCount);
const largeModel = generatedOrganisation(500);
const bundled = snapshotOf(bundledModel);
const large = snapshotOf(largeModel);

// Warm the process: modules compiled, fonts parsed, both documents rendered twice.
for (const snapshot of [bundled, large, bundled, large])
  await renderDocumentPdf(snapshot, 'dpa', fonts);

/** Median time of `runs` renders of the DPA. */
async function measure(snapshot: Snapshot, runs: number) {
  const times: number[] = [];
  let last: Awaited<ReturnType<typeof renderDocumentPdf>>;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    last = await renderDocumentPdf(snapshot, 'dpa', fonts);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] ?? 0, pdf: last };
}

const small = await measure(bundled, 15);
const big = await measure(large, 5);
const ok = (pass: boolean) => (pass ? '✓' : '✗');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

printTable([
  ['DPA', 'controls', 'time (median)', 'target', 'pages', 'size', 'target', 'ok'],
  [
    'bundled organisation',
    String(bundledModel.controls.length),
    `${small.ms.toFixed(0)} ms`,
    `< ${targets.bundledMs} ms`,
    String(small.pdf?.pages),
    kb(small.pdf?.bytes.length ?? 0),
    `< ${kb(targets.bundledBytes)}`,
    ok(small.ms < targets.bundledMs && (small.pdf?.bytes.length ?? 0) < targets.bundledBytes),
  ],
  [
    'generated organisation',
    String(largeModel.controls.length),
    `${big.ms.toFixed(0)} ms`,
    `< ${targets.largeMs} ms`,
    String(big.pdf?.pages),
    kb(big.pdf?.bytes.length ?? 0),
    '',
    ok(big.ms < targets.largeMs),
  ],
]);
