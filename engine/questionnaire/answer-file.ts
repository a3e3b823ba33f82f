import type { Snapshot } from '../evaluate/snapshot.ts';
import { allowedValues, spellAnswer } from './allowed-values.ts';
import { answerQuestion } from './answer-question.ts';
import { answerWorkbook } from './answer-workbook.ts';
import { cellText } from './cell-text.ts';
import { detectTables } from './detect-table.ts';
import { createKnowledge } from './knowledge.ts';
import { readQuestionnaire, screenQuestionnaire } from './read-workbook.ts';
import { addReviewSheet, answersToCsv, answersToJson, summarise } from './review.ts';
import type { AnsweredQuestion, AnswerSummary } from './types.ts';

/** Output formats of an answered questionnaire. */
export type OutputFormat = 'xlsx' | 'csv' | 'json';

export interface AnswerFileOptions {
  fileName: string;
  /** Default: xlsx for an xlsx input, csv for a CSV input. */
  format?: OutputFormat | undefined;
  /** Sheets to answer, by name (any case); default: the sheets a vendor fills in. */
  sheets?: string[] | undefined;
  /** Column of the questions: a letter or the header text. */
  questionCol?: string | undefined;
  /** Column for the answers: a letter or the header text. */
  answerCol?: string | undefined;
  /** Trust page origin for citations; default the organisation's `url`. */
  baseUrl?: string | undefined;
  /** Called every 500 questions and after each sheet (for progress on big files). */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface AnsweredFile {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
  summary: AnswerSummary;
  answers: AnsweredQuestion[];
}

const contentTypes: Record<OutputFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

/** `<name>.answered.<format>` for an input file name (any folders dropped). */
export function answeredFileName(fileName: string, format: OutputFormat): string {
  const base = (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.[^.]*$/, '');
  return `${base || 'questionnaire'}.answered.${format}`;
}

/**
 * Answers a buyer's questionnaire (xlsx or CSV bytes) from a snapshot: the answer cells
 * (and empty comment cells of layouts that have them) are filled in place, everything else
 * is kept, and an "Attest review" sheet lists every question with its evidence. CSV and JSON
 * outputs carry the review fields. A bad file throws a `QuestionnaireError`.
 */
export async function answerQuestionnaireFile(
  snapshot: Snapshot,
  bytes: Uint8Array,
  options: AnswerFileOptions,
): Promise<AnsweredFile> {
  const knowledge = createKnowledge(snapshot, options.baseUrl);
  if ((await screenQuestionnaire(bytes, options.fileName)) === 'xlsx') {
    // A workbook is read from its sheet XML and patched in place: no workbook library
    // expands its ranges, and every part but the answer cells is kept byte for byte.
    const answered = answerWorkbook(
      knowledge,
      bytes,
      options.fileName,
      options,
      options.onProgress,
    );
    const format = options.format ?? 'xlsx';
    const output =
      format === 'xlsx'
        ? answered.patched()
        : new TextEncoder().encode(
            format === 'csv'
              ? answersToCsv(answered.answers)
              : answersToJson(answered.answers, answered.summary),
          );
    return {
      bytes: output,
      fileName: answeredFileName(options.fileName, format),
      contentType: contentTypes[format],
      summary: answered.summary,
      answers: answered.answers,
    };
  }
  const { workbook, format: inputFormat } = await readQuestionnaire(bytes, options.fileName);
  const tables = detectTables(workbook, options.fileName, options);
  const total = tables.reduce((sum, table) => sum + table.questions.length, 0);
  const answers: AnsweredQuestion[] = [];
  for (const table of tables) {
    const sheet = workbook.getWorksheet(table.sheet);
    if (!sheet) continue;
    for (const question of table.questions) {
      const answer = answerQuestion(knowledge, question);
      const row = sheet.getRow(question.row);
      const answerCell = row.getCell(table.answerColumn);
      const existing = cellText(answerCell.value);
      const allowed = allowedValues(workbook, sheet, answerCell);
      let written = spellAnswer(answer.answer, allowed);
      let final = answer;
      if (answer.answer !== 'blank' && written === undefined)
        final = {
          ...answer,
          answer: 'blank',
          needsReview: true,
          explanation: `The answer would be ${answer.answer}, but the cell's list (${(allowed ?? []).join(', ')}) has no such value. ${answer.explanation}`,
        };
      if (existing) {
        written = undefined;
        final = {
          ...final,
          needsReview: true,
          explanation: `Kept the answer already in the file ("${existing}"). ${final.explanation}`,
        };
      } else if (written !== undefined) {
        answerCell.value = written;
        if (table.commentColumn) {
          const commentCell = row.getCell(table.commentColumn);
          if (!cellText(commentCell.value)) {
            const links = final.citations.map((citation) => citation.url).join(' ');
            commentCell.value = links ? `${final.explanation} See ${links}` : final.explanation;
          }
        }
      }
      answers.push({ ...question, ...final, layout: table.layout, written });
      if (answers.length % 500 === 0) options.onProgress?.(answers.length, total);
    }
    if (answers.length % 500 !== 0) options.onProgress?.(answers.length, total);
  }
  const summary = summarise(
    answers,
    tables.map((table) => ({
      name: table.sheet,
      layout: table.layout,
      questions: table.questions.length,
    })),
  );
  const format = options.format ?? inputFormat;
  const fileName = answeredFileName(options.fileName, format);
  let output: Uint8Array;
  if (format === 'xlsx') {
    addReviewSheet(workbook, answers);
    output = new Uint8Array(await workbook.xlsx.writeBuffer());
  } else {
    const text = format === 'csv' ? answersToCsv(answers) : answersToJson(answers, summary);
    output = new TextEncoder().encode(text);
  }
  return { bytes: output, fileName, contentType: contentTypes[format], summary, answers };
}
