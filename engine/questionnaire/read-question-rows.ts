/**
 * Reads the question rows of one table: skips section rows, repeated header rows and rows
 * whose answer cell holds a formula, and prefixes sub-questions with their main question.
 */

import { headerKind } from './header-kinds.ts';
import type { QuestionTable } from './question-table.ts';
import {
  isIdText,
  isLeadIn,
  isQuestionText,
  isSubMarkerId,
  joinSubQuestion,
  subQuestionMarker,
} from './question-text.ts';
import { type MergeIndex, shownText, textAt, validationAt } from './sheet-cells.ts';
import type { FoundQuestion, SheetData } from './workbook-model.ts';

/** A row that ends the current main question: a section title or a repeated header. */
interface Break {
  kind: 'break';
}

/** A row with text in the question column (or, indented, just right of it). */
interface Candidate {
  kind: 'row';
  row: number;
  text: string;
  id: string | undefined;
  sub: boolean;
  formula: boolean;
  /** A question header, an id or a dropdown says the row expects an answer. */
  evidence: boolean;
}

/** What the rows of one table hold. */
export interface TableReading {
  questions: FoundQuestion[];
  /** Question rows skipped because their answer cell holds a formula. */
  formulaAnswers: number;
}

/** The text of a row: the question column, or the first cell right of it before the answer. */
function rowText(sheet: SheetData, table: QuestionTable, row: number) {
  const text = textAt(sheet, row, table.question);
  if (text) return { text, indented: false };
  for (let col = table.question + 1; col < table.answer; col++) {
    if (col === table.id || col === table.comment) continue;
    const indented = textAt(sheet, row, col);
    if (indented) return { text: indented, indented: true };
  }
  return undefined;
}

function classifyRows(
  sheet: SheetData,
  merges: MergeIndex,
  table: QuestionTable,
): (Break | Candidate)[] {
  const rows: (Break | Candidate)[] = [];
  for (const [row, cells] of sheet.rows) {
    if (row <= table.headerRow) continue;
    const found = rowText(sheet, table, row);
    if (!found) continue;
    const answerCell = cells.get(table.answer);
    const repeatsHeader =
      headerKind(answerCell?.text ?? '') === 'answer' ||
      headerKind(textAt(sheet, row, table.question)) === 'question';
    const answerMerge = merges.at(row, table.answer);
    // A title merged across the answer column, or a header repeated above a section.
    if (repeatsHeader || (answerMerge && answerMerge.left < table.answer)) {
      rows.push({ kind: 'break' });
      continue;
    }
    // An answer cell inside a taller merge cannot be written: the top row holds its answer.
    if (answerMerge && answerMerge.top !== row) continue;
    const written = table.id === undefined ? '' : shownText(sheet, merges, row, table.id);
    const markerId = written !== '' && isSubMarkerId(written);
    rows.push({
      kind: 'row',
      row,
      text: found.text,
      id: written === '' || markerId ? undefined : written,
      sub: found.indented || markerId || subQuestionMarker(found.text) !== undefined,
      formula: answerCell?.formula === true,
      evidence:
        table.questionHeader ||
        (written !== '' && isIdText(written)) ||
        validationAt(sheet.validations, row, table.answer) !== undefined,
    });
  }
  return rows;
}

/** The empty, writable comment cell of a row, if the table has a comment column. */
function commentCell(sheet: SheetData, merges: MergeIndex, table: QuestionTable, row: number) {
  if (table.comment === undefined) return undefined;
  const cell = sheet.rows.get(row)?.get(table.comment);
  if (cell && (cell.formula || cell.text.trim() !== '')) return undefined;
  const merge = merges.at(row, table.comment);
  if (merge && (merge.top !== row || merge.left !== table.comment)) return undefined;
  return { row, col: table.comment };
}

/** The questions of one table, in row order. */
export function readQuestionRows(
  sheet: SheetData,
  merges: MergeIndex,
  table: QuestionTable,
): TableReading {
  const rows = classifyRows(sheet, merges, table);
  const questions: FoundQuestion[] = [];
  let formulaAnswers = 0;
  // The question that sub-questions below it belong to; a marked row (`a.`) never is one.
  let main: { text: string; id: string | undefined; marked: boolean } | undefined;
  const emit = (entry: Candidate, text: string, id: string | undefined) => {
    if (entry.formula) {
      formulaAnswers++;
      return;
    }
    questions.push({
      sheet: sheet.name,
      id,
      text,
      row: entry.row,
      answer: { row: entry.row, col: table.answer },
      comment: commentCell(sheet, merges, table, entry.row),
      commentColumn: table.comment,
      allowed: validationAt(sheet.validations, entry.row, table.answer)?.values,
    });
  };
  rows.forEach((entry, index) => {
    if (entry.kind === 'break') {
      main = undefined;
      return;
    }
    if (entry.sub && main && !main.marked) {
      emit(entry, joinSubQuestion(main.text, entry.text), entry.id ?? main.id);
      return;
    }
    const next = rows[index + 1];
    const introducesSubs = next?.kind === 'row' && next.sub && !entry.sub;
    const asks = isQuestionText(entry.text, entry.evidence);
    if (asks && !(introducesSubs && isLeadIn(entry.text))) emit(entry, entry.text, entry.id);
    const leadsIn = introducesSubs && isLeadIn(entry.text);
    main = asks || leadsIn ? { text: entry.text, id: entry.id, marked: entry.sub } : undefined;
  });
  return { questions, formulaAnswers };
}
