import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, type QuestionInput } from './answer-question.ts';
import { createKnowledge, type Knowledge } from './knowledge.ts';
import { repositorySnapshot } from './test-support/snapshot.ts';

// Behaviour by kind of question, on the bundled organisation (Tallyworks) with every check
// passing. Each expectation follows from its files: SOC 2 Type II in progress, HIPAA not held,
// ISO 27001 only through AWS, no paid bounty, disclosure SLAs, a subprocessor list.
/** Another example organisation's knowledge, read once for the whole file. */
const examples = new Map<string, Promise<Knowledge>>();
function knowledgeOf(dir: string): Promise<Knowledge> {
  let known = examples.get(dir);
  if (!known) {
    known = repositorySnapshot(dir).then(createKnowledge);
    examples.set(dir, known);
  }
  return known;
}

describe('answerQuestion by kind of question', () => {
  let knowledge: Knowledge;
  const ask = (text: string, more: Partial<QuestionInput> = {}) =>
    answerQuestion(knowledge, { text, ...more });
  beforeAll(async () => {
    knowledge = createKnowledge(await repositorySnapshot('.'));
  });

  it('describes instead of saying yes: a free-text question gets a sentence from the files', () => {
    const answer = ask('Please list every subprocessor that will have access to our data.');
    expect(answer).toMatchObject({ answer: 'text', kind: 'free-text' });
    for (const name of ['Amazon Web Services', 'Cloudflare', 'Postmark', 'Stripe'])
      expect(answer.statement).toContain(name);
    expect(answer.citations.map((citation) => citation.kind)).toContain('subprocessors');
  });

  it("answers vendor-information questions from the trust center's profile", () => {
    const answer = ask('What is the legal name and registered address of the contracting entity?');
    expect(answer).toMatchObject({ answer: 'text', source: 'profile' });
    expect(answer.statement).toContain('Tallyworks Ltd');
    expect(answer.statement).toContain('Dublin');
  });

  it('gives N/A from an FAQ entry that says so, when asked the same way', async () => {
    const snapshot = await repositorySnapshot('.');
    const learned = createKnowledge({
      ...snapshot,
      faq: [
        ...snapshot.faq,
        {
          question: 'Do you process personal data of children under 13?',
          answer: 'Not applicable: the service is sold to businesses only.',
          short: 'n/a',
          controls: ['encryption-at-rest'],
        },
      ],
    });
    const same = answerQuestion(learned, {
      text: 'Do you process personal data of children under 13?',
    });
    expect(same).toMatchObject({ answer: 'n/a', source: 'faq' });
    expect(same.citations.map((citation) => citation.kind)).toContain('faq');
  });

  it('leaves a description blank when the files do not give the kind of fact asked for', () => {
    // The files say every change is peer-reviewed, not how long a review takes.
    expect(ask('How long does a code review take?').answer).toBe('blank');
    // They do say how long the latest restore took, in a detail of the restore-testing control.
    expect(ask('How long does a restore from backup take?').statement).toMatch(/78 minutes/);
  });

  it('lists the certifications held, in progress, and none more', () => {
    const answer = ask('List the security certifications your organisation currently holds.');
    expect(answer.answer).toBe('text');
    expect(answer.statement).toMatch(/None held\. In progress: SOC 2 Type II/);
    expect(answer.statement).not.toMatch(/ISO/);
  });

  it("picks the option of a choice question that the files support, in the dropdown's words", () => {
    const frequency = ask(
      'How often are external penetration tests carried out? (Never / Ad hoc / Annually / More than annually)',
    );
    expect(frequency).toMatchObject({ kind: 'choice', answer: 'text' });
    expect(frequency.statement).toMatch(/^Annually\./);
    const state = ask('Is customer data encrypted at rest?', {
      allowed: ['Fully implemented', 'Partially implemented', 'Planned', 'Not implemented'],
    });
    expect(state).toMatchObject({ answer: 'text', statement: 'Fully implemented' });
  });

  it('answers "either" questions yes when one holds, and "no" only when all lack', () => {
    expect(ask('Do you hold a SOC 2 Type II report or a HIPAA attestation?').answer).toBe('no');
    expect(
      ask('Do you publish a vulnerability disclosure policy or a security.txt file?').answer,
    ).toBe('yes');
  });

  it('keeps scope: a provider certificate is not the company’s, and the company’s is not the provider’s', () => {
    expect(ask('Is your hosting provider ISO 27001 certified?').answer).toBe('yes');
    expect(ask('Is your company itself ISO 27001 certified?').answer).toBe('no');
    expect(
      ask(
        'Does your company itself hold a SOC 2 Type II report, as opposed to your cloud provider?',
      ).answer,
    ).toBe('no');
  });

  it('says yes to a question about work in progress, and no to having it', () => {
    expect(ask('Is your SOC 2 Type II audit currently in progress?').answer).toBe('yes');
    expect(ask('Do you have a SOC 2 Type II report today?').answer).toBe('no');
  });

  it('denies a bad practice only with a statement that rules it out', () => {
    expect(
      ask('Do any of your engineers have standing access to the production databases?').answer,
    ).toBe('no');
  });

  it('does not read "available" as "required"', async () => {
    // ClientFlow lets every user turn on two-factor authentication; nothing makes it mandatory.
    const clientflow = await knowledgeOf('examples/clientflow');
    expect(
      answerQuestion(clientflow, { text: 'Is two-factor authentication available?' }).answer,
    ).toBe('yes');
    expect(
      answerQuestion(clientflow, {
        text: 'Can administrators require two-factor authentication for every user of the account?',
      }).answer,
    ).toBe('blank');
  });

  it('does not let a near-miss pass: FIPS 140-2 is not AES-256', () => {
    expect(
      ask(
        'Institutional data must be encrypted at rest with FIPS 140-2 validated modules. Does your solution meet this requirement?',
      ).answer,
    ).toBe('blank');
  });

  it('answers every part of a two-part description from the control it cites', () => {
    const answer = ask(
      'How far ahead are customers told about a new subprocessor, and how can they subscribe to those notices?',
    );
    expect(answer.answer).toBe('text');
    expect(answer.statement).toMatch(/30 days/);
    expect(answer.statement).toMatch(/subscribe[^.]*email/);
  });

  it('reads a time bound: a shorter promise says it, a longer one does not', () => {
    // Reset links expire after 30 minutes; critical fixes are promised within 7 days.
    expect(ask('Do password reset links expire within an hour?').answer).toBe('yes');
    expect(ask('Are critical vulnerabilities fixed within 48 hours?').answer).toBe('blank');
  });

  it('answers "how long did it take" with a time taken, never a retention window', async () => {
    expect(ask('How long did the most recent restore test take?').statement).toMatch(
      /in 78 minutes/,
    );
    // ClientFlow says how far back its database can be restored, not how long a restore took.
    const clientflow = await knowledgeOf('examples/clientflow');
    expect(
      answerQuestion(clientflow, { text: 'How long did your latest full restore take?' }).answer,
    ).toBe('blank');
  });

  it('reads which certification a condition means, and whether it holds', () => {
    // Only AWS holds ISO 27001: the condition is false for Tallyworks itself.
    expect(
      ask('If your company is ISO 27001 certified, what is the scope of the certificate?').answer,
    ).toBe('n/a');
    // A condition about something missing is not ruled out by its absence: SOC 2 is in progress.
    const pending = ask('If you do not have a SOC 2 Type II report yet, when do you expect one?');
    expect(pending.answer).toBe('text');
    expect(pending.statement).toMatch(/2027-Q2/);
  });

  it('picks one option only when the statements say which one applies', async () => {
    // ClientFlow keeps data in a US region by default and offers the EU on request.
    const clientflow = await knowledgeOf('examples/clientflow');
    const answer = answerQuestion(clientflow, {
      text: 'By default, in which region is our data kept? (EU / US / UK / Elsewhere)',
    });
    expect(answer.statement ?? '').toMatch(/^US\b/);
  });

  it('treats a follow-up asking for a name as an open question', () => {
    expect(
      ask(
        'Do you take card payments yourselves? If a payment provider handles them, please name it.',
      ).kind,
    ).toBe('free-text');
    expect(ask('whats the email address of your security team?').kind).toBe('free-text');
  });

  it('reads spreadsheet fragments: a named value is asked for, "(Y/N)" is a yes or no', () => {
    const period = ask('Data retention period?');
    expect(period).toMatchObject({ kind: 'free-text', answer: 'text' });
    expect(period.statement).toMatch(/30 days/);
    expect(ask('Data center location(s):').statement).toMatch(/Frankfurt/);
    expect(ask('RTO/RPO').statement).toMatch(/4 hours/);
    expect(ask('Encryption at rest (Y/N)')).toMatchObject({ kind: 'yes-no', answer: 'yes' });
  });

  it('reads whose systems a pronoun points back to, and what "all" of them takes', () => {
    // AWS holds ISO 27001; Tallyworks itself does not.
    expect(ask('If you rely on a cloud provider, is it ISO 27001 certified?').answer).toBe('yes');
    // Tallyworks' own SOC 2 is in progress, but the question is about every subprocessor,
    // and no statement speaks of all of theirs.
    expect(ask('If you use subprocessors, do they all hold SOC 2 reports?').answer).toBe('blank');
  });

  it('asks the statements for what a question adds, not for what it takes as given', async () => {
    // Picsui's staff receive security training; nothing says it covers privacy.
    const picsui = await knowledgeOf('examples/picsui');
    expect(
      answerQuestion(picsui, {
        text: 'Does the training your staff receive cover privacy too, not just information security?',
      }).answer,
    ).toBe('blank');
    // StudioFlow promises breach notices, not what they count.
    const studioflow = await knowledgeOf('examples/studioflow');
    expect(
      answerQuestion(studioflow, {
        text: 'Will your breach notification tell us roughly how many people and records are affected?',
      }).answer,
    ).toBe('blank');
  });

  it("answers a certificate's issuer, expiry and scope, and not an accreditation it does not state", async () => {
    const snapshot = await repositorySnapshot('.');
    const certified = createKnowledge({
      ...snapshot,
      certifications: [
        ...snapshot.certifications.filter((entry) => entry.id !== 'iso27001'),
        {
          id: 'iso27001',
          name: 'ISO/IEC 27001',
          scope: 'The Tallyworks service and its production environment on AWS.',
          note: undefined,
          status: 'certified',
          auditor: 'Hollins Certification Ltd',
          report: undefined,
          validFrom: '2026-03-01',
          validUntil: '2029-02-28',
          effectiveStatus: 'certified',
          providerNames: [],
        },
      ],
    });
    const asked = (text: string) => answerQuestion(certified, { text });
    expect(asked('When does your ISO 27001 certificate expire?').statement).toMatch(
      /28 February 2029/,
    );
    expect(asked('Who is your ISO 27001 certification body?').statement).toMatch(
      /Hollins Certification Ltd/,
    );
    expect(asked('What is the scope of your ISO 27001 certification?').statement).toMatch(
      /production environment on AWS/,
    );
    expect(asked('Is your ISO 27001 certificate issued by an accredited body?').answer).toBe(
      'blank',
    );
  });

  it('names a transfer mechanism only where the subprocessor list declares one', async () => {
    const question = 'What transfer mechanism covers subprocessors in the United States?';
    expect(ask(question).statement).toMatch(/Data Privacy Framework|Standard Contractual Clauses/);
    // StudioFlow's list gives no mechanism: a list of places does not answer.
    const studioflow = await knowledgeOf('examples/studioflow');
    expect(answerQuestion(studioflow, { text: question }).answer).toBe('blank');
  });

  it('describes each of two joined subjects, controls before long lists', () => {
    const answer = ask('Explain how customer data is encrypted in transit and at rest.');
    expect(answer.answer).toBe('text');
    expect(answer.statement).toMatch(/TLS 1\.2/);
    expect(answer.statement).toMatch(/encrypted at rest with AES-256/);
    // A list that is cut short ends with an ellipsis; the controls' sentences come first.
    expect(answer.statement?.indexOf('AES-256')).toBeLessThan(
      answer.statement?.indexOf('Subprocessors') ?? Number.POSITIVE_INFINITY,
    );
  });

  it('finds a description by its subject, and what it should include is looked for, not required', () => {
    const answer = ask(
      'Describe your incident response process, including how customers are informed.',
    );
    expect(answer.answer).toBe('text');
    expect(answer.statement).toMatch(/incident response plan/);
  });

  it('asks the files to say a name the question writes, and reads subprocessors as the subject', () => {
    // Nothing in the files mentions China; a name is never discounted as filler.
    expect(ask('Do you use any subprocessors located in China?').answer).not.toBe('yes');
    // The subprocessors' certificates, not Tallyworks' own (it holds no ISO 27001).
    expect(ask('Do subprocessors hold ISO 27001 certification?').answer).not.toBe('no');
    // "The vendor" is the organisation itself.
    expect(ask('Does the vendor operate its own data centres?').answer).not.toBe('yes');
  });

  it('never admits a bad practice it was not asked to deny: test data, write access, mutable logs', async () => {
    // Nothing says customer data stays out of testing: never a "yes".
    expect(
      ask('Do you use customer data for testing in non-production environments?').answer,
    ).not.toBe('yes');
    // "Nobody has standing access to production databases."
    expect(ask('Do developers have write access to production databases?').answer).toBe('no');
    // ClientFlow's audit log is immutable.
    const clientflow = await knowledgeOf('examples/clientflow');
    expect(
      answerQuestion(clientflow, {
        text: 'Do you keep audit logs that administrators can modify or delete?',
      }).answer,
    ).toBe('no');
  });

  it('chooses options the statements affirm, in their own words, and only one of a range', () => {
    const choose = (text: string) => ask(text).statement ?? '';
    // SMS is named only where it is ruled out; AES-128 is not said by "AES" and "128" apart.
    expect(
      choose(
        'Which MFA methods do you support? (Select all that apply - SMS / TOTP app / Hardware key / Push)',
      ),
    ).toMatch(/^TOTP app\./);
    expect(
      choose(
        'What encryption algorithm protects data at rest? (AES-128 / AES-256 / 3DES / Not encrypted)',
      ),
    ).toMatch(/^AES-256\./);
    // The acknowledgement is 2 business days; the first assessment, in the same sentence, 5.
    expect(
      choose(
        'How quickly do you acknowledge vulnerability reports? (Within 1 business day / Within 2 business days / Within 5 business days / No commitment)',
      ),
    ).toMatch(/^Within 2 business days\./);
    // Ranges are times, not schedules: the RTO of 4 hours is in "1-4 hours", and "no more
    // than 15 minutes" of data loss rules nothing out.
    expect(
      choose('What is your RTO? (Under 1 hour / 1-4 hours / 4-24 hours / Over 24 hours)'),
    ).toMatch(/^1-4 hours\./);
  });

  it('reads a limit to some plans, an entry nobody can edit, and failed sign-ins', async () => {
    // Picsui keeps data in the EU for enterprise customers only.
    const picsui = await knowledgeOf('examples/picsui');
    expect(
      answerQuestion(picsui, {
        text: 'Is hosting in the EU available to customers on every plan?',
      }).answer,
    ).not.toBe('yes');
    // Audit-log entries are append-only.
    expect(
      ask('After an audit-log entry is written, can anyone on your team change or delete it?')
        .answer,
    ).toBe('no');
    // After repeated failed sign-ins the owner is emailed.
    expect(
      ask('Is the account owner emailed when someone keeps entering a wrong password?').answer,
    ).toBe('yes');
  });

  it('gives the notice period before maintenance that the files announce', () => {
    expect(
      ask('How much advance notice do customers get before scheduled maintenance?').statement,
    ).toMatch(/72 hours/);
  });
});
