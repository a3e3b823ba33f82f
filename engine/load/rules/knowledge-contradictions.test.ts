import { describe, expect, it } from 'vitest';
import { loadOrganisation } from '../load-organisation.ts';
import { fixtureToday, type minimalOrganisation, withEdit } from '../test-fixture.ts';

const answers = (lines: string) => (text: string) =>
  text.replace('changelog:', `answers:\n${lines}changelog:`);

const faq = (entries: string) => ({ path: 'policies/faq.yaml', text: `questions:\n${entries}` });

function contradictions(files: ReturnType<typeof minimalOrganisation>) {
  return loadOrganisation(files, { today: fixtureToday }).diagnostics.filter(
    (d) => d.code === 'answer-contradiction',
  );
}

describe('checkKnowledgeContradictions', () => {
  it('reports a control answer and an FAQ entry answering the same question oppositely', () => {
    const files = [
      ...withEdit(
        'controls/encryption-in-transit.yaml',
        answers('  - question: Is customer data encrypted in transit?\n    answer: "yes"\n'),
      ),
      faq(
        '  - question: Is customer data encrypted in transit?\n    answer: Not everywhere.\n    short: "no"\n    controls: [encryption-in-transit]\n',
      ),
    ];
    const [found, ...more] = contradictions(files);
    expect(more).toEqual([]);
    expect(found).toMatchObject({
      file: 'policies/faq.yaml',
      line: 4,
      severity: 'error',
      message:
        '"Is customer data encrypted in transit?" is answered "no" here but "yes" for "Is customer data encrypted in transit?" in controls/encryption-in-transit.yaml:30',
    });
    expect(found?.hint).toMatch(/make the two answers agree/);
  });

  it('sees through wording and synonyms: 2FA and multi-factor authentication', () => {
    const files = withEdit(
      'controls/encryption-in-transit.yaml',
      answers(
        '  - question: Do you support multi-factor authentication?\n    answer: "yes"\n  - question: "Do you support 2FA?"\n    answer: "no"\n',
      ),
    );
    expect(contradictions(files)).toHaveLength(1);
  });

  it('keeps long questions apart that share a long tail but ask about different things', () => {
    // 60 distinct words shared by both questions: more than 90% of each one's words.
    const tail = ` ${Array.from({ length: 60 }, (_, index) => `clause${index}`).join(' ')}`;
    const files = withEdit(
      'controls/encryption-in-transit.yaml',
      answers(
        `  - question: Are you ISO 27001 certified?${tail}\n    answer: "no"\n  - question: Do you offer an uptime SLA?${tail}\n    answer: "yes"\n`,
      ),
    );
    expect(contradictions(files)).toEqual([]);
  });

  it('accepts agreeing answers, n/a, different questions, and a question asking the opposite', () => {
    const files = withEdit(
      'controls/encryption-in-transit.yaml',
      answers(
        [
          '  - question: Is data encrypted in transit?\n    answer: "yes"\n',
          '  - question: Is data encrypted in transit over public networks?\n    answer: "yes"\n',
          '  - question: Which TLS versions are accepted?\n    answer: n/a\n',
          '  - question: Do you support TLS 1.0?\n    answer: "no"\n',
          '  - question: Is data sent in plaintext?\n    answer: "no"\n',
        ].join(''),
      ),
    );
    expect(contradictions(files)).toEqual([]);
  });
});
