// `npm run bench:answer`: precision and coverage of questionnaire answers on the labelled
// test set (engine/questionnaire/testset), per organisation and layout, and the time to
// answer a 400-question workbook end to end (read, detect, answer, write).
import { relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { conceptsOf } from '../engine/language/concepts/concepts.ts';
import { answerQuestionnaireFile } from '../engine/questionnaire/answer-file.ts';
import { rates, type Score, scoreWorkbook } from '../engine/questionnaire/test-support/score.ts';
import { repositorySnapshot } from '../engine/questionnaire/test-support/snapshot.ts';
import {
  buildWorkbook,
  readTestset,
  type TestsetOrganisation,
  testsetOrganisations,
} from '../engine/questionnaire/test-support/testset.ts';
import type { Layout } from '../engine/questionnaire/types.ts';
import { evalsetRows } from './bench-evalset.ts';
import { workbookRows } from './bench-workbooks.ts';
import { printTable } from './cli/print-table.ts';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

// `npm run bench:answer -- FILE.xlsx [--dir ORG]`: measure a questionnaire that is not in the repo.
const args = process.argv.slice(2);
const dirAt = args.indexOf('--dir');
const organisationDir =
  relative(
    resolve(import.meta.dirname, '..'),
    resolve(dirAt >= 0 ? (args[dirAt + 1] ?? '.') : '.'),
  ) || '.';
const files = args.filter((_, index) => dirAt < 0 || (index !== dirAt && index !== dirAt + 1));
if (files.length > 0) {
  const rowsForFiles = await workbookRows(await repositorySnapshot(organisationDir), files);
  console.log(`Answered from ${organisationDir}\n`);
  printTable(rowsForFiles);
  process.exit(0);
}

const testset = readTestset();
const rows: string[][] = [
  [
    'organisation',
    'layout',
    'questions',
    'answerable',
    'answered',
    'correct',
    'precision',
    'coverage',
  ],
];
const total = { questions: 0, answerable: 0, answered: 0, correct: 0 };
const empty = () => ({ questions: 0, answerable: 0, answered: 0, correct: 0 });
const byLayout: Record<Layout, typeof total> = {
  caiq: empty(),
  hecvat: empty(),
  sig: empty(),
  generic: empty(),
};
const wrong: string[] = [];
for (const [organisation, dir] of Object.entries(testsetOrganisations) as Array<
  [TestsetOrganisation, string]
>) {
  const snapshot = await repositorySnapshot(dir);
  for (const layout of Object.keys(testset) as Layout[]) {
    const score: Score = await scoreWorkbook(snapshot, organisation, layout, testset[layout]);
    const { precision, coverage } = rates(score);
    rows.push([
      organisation,
      layout,
      String(score.questions),
      String(score.answerable),
      String(score.answered),
      String(score.correct),
      percent(precision),
      percent(coverage),
    ]);
    for (const key of ['questions', 'answerable', 'answered', 'correct'] as const) {
      total[key] += score[key];
      byLayout[layout][key] += score[key];
    }
    for (const { question, got } of score.wrong)
      wrong.push(
        `${organisation} ${layout} ${question.id ?? ''} "${question.question}": expected ${question[organisation]}, answered ${got.answer} (${got.source})`,
      );
  }
}
for (const layout of Object.keys(byLayout) as Layout[]) {
  const sums = byLayout[layout];
  const { precision, coverage } = rates(sums);
  rows.push([
    'all',
    layout,
    String(sums.questions),
    String(sums.answerable),
    String(sums.answered),
    String(sums.correct),
    percent(precision),
    percent(coverage),
  ]);
}
const overall = rates(total);
rows.push([
  'all',
  'all',
  String(total.questions),
  String(total.answerable),
  String(total.answered),
  String(total.correct),
  percent(overall.precision),
  percent(overall.coverage),
]);
console.log('Answers on the labelled test set (targets: precision ≥ 95%, coverage ≥ 70%)\n');
printTable(rows);
if (wrong.length > 0)
  console.log(`\nWrong answers:\n${wrong.map((line) => `- ${line}`).join('\n')}`);

// A 400-question CAIQ-like workbook: the test set repeated, answered from the bundled organisation.
const all = [...testset.caiq, ...testset.hecvat, ...testset.sig, ...testset.generic];
const big = Array.from({ length: 400 }, (_, index) => {
  const question = all[index % all.length];
  if (!question) throw new Error('the test set is empty');
  return {
    ...question,
    id: `BIG-${String(Math.floor(index / 10)).padStart(2, '0')}.${index % 10}`,
  };
});
const { bytes } = await buildWorkbook('caiq', big);
const snapshot = await repositorySnapshot('.');
const timings: number[] = [];
let answered = 0;
for (let run = 0; run < 5; run++) {
  const start = performance.now();
  const result = await answerQuestionnaireFile(snapshot, bytes, { fileName: 'big.xlsx' });
  timings.push(performance.now() - start);
  answered = result.summary.answered;
}
const first = timings[0] ?? 0;
timings.sort((a, b) => a - b);
console.log('\n400-question workbook, end to end (target < 2 s)\n');
printTable([
  ['questions', 'answered', 'input KB', 'first run ms', 'median ms', 'max ms'],
  [
    '400',
    String(answered),
    (bytes.length / 1024).toFixed(0),
    String(Math.round(first)),
    String(Math.round(timings[2] ?? 0)),
    String(Math.round(timings.at(-1) ?? 0)),
  ],
]);

console.log(
  '\nReal-layout workbooks (engine/questionnaire/fixtures/workbooks; holdout never tuned on; targets: under 5 s each, 0 cells changed outside answers, hidden sheets unchanged)\n',
);
printTable(await workbookRows(snapshot, []));

console.log(
  '\nAnswer evaluation set (engine/questionnaire/evalset: outside wording, labelled before the engine ran; targets on holdout: precision ≥ 95%, coverage ≥ 70%, free text as yes/no 0)\n',
);
printTable(await evalsetRows());

// The concept vocabulary reads questions (target: thousands a second).
{
  const question =
    'Do you encrypt customer data in transit (e.g. TLS 1.2+) and at rest, and are encryption keys rotated by your cloud provider?';
  conceptsOf(question);
  const started = performance.now();
  for (let count = 0; count < 20_000; count++) conceptsOf(question);
  const perSecond = 20_000 / ((performance.now() - started) / 1000);
  console.log('\nConcept matching (target ≥ 5,000 questions/s)\n');
  printTable([['questions/s'], [perSecond.toFixed(0)]]);
}
