import { describe, expect, it } from 'vitest';
import { evaluateOrganisation } from '../evaluate/evaluate.ts';
import { loadOrganisation } from '../load/load-organisation.ts';
import { fixtureToday, withEdit } from '../load/test-fixture.ts';
import { answerQuestion } from './answer-question.ts';
import { createKnowledge } from './knowledge.ts';
import { testNow, uniformResults } from './test-support/snapshot.ts';

const control = 'controls/encryption-in-transit.yaml';
const withTopics = (topics: string) =>
  withEdit(control, (text) => text.replace('claim: ', `topics: ${topics}\nclaim: `));

describe('control topics', () => {
  it('names an unknown topic with its file, line and the concept meant', () => {
    const { diagnostics } = loadOrganisation(withTopics('[encryption-in-transt]'), {
      today: fixtureToday,
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        file: control,
        code: 'topic-unknown',
        message: 'topic "encryption-in-transt" is not a concept Attest knows',
        hint: expect.stringContaining('did you mean "encryption-in-transit"?'),
      }),
    ]);
    expect(diagnostics[0]?.line).toBeGreaterThan(1);
  });

  it('lets a control answer a question about a concept its wording does not use', () => {
    const question = { text: 'Do you maintain an asset inventory?' };
    const answer = (topics: string | undefined) => {
      const files = topics ? withTopics(topics) : withTopics('[]');
      const { model, diagnostics } = loadOrganisation(files, { today: fixtureToday });
      expect(diagnostics).toEqual([]);
      if (!model) throw new Error('not loaded');
      const snapshot = evaluateOrganisation(model, uniformResults(model, 'pass'), {
        now: testNow,
        publishedAt: testNow.toISOString(),
      });
      return answerQuestion(createKnowledge(snapshot), question);
    };
    // The claim speaks of TLS only: without a topic the question is left for a person.
    expect(answer(undefined).answer).toBe('blank');
    const declared = answer('[asset-inventory]');
    expect(declared.answer).toBe('yes');
    expect(declared.citations.map((citation) => citation.id)).toEqual(['encryption-in-transit']);
  });
});
