import { describe, expect, it } from 'vitest';
import { findQuestions } from './find-questions.ts';
import { buildWorkbookData, formula } from './test-support/workbook-data.ts';

const yesNo = ['Yes', 'No', 'N/A'];

describe('findQuestions: layouts', () => {
  it('(a) reads a Question / Vendor Response / Comments header row', () => {
    const workbook = buildWorkbookData([
      {
        name: 'Security',
        rows: [
          ['Question', 'Vendor Response', 'Comments/Notes'],
          ['Is customer data encrypted while stored on disk?', '', ''],
          ['Describe how administrator access to production is approved', null, null],
          ['Do staff complete security awareness training every year?', 'Yes', 'Annually'],
        ],
      },
    ]);
    const found = findQuestions(workbook);
    expect(found.sheets).toEqual([
      { sheet: 'Security', answered: true, questions: 3, layout: 'question and answer headers' },
    ]);
    expect(found.questions[0]).toEqual({
      sheet: 'Security',
      id: undefined,
      text: 'Is customer data encrypted while stored on disk?',
      row: 2,
      answer: { row: 2, col: 2 },
      comment: { row: 2, col: 3 },
      allowed: undefined,
    });
    // An answered row is kept; its filled comment cell is not offered for the explanation.
    expect(found.questions[2]).toMatchObject({ row: 4, answer: { row: 4, col: 2 } });
    expect(found.questions[2]?.comment).toBeUndefined();
  });

  it('(a) accepts Response, Yes/No and Additional Information as header variants', () => {
    const workbook = buildWorkbookData([
      {
        name: 'Controls',
        rows: [
          ['#', 'Security Question', 'Yes/No', 'Additional Information'],
          ['1', 'Are firewall rule changes reviewed by a second engineer?', '', ''],
          ['2', 'Can customers export all of their records on request?', '', ''],
        ],
      },
      {
        name: 'Privacy',
        rows: [
          ['Question', 'Response', 'Notes'],
          ['Will personal data be processed outside the customer region?', '', ''],
        ],
      },
    ]);
    const found = findQuestions(workbook);
    expect(found.questions.map((q) => [q.sheet, q.id, q.answer.col, q.comment?.col])).toEqual([
      ['Controls', '1', 3, 4],
      ['Controls', '2', 3, 4],
      ['Privacy', undefined, 2, 3],
    ]);
  });

  it('(b) finds questions under section rows that repeat Answer | Additional Information', () => {
    const workbook = buildWorkbookData([
      {
        name: 'Application',
        rows: [
          ['Vendor application review'],
          1,
          ['APPL', 'Application Security', 'Answer', 'Additional Information'],
          ['APPL-01', 'Do you run static analysis on every code change?', '', ''],
          ['APPL-02', 'Are third-party libraries scanned for known flaws?', '', ''],
          ['DATA', 'Data Handling', 'Answer', 'Additional Information'],
          ['DATA-01', 'Is production data kept out of test environments?', '', ''],
        ],
      },
    ]);
    const found = findQuestions(workbook);
    expect(found.sheets[0]).toEqual({
      sheet: 'Application',
      answered: true,
      questions: 3,
      layout: 'answer headers on section rows with ids',
    });
    expect(found.questions.map((q) => [q.id, q.row, q.answer.col, q.comment?.col])).toEqual([
      ['APPL-01', 4, 3, 4],
      ['APPL-02', 5, 3, 4],
      ['DATA-01', 7, 3, 4],
    ]);
  });

  it('(c) takes ids from the column left of the question text, with no id header', () => {
    const workbook = buildWorkbookData([
      {
        name: 'SIG',
        rows: [
          [null, null, 'Response'],
          ['A.1.3', 'Is there a named owner for the information security programme?', ''],
          ['1.2', 'Provide the date of the last external penetration test', ''],
          ['HLAD-01', 'Does the service support single sign-on with SAML?', ''],
        ],
      },
    ]);
    const found = findQuestions(workbook);
    expect(found.questions.map((q) => [q.id, q.text.slice(0, 20)])).toEqual([
      ['A.1.3', 'Is there a named own'],
      ['1.2', 'Provide the date of '],
      ['HLAD-01', 'Does the service sup'],
    ]);
    expect(found.sheets[0]).toMatchObject({ layout: 'answer header with ids' });
  });

  it('(d) gives the id of a merged id cell to each question row it spans', () => {
    const workbook = buildWorkbookData([
      {
        name: 'Access',
        rows: [
          ['Control ID', 'Question', 'Answer'],
          ['IAM-04', 'Are accounts disabled within a day of a leaver’s exit?', ''],
          [null, 'Are privileged accounts reviewed each quarter?', ''],
          [null, 'Is multi-factor authentication required for remote access?', ''],
          ['IAM-05', 'Are shared accounts forbidden for administrators?', ''],
        ],
        merges: ['A2:A4'],
      },
    ]);
    const found = findQuestions(workbook);
    expect(found.questions.map((q) => q.id)).toEqual(['IAM-04', 'IAM-04', 'IAM-04', 'IAM-05']);
  });

  it('(e) prefixes sub-questions with their main question', () => {
    const workbook = buildWorkbookData([
      {
        name: 'Resilience',
        rows: [
          ['Ref', 'Question', null, 'Answer'],
          ['BC-1', 'Does the service have a tested disaster recovery plan?', null, ''],
          [null, 'a. How often is the plan exercised?', null, ''],
          [null, '(2) Who approves changes to the plan?', null, ''],
          ['BC-2', 'Describe the backups you keep, covering:', null, null],
          [null, '- how long each copy is retained', null, ''],
          [null, null, 'where the copies are stored', ''],
          ['BC-3', 'Is there a documented incident response process?', null, ''],
        ],
      },
    ]);
    const found = findQuestions(workbook);
    expect(found.questions.map((q) => [q.id, q.text])).toEqual([
      ['BC-1', 'Does the service have a tested disaster recovery plan?'],
      [
        'BC-1',
        'Does the service have a tested disaster recovery plan? a. How often is the plan exercised?',
      ],
      [
        'BC-1',
        'Does the service have a tested disaster recovery plan? (2) Who approves changes to the plan?',
      ],
      ['BC-2', 'Describe the backups you keep, covering: - how long each copy is retained'],
      ['BC-2', 'Describe the backups you keep, covering: where the copies are stored'],
      ['BC-3', 'Is there a documented incident response process?'],
    ]);
  });

  it('(f) exposes dropdown values and prefers the column a dropdown covers as the answer', () => {
    const workbook = buildWorkbookData([
      {
        name: 'Vendor',
        rows: [
          ['Question', 'Response', 'Answer', 'Comments'],
          ['Are audit logs retained for at least one year?', '', '', ''],
          ['Is access to source code limited to engineers?', '', '', ''],
        ],
        validations: [{ ranges: ['C2:C200'], values: yesNo }],
      },
      { name: 'Lists', state: 'hidden', rows: [['Yes'], ['No'], ['N/A']] },
    ]);
    const found = findQuestions(workbook);
    expect(found.questions.map((q) => [q.answer.col, q.allowed])).toEqual([
      [3, yesNo],
      [3, yesNo],
    ]);
    expect(found.sheets[1]).toEqual({ sheet: 'Lists', answered: false, reason: 'hidden' });
  });

  it('(f) takes a dropdown column as the answer column when no header names one', () => {
    const workbook = buildWorkbookData([
      {
        name: 'Checklist',
        rows: [
          ['Supplier checklist'],
          ['Does the supplier hold a current ISO 27001 certificate?', ''],
          ['Are security incidents reported to us within 72 hours?', ''],
        ],
        validations: [{ ranges: ['B2:B3'], values: ['Compliant', 'Not compliant'] }],
      },
    ]);
    const found = findQuestions(workbook);
    expect(found.sheets[0]).toMatchObject({ answered: true, layout: 'dropdown answer column' });
    expect(found.questions.map((q) => q.allowed)).toEqual([
      ['Compliant', 'Not compliant'],
      ['Compliant', 'Not compliant'],
    ]);
  });

  it('(g) finds a header row far below a title block and instructions', () => {
    const workbook = buildWorkbookData([
      {
        name: 'Questionnaire',
        rows: [
          ['Third-party security review'],
          ['Prepared by the procurement office'],
          2,
          [
            'Please answer every question below in the answer column and add any context you think useful in the notes column.',
          ],
          35,
          ['Item #', 'Question', 'Answer', 'Notes'],
          ['7', 'Is vulnerability scanning run against internet-facing hosts?', '', ''],
        ],
      },
    ]);
    const found = findQuestions(workbook);
    expect(found.questions).toHaveLength(1);
    expect(found.questions[0]).toMatchObject({ id: '7', row: 42, answer: { row: 42, col: 3 } });
  });

  it('(h) skips section and title rows inside the table', () => {
    const workbook = buildWorkbookData([
      {
        name: 'Review',
        rows: [
          ['ID', 'Question', 'Answer'],
          [null, 'Network Security', ''],
          ['N-1', 'Are inbound connections denied unless explicitly allowed?', ''],
          ['Section 2: Personnel and physical security controls for all sites'],
          ['P-1', 'Are visitors escorted inside the data centre?', ''],
        ],
        merges: ['A4:C4'],
      },
    ]);
    const found = findQuestions(workbook);
    expect(found.questions.map((q) => q.id)).toEqual(['N-1', 'P-1']);
  });

  it('leaves out questions whose answer cell holds a formula, keeping the rest', () => {
    const workbook = buildWorkbookData([
      {
        name: 'Mixed',
        rows: [
          ['Question', 'Answer'],
          ['Is data encrypted in transit between services?', ''],
          ['Is data encrypted in transit to customers?', formula('Yes')],
          ['Do you keep an inventory of production hosts?', ''],
        ],
      },
    ]);
    expect(findQuestions(workbook).questions.map((q) => q.row)).toEqual([2, 4]);
  });
});

