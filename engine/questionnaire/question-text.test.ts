import { describe, expect, it } from 'vitest';
import { headerKind } from './header-kinds.ts';
import { isIdText, isQuestionText, subQuestionMarker } from './question-text.ts';

describe('cell text cues', () => {
  it('recognises ids as written in buyer workbooks', () => {
    for (const id of ['HLAD-01', '1.2', 'A.1.3', 'IAM-01.2', 'Q12', '7'])
      expect(isIdText(id)).toBe(true);
    for (const text of ['HLAD', 'Application Security', 'Yes']) expect(isIdText(text)).toBe(false);
  });

  it('tells questions from section titles and notes', () => {
    expect(isQuestionText('Do you rotate encryption keys?')).toBe(true);
    expect(isQuestionText('2.1 Describe your change management process')).toBe(true);
    expect(isQuestionText('Physical Security')).toBe(false);
    expect(isQuestionText('Note: the questions below apply to hosted services?')).toBe(false);
    expect(isQuestionText('The supplier keeps an asset register of all laptops.')).toBe(false);
    expect(isQuestionText('The supplier keeps an asset register of all laptops.', true)).toBe(true);
  });

  it('finds sub-question markers but not main-question numbering', () => {
    expect(['a. x', 'ii) x', '(3) x', '- x', '• x'].map(subQuestionMarker)).toEqual([
      'a. ',
      'ii) ',
      '(3) ',
      '- ',
      '• ',
    ]);
    expect(subQuestionMarker('1. Do you keep logs?')).toBeUndefined();
    expect(subQuestionMarker('A. Governance')).toBeUndefined();
  });

  it('names header cells by the column they head', () => {
    expect(
      [
        'Question ID',
        'Question',
        'CSP CAIQ Answer',
        'Vendor Response',
        'Yes/No',
        'Additional Information',
        'Reviewer notes',
        'Weight',
        'SSRM Control Ownership',
        'Req #',
        'Control No.',
        'Compliance (Y/N)',
      ].map(headerKind),
    ).toEqual([
      'id',
      'question',
      'answer',
      'answer',
      'answer',
      'comment',
      'scoring',
      'scoring',
      undefined,
      'id',
      'id',
      'answer',
    ]);
  });
});
