import { beforeAll, describe, expect, it } from 'vitest';
import { type EvalResult, scoreEvalset } from './test-support/evalset.ts';

/**
 * Guards the answer engine on the evaluation set's tune part. The holdout part (a third of
 * the questions, and all of Rotaline and Halvard) is never asserted here, so that nobody tunes against
 * it: `npm run bench:answer` prints its numbers.
 */
describe('the answer evaluation set', () => {
  let results: EvalResult[];
  beforeAll(async () => {
    results = await scoreEvalset();
  }, 60_000);

  it('never answers a free-text question with a bare yes or no, on any part', () => {
    const bare = results.filter((result) => result.freeTextYesNo);
    expect(bare.map((result) => `${result.organisation} ${result.question.id}`)).toEqual([]);
  });

  it('answers the tune part with precision ≥ 95% and coverage ≥ 60%', () => {
    const tune = results.filter((result) => result.part === 'tune');
    const answered = tune.filter((result) => result.answered);
    const correct = answered.filter((result) => result.correct);
    const wrong = answered
      .filter((result) => !result.correct)
      .map(
        (result) =>
          `${result.organisation} ${result.question.id}: ${result.got.answer} (${result.label})`,
      );
    expect(correct.length / answered.length, wrong.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(
      correct.length / tune.filter((result) => result.answerable).length,
    ).toBeGreaterThanOrEqual(0.6);
  });

  it('writes a description for every free-text answer and cites what it rests on', () => {
    for (const result of results.filter((entry) => entry.got.answer === 'text')) {
      expect(result.got.statement, result.question.id).toBeTruthy();
      expect(result.got.citations.length, result.question.id).toBeGreaterThan(0);
    }
  });
});
