/**
 * Where the question table of one sheet is: the header row (if any) and the id, question,
 * answer and comment columns. Candidates come from header rows in the first rows of the
 * sheet, then from dropdown columns; the reader (`read-question-rows.ts`) tries them in order.
 */

import { type HeaderKind, headerKind } from './header-kinds.ts';
import { isIdText, isQuestionText } from './question-text.ts';
import { columnNumber, validatesColumn } from './sheet-cells.ts';
import type { SheetData } from './workbook-model.ts';

/** Rows searched for a header row: title blocks and instructions can push it far down. */
export const headerScanRows = 60;

/** Columns of one question table; `headerRow` is 0 when the table has no header row. */
export interface QuestionTable {
  headerRow: number;
  id: number | undefined;
  question: number;
  answer: number;
  comment: number | undefined;
  /** True when a header names the question column: its statements are questions too. */
  questionHeader: boolean;
  layout: string;
  /** Texts of analyst columns (Score, Weight, Reviewer notes) in the header row. */
  scoringHeaders: string[];
}

/** Columns chosen by hand, as 1-based numbers. */
export interface ColumnChoice {
  question: number | undefined;
  answer: number | undefined;
}

/** The known headers of one row, by column. */
type RowHeaders = Map<number, { kind: HeaderKind; text: string }>;

function headersOf(sheet: SheetData, row: number): RowHeaders {
  const headers: RowHeaders = new Map();
  for (const [col, cell] of sheet.rows.get(row) ?? []) {
    const kind = headerKind(cell.text);
    if (kind) headers.set(col, { kind, text: cell.text.trim() });
  }
  return headers;
}

function columnsOfKind(headers: RowHeaders, kind: HeaderKind): number[] {
  return [...headers].filter(([, header]) => header.kind === kind).map(([col]) => col);
}

/** Rows below `from` that hold text in `col` reading like a question. */
function questionCount(sheet: SheetData, col: number, from: number): number {
  let count = 0;
  for (const [row, cells] of sheet.rows) {
    const text = row > from ? (cells.get(col)?.text ?? '') : '';
    if (text && isQuestionText(text)) count++;
  }
  return count;
}

/**
 * The column left of `answer` that holds the questions: the leftmost one with at least a
 * third as many question-like cells as the best (sub-questions may sit one column right).
 */
function findQuestionColumn(
  sheet: SheetData,
  answer: number,
  from: number,
  taken: ReadonlySet<number>,
): number | undefined {
  const counts: [number, number][] = [];
  for (let col = 1; col < answer; col++)
    if (!taken.has(col)) counts.push([col, questionCount(sheet, col, from)]);
  const best = Math.max(0, ...counts.map(([, count]) => count));
  if (best === 0) return undefined;
  return counts.find(([, count]) => count * 3 >= best)?.[0];
}

/** The column left of the questions whose cells mostly hold ids (`HLAD-01`, `1.2`). */
function findIdColumn(sheet: SheetData, question: number, from: number): number | undefined {
  let best: { col: number; share: number } | undefined;
  for (let col = question - 1; col >= 1; col--) {
    let rows = 0;
    let ids = 0;
    for (const [row, cells] of sheet.rows) {
      if (row <= from || !isQuestionText(cells.get(question)?.text ?? '')) continue;
      rows++;
      if (isIdText(cells.get(col)?.text ?? '')) ids++;
    }
    const share = rows === 0 ? 0 : ids / rows;
    if (share >= 0.5 && (!best || share > best.share)) best = { col, share };
  }
  return best?.col;
}

/** The answer column among header candidates: right of the question, a dropdown first. */
function pickAnswer(
  sheet: SheetData,
  candidates: number[],
  question: number | undefined,
  row: number,
): number | undefined {
  const usable = candidates.filter((col) => col !== question);
  const right = question === undefined ? usable : usable.filter((col) => col > question);
  const pool = right.length > 0 ? right : usable;
  return pool.find((col) => validatesColumn(sheet.validations, col, row + 1)) ?? pool[0];
}

/** How many rows of the sheet repeat the answer header of `row` in the same column. */
function repeatsOfAnswerHeader(sheet: SheetData, answer: number): number {
  let count = 0;
  for (const cells of sheet.rows.values())
    if (headerKind(cells.get(answer)?.text ?? '') === 'answer') count++;
  return count;
}

function layoutName(base: string, id: number | undefined): string {
  return id === undefined ? base : `${base} with ids`;
}

