import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import type {
  AnsweredQuestion,
  AnswerSummary,
  AnswerValue,
  Citation,
  Layout,
  SourceKind,
} from './types.ts';

/** Name of the sheet Attest adds to the buyer's workbook. */
export const reviewSheetName = 'Attest review';

/** Column headers of the review sheet and the CSV (the JSON uses the same fields). */
export const reviewHeaders = [
  'Sheet',
  'Row',
  'Question ID',
  'Question',
  'Answer',
  'Confidence',
  'Source',
  'Needs review',
  'Explanation',
  'Citations',
] as const;

const answerLabel: Record<Exclude<AnswerValue, 'text'>, string> = {
  yes: 'Yes',
  no: 'No',
  'n/a': 'N/A',
  blank: '',
};

/** What the review shows as the answer: the label, or the composed text. */
function shownAnswer(item: AnsweredQuestion): string {
  return item.answer === 'text' ? (item.statement ?? '') : answerLabel[item.answer];
}

function reviewRow(item: AnsweredQuestion): Array<string | number> {
  return [
    item.sheet,
    item.row,
    item.id ?? '',
    item.text,
    shownAnswer(item),
    Number(item.confidence.toFixed(2)),
    item.source,
    item.needsReview ? 'yes' : 'no',
    item.explanation,
    item.citations.map(citationText).join('\n'),
  ];
}

/** `id vN url (file:line)`: the version for a control, the place when it is known. */
export function citationText(citation: Citation): string {
  const version = citation.version === undefined ? '' : ` v${citation.version}`;
  const place =
    citation.file === undefined
      ? ''
      : ` (${citation.file}${citation.line === undefined ? '' : `:${citation.line}`})`;
  return `${citation.id}${version} ${citation.url}${place}`;
}

/** The review sheet as text rows (header first), for the writer that patches the buyer's zip. */
export function reviewRows(answers: readonly AnsweredQuestion[]): string[][] {
  return [[...reviewHeaders], ...answers.map((item) => reviewRow(item).map(String))];
}

/** Adds the "Attest review" sheet: one row per question with answer, confidence and citations. */
export function addReviewSheet(workbook: ExcelJS.Workbook, answers: readonly AnsweredQuestion[]) {
  let name = reviewSheetName;
  for (let n = 2; workbook.getWorksheet(name); n++) name = `${reviewSheetName} (${n})`;
  const sheet = workbook.addWorksheet(name);
  sheet.addRow([...reviewHeaders]).font = { bold: true };
  for (const item of answers) sheet.addRow(reviewRow(item));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const widths = [18, 6, 12, 60, 8, 11, 15, 13, 60, 60];
  widths.forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
}

/** A text that a spreadsheet would run as a formula is prefixed with `'` (CSV injection). */
function inert(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The answers as CSV with the review sheet's columns. */
export function answersToCsv(answers: readonly AnsweredQuestion[]): string {
  return stringify([[...reviewHeaders], ...answers.map((item) => reviewRow(item).map(inert))]);
}

/** The answers and summary as JSON (the review sheet's fields, named in camelCase). */
export function answersToJson(answers: readonly AnsweredQuestion[], summary: AnswerSummary) {
  return `${JSON.stringify(
    {
      summary,
      answers: answers.map((item) => ({
        sheet: item.sheet,
        row: item.row,
        questionId: item.id ?? null,
        question: item.text,
        layout: item.layout,
        answer: item.answer === 'blank' ? null : item.answer,
        statement: item.statement ?? null,
        kind: item.kind ?? null,
        written: item.written ?? null,
        confidence: Number(item.confidence.toFixed(2)),
        source: item.source,
        needsReview: item.needsReview,
        explanation: item.explanation,
        citations: item.citations,
      })),
    },
    null,
    2,
  )}\n`;
}

/** Counts answered, needs-review, by answer and by source. */
export function summarise(
  answers: readonly AnsweredQuestion[],
  sheets: Array<{ name: string; layout: Layout; questions: number }>,
  skipped: Array<{ name: string; reason: string }> = [],
): AnswerSummary {
  const byAnswer: Record<AnswerValue, number> = { yes: 0, no: 0, 'n/a': 0, text: 0, blank: 0 };
  const bySource: Record<SourceKind, number> = {
    framework: 0,
    crosswalk: 0,
    'control-answer': 0,
    faq: 0,
    certification: 0,
    control: 0,
    subprocessors: 0,
    disclosure: 0,
    processing: 0,
    profile: 0,
    none: 0,
  };
  for (const item of answers) {
    byAnswer[item.answer]++;
    if (item.answer !== 'blank') bySource[item.source]++;
  }
  return {
    questions: answers.length,
    answered: answers.length - byAnswer.blank,
    needsReview: answers.filter((item) => item.needsReview).length,
    byAnswer,
    bySource,
    sheets,
    skipped,
  };
}
