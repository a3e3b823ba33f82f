import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { answersToCsv, answersToJson, citationText, reviewHeaders, summarise } from './review.ts';
import type { AnsweredQuestion, Citation } from './types.ts';

const located: Citation = {
  kind: 'control',
  id: 'encryption-at-rest',
  version: 3,
  url: 'https://trust.example/#encryption-at-rest',
  file: 'controls/encryption-at-rest.yaml',
  line: 4,
};
const unlocated: Citation = {
  kind: 'certification',
  id: 'soc2-type2',
  version: undefined,
  url: 'https://trust.example/#compliance',
};

const answered: AnsweredQuestion = {
  id: 'EKM-03',
  text: 'Is data encrypted at rest?',
  sheet: 'Questions',
  row: 2,
  layout: 'generic',
  written: 'Yes',
  answer: 'yes',
  explanation: 'Encrypted with AES-256.',
  citations: [located, unlocated],
  confidence: 0.9,
  source: 'control',
  needsReview: false,
};

describe('citations in the review', () => {
  it('shows the file and line after the URL when they are known', () => {
    expect(citationText(located)).toBe(
      'encryption-at-rest v3 https://trust.example/#encryption-at-rest (controls/encryption-at-rest.yaml:4)',
    );
    expect(citationText(unlocated)).toBe('soc2-type2 https://trust.example/#compliance');
  });

  it('puts one citation a line in the CSV Citations column, headers unchanged', () => {
    const [header, row] = parse(answersToCsv([answered])) as string[][];
    expect(header).toEqual([...reviewHeaders]);
    expect(row?.[reviewHeaders.indexOf('Citations')]?.split('\n')).toEqual([
      citationText(located),
      citationText(unlocated),
    ]);
  });

  it('keeps file and line as fields of each citation in the JSON', () => {
    const json = JSON.parse(answersToJson([answered], summarise([answered], [])));
    expect(json.answers[0].citations[0]).toMatchObject({
      file: 'controls/encryption-at-rest.yaml',
      line: 4,
    });
    expect(json.answers[0].citations[1]).not.toHaveProperty('file');
  });
});
