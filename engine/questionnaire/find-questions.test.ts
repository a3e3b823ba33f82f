import { describe, expect, it } from 'vitest';
import { findQuestions } from './find-questions.ts';
import {
  buildWorkbookData,
  formula,
  type RowSpec,
  type SheetSpec,
} from './test-support/workbook-data.ts';

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
      commentColumn: 3,
      allowed: undefined,
    });
    // An answered row is kept; its filled comment cell is not offered for the explanation,
    // but its column is known (the learner reads a reviewer's comment from it).
    expect(found.questions[2]).toMatchObject({ row: 4, answer: { row: 4, col: 2 } });
    expect(found.questions[2]?.comment).toBeUndefined();
    expect(found.questions[2]?.commentColumn).toBe(3);
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

  it('reads statements under a Requirement header as questions to confirm', () => {
    const workbook = buildWorkbookData([
      {
        name: 'Requirements',
        rows: [
          ['Requirement', 'Compliant (Y/N)', 'Supplier comments'],
          ['Hosting', '', ''],
          ['The supplier encrypts all customer records held at rest.', '', ''],
          ['The supplier notifies the buyer of any breach within 48 hours.', '', ''],
        ],
      },
    ]);
    const found = findQuestions(workbook);
    expect(found.questions.map((q) => [q.row, q.answer.col, q.comment?.col])).toEqual([
      [3, 2, 3],
      [4, 2, 3],
    ]);
  });

  it('answers a vendor tab that also carries a column or two for the analyst', () => {
    const workbook = buildWorkbookData([
      {
        name: 'Vendor Controls',
        rows: [
          ['ID', 'Question', 'Vendor Answer', 'Additional Information', 'Analyst Notes', 'Score'],
          ['VC-01', 'Are production secrets stored in a managed vault?', '', '', '', ''],
        ],
      },
    ]);
    expect(findQuestions(workbook).sheets[0]).toMatchObject({ answered: true, questions: 1 });
  });

  it('reads a long sheet with whole-column merges and validations without expanding them', () => {
    const rows: RowSpec[] = [['Ref', 'Question', 'Answer']];
    for (let n = 1; n <= 5000; n++) rows.push([`Q${n}`, `Is control number ${n} in place?`, '']);
    const workbook = buildWorkbookData([
      {
        name: 'Long',
        rows,
        merges: ['E1:E1048576'],
        validations: [
          { ranges: ['C1:C1048576'], values: yesNo },
          { ranges: ['N1:XFD1048576'], values: ['Other'] },
        ],
      },
    ]);
    const started = performance.now();
    const found = findQuestions(workbook);
    expect(found.questions).toHaveLength(5000);
    expect(found.questions[4999]).toMatchObject({ id: 'Q5000', allowed: yesNo });
    expect(performance.now() - started).toBeLessThan(2000);
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

/** One vendor tab: a title formula, a note, then sections each repeating the answer headers. */
function vendorTab(name: string, sections: [string, string, string[]][]): SheetSpec {
  const rows: RowSpec[] = [
    [formula(`${name} – Example Vendor Ltd`)],
    ['Select an answer in column C for every question; use column D for anything we should know.'],
  ];
  for (const [prefix, title, questions] of sections) {
    rows.push([prefix, title, 'Answer', 'Additional Information']);
    questions.forEach((question, index) => {
      rows.push([`${prefix}-${String(index + 1).padStart(2, '0')}`, question, '', '']);
    });
  }
  return {
    name,
    rows,
    merges: ['A1:D1'],
    validations: [{ ranges: ['C3:C400'], values: yesNo }],
  };
}

describe('findQuestions: a multi-tab higher-education workbook', () => {
  const vendorTabs: SheetSpec[] = [
    vendorTab('Organization', [
      [
        'COMP',
        'Company Overview',
        [
          'Does your company have a dedicated information security team?',
          'Has your company experienced a reportable breach in the last three years?',
        ],
      ],
      [
        'PPPR',
        'Policies and Procedures',
        ['Are security policies reviewed and approved at least once a year?'],
      ],
    ]),
    vendorTab('Product', [
      [
        'APPL',
        'Application Security',
        [
          'Is the product tested for the OWASP Top 10 before each major release?',
          'Can institutions restrict sign-in to their own identity provider?',
        ],
      ],
    ]),
    vendorTab('Infrastructure', [
      [
        'DATC',
        'Datacenter',
        [
          'Are the hosting facilities certified against a recognised standard?',
          'Is customer data replicated to a second geographic region?',
        ],
      ],
      [
        'FIDP',
        'Firewalls and Intrusion Detection',
        ['Are intrusion alerts triaged around the clock?'],
      ],
    ]),
    vendorTab('IT Accessibility', [
      [
        'ITAC',
        'Accessibility',
        [
          'Has the product been evaluated against WCAG 2.1 AA?',
          'Provide your most recent accessibility conformance report',
        ],
      ],
    ]),
    vendorTab('Case-Specific', [
      [
        'HIPA',
        'Health Information',
        ['Will the product store or process protected health information?'],
      ],
      ['PCID', 'Payment Cards', ['Does the product accept card payments directly?']],
    ]),
    vendorTab('AI', [
      [
        'AIGN',
        'Artificial Intelligence',
        [
          'Does the product use institutional data to train machine learning models?',
          'Can an institution opt out of AI features for all of its users?',
        ],
      ],
    ]),
    vendorTab('Privacy', [
      [
        'PRGN',
        'Privacy Programme',
        [
          'Is there a named person accountable for privacy compliance?',
          'Describe how you respond to a data subject’s request to erase their data',
        ],
      ],
    ]),
  ];
  const workbook = buildWorkbookData([
    {
      name: 'START HERE',
      rows: [
        [formula('Higher Education Vendor Assessment – Example Vendor Ltd')],
        [
          'This workbook collects information about the security, privacy and accessibility of a product an institution is considering.',
        ],
        [
          'Fill in the vendor details below, then work through each tab in order. Hidden tabs are used by the institution and must not be changed.',
        ],
        ['Vendor name', ''],
        ['Product name', ''],
        ['Will the product be used with data about students?', ''],
      ],
      validations: [{ ranges: ['B6'], values: yesNo }],
    },
    ...vendorTabs,
    {
      name: 'Analyst Report',
      rows: [
        ['ID', 'Question', 'Vendor Answer', 'Analyst Notes', 'Score'],
        [
          formula('COMP-01'),
          formula('Does your company have a dedicated information security team?'),
          formula(''),
          '',
          formula('0'),
        ],
        [
          formula('APPL-01'),
          formula('Is the product tested for the OWASP Top 10 before each major release?'),
          formula(''),
          '',
          formula('0'),
        ],
      ],
      validations: [
        { ranges: ['D1:D1048576'], values: ['Acceptable', 'Follow up', 'Unacceptable'] },
        { ranges: ['N1:XFD1048576'], values: ['Reviewed'] },
      ],
    },
    {
      name: 'Summary',
      rows: [
        ['Section', 'Questions', 'Answered', 'Score'],
        ['Organization', formula('3'), formula('0'), formula('0')],
      ],
    },
    {
      name: 'Glossary',
      rows: [
        ['Term', 'Meaning'],
        ['MFA', 'Signing in with a second factor beyond a password, such as an app or a key.'],
      ],
    },
    {
      name: 'Version History',
      rows: [
        ['Version', 'Date', 'Change'],
        ['3.1', '2026-01-10', 'Added the AI tab'],
      ],
    },
    {
      name: 'Questions',
      state: 'hidden',
      rows: [
        ['ID', 'Question', 'Guidance'],
        ['COMP-01', 'Does your company have a dedicated information security team?', ''],
      ],
    },
    {
      name: 'Auto-Responses',
      state: 'hidden',
      rows: [
        ['ID', 'Answer', 'Response text'],
        ['COMP-01', 'Yes', 'The vendor has a security team.'],
      ],
    },
    {
      name: 'Scoring',
      state: 'veryHidden',
      rows: [
        ['ID', 'Answer', 'Weight', 'Points'],
        [formula('COMP-01'), formula('Yes'), '5', formula('5')],
      ],
    },
  ]);

  it('answers exactly the vendor tabs, each with its questions and dropdown', () => {
    const found = findQuestions(workbook);
    expect(workbook.sheets).toHaveLength(15);
    expect(
      found.sheets.filter((verdict) => verdict.answered).map((verdict) => verdict.sheet),
    ).toEqual(vendorTabs.map((tab) => tab.name));
    expect(found.questions).toHaveLength(16);
    expect(new Set(found.questions.map((q) => q.allowed?.join('|')))).toEqual(
      new Set(['Yes|No|N/A']),
    );
    expect(
      found.questions.filter((q) => q.sheet === 'Infrastructure').map((q) => [q.id, q.row]),
    ).toEqual([
      ['DATC-01', 4],
      ['DATC-02', 5],
      ['FIDP-01', 7],
    ]);
    expect(found.questions[0]).toMatchObject({
      sheet: 'Organization',
      answer: { row: 4, col: 3 },
      comment: { row: 4, col: 4 },
    });
  });

  it('says why every other tab was skipped', () => {
    const skipped = findQuestions(workbook).sheets.filter((verdict) => !verdict.answered);
    expect(skipped).toEqual([
      { sheet: 'START HERE', answered: false, reason: 'instructions, no question table' },
      {
        sheet: 'Analyst Report',
        answered: false,
        reason: 'scoring sheet: answer column holds formulas',
      },
      { sheet: 'Summary', answered: false, reason: 'scoring sheet: headers Score' },
      { sheet: 'Glossary', answered: false, reason: 'instructions, no question table' },
      { sheet: 'Version History', answered: false, reason: 'no question table' },
      { sheet: 'Questions', answered: false, reason: 'hidden' },
      { sheet: 'Auto-Responses', answered: false, reason: 'hidden' },
      { sheet: 'Scoring', answered: false, reason: 'hidden (very hidden)' },
    ]);
  });
});
