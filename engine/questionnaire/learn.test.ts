import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../fs/test-organisations.ts';
import { faq } from '../schema/faq.ts';
import { declaredConcepts } from './declared-concepts.ts';
import { appendFaqEntries, faqDiff } from './faq-patch.ts';
import { gapReport } from './gap-report.ts';
import { createKnowledge, type Knowledge } from './knowledge.ts';
import { learnFromWorkbook } from './learn.ts';
import { repositorySnapshot } from './test-support/snapshot.ts';
import { buildWorkbookData, type RowSpec } from './test-support/workbook-data.ts';

/** A reviewed questionnaire: question, answer and comment columns. */
function reviewed(rows: readonly RowSpec[]) {
  return buildWorkbookData([
    { name: 'Security', rows: [['Question', 'Answer', 'Comments'], ...rows] },
  ]);
}

describe('learnFromWorkbook', () => {
  let knowledge: Knowledge;
  beforeAll(async () => {
    knowledge = createKnowledge(await repositorySnapshot('.'));
  });

  it('proposes an FAQ entry for what the engine leaves blank, resting on related controls', () => {
    const learned = learnFromWorkbook(
      knowledge,
      reviewed([
        [
          'Are audit logs reviewed by a person every week?',
          'Yes',
          'A security engineer reviews the audit log every Monday.',
        ],
        ['Are backup restore tests witnessed by an external auditor?', 'Y', null],
      ]),
      'reviewed.xlsx',
    );
    expect(learned.proposals.map((proposal) => proposal.entry)).toEqual([
      {
        question: 'Are audit logs reviewed by a person every week?',
        answer: 'A security engineer reviews the audit log every Monday.',
        short: 'yes',
        controls: expect.arrayContaining(['audit-logging']),
      },
      {
        question: 'Are backup restore tests witnessed by an external auditor?',
        answer: 'Yes.',
        short: 'yes',
        controls: ['restore-testing'],
      },
    ]);
    expect(learned.proposals[0]).toMatchObject({ sheet: 'Security', row: 2 });
    // Every proposal is a valid FAQ entry.
    expect(() =>
      faq.parse({ questions: learned.proposals.map((proposal) => proposal.entry) }),
    ).not.toThrow();
  });

  it('reports a contradiction with the engine’s answer and citations, and proposes nothing for it', () => {
    const learned = learnFromWorkbook(
      knowledge,
      reviewed([['Are you HIPAA compliant?', 'Yes', 'We sign BAAs.']]),
      'reviewed.xlsx',
    );
    expect(learned.proposals).toEqual([]);
    expect(learned.contradictions).toEqual([
      expect.objectContaining({
        row: 2,
        question: 'Are you HIPAA compliant?',
        human: { answer: 'yes', cell: 'Yes', comment: 'We sign BAAs.' },
        engine: expect.objectContaining({
          answer: 'no',
          citations: [expect.objectContaining({ kind: 'certification', id: 'hipaa' })],
        }),
      }),
    ]);
  });

  it('skips what the engine already answers the same way and unanswered rows, and reports a wording answered two ways', () => {
    const learned = learnFromWorkbook(
      knowledge,
      reviewed([
        ['Is customer data encrypted at rest?', 'TRUE', null],
        ['Do you maintain an inventory of assets?', null, null],
        ['Is customer data encrypted at rest ?', 'No', null],
      ]),
      'reviewed.xlsx',
    );
    expect(learned.known.map((row) => row.question)).toEqual([
      'Is customer data encrypted at rest?',
    ]);
    expect(learned.contradictions).toEqual([]);
    expect(learned.proposals).toEqual([]);
    expect(learned.questions).toEqual([
      'Is customer data encrypted at rest?',
      'Do you maintain an inventory of assets?',
    ]);
    // The same question, answered "TRUE" in row 2 and "No" in row 4.
    expect(learned.conflicts).toEqual([
      {
        question: 'Is customer data encrypted at rest?',
        rows: [
          { sheet: 'Security', row: 2, cell: 'TRUE' },
          { sheet: 'Security', row: 4, cell: 'No' },
        ],
      },
    ]);
  });

  it('holds back, not proposes, an answer the organisation has but whose evidence fails today', async () => {
    const failing = createKnowledge(await repositorySnapshot('.', ['encryption-at-rest']));
    const learned = learnFromWorkbook(
      failing,
      reviewed([['Is customer data encrypted at rest?', 'Yes', null]]),
      'reviewed.xlsx',
    );
    expect(learned.proposals).toEqual([]);
    expect(learned.heldBack).toEqual([
      expect.objectContaining({ row: 2, reason: expect.stringMatching(/encryption-at-rest/) }),
    ]);
  });

  it('lists an answer no published control covers as needing a control, with what to do', () => {
    const learned = learnFromWorkbook(
      knowledge,
      reviewed([['Do you carry cyber insurance?', 'Yes', 'EUR 5m of cover.']]),
      'reviewed.xlsx',
    );
    expect(learned.proposals).toEqual([]);
    expect(learned.needsControl).toEqual([
      expect.objectContaining({
        entry: {
          question: 'Do you carry cyber insurance?',
          answer: 'EUR 5m of cover.',
          short: 'yes',
        },
        comment:
          'No published control covers this question on cyber-insurance. Add or publish a control that does, then cite it in the FAQ entry.',
      }),
    ]);
  });

  it('learns free text without a short answer', () => {
    const learned = learnFromWorkbook(
      knowledge,
      reviewed([
        [
          'Describe which external auditor witnesses backup restore tests.',
          'None: a second engineer, into an isolated account.',
          'Results go to the CTO.',
        ],
      ]),
      'reviewed.xlsx',
    );
    expect(learned.proposals.map((proposal) => proposal.entry)).toEqual([
      {
        question: 'Describe which external auditor witnesses backup restore tests.',
        answer: 'None: a second engineer, into an isolated account.\n\nResults go to the CTO.',
        controls: ['restore-testing'],
      },
    ]);
  });
});

