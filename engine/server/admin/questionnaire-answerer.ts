import { answerQuestionnaireFile } from '../../questionnaire/answer-file.ts';
import { QuestionnaireError } from '../../questionnaire/limits.ts';
import type { QuestionnaireAnswerer } from '../api/context.ts';

/** A questionnaire the engine refused (not a spreadsheet, too large, protected, …): a 400. */
export function isUnreadableQuestionnaire(error: unknown): error is QuestionnaireError {
  return error instanceof QuestionnaireError;
}

/**
 * The questionnaire engine behind the admin area's upload: the buyer's workbook (or CSV)
 * answered in place from the snapshot, citations pointing at the organisation's trust page.
 */
export const answerWithEngine: QuestionnaireAnswerer = async ({ bytes, fileName, snapshot }) => {
  const result = await answerQuestionnaireFile(snapshot, bytes, {
    fileName,
    ...(snapshot.organisation.url ? { baseUrl: snapshot.organisation.url } : {}),
  });
  return {
    bytes: result.bytes,
    fileName: result.fileName,
    contentType: result.contentType,
    answered: result.summary.answered,
    total: result.summary.questions,
  };
};
