import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { evaluateOrganisation } from '../../../engine/evaluate/evaluate.ts';
import {
  type AnswerSummary,
  answeredFileName,
  answerQuestionnaireFile,
  failingKnowledge,
  locateSources,
  type OutputFormat,
  QuestionnaireError,
  questionnaireLimits,
} from '../../../engine/questionnaire/index.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { loadValidOrganisation } from '../load-valid-organisation.ts';
import { organisationDir } from '../organisation-dir.ts';
import { databasePath, readStoredResults } from '../stored-results.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function formatSummary(summary: AnswerSummary, output: string): string {
  const sources = Object.entries(summary.bySource)
    .filter(([source, count]) => source !== 'none' && count > 0)
    .map(([source, count]) => `${source} ${count}`)
    .join(', ');
  return [
    table([
      ['sheet', 'layout', 'questions'],
      ...summary.sheets.map((sheet) => [sheet.name, sheet.layout, String(sheet.questions)]),
    ]),
    ...(summary.skipped.length
      ? ['', 'Skipped:', ...summary.skipped.map((sheet) => `  ${sheet.name}: ${sheet.reason}`)]
      : []),
    '',
    `${summary.questions} questions: ${summary.answered} answered (yes ${summary.byAnswer.yes}, no ${summary.byAnswer.no}, n/a ${summary.byAnswer['n/a']}), ${summary.needsReview} need review.`,
    `By source: ${sources || 'none'}.`,
    `Written to ${output}`,
  ].join('\n');
}

function outputFormat(value: unknown, input: string): OutputFormat {
  if (value === 'xlsx' || value === 'csv' || value === 'json') return value;
  return extname(input).toLowerCase() === '.csv' ? 'csv' : 'xlsx';
}

/**
 * `attest answer FILE`: answers a buyer's questionnaire from the organisation's controls,
 * evaluated with the newest stored check results, and writes the answered file next to the
 * input (or to --out). Exit 0 when written; 1 when the organisation does not load; 2 for a
 * file Attest refuses (not a spreadsheet, encrypted, too large, a zip bomb, no questions).
 */
export async function runAnswer({ values, positionals }: ParsedArgs): Promise<number> {
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('name the questionnaire to answer: attest answer FILE.xlsx');
  if (extra.length > 0)
    throw new UsageError(`one questionnaire at a time (got ${positionals.length})`);
  const input = resolve(file);
  const info = await stat(input).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`${file} is not a file`);
  if (info.size > questionnaireLimits.maxFileBytes)
    throw new QuestionnaireError(
      'too-large',
      `${file} is ${(info.size / 1024 / 1024).toFixed(1)} MB; the limit is ${questionnaireLimits.maxFileBytes / 1024 / 1024} MB. Split the questionnaire into smaller files.`,
    );
  const dir = organisationDir(values.dir);
  const model = await loadValidOrganisation(dir, 'The questionnaire was not answered.');
  if (!model) return 1;
  const results = readStoredResults(model, databasePath(dir, values.db));
  if (results.length === 0)
    log(
      'No stored check results: controls proven by automated checks count as unverified and cannot support a "Yes". Run `attest check` first.',
    );
  const now = new Date();
  const snapshot = evaluateOrganisation(model, results, { now, publishedAt: now.toISOString() });
  for (const item of failingKnowledge(snapshot))
    log(
      `warning: the ${item.kind === 'faq' ? 'FAQ' : 'control'} answer "${item.question}" rests on ${item.controlId}, which is ${item.status}; it will not be given as "Yes".`,
    );
  const format = outputFormat(values.format, input);
  const bytes = new Uint8Array(await readFile(input));
  const result = await answerQuestionnaireFile(snapshot, bytes, {
    fileName: basename(input),
    format,
    sheets: Array.isArray(values.sheet) ? values.sheet.map(String) : undefined,
    questionCol: typeof values['question-col'] === 'string' ? values['question-col'] : undefined,
    answerCol: typeof values['answer-col'] === 'string' ? values['answer-col'] : undefined,
    sources: await locateSources(dir, { faq: snapshot.faq }),
    onProgress: (done, total) => {
      if (total >= 200) log(`answered ${done}/${total} questions`);
    },
  });
  const output =
    typeof values.out === 'string'
      ? resolve(values.out)
      : join(dirname(input), answeredFileName(input, format));
  if (output === input) throw new UsageError('--out must not overwrite the questionnaire itself');
  if (!(await stat(dirname(output)).catch(() => undefined))?.isDirectory())
    throw new UsageError(`cannot write ${output}: ${dirname(output)} is not a directory`);
  const temporary = `${output}.${process.pid}.tmp`;
  await writeFile(temporary, result.bytes);
  await rename(temporary, output);
  process.stdout.write(`${formatSummary(result.summary, output)}\n`);
  return 0;
}
