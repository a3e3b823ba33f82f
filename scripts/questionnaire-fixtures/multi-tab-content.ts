import { type BankDomain, type BankQuestion, domain } from './question-bank.ts';

/**
 * The question plan of the multi-tab fixture (08): which domain goes on which vendor tab,
 * how its questions split into sections, and the guidance, crosswalk and canned analyst
 * text that fill the hidden sheets. All text is composed from Attest's own question bank.
 */

export interface PlannedQuestion extends BankQuestion {
  id: string;
  tab: string;
  section: string;
  guidance: string;
  /** The answer a reviewer hopes for, for scoring; blank for free-text questions. */
  preferred: string;
  weight: number;
}

export interface PlannedTab {
  name: string;
  domain: BankDomain;
  sections: { title: string; questions: PlannedQuestion[] }[];
}

const sectionPlan: [tab: string, code: string, sections: [title: string, count: number][]][] = [
  [
    'Company',
    'ORGN',
    [
      ['Company Overview', 4],
      ['Security Organisation', 5],
      ['Incidents and Insurance', 6],
    ],
  ],
  [
    'Documentation',
    'DOCS',
    [
      ['Audit Reports and Certifications', 5],
      ['Policies and Plans', 5],
      ['Supporting Documents', 4],
    ],
  ],
  [
    'Application',
    'APPS',
    [
      ['Secure Development', 7],
      ['Application Interfaces', 3],
      ['Sessions and Headers', 4],
      ['Disclosure and Maintenance', 4],
    ],
  ],
  [
    'Authentication',
    'AUTH',
    [
      ['Sign-in', 5],
      ['Authorisation', 4],
      ['Administrative Access', 3],
    ],
  ],
  [
    'Data',
    'DATA',
    [
      ['Encryption', 4],
      ['Location and Separation', 3],
      ['Backup and Retention', 4],
      ['Access and Use', 5],
      ['Regulated Data', 2],
    ],
  ],
  [
    'Infrastructure',
    'INFR',
    [
      ['Hosting', 2],
      ['Network Security', 3],
      ['Systems Management', 3],
      ['Monitoring', 4],
      ['Resilience', 4],
    ],
  ],
  [
    'IT Accessibility',
    'ACCS',
    [
      ['Conformance', 3],
      ['Process', 3],
      ['Content and Remediation', 5],
    ],
  ],
  [
    'Policies',
    'POLC',
    [
      ['Awareness', 1],
      ['Incident Response', 4],
      ['Continuity and Change', 2],
      ['Access Management', 2],
      ['Personnel and Suppliers', 5],
    ],
  ],
  [
    'Privacy',
    'PRIV',
    [
      ['Agreements and Roles', 3],
      ['Transfers', 2],
      ['Individuals\u2019 Rights', 2],
      ['Privacy by Design', 5],
    ],
  ],
];

const yesNoAdvice =
  'Choose Yes only when the statement is true today for every environment that stores or processes institutional data, including backups and disaster recovery sites. If the control is planned, choose No and give the expected completion date. If it does not apply to the product, choose No and explain why in Additional Information.';
const textAdvice =
  'Answer in plain language in the Vendor Answers cell; a few sentences are enough. Avoid pointing to marketing pages: reviewers need an answer that stands on its own, and they may quote it in their report to the institution.';
const evidenceAdvice =
  'Where you rely on a document, name it and its date in Additional Information and say whether it can be shared under a non-disclosure agreement. Answers that contradict an attached report are scored as No until clarified.';

/** Questions whose hoped-for answer is No (asking about a risk, not a control). */
const riskQuestion =
  /\b(breach|acquired|litigation|subcontractors|own data centres|train machine learning|payment card|health information|sell or share|children|transfer personal data outside|without)\b/i;

