// npm run bench:pdf — renders the DPA of the bundled organisation and of a generated
// 500-control organisation in a warm process (fonts read, modules loaded, renders done),
// every check passing so Annex II is as long as it gets; prints time, pages and bytes.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CheckResult } from '../engine/checks/result.ts';
import { passingResults } from '../engine/checks/test-support/passing-results.ts';
import { evaluateOrganisation } from '../engine/evaluate/evaluate.ts';
import type { Snapshot } from '../engine/evaluate/snapshot.ts';
import { loadOrganisation, type SourceFile } from '../engine/load/load-organisation.ts';
import type { Organisation } from '../engine/load/model.ts';
import { renderDocumentPdf } from '../engine/render/documents/render-documents.ts';
import { readPdfFonts } from '../engine/render/pdf/fonts-fs.ts';
import { printTable } from './print-table.ts';

const root = resolve(import.meta.dirname, '..');
const targets = { bundledMs: 300, largeMs: 3000, bundledBytes: 400 * 1024 };

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

/** The bundled organisation with `count` controls, copies of the bundled ones beyond 38. */
function organisation(count: number): Organisation {
  const controls = Array.from({ length: count }, (_, index) => {
    const template = templates[index % templates.length] as SourceFile;
    const original = /^id: (.+)$/m.exec(template.text)?.[1] ?? 'control';
    const id = index < templates.length ? original : `${original}-${index}`;
    return { path: `controls/${id}.yaml`, text: template.text.replace(/^id: .+$/m, `id: ${id}`) };
  });
  const { model, diagnostics } = loadOrganisation([...policies, ...controls]);
  if (!model || diagnostics.some((d) => d.severity === 'error'))
    throw new Error('the generated organisation does not validate');
  return model;
}

/** Evaluates with a fresh passing result for every check. */
function snapshotOf(model: Organisation): Snapshot {
  const now = new Date();
  const results: CheckResult[] = passingResults(model, now);
  return evaluateOrganisation(model, results, { now, publishedAt: now.toISOString() });
}

const fonts = await readPdfFonts();
const bundledModel = organisation(templates.length);
const largeModel = organisation(500);
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
