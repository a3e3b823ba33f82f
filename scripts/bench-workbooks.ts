// Real buyer workbooks, end to end: for each fixture in engine/questionnaire/fixtures/
// workbooks (or a file given by path), the time to read and answer it, peak memory, how many
// labelled answer cells were found and filled, which sheets were answered, and how many cells
// changed outside the answer and comment cells (must be 0). Run through `npm run bench:answer`
// (`npm run bench:answer -- path/to/file.xlsx --dir ORG` for a file that is not in the repo).
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { unzipSync } from 'fflate';
import type { Snapshot } from '../engine/evaluate/snapshot.ts';
import { answerQuestionnaireFile } from '../engine/questionnaire/answer-file.ts';
import { parseCellRef } from '../engine/questionnaire/cell-ref.ts';
import type { WorkbookData } from '../engine/questionnaire/workbook-model.ts';
import { readWorkbookPackage } from '../engine/questionnaire/xlsx-package.ts';

const fixtures = resolve(import.meta.dirname, '../engine/questionnaire/fixtures/workbooks');

interface LabelledQuestion {
  sheet: string;
  answer: string;
  comment: string | null;
}

interface Fixture {
  split: 'tune' | 'holdout';
  format: 'xlsx' | 'csv';
  sheets: { answered: string[]; skipped: string[] };
  questions: LabelledQuestion[];
}

/** `Sheet!R:C` keys of every existing cell and its text and formula flag. */
function cellMap(workbook: WorkbookData): Map<string, string> {
  const cells = new Map<string, string>();
  for (const sheet of workbook.sheets)
    for (const [row, columns] of sheet.rows)
      for (const [col, cell] of columns)
        cells.set(`${sheet.name}!${row}:${col}`, `${cell.formula ? 'f' : 'v'}:${cell.text}`);
  return cells;
}

/** What one run measured. */
export interface WorkbookRun {
  file: string;
  split: string;
  seconds: number;
  peakMb: number;
  questions: number;
  labelled: number;
  found: number;
  filled: number;
  sheetsRight: string;
  changedOutside: number;
  hiddenChanged: number;
}

/**
 * Answers one workbook and measures it; with `fixture` labels, scores the answer cells and
 * sheets against them.
 */
export async function runWorkbook(
  snapshot: Snapshot,
  path: string,
  fixture: Fixture | undefined,
): Promise<WorkbookRun> {
  const bytes = new Uint8Array(readFileSync(path));
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const result = await answerQuestionnaireFile(snapshot, bytes, { fileName: basename(path) });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);

  // A labelled question counts as found when an answer was given for its row, and as filled
  // when its labelled answer cell, empty before, holds text afterwards.
  let found = 0;
  let filled = 0;
  if (fixture) {
    const output = path.endsWith('.xlsx') ? readWorkbookPackage(result.bytes) : undefined;
    for (const question of fixture.questions) {
      const cell = parseCellRef(question.answer);
      if (result.answers.some((a) => a.sheet === question.sheet && a.row === cell?.row)) found++;
      const sheet = output?.sheets.find((s) => s.name === question.sheet);
      const text = cell ? sheet?.rows.get(cell.row)?.get(cell.col)?.text : undefined;
      if (text) filled++;
    }
  }

  let changedOutside = 0;
  let hiddenChanged = 0;
  if (path.endsWith('.xlsx')) {
    const input = readWorkbookPackage(bytes);
    const output = readWorkbookPackage(result.bytes);
    const inputCells = cellMap(input);
    // Only cells that were empty, in the rows of questions Attest answered, may change.
    const answeredRows = new Set(
      result.answers
        .filter((answer) => answer.written !== undefined)
        .map((answer) => `${answer.sheet}!${answer.row}`),
    );
    const mayChange = (key: string) =>
      answeredRows.has(key.slice(0, key.lastIndexOf(':'))) &&
      (inputCells.get(key) ?? 'v:') === 'v:';
    const outputCells = cellMap({
      ...output,
      sheets: output.sheets.filter((sheet) => input.sheets.some((s) => s.name === sheet.name)),
    });
    for (const key of new Set([...inputCells.keys(), ...outputCells.keys()]))
      if (inputCells.get(key) !== outputCells.get(key) && !mayChange(key)) changedOutside++;
    const inputParts = unzipSync(bytes);
    const outputParts = unzipSync(result.bytes);
    for (const sheet of input.sheets.filter((s) => s.state !== 'visible')) {
      const a = inputParts[sheet.path];
      const b = outputParts[sheet.path];
      if (!a || !b || Buffer.compare(Buffer.from(a), Buffer.from(b)) !== 0) hiddenChanged++;
    }
  }
  const answered = result.summary.sheets.map((sheet) => sheet.name).sort();
  const expected = fixture?.sheets.answered.slice().sort();
  return {
    file: basename(path),
    split: fixture?.split ?? 'given',
    seconds,
    peakMb: (peak - before) / 1024 / 1024,
    questions: result.answers.length,
    labelled: fixture?.questions.length ?? 0,
    found,
    filled,
    sheetsRight: expected
      ? JSON.stringify(answered) === JSON.stringify(expected)
        ? 'yes'
        : `no (${answered.join(', ')})`
      : answered.join(', '),
    changedOutside,
    hiddenChanged,
  };
}

/** Table rows for the fixtures (or for the files given), header first. */
export async function workbookRows(
  snapshot: Snapshot,
  files: readonly string[],
): Promise<string[][]> {
  const labels = JSON.parse(readFileSync(join(fixtures, 'labels.json'), 'utf8')) as {
    fixtures: Record<string, Fixture>;
  };
  const runs: WorkbookRun[] = [];
  const chosen = files.length
    ? files.map((file) => ({ path: resolve(file), fixture: undefined }))
    : Object.entries(labels.fixtures).map(([name, fixture]) => ({
        path: join(fixtures, name),
        fixture,
      }));
  for (const { path, fixture } of chosen) runs.push(await runWorkbook(snapshot, path, fixture));
  return [
    [
      'file',
      'split',
      'seconds',
      'peak MB',
      'questions',
      'labelled',
      'found',
      'filled',
      'sheets right',
      'cells changed outside answers',
      'hidden sheets changed',
    ],
    ...runs.map((run) => [
      run.file,
      run.split,
      run.seconds.toFixed(2),
      run.peakMb.toFixed(0),
      String(run.questions),
      String(run.labelled),
      String(run.found),
      String(run.filled),
      run.sheetsRight,
      String(run.changedOutside),
      String(run.hiddenChanged),
    ]),
  ];
}