export function planTabs(): PlannedTab[] {
  return sectionPlan.map(([tab, code, sections]) => {
    const d = domain(code);
    let next = 0;
    const planned = sections.map(([title, count]) => {
      const questions = d.questions.slice(next, next + count).map((q, i): PlannedQuestion => {
        const n = next + i + 1;
        const id = `${code}-${String(n).padStart(2, '0')}`;
        const preferred = q.kind === 'text' ? '' : riskQuestion.test(q.text) ? 'No' : 'Yes';
        return {
          ...q,
          id,
          tab,
          section: title,
          guidance: `${d.guidance} ${q.kind === 'yesno' ? yesNoAdvice : textAdvice} ${evidenceAdvice}`,
          preferred,
          weight: q.kind === 'text' ? 0 : 1 + (n % 3),
        };
      });
      next += count;
      return { title, questions };
    });
    if (next !== d.questions.length)
      throw new Error(`Tab ${tab} plans ${next} of ${d.questions.length} ${code} questions`);
    return { name: tab, domain: d, sections: planned };
  });
}

const frameworks = [
  'NIST SP 800-53',
  'NIST CSF 2.0',
  'ISO/IEC 27001:2022',
  'CIS Controls v8',
  'PCI DSS 4.0',
  'HIPAA',
];
const familyOf: Record<string, string[]> = {
  ORGN: ['PM-2', 'GV.RR-02', 'A.5.2', '17.1', '12.4', '164.308(a)(2)'],
  DOCS: ['CA-2', 'GV.PO-01', 'A.5.1', '15.1', '12.1', '164.316(b)'],
  APPS: ['SA-11', 'PR.PS-06', 'A.8.28', '16.1', '6.2', '164.308(a)(1)'],
  AUTH: ['IA-2', 'PR.AA-01', 'A.8.5', '6.3', '8.3', '164.312(d)'],
  DATA: ['SC-28', 'PR.DS-01', 'A.8.24', '3.11', '3.5', '164.312(a)(2)'],
  INFR: ['SI-4', 'DE.CM-01', 'A.8.16', '13.1', '10.2', '164.312(b)'],
  ACCS: ['SA-8', 'GV.OC-03', 'A.5.31', '—', '—', '—'],
  POLC: ['IR-8', 'RS.MA-01', 'A.5.24', '17.4', '12.10', '164.308(a)(6)'],
  PRIV: ['PT-2', 'GV.OC-03', 'A.5.34', '3.1', '—', '164.502'],
};

/** Framework names and, per question, one reference into each (the crosswalk sheet). */
export function crosswalk(q: PlannedQuestion): string[] {
  const code = q.id.split('-')[0] ?? '';
  const n = Number(q.id.split('-')[1]);
  return (familyOf[code] ?? []).map((ref) => (ref === '—' ? ref : `${ref} (${n})`));
}
export { frameworks };

/** What an analyst's report says for each possible answer to a question. */
export function autoResponses(q: PlannedQuestion): [answer: string, text: string][] {
  const subject = q.text.replace(/\?$/, '').replace(/^(Do|Does|Is|Are|Can|Will|Has|Have) /, '');
  if (q.kind === 'text')
    return [
      [
        '(any)',
        `The vendor described: ${subject.toLowerCase()}. Review the answer against the institution's requirements for the ${q.tab} area and record any follow-up needed.`,
      ],
    ];
  const good = q.preferred;
  const bad = good === 'Yes' ? 'No' : 'Yes';
  return [
    [
      good,
      `Meets expectation for ${q.id}: the vendor's answer (${good}) to "${q.text}" matches what the institution looks for. No follow-up needed unless the supporting document disagrees.`,
    ],
    [
      bad,
      `Follow up on ${q.id}: the vendor answered ${bad} to "${q.text}". Ask for the compensating controls, the planned date for change, and whether the gap affects institutional data. Record the outcome in the Analyst Evaluation tab.`,
    ],
    [
      '(blank)',
      `No answer was given to ${q.id} ("${q.text}"). Return the assessment to the vendor for completion before it is scored.`,
    ],
  ];
}
