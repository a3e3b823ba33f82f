/** Security questionnaires answered from a snapshot: what the CLI and the server use. */
export {
  type AnsweredFile,
  type AnswerFileOptions,
  answeredFileName,
  answerQuestionnaireFile,
  type OutputFormat,
} from './answer-file.ts';
export { failingKnowledge } from './failing-knowledge.ts';
export { appendFaqEntries, faqDiff, faqPath } from './faq-patch.ts';
export type { Gap } from './gap-report.ts';
export type { Contradiction, Learned, LearnedRow, NeedsControl, Proposal } from './learn.ts';
export { type LearnedFile, learnQuestionnaireFile } from './learn-file.ts';
export { QuestionnaireError, type QuestionnaireErrorCode, questionnaireLimits } from './limits.ts';
export { locateSources } from './locate-sources.ts';
export type { SourceKey, SourceLocator, SourceRef } from './source-locator.ts';
export type * from './types.ts';