describe('findQuestions: skipped sheets', () => {
  it('gives a reason for every skipped sheet', () => {
    const workbook = buildWorkbookData([
      {
        name: 'Instructions',
        rows: [
          ['How to complete this questionnaire'],
          [
            'Answer each question on the vendor tabs using the dropdown, then explain any answer of No in the column beside it.',
          ],
          [
            'Return the completed workbook to the security office; questions about this form go to your procurement contact.',
          ],
        ],
      },
      {
        name: 'Vendor',
        rows: [
          ['Question', 'Answer'],
          ['Is the hosting provider certified to SOC 2 Type II?', ''],
        ],
      },
      { name: 'Bank', state: 'hidden', rows: [['Question'], ['Is this hidden?']] },
      { name: 'Engine', state: 'veryHidden', rows: [['Internal']] },
      {
        name: 'Totals',
        rows: [
          ['Question', 'Answer', 'Score'],
          [formula('Is the hosting provider certified to SOC 2 Type II?'), formula('Yes'), '1'],
          [formula('Are backups tested every quarter?'), formula('No'), '0'],
        ],
      },
      {
        name: 'Weights',
        rows: [
          ['Domain', 'Weight', 'Score'],
          ['Access control', '3', formula('2')],
        ],
      },
      {
        name: 'Analyst',
        rows: [
          ['Question', 'Response', 'Reviewer notes', 'Score'],
          ['Is data encrypted at rest?', '', '', ''],
        ],
      },
      { name: 'Blank', rows: [] },
      {
        name: 'Contacts',
        rows: [
          ['Name', 'Role'],
          ['Alex', 'CISO'],
        ],
      },
      {
        name: 'Computed',
        rows: [
          ['Question', 'Answer'],
          ['Is customer data deleted at contract end?', formula('Yes')],
          ['Is customer data deleted from backups too?', formula('Yes')],
        ],
      },
    ]);
    expect(findQuestions(workbook).sheets).toEqual([
      { sheet: 'Instructions', answered: false, reason: 'instructions, no question table' },
      {
        sheet: 'Vendor',
        answered: true,
        questions: 1,
        layout: 'question and answer headers',
      },
      { sheet: 'Bank', answered: false, reason: 'hidden' },
      { sheet: 'Engine', answered: false, reason: 'hidden (very hidden)' },
      { sheet: 'Totals', answered: false, reason: 'scoring sheet: answer column holds formulas' },
      { sheet: 'Weights', answered: false, reason: 'scoring sheet: headers Weight, Score' },
      { sheet: 'Analyst', answered: false, reason: 'scoring sheet: headers Reviewer notes, Score' },
      { sheet: 'Blank', answered: false, reason: 'empty' },
      { sheet: 'Contacts', answered: false, reason: 'no question table' },
      { sheet: 'Computed', answered: false, reason: 'answer column holds formulas' },
    ]);
  });

  it('skips a sheet whose table has no questions', () => {
    const workbook = buildWorkbookData([
      {
        name: 'Template',
        rows: [
          ['Question', 'Answer'],
          ['', ''],
        ],
      },
    ]);
    expect(findQuestions(workbook).sheets).toEqual([
      { sheet: 'Template', answered: false, reason: 'no questions in its question table' },
    ]);
  });
});

