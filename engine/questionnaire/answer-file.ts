import ExcelJS from 'exceljs';
import type { Snapshot } from '../evaluate/snapshot.ts';
import { answerWorkbook, answerWorkbookData, workbookFromRows } from './answer-workbook.ts';
import { createKnowledge } from './knowledge.ts';
import { csvRows, csvSheetName, screenQuestionnaire } from './read-workbook.ts';
import { addReviewSheet, answersToCsv, answersToJson } from './review.ts';
import type { SourceLocator } from './source-locator.ts';
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
  /**
   * Where each control, FAQ entry and policy field is declared (see `locateSources`):
   * citations then carry the organisation-relative `file` and `line`. Default: none.
   */
  sources?: SourceLocator | undefined;
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
  const knowledge = createKnowledge(snapshot, options.baseUrl, options.sources);
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
  // CSV: the same finder and answers, on its rows as a one-sheet workbook.
  const name = csvSheetName(options.fileName);
  const rows = csvRows(bytes, options.fileName);
  const { answers, summary, edits } = answerWorkbookData(
    knowledge,
    workbookFromRows(name, rows),
    options.fileName,
    options,
    options.onProgress,
  );
  const format = options.format ?? 'csv';
  let output: Uint8Array;
  if (format === 'xlsx') {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
    for (const edit of edits) sheet.getRow(edit.row).getCell(edit.col).value = edit.value;
    addReviewSheet(workbook, answers);
    output = new Uint8Array(await workbook.xlsx.writeBuffer());
  } else {
    const text = format === 'csv' ? answersToCsv(answers) : answersToJson(answers, summary);
    output = new TextEncoder().encode(text);
  }
  return {
    bytes: output,
    fileName: answeredFileName(options.fileName, format),
    contentType: contentTypes[format],
    summary,
    answers,
  };
}
