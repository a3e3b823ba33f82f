import type { Snapshot } from '../../evaluate/snapshot.ts';
import { answerQuestionnaireFile } from '../answer-file.ts';
import type { AnsweredQuestion, Layout } from '../types.ts';
import { buildWorkbook, type TestsetOrganisation, type TestsetQuestion } from './testset.ts';

/** How the engine did on one workbook of the labelled test set. */
export interface Score {
  questions: number;
  /** Questions whose expected answer is not blank. */
  answerable: number;
  /** Questions the engine answered (not blank). */
  answered: number;
  /** Answered questions whose answer equals the expected one. */
  correct: number;
  /** Answered questions whose answer differs from the expected one. */
  wrong: Array<{ question: TestsetQuestion; got: AnsweredQuestion }>;
}

/** Builds the workbook for `questions`, answers it from `snapshot`, and compares with the labels. */
export async function scoreWorkbook(
  snapshot: Snapshot,
  organisation: TestsetOrganisation,
  layout: Layout,
  questions: readonly TestsetQuestion[],
): Promise<Score> {
  const { bytes, placements } = await buildWorkbook(layout, questions);
  const result = await answerQuestionnaireFile(snapshot, bytes, { fileName: `${layout}.xlsx` });
  const byCell = new Map(result.answers.map((answer) => [`${answer.sheet}#${answer.row}`, answer]));
  const score: Score = { questions: 0, answerable: 0, answered: 0, correct: 0, wrong: [] };
  for (const { sheet, row, question } of placements) {
    const got = byCell.get(`${sheet}#${row}`);
    if (!got) throw new Error(`question on ${sheet} row ${row} was not found in the workbook`);
    const expected = question[organisation];
    score.questions++;
    if (expected !== 'blank') score.answerable++;
    if (got.answer === 'blank') continue;
    score.answered++;
    if (got.answer === expected) score.correct++;
    else score.wrong.push({ question, got });
  }
  return score;
}

/** Precision (correct / answered) and coverage (correct / answerable), as fractions. */
export function rates(score: Pick<Score, 'answerable' | 'answered' | 'correct'>) {
  return {
    precision: score.answered === 0 ? 1 : score.correct / score.answered,
    coverage: score.answerable === 0 ? 1 : score.correct / score.answerable,
  };
}
