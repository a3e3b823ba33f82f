import { spellAnswer } from './allowed-values.ts';
import { answerQuestion } from './answer-question.ts';
import { findQuestions } from './find-questions.ts';
import type { Knowledge } from './knowledge.ts';
import { QuestionnaireError, questionnaireLimits } from './limits.ts';
import { reviewRows, reviewSheetName, summarise } from './review.ts';
import { columnLetters, textAt } from './sheet-cells.ts';
import type { AnsweredQuestion, AnswerSummary, Layout } from './types.ts';
import type {
  CellEdit,
  FoundQuestions,
  SheetCell,
  SheetData,
  WorkbookData,
} from './workbook-model.ts';
import { patchWorkbookPackage, readWorkbookPackage } from './xlsx-package.ts';

/** Choices made by hand: sheets by name, and the question and answer columns on them. */
export interface WorkbookChoice {
  sheets?: string[] | undefined;
  /** A letter (`C`) or the header text of the column. */
  questionCol?: string | undefined;
  answerCol?: string | undefined;
}

/** The answers to a workbook's questions, and the cells they go in. */
export interface WorkbookAnswers {
  answers: AnsweredQuestion[];
  summary: AnswerSummary;
  /** The answer and empty comment cells to fill. */
  edits: CellEdit[];
}

/** A workbook answered in place: only answer and empty comment cells changed. */
export interface AnsweredWorkbook extends WorkbookAnswers {
  /** The buyer's file with the answers and the review sheet, every other part byte for byte. */
  patched: () => Uint8Array;
}

/** The questionnaire family a sheet's ids look like, for framework mappings. */
function layoutFromIds(ids: readonly string[]): Layout {
  const share = (pattern: RegExp) =>
    ids.length === 0 ? 0 : ids.filter((id) => pattern.test(id)).length / ids.length;
  if (share(/^[A-Z&]{2,4}-\d{2}\.\d+$/) > 0.6) return 'caiq';
  if (share(/^[A-Z]{3,5}-\d{2}$/) > 0.6) return 'hecvat';
  if (share(/^[A-Z]?\.?\d+(\.\d+)+$/) > 0.6) return 'sig';
  return 'generic';
}

/**
 * A column given by hand as a letter, or as header text found in the first rows of one of
 * the sheets in question; undefined when not given.
 */
function columnChoice(
  sheets: readonly SheetData[],
  given: string | undefined,
  fileName: string,
): string | undefined {
  if (given === undefined) return undefined;
  // Header text first: "Ask" is a header here, not column ASK.
  const wanted = given.trim().toLowerCase();
  for (const sheet of sheets)
    for (const [row, cells] of sheet.rows) {
      if (row > 60) break;
      for (const col of cells.keys())
        if (textAt(sheet, row, col).trim().toLowerCase() === wanted) return columnLetters(col);
    }
  if (/^[A-Za-z]{1,3}$/.test(given.trim())) return given.trim().toUpperCase();
  throw new QuestionnaireError(
    'column-unknown',
    `${fileName}: no sheet has a column headed "${given}". Give the column as a letter (C) or as the exact header text.`,
  );
}

/** The workbook model of `.xlsx` bytes, or a `QuestionnaireError` naming the file. */
export function readWorkbookData(bytes: Uint8Array, fileName: string): WorkbookData {
  try {
    return readWorkbookPackage(bytes);
  } catch (error) {
    throw new QuestionnaireError(
      'not-a-spreadsheet',
      `${fileName} is a zip file but not a readable .xlsx workbook. Re-save it from a spreadsheet program as .xlsx.`,
      { cause: error },
    );
  }
}

/**
 * Answers a buyer's workbook read straight from its sheet XML: finds the sheets a vendor
 * fills in (skipping hidden, instruction and scoring sheets, and formula cells), answers each
 * question from the knowledge, and spells each answer as the cell's dropdown allows. Nothing
 * is written until `patched()` is called.
 */
export function answerWorkbook(
  knowledge: Knowledge,
  bytes: Uint8Array,
  fileName: string,
  choice: WorkbookChoice,
  onProgress?: (done: number, total: number) => void,
): AnsweredWorkbook {
  const workbook = readWorkbookData(bytes, fileName);
  const answered = answerWorkbookData(knowledge, workbook, fileName, choice, onProgress);
  return {
    ...answered,
    patched: () =>
      patchWorkbookPackage(bytes, answered.edits, {
        name: reviewSheetName,
        rows: reviewRows(answered.answers),
      }),
  };
}

/**
 * The questions of a workbook model (from an `.xlsx` or from CSV rows), with the sheets and
 * columns chosen by hand resolved; a workbook too large or without any question table
 * becomes a `QuestionnaireError` naming the file and the way out.
 */
