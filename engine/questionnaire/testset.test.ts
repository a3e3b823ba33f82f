import { describe, expect, it } from 'vitest';
import { rates, scoreWorkbook } from './test-support/score.ts';
import { repositorySnapshot } from './test-support/snapshot.ts';
import {
  readTestset,
  type TestsetOrganisation,
  testsetOrganisations,
} from './test-support/testset.ts';
import type { Layout } from './types.ts';

const testset = readTestset();

describe('the labelled test set', () => {
  it('has at least 150 questions across the CAIQ, HECVAT, SIG and generic layouts', () => {
    const counts = Object.values(testset).map((questions) => questions.length);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(150);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(30);
  });

  it('is answered with precision ≥ 95% and coverage ≥ 70% over the three organisations', async () => {
    const total = { answerable: 0, answered: 0, correct: 0 };
    const wrong: string[] = [];
    for (const [organisation, dir] of Object.entries(testsetOrganisations) as Array<
      [TestsetOrganisation, string]
    >) {
      const snapshot = await repositorySnapshot(dir);
      for (const layout of Object.keys(testset) as Layout[]) {
        const score = await scoreWorkbook(snapshot, organisation, layout, testset[layout]);
        total.answerable += score.answerable;
        total.answered += score.answered;
        total.correct += score.correct;
        wrong.push(
          ...score.wrong.map(
            ({ question, got }) => `${organisation}: "${question.question}" → ${got.answer}`,
          ),
        );
      }
    }
    const { precision, coverage } = rates(total);
    expect(precision, wrong.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(coverage).toBeGreaterThanOrEqual(0.7);
  }, 60_000);
});