describe('findQuestions: options', () => {
  const workbook = buildWorkbookData([
    {
      name: 'Intro',
      rows: [['Welcome to the supplier assurance workbook for the new library system.']],
    },
    {
      name: 'Answers Here',
      rows: [
        ['Topic', 'Detail', 'Reply box', 'Extra'],
        ['Encryption', 'Is customer data encrypted with keys you manage?', '', ''],
        ['Logging', 'Are administrator actions written to a tamper-evident log?', '', ''],
      ],
    },
  ]);

  it('answers only the sheets named, in any case', () => {
    const found = findQuestions(workbook, { sheets: ['answers here'] });
    expect(found.sheets).toEqual([
      { sheet: 'Intro', answered: false, reason: 'not among the chosen sheets' },
      { sheet: 'Answers Here', answered: true, questions: 2, layout: 'answer header' },
    ]);
  });

  it('uses the question and answer columns given as letters', () => {
    const found = findQuestions(workbook, {
      sheets: ['Answers Here'],
      questionCol: 'B',
      answerCol: 'd',
    });
    expect(found.questions.map((q) => [q.row, q.answer.col])).toEqual([
      [2, 4],
      [3, 4],
    ]);
    expect(found.sheets[1]).toMatchObject({ answered: true, layout: 'chosen columns' });
  });

  it('refuses a sheet name the workbook does not have, listing the sheets it has', () => {
    expect(() => findQuestions(workbook, { sheets: ['Security'] })).toThrowError(
      'The workbook has no sheet named "Security". Its sheets are: "Intro", "Answers Here".',
    );
  });

  it('refuses a column that is not a letter', () => {
    expect(() => findQuestions(workbook, { answerCol: 'Answer column' })).toThrowError(
      'answerCol must be a column letter such as "C", not "Answer column".',
    );
  });
});
