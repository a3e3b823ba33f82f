import { describe, expect, it } from 'vitest';
import { failingKnowledge } from './failing-knowledge.ts';
import { repositorySnapshot } from './test-support/snapshot.ts';

describe('failingKnowledge', () => {
  it('lists the control answers and FAQ entries that rest on a failing control', async () => {
    expect(failingKnowledge(await repositorySnapshot('.'))).toEqual([]);
    const found = failingKnowledge(await repositorySnapshot('.', ['encryption-at-rest']));
    expect(found).toEqual([
      {
        kind: 'control-answer',
        question: 'Is customer data encrypted at rest?',
        controlId: 'encryption-at-rest',
        status: 'failing',
      },
      {
        kind: 'control-answer',
        question: 'Are backups encrypted?',
        controlId: 'encryption-at-rest',
        status: 'failing',
      },
      {
        kind: 'faq',
        question: 'Is our data encrypted?',
        controlId: 'encryption-at-rest',
        status: 'failing',
      },
    ]);
  });
});