/** The table a header row at `row` describes, or undefined when it names no answer column. */
function tableAtHeader(
  sheet: SheetData,
  row: number,
  choice: ColumnChoice,
): QuestionTable | undefined {
  const headers = headersOf(sheet, row);
  if (headers.size === 0) return undefined;
  const namedQuestion = columnsOfKind(headers, 'question')[0];
  let question = choice.question ?? namedQuestion;
  let answer = choice.answer ?? pickAnswer(sheet, columnsOfKind(headers, 'answer'), question, row);
  if (answer === undefined && question !== undefined) {
    // A question header with a dropdown to its right: the dropdown is the answer column.
    answer = [...new Set([...headers.keys(), ...(sheet.rows.get(row)?.keys() ?? [])])]
      .filter((col) => col > (question ?? 0) && headers.get(col)?.kind !== 'scoring')
      .sort((a, b) => a - b)
      .find((col) => validatesColumn(sheet.validations, col, row + 1));
  }
  if (answer === undefined) return undefined;
  const taken = new Set(
    [...headers]
      .filter(([, header]) => header.kind === 'id' || header.kind === 'scoring')
      .map(([col]) => col),
  );
  question ??= findQuestionColumn(sheet, answer, row, taken);
  if (question === undefined || question === answer) return undefined;
  const id =
    columnsOfKind(headers, 'id').find((col) => col !== question && col !== answer) ??
    findIdColumn(sheet, question, row);
  const comments = columnsOfKind(headers, 'comment').filter(
    (col) => col !== question && col !== answer && col !== id,
  );
  const comment = comments.find((col) => col > answer) ?? comments[0];
  const base =
    choice.question !== undefined || choice.answer !== undefined
      ? 'chosen columns'
      : namedQuestion !== undefined
        ? 'question and answer headers'
        : repeatsOfAnswerHeader(sheet, answer) > 1
          ? 'answer headers on section rows'
          : 'answer header';
  return {
    headerRow: row,
    id,
    question,
    answer,
    comment,
    questionHeader: namedQuestion !== undefined && namedQuestion === question,
    layout: layoutName(base, id),
    scoringHeaders: [...headers.values()]
      .filter((header) => header.kind === 'scoring')
      .map((header) => header.text),
  };
}

/** Whether a header near the top names `col` as an analyst's column (Score, Reviewer notes). */
function isScoringColumn(sheet: SheetData, col: number): boolean {
  for (const [row, cells] of sheet.rows) {
    if (row > headerScanRows) return false;
    if (headerKind(cells.get(col)?.text ?? '') === 'scoring') return true;
  }
  return false;
}

/** Tables without a header row: a dropdown column, or the columns chosen by hand. */
function headerlessTables(sheet: SheetData, choice: ColumnChoice): QuestionTable[] {
  const tables: QuestionTable[] = [];
  const make = (question: number, answer: number, headerRow: number, base: string) => {
    const id = findIdColumn(sheet, question, headerRow);
    tables.push({
      headerRow,
      id,
      question,
      answer,
      comment: undefined,
      questionHeader: false,
      layout: layoutName(base, id),
      scoringHeaders: [],
    });
  };
  if (choice.answer !== undefined) {
    const question = choice.question ?? findQuestionColumn(sheet, choice.answer, 0, new Set());
    if (question !== undefined) make(question, choice.answer, 0, 'chosen columns');
    return tables;
  }
  if (choice.question !== undefined) {
    make(choice.question, choice.question + 1, 0, 'chosen columns');
    return tables;
  }
  const dropdownColumns = new Map<number, number>();
  for (const validation of sheet.validations)
    for (const range of validation.ranges)
      if (range.right - range.left < 4)
        for (let col = range.left; col <= range.right; col++)
          dropdownColumns.set(col, Math.min(dropdownColumns.get(col) ?? range.top, range.top));
  for (const [answer, top] of [...dropdownColumns].sort(([a], [b]) => a - b)) {
    const headerRow = Math.max(0, top - 1);
    if (isScoringColumn(sheet, answer)) continue;
    const question = findQuestionColumn(sheet, answer, headerRow, new Set());
    if (question !== undefined) make(question, answer, headerRow, 'dropdown answer column');
  }
  return tables;
}

/** Candidate tables of a sheet, most likely first. */
export function candidateTables(sheet: SheetData, choice: ColumnChoice): QuestionTable[] {
  const tables: QuestionTable[] = [];
  for (const row of sheet.rows.keys()) {
    if (row > headerScanRows) break;
    const table = tableAtHeader(sheet, row, choice);
    if (table) tables.push(table);
  }
  return [...tables, ...headerlessTables(sheet, choice)];
}

/**
 * Analyst headers (Score, Weight, Reviewer notes) of the header-like rows near the top: rows
 * with at least two known headers.
 */
export function scoringHeadersOf(sheet: SheetData): string[] {
  const found: string[] = [];
  for (const row of sheet.rows.keys()) {
    if (row > headerScanRows) break;
    const headers = [...headersOf(sheet, row).values()];
    if (headers.length < 2) continue;
    for (const header of headers) if (header.kind === 'scoring') found.push(header.text);
  }
  return [...new Set(found)];
}

/** Parses a column letter given by hand, refusing anything else. */
export function chosenColumn(letters: string | undefined, option: string): number | undefined {
  if (letters === undefined) return undefined;
  const col = columnNumber(letters.trim());
  if (col === undefined)
    throw new Error(`${option} must be a column letter such as "C", not "${letters}".`);
  return col;
}
