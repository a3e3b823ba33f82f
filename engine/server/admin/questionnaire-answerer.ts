import type { Snapshot } from '../../evaluate/snapshot.ts';
import { answerQuestionnaireFile } from '../../questionnaire/answer-file.ts';
import { QuestionnaireError } from '../../questionnaire/limits.ts';

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
}

/** A questionnaire the engine refused (not a spreadsheet, too large, protected, …): a 400. */
export function isUnreadableQuestionnaire(error: unknown): error is QuestionnaireError {
  return error instanceof QuestionnaireError;
}

/**
 * An uploaded questionnaire (`.xlsx` or `.csv`) answered by the engine `attest answer` uses:
 * the buyer's file filled in place, citations pointing at the organisation's trust page.
 */
export async function answerQuestionnaire(input: {
  bytes: Uint8Array;
  fileName: string;
  snapshot: Snapshot;
}): Promise<AnsweredQuestionnaire> {
  const { snapshot } = input;
  const result = await answerQuestionnaireFile(snapshot, input.bytes, {
    fileName: input.fileName,
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
  };
}
