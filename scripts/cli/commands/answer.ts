import { rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import {
  type AnswerSummary,
  answeredFileName,
  answerQuestionnaireFile,
  locateSources,
  type OutputFormat,
} from '../../../engine/questionnaire/index.ts';
import { agree, plural } from '../../../engine/source/plural.ts';
import { answeringSnapshot, readQuestionnaireInput } from '../answer-input.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { textTable } from '../text-table.ts';
import { runAnswerLearn } from './answer-learn.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

function formatSummary(summary: AnswerSummary, output: string): string {
  const sources = Object.entries(summary.bySource)
    .filter(([source, count]) => source !== 'none' && count > 0)
    .map(([source, count]) => `${source} ${count}`)
    .join(', ');
  return [
    textTable([
      ['sheet', 'layout', 'questions'],
      ...summary.sheets.map((sheet) => [sheet.name, sheet.layout, String(sheet.questions)]),
    ]),
    ...(summary.skipped.length
      ? ['', 'Skipped:', ...summary.skipped.map((sheet) => `  ${sheet.name}: ${sheet.reason}`)]
      : []),
    '',
    `${plural(summary.questions, 'question')}: ${summary.answered} answered (yes ${summary.byAnswer.yes}, no ${summary.byAnswer.no}, n/a ${summary.byAnswer['n/a']}, described ${summary.byAnswer.text}), ${summary.needsReview} ${agree(summary.needsReview, 'needs', 'need')} review.`,
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
 * `attest answer --learn FILE` learns from an answered one instead (`answer-learn.ts`).
 */
export async function runAnswer({ values, positionals }: ParsedArgs): Promise<number> {
  if (values.learn !== undefined) {
    if (positionals.length > 0)
      throw new UsageError(
        `--learn reads a questionnaire already answered; name it once (attest answer --learn ${positionals[0]})`,
      );
    return runAnswerLearn(values);
  }
  if (values.accept) throw new UsageError('--accept goes with --learn FILE');
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('name the questionnaire to answer: attest answer FILE.xlsx');
  if (extra.length > 0)
    throw new UsageError(`one questionnaire at a time (got ${positionals.length})`);
  const { input, bytes } = await readQuestionnaireInput(file);
  const loaded = await answeringSnapshot(values, 'The questionnaire was not answered.');
  if (!loaded) return 1;
  const format = outputFormat(values.format, input);
  const result = await answerQuestionnaireFile(loaded.snapshot, bytes, {
    fileName: basename(input),
    format,
    sheets: Array.isArray(values.sheet) ? values.sheet.map(String) : undefined,
    questionCol: typeof values['question-col'] === 'string' ? values['question-col'] : undefined,
    answerCol: typeof values['answer-col'] === 'string' ? values['answer-col'] : undefined,
    sources: await locateSources(loaded.dir, { faq: loaded.snapshot.faq }),
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
