import type { Snapshot } from '../../evaluate/snapshot.ts';
import { answerQuestionnaireFile } from '../../questionnaire/answer-file.ts';
import { QuestionnaireError } from '../../questionnaire/limits.ts';
import { locateSources } from '../../questionnaire/locate-sources.ts';
import { type reviewHeaders, reviewRows } from '../../questionnaire/review.ts';

/** A questionnaire answered from the snapshot, ready to download. */
export interface AnsweredQuestionnaire {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
  /** Questions answered, of all questions found. */
  answered: number;
  total: number;
  /** The sheets answered, and those skipped with the reason. */
  sheets: Array<{ name: string; layout: string; questions: number }>;
  skipped: Array<{ name: string; reason: string }>;
  /** The "Attest review" sheet: one row per question, with its answer and evidence. */
  review: ReviewRow[];
}

/** The review sheet's columns, as JSON field names. */
export const reviewFields = [
  'sheet',
  'row',
  'questionId',
  'question',
  'answer',
  'confidence',
  'source',
  'needsReview',
  'explanation',
  'citations',
] as const satisfies { length: (typeof reviewHeaders)['length'] };

/** One row of the review sheet, each cell as text (the sheet's `Needs review` is `yes`/`no`). */
export type ReviewRow = Record<(typeof reviewFields)[number], string>;

const zipMagic = [0x50, 0x4b, 0x03, 0x04];

/** Why an upload is not a questionnaire the server takes, or undefined when it is. */
export function uploadProblem(file: unknown): string | undefined {
  if (!(file instanceof File) || file.size === 0) return 'choose a .xlsx or .csv file';
  if (!/\.(xlsx|csv)$/i.test(file.name)) return 'only .xlsx and .csv questionnaires are supported';
  return undefined;
}

/** Why the bytes of an `.xlsx` upload are not a workbook (not a zip archive), or undefined. */
export function workbookProblem(fileName: string, bytes: Uint8Array): string | undefined {
  if (!/\.xlsx$/i.test(fileName) || zipMagic.every((byte, index) => bytes[index] === byte))
    return undefined;
  return 'this is not an Excel workbook (.xlsx files are zip archives)';
}

/** A questionnaire the engine refused (not a spreadsheet, too large, protected, …): a 400. */
export function isUnreadableQuestionnaire(error: unknown): error is QuestionnaireError {
  return error instanceof QuestionnaireError;
}

/**
 * An uploaded questionnaire (`.xlsx` or `.csv`) answered by the engine `attest answer` uses:
 * the buyer's file filled in place, citations pointing at the organisation's trust page and,
 * in the review sheet, at the file and line in `dir` where each source is declared.
 */
export async function answerQuestionnaire(input: {
  bytes: Uint8Array;
  fileName: string;
  snapshot: Snapshot;
  /** The organisation directory the snapshot was published from. */
  dir: string;
}): Promise<AnsweredQuestionnaire> {
  const { snapshot } = input;
  const result = await answerQuestionnaireFile(snapshot, input.bytes, {
    fileName: input.fileName,
    sources: await locateSources(input.dir, { faq: snapshot.faq }),
    ...(snapshot.organisation.url ? { baseUrl: snapshot.organisation.url } : {}),
  });
  return {
    bytes: result.bytes,
    fileName: result.fileName,
    contentType: result.contentType,
    answered: result.summary.answered,
    total: result.summary.questions,
    sheets: result.summary.sheets,
    skipped: result.summary.skipped,
    review: reviewRows(result.answers)
      .slice(1)
      .map(
        (row) =>
          Object.fromEntries(reviewFields.map((field, n) => [field, row[n] ?? ''])) as ReviewRow,
      ),
  };
}
