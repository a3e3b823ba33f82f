import type ExcelJS from 'exceljs';
import { cellText } from './cell-text.ts';
import { QuestionnaireError } from './limits.ts';
import type { Layout, Question } from './types.ts';

/** Where the questions of one sheet are and where their answers go. */
export interface QuestionTable {
  sheet: string;
  layout: Layout;
  /** 1-based row of the header; 0 when columns were given and no header was found. */
  headerRow: number;
  idColumn: number | undefined;
  questionColumn: number;
  answerColumn: number;
  commentColumn: number | undefined;
  questions: Question[];
}

/** Columns given on the command line: a letter (`C`) or header text (`Vendor reply`). */
export interface ColumnChoice {
  questionCol?: string | undefined;
  answerCol?: string | undefined;
}

const headerScan = 30;

const header = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

const isIdHeader = (h: string) =>
  /^(question ?id|id|ref\.?|reference|#|no\.?|number|item ?#|question ?#|question number|q ?#|qid)$/.test(
    h,
  );
const isQuestionHeader = (h: string) =>
  !isIdHeader(h) &&
  (/^(questions?|question text|requirements?|query|assessment question|control question|security question)$/.test(
    h,
  ) ||
    (/\bquestion\b/.test(h) && !/\b(id|number|#|category|type)\b/.test(h)));
const isAnswerHeader = (h: string) =>
  /(caiq answer|^answers?\b|^responses?\b|^vendor (answer|response)|^yes ?\/ ?no|^y ?\/ ?n$|^reply|^your (answer|response)|^compliant\??$)/.test(
    h,
  );
const isCommentHeader = (h: string) =>
  /(implementation description|additional info|comments?|notes?|explanation|justification|remarks|details|evidence)/.test(
    h,
  ) && !/ssrm|ownership|responsibilit/.test(h);

/** A column letter (A, AB) as a 1-based number, or undefined for header text. */
function columnNumber(choice: string): number | undefined {
  if (!/^[A-Za-z]{1,3}$/.test(choice)) return undefined;
  return [...choice.toUpperCase()].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);
}

function rowHeaders(sheet: ExcelJS.Worksheet, row: number): Map<number, string> {
  const headers = new Map<number, string>();
  sheet.getRow(row).eachCell({ includeEmpty: false }, (cell, column) => {
    const text = header(cellText(cell.value));
    if (text) headers.set(column, text);
  });
  return headers;
}

function findColumn(
  headers: Map<number, string>,
  test: (h: string) => boolean,
  skip: readonly (number | undefined)[] = [],
): number | undefined {
  for (const [column, text] of headers) if (!skip.includes(column) && test(text)) return column;
  return undefined;
}

function chooseColumn(
  headers: Map<number, string>,
  choice: string | undefined,
): number | undefined | 'absent' {
  if (choice === undefined) return undefined;
  const letter = columnNumber(choice);
  if (letter !== undefined && ![...headers.values()].includes(header(choice))) return letter;
  const wanted = header(choice);
  for (const [column, text] of headers) if (text === wanted) return column;
  return 'absent';
}

function detectLayout(headers: Map<number, string>, ids: readonly string[]): Layout {
  const texts = [...headers.values()];
  if (texts.some((h) => /caiq|ssrm/.test(h))) return 'caiq';
  const share = (pattern: RegExp) =>
    ids.length === 0 ? 0 : ids.filter((id) => pattern.test(id)).length / ids.length;
  if (share(/^[A-Z&]{2,4}-\d{2}\.\d+$/) > 0.6) return 'caiq';
  if (share(/^[A-Z]{3,5}-\d{2}$/) > 0.6 || texts.some((h) => /additional info/.test(h)))
    return 'hecvat';
  if (share(/^[A-Z]?\.?\d+(\.\d+)+$/) > 0.6 || texts.some((h) => /^responses?\b/.test(h)))
    return 'sig';
  return 'generic';
}

function isMergedFrom(cell: ExcelJS.Cell, master: ExcelJS.Cell): boolean {
  return cell.isMerged && cell.master.address === master.address && cell.address !== master.address;
}

function readQuestions(
  sheet: ExcelJS.Worksheet,
  headerRow: number,
  columns: { id: number | undefined; question: number; answer: number },
  headerTexts: ReadonlySet<string>,
): Question[] {
  const questions: Question[] = [];
  for (let row = headerRow + 1; row <= sheet.rowCount; row++) {
    const cells = sheet.getRow(row);
    const questionCell = cells.getCell(columns.question);
    // A heading merged across the question and answer columns is a section row.
    if (isMergedFrom(cells.getCell(columns.answer), questionCell.master)) continue;
    const text = cellText(questionCell.value).replace(/\s+/g, ' ');
    if (text.length < 8 || headerTexts.has(header(text))) continue;
    const id = columns.id ? cellText(cells.getCell(columns.id).value) || undefined : undefined;
    // Without an id, a short line that is not a question is a section heading.
    if (!id && !text.includes('?') && (columns.id || text.split(' ').length < 5)) continue;
    questions.push({ id, text, sheet: sheet.name, row });
  }
  return questions;
}

/** Finds the question table of one sheet, or undefined when the sheet holds none. */
export function detectTable(
  sheet: ExcelJS.Worksheet,
  choice: ColumnChoice = {},
): QuestionTable | undefined {
  for (let row = 1; row <= Math.min(headerScan, sheet.rowCount); row++) {
    const headers = rowHeaders(sheet, row);
    if (headers.size < (choice.answerCol ? 1 : 2)) continue;
    const chosenQuestion = chooseColumn(headers, choice.questionCol);
    const chosenAnswer = chooseColumn(headers, choice.answerCol);
    if (chosenQuestion === 'absent' || chosenAnswer === 'absent') continue;
    const question = chosenQuestion ?? findColumn(headers, isQuestionHeader);
    const answer = chosenAnswer ?? findColumn(headers, isAnswerHeader, [question]);
    if (question === undefined || answer === undefined) continue;
    const id = findColumn(headers, isIdHeader, [question, answer]);
    const comment = findColumn(headers, isCommentHeader, [question, answer, id]);
    const questions = readQuestions(
      sheet,
      row,
      { id, question, answer },
      new Set(headers.values()),
    );
    if (questions.length === 0) continue;
    const ids = questions.flatMap((q) => (q.id ? [q.id] : []));
    return {
      sheet: sheet.name,
      layout: detectLayout(headers, ids),
      headerRow: row,
      idColumn: id,
      questionColumn: question,
      answerColumn: answer,
      commentColumn: comment,
      questions,
    };
  }
  if (choice.questionCol && choice.answerCol) {
    const question = columnNumber(choice.questionCol);
    const answer = columnNumber(choice.answerCol);
    if (question === undefined || answer === undefined) return undefined;
    const questions = readQuestions(sheet, 0, { id: undefined, question, answer }, new Set());
    if (questions.length === 0) return undefined;
    return {
      sheet: sheet.name,
      layout: 'generic',
      headerRow: 0,
      idColumn: undefined,
      questionColumn: question,
      answerColumn: answer,
      commentColumn: undefined,
      questions,
    };
  }
  return undefined;
}

/** The question tables of every sheet; refuses a workbook in which none is found. */
export function detectTables(
  workbook: ExcelJS.Workbook,
  fileName: string,
  choice: ColumnChoice = {},
): QuestionTable[] {
  const tables = workbook.worksheets.flatMap((sheet) => {
    const table = detectTable(sheet, choice);
    return table ? [table] : [];
  });
  if (tables.length === 0) {
    const given = choice.questionCol || choice.answerCol;
    throw new QuestionnaireError(
      given ? 'column-unknown' : 'no-questions',
      given
        ? `${fileName}: no sheet has questions in column "${choice.questionCol ?? '?'}" with answers in column "${choice.answerCol ?? '?'}". Give both as a letter (C) or as the exact header text.`
        : `${fileName}: no sheet has a recognisable question table (a header row with a question column and an answer column). Name the columns with --question-col and --answer-col (a letter or the header text).`,
    );
  }
  return tables;
}