export function findWorkbookQuestions(
  workbook: WorkbookData,
  fileName: string,
  choice: WorkbookChoice,
): FoundQuestions {
  let rows = 0;
  for (const sheet of workbook.sheets) rows += sheet.rows.size;
  if (rows > questionnaireLimits.maxRows)
    throw new QuestionnaireError(
      'too-many-rows',
      `${fileName} has ${rows} rows; the limit is ${questionnaireLimits.maxRows}. Split it into smaller files.`,
    );
  const candidates = choice.sheets?.length
    ? workbook.sheets.filter((sheet) =>
        choice.sheets?.some((name) => name.toLowerCase() === sheet.name.toLowerCase()),
      )
    : workbook.sheets.filter((sheet) => sheet.state === 'visible');
  let found: FoundQuestions;
  try {
    found = findQuestions(workbook, {
      ...(choice.sheets?.length ? { sheets: choice.sheets } : {}),
      ...optional('questionCol', columnChoice(candidates, choice.questionCol, fileName)),
      ...optional('answerCol', columnChoice(candidates, choice.answerCol, fileName)),
    });
  } catch (error) {
    if (error instanceof QuestionnaireError) throw error;
    throw new QuestionnaireError('column-unknown', `${fileName}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (found.questions.length === 0) {
    const reasons = found.sheets
      .map((verdict) => (verdict.answered ? '' : `"${verdict.sheet}": ${verdict.reason}`))
      .filter(Boolean)
      .join('; ');
    const given = choice.questionCol || choice.answerCol;
    throw new QuestionnaireError(
      given ? 'column-unknown' : 'no-questions',
      `${fileName}: no sheet has a recognisable question table (a question column and an answer column)${reasons ? ` — ${reasons}` : ''}. Choose sheets with --sheet and columns with --question-col and --answer-col.`,
    );
  }
  return found;
}

/**
 * Answers the questions of a workbook model (from an `.xlsx` or from CSV rows): which
 * sheets, which rows, which answers, and which cells they go in.
 */
export function answerWorkbookData(
  knowledge: Knowledge,
  workbook: WorkbookData,
  fileName: string,
  choice: WorkbookChoice,
  onProgress?: (done: number, total: number) => void,
): WorkbookAnswers {
  const found = findWorkbookQuestions(workbook, fileName, choice);

  const sheetsByName = new Map(workbook.sheets.map((sheet) => [sheet.name, sheet]));
  const layouts = new Map<string, Layout>();
  for (const verdict of found.sheets)
    if (verdict.answered)
      layouts.set(
        verdict.sheet,
        layoutFromIds(
          found.questions
            .filter((question) => question.sheet === verdict.sheet && question.id)
            .map((question) => question.id as string),
        ),
      );

  const edits: CellEdit[] = [];
  const answers: AnsweredQuestion[] = [];
  const total = found.questions.length;
  for (const question of found.questions) {
    const sheet = sheetsByName.get(question.sheet);
    const answer = answerQuestion(knowledge, question);
    const existing = sheet ? textAt(sheet, question.answer.row, question.answer.col).trim() : '';
    let written = spellAnswer(answer.answer, question.allowed, answer.statement);
    let final = answer;
    if (answer.answer !== 'blank' && written === undefined)
      final = {
        ...answer,
        answer: 'blank',
        needsReview: true,
        explanation:
          answer.answer === 'text'
            ? `The cell's list (${(question.allowed ?? []).join(', ')}) has no value for this answer: ${answer.statement ?? answer.explanation}`
            : `The answer would be ${answer.answer}, but the cell's list (${(question.allowed ?? []).join(', ')}) has no such value. ${answer.explanation}`,
      };
    if (existing) {
      written = undefined;
      final = {
        ...final,
        needsReview: true,
        explanation: `Kept the answer already in the file ("${existing}"). ${final.explanation}`,
      };
    } else if (written !== undefined) {
      edits.push({ sheet: question.sheet, ...question.answer, value: written });
      if (question.comment) {
        const links = final.citations.map((citation) => citation.url).join(' ');
        edits.push({
          sheet: question.sheet,
          ...question.comment,
          value: links ? `${final.explanation} See ${links}` : final.explanation,
        });
      }
    }
    answers.push({
      id: question.id,
      text: question.text,
      sheet: question.sheet,
      row: question.row,
      ...final,
      layout: layouts.get(question.sheet) ?? 'generic',
      written,
    });
    if (answers.length % 500 === 0) onProgress?.(answers.length, total);
  }
  if (answers.length % 500 !== 0) onProgress?.(answers.length, total);

  const summary = summarise(
    answers,
    found.sheets.flatMap((verdict) =>
      verdict.answered
        ? [
            {
              name: verdict.sheet,
              layout: layouts.get(verdict.sheet) ?? 'generic',
              questions: verdict.questions,
            },
          ]
        : [],
    ),
    found.sheets.flatMap((verdict) =>
      verdict.answered ? [] : [{ name: verdict.sheet, reason: verdict.reason }],
    ),
  );
  return { answers, summary, edits };
}

/** CSV rows as a workbook model of one visible sheet, so the same finder reads them. */
export function workbookFromRows(name: string, rows: readonly (readonly string[])[]): WorkbookData {
  const cells = new Map<number, Map<number, SheetCell>>();
  rows.forEach((values, index) => {
    const row = index + 1;
    const columns = new Map<number, SheetCell>();
    values.forEach((text, column) => {
      if (text !== '')
        columns.set(column + 1, { row, col: column + 1, text, formula: false, style: undefined });
    });
    if (columns.size > 0) cells.set(row, columns);
  });
  return {
    sheets: [
      {
        name,
        index: 0,
        path: '',
        state: 'visible',
        rows: cells,
        merges: [],
        validations: [],
      },
    ],
    definedNames: new Map(),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
