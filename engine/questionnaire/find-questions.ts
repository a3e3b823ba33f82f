/**
 * Finds the questions a vendor answers in a buyer's workbook, and says for every sheet why
 * it was answered or skipped. Works on the `WorkbookData` model only: no file access.
 */

import {
  type ColumnChoice,
  candidateTables,
  chosenColumn,
  scoringHeadersOf,
} from './question-table.ts';
import { isProse } from './question-text.ts';
import { readQuestionRows } from './read-question-rows.ts';
import { indexMerges } from './sheet-cells.ts';
import type {
  FoundQuestion,
  FoundQuestions,
  SheetData,
  SheetVerdict,
  WorkbookData,
} from './workbook-model.ts';

/** Choices made by hand on the command line. */
export interface FindQuestionsOptions {
  /** Names of the sheets to answer (any case); every other sheet is skipped. */
  sheets?: string[];
  /** The question column of each chosen sheet, as a letter (`B`). */
  questionCol?: string;
  /** The answer column of each chosen sheet, as a letter (`C`). */
  answerCol?: string;
}

/** Names of sheets that introduce a workbook rather than ask anything. */
const introductionName =
  /\b(start|instructions?|read ?me|introduction|intro|overview|cover|guidance|how to|welcome|about)\b/i;

/** Names of sheets a buyer's analyst works in. */
const evaluationName = /\b(scor\w*|evaluat\w*|analys\w*|review\w*|assessor|results?)\b/i;

/** A sheet's table is the analyst's when at least half its answer cells are formulas. */
const formulaShare = 0.5;

/** Cells of the sheet holding prose, and cells holding any text. */
function proseCounts(sheet: SheetData): { prose: number; text: number } {
  let prose = 0;
  let text = 0;
  for (const cells of sheet.rows.values())
    for (const cell of cells.values()) {
      if (cell.text.trim() === '') continue;
      text++;
      if (isProse(cell.text)) prose++;
    }
  return { prose, text };
}

type SheetOutcome =
  | { questions: FoundQuestion[]; layout: string }
  | { questions: undefined; reason: string };

const skip = (reason: string): SheetOutcome => ({ questions: undefined, reason });

/** Why a sheet without a usable table was skipped. */
function reasonWithoutTable(
  sheet: SheetData,
  formulaAnswers: number,
  scoringHeaders: string[],
  hadTable: boolean,
): string {
  const evaluation = scoringHeaders.length > 0 || evaluationName.test(sheet.name);
  if (formulaAnswers > 0)
    return evaluation
      ? 'scoring sheet: answer column holds formulas'
      : 'answer column holds formulas';
  if (scoringHeaders.length > 0) return `scoring sheet: headers ${scoringHeaders.join(', ')}`;
  if (hadTable) return 'no questions in its question table';
  const { prose } = proseCounts(sheet);
  if (prose > 0) return 'instructions, no question table';
  return sheet.rows.size === 0 ? 'empty' : 'no question table';
}

/** The questions of one visible sheet, or why it has none a vendor should answer. */
function findSheetQuestions(sheet: SheetData, choice: ColumnChoice, byHand: boolean): SheetOutcome {
  const merges = indexMerges(sheet.merges);
  let formulaAnswers = 0;
  const tables = candidateTables(sheet, choice);
  for (const table of tables) {
    const reading = readQuestionRows(sheet, merges, table);
    formulaAnswers += reading.formulaAnswers;
    const found = reading.questions.length;
    if (found === 0) continue;
    if (!byHand) {
      // Formula answers met in an earlier candidate table count too: the sheet is computed.
      if (formulaAnswers >= formulaShare * (found + formulaAnswers))
        return skip(reasonWithoutTable(sheet, formulaAnswers, scoringHeadersOf(sheet), true));
      // Analyst columns beside the vendor's make an evaluation sheet when the sheet is named
      // for it, or when they outnumber the vendor's answer and comment columns.
      const analystColumns = table.scoringHeaders.length;
      const vendorColumns = table.comment === undefined ? 1 : 2;
      const evaluation =
        analystColumns > 0 &&
        (evaluationName.test(sheet.name) ||
          (analystColumns >= 2 && analystColumns > vendorColumns));
      if (evaluation) return skip(`scoring sheet: headers ${table.scoringHeaders.join(', ')}`);
      const { prose } = proseCounts(sheet);
      if (introductionName.test(sheet.name) && (found < 3 || prose > found))
        return skip('instructions, no question table');
    }
    return { questions: reading.questions, layout: table.layout };
  }
  return skip(
    reasonWithoutTable(sheet, formulaAnswers, scoringHeadersOf(sheet), tables.length > 0),
  );
}

/** The sheets named in `options.sheets`, refusing a name the workbook does not have. */
function chosenSheets(workbook: WorkbookData, names: string[] | undefined): Set<SheetData> {
  if (names === undefined) return new Set(workbook.sheets);
  const chosen = new Set<SheetData>();
  for (const name of names) {
    const sheet = workbook.sheets.find(
      (candidate) => candidate.name.toLowerCase() === name.trim().toLowerCase(),
    );
    if (!sheet)
      throw new Error(
        `The workbook has no sheet named "${name}". Its sheets are: ${workbook.sheets
          .map((candidate) => `"${candidate.name}"`)
          .join(', ')}.`,
      );
    chosen.add(sheet);
  }
  return chosen;
}

/**
 * Finds the questions of every sheet a vendor fills in, with their answer, comment and
 * dropdown values, and a verdict for every sheet (answered with its layout, or skipped with
 * a reason). `options.sheets` picks sheets by hand; `questionCol`/`answerCol` then fix the
 * columns of each sheet answered.
 */
export function findQuestions(
  workbook: WorkbookData,
  options: FindQuestionsOptions = {},
): FoundQuestions {
  const chosen = chosenSheets(workbook, options.sheets);
  const choice: ColumnChoice = {
    question: chosenColumn(options.questionCol, 'questionCol'),
    answer: chosenColumn(options.answerCol, 'answerCol'),
  };
  const byHand = options.sheets !== undefined;
  const questions: FoundQuestion[] = [];
  const sheets: SheetVerdict[] = [];
  for (const sheet of workbook.sheets) {
    if (!chosen.has(sheet)) {
      sheets.push({ sheet: sheet.name, answered: false, reason: 'not among the chosen sheets' });
      continue;
    }
    if (sheet.state !== 'visible') {
      const reason = sheet.state === 'veryHidden' ? 'hidden (very hidden)' : 'hidden';
      sheets.push({ sheet: sheet.name, answered: false, reason });
      continue;
    }
    const outcome = findSheetQuestions(sheet, choice, byHand);
    if (outcome.questions === undefined) {
      sheets.push({ sheet: sheet.name, answered: false, reason: outcome.reason });
      continue;
    }
    questions.push(...outcome.questions);
    sheets.push({
      sheet: sheet.name,
      answered: true,
      questions: outcome.questions.length,
      layout: outcome.layout,
    });
  }
  return { questions, sheets };
}
