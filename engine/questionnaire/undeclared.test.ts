import { describe, expect, it } from 'vitest';
import { evaluateOrganisation } from '../evaluate/evaluate.ts';
import { loadOrganisation } from '../load/load-organisation.ts';
import { fixtureToday, minimalOrganisation } from '../load/test-fixture.ts';
import { answerQuestion } from './answer-question.ts';
import { createKnowledge } from './knowledge.ts';
import { testNow } from './test-support/snapshot.ts';

/** The loader's minimal organisation without a notice period; it says nothing about a bounty. */
function silentSnapshot() {
  const files = minimalOrganisation().map((file) =>
    file.path === 'policies/subprocessors.yaml'
      ? { ...file, text: file.text.replace(/^noticeDays: \d+\n/m, '') }
      : file,
  );
  const { model, diagnostics } = loadOrganisation(files, { today: fixtureToday });
  if (!model || diagnostics.some((d) => d.severity === 'error'))
    throw new Error(`fixture is invalid: ${JSON.stringify(diagnostics)}`);
  return evaluateOrganisation(model, [], { now: testNow, publishedAt: testNow.toISOString() });
}

describe('questions about what the organisation never declared', () => {
  it('leaves the bounty question unanswered instead of answering "no"', () => {
    const snapshot = silentSnapshot();
    expect(snapshot.disclosure?.bounty).toBeUndefined();
    const knowledge = createKnowledge(snapshot);
    for (const text of ['Do you run a paid bug bounty program?', 'Do you have a bug bounty?']) {
      const answer = answerQuestion(knowledge, { id: undefined, text });
      expect(answer.answer, text).toBe('blank');
      expect(answer.explanation, text).not.toMatch(/no (paid )?bug bounty|do not run/i);
    }
  });

  it('quotes no notice period for subprocessor changes', () => {
    const snapshot = silentSnapshot();
    expect(snapshot.subprocessors.noticeDays).toBeUndefined();
    const knowledge = createKnowledge(snapshot);
    for (const text of [
      'How many days of notice do you give before adding a new subprocessor?',
      'Do you notify customers before engaging a new subprocessor?',
    ]) {
      const answer = answerQuestion(knowledge, { id: undefined, text });
      expect(answer.explanation, text).not.toMatch(/\d+[ -]days?/);
      expect(answer.answer, text).not.toBe('yes');
    }
  });
});
