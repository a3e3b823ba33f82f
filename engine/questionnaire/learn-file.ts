import type { Snapshot } from '../evaluate/snapshot.ts';
import { readWorkbookData, workbookFromRows } from './answer-workbook.ts';
import { declaredConcepts } from './declared-concepts.ts';
import { type Gap, gapReport } from './gap-report.ts';
import { createKnowledge } from './knowledge.ts';
import { type Learned, type LearnOptions, learnFromWorkbook } from './learn.ts';
import { csvRows, csvSheetName, screenQuestionnaire } from './read-workbook.ts';

/** What an answered questionnaire teaches: the sorted rows, and the concepts nobody declares. */
export interface LearnedFile extends Learned {
  gaps: Gap[];
}

/**
 * Learns from a questionnaire people have answered (xlsx or CSV bytes, screened like any
 * buyer's file): known answers, contradictions, FAQ proposals, and the gap report of the
 * concepts its questions name that the organisation declares nothing on. A bad file throws
 * a `QuestionnaireError`.
 */
export async function learnQuestionnaireFile(
  snapshot: Snapshot,
  bytes: Uint8Array,
  options: LearnOptions & { fileName: string },
): Promise<LearnedFile> {
  const knowledge = createKnowledge(snapshot);
  const workbook =
    (await screenQuestionnaire(bytes, options.fileName)) === 'xlsx'
      ? readWorkbookData(bytes, options.fileName)
      : workbookFromRows(csvSheetName(options.fileName), csvRows(bytes, options.fileName));
  const learned = learnFromWorkbook(knowledge, workbook, options.fileName, options);
  return { ...learned, gaps: gapReport(learned.questions, declaredConcepts(knowledge)) };
}