describe('gapReport', () => {
  it('lists the concepts asked about that nothing declares, most asked first, asides left out', () => {
    const gaps = gapReport(
      [
        'Do you carry cyber insurance?',
        'What is the limit of your cyber liability insurance?',
        'Do you maintain an inventory of assets?',
        'Is customer data encrypted at rest (e.g. with full disk encryption)?',
      ],
      new Set(['encryption-at-rest']),
    );
    expect(gaps).toEqual([
      { concept: 'cyber-insurance', questions: 2, example: 'Do you carry cyber insurance?' },
      {
        concept: 'asset-inventory',
        questions: 1,
        example: 'Do you maintain an inventory of assets?',
      },
    ]);
  });
});

describe('declaredConcepts', () => {
  it('counts controls, certifications and what the structured files declare, with broader concepts', async () => {
    const declared = declaredConcepts(createKnowledge(await repositorySnapshot('.')));
    for (const concept of [
      'encryption-at-rest',
      'encryption',
      'hipaa',
      'subprocessors',
      'vulnerability-disclosure',
      'data-processing-agreement',
      'data-retention',
    ])
      expect(declared, concept).toContain(concept);
    expect(declared).not.toContain('cyber-insurance');
  });
});

describe('appendFaqEntries', () => {
  const entry = {
    question: 'Do you test restores of backups?',
    answer: 'Yes.',
    short: 'yes' as const,
    controls: ['restore-testing'],
  };

  it('appends to the questions list and keeps every existing line, comments included', () => {
    const before = readFileSync(join(repoRoot, 'policies/faq.yaml'), 'utf8');
    const after = appendFaqEntries(before, [entry]);
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toBe(
      [
        '  - question: Do you test restores of backups?',
        '    answer: Yes.',
        '    short: "yes"',
        '    controls: [restore-testing]',
        '',
      ].join('\n'),
    );
    expect(faq.parse(parse(after)).questions.at(-1)).toEqual(entry);
  });

  it('writes a long answer as a wrapped block, and starts a file that has none', () => {
    const long = { ...entry, answer: `${'Restores are tested every quarter. '.repeat(4)}`.trim() };
    const text = appendFaqEntries(undefined, [long]);
    expect(text).toBe(
      [
        'questions:',
        '  - question: Do you test restores of backups?',
        '    answer: |',
        '      Restores are tested every quarter. Restores are tested every quarter. Restores are',
        '      tested every quarter. Restores are tested every quarter.',
        '    short: "yes"',
        '    controls: [restore-testing]',
        '',
      ].join('\n'),
    );
    expect(faqDiff(undefined, text).split('\n').slice(0, 2)).toEqual([
      '--- /dev/null',
      '+++ b/policies/faq.yaml',
    ]);
  });

  it('turns `questions: []` into a block list', () => {
    expect(appendFaqEntries('# FAQ\nquestions: []\n', [entry])).toBe(
      '# FAQ\nquestions:\n  - question: Do you test restores of backups?\n    answer: Yes.\n    short: "yes"\n    controls: [restore-testing]\n',
    );
  });
});
