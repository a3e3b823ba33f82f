import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateOrganisation } from '../evaluate/evaluate.ts';
import type { Snapshot } from '../evaluate/snapshot.ts';
import { answerQuestion } from './answer-question.ts';
import { createKnowledge } from './knowledge.ts';
import { loadRepositoryModel, repositorySnapshot, testNow } from './test-support/snapshot.ts';

const ask = (snapshot: Snapshot, text: string, id?: string) =>
  answerQuestion(createKnowledge(snapshot), { id, text });

describe('answerQuestion on the bundled organisation', () => {
  let passing: Snapshot;
  let failing: Snapshot;
  beforeAll(async () => {
    passing = await repositorySnapshot('.');
    failing = await repositorySnapshot('.', ['encryption-at-rest', 'password-storage']);
  });

  it('answers from a known answer with the control cited by version and trust page URL', () => {
    const answer = ask(passing, 'Is customer data encrypted at rest?');
    expect(answer).toMatchObject({ answer: 'yes', source: 'control-answer', needsReview: false });
    expect(answer.citations).toEqual([
      {
        kind: 'control',
        id: 'encryption-at-rest',
        version: 2,
        url: 'https://trust.tallyworks.example/controls/encryption-at-rest/',
      },
    ]);
    expect(answer.confidence).toBeGreaterThan(0.9);
  });

  it('does not let a faster schedule said in passing elsewhere overrule the control about it', () => {
    // The penetration-testing control says "at least once a year"; a test suite in another
    // control "runs on every deployment".
    expect(ask(passing, 'Is penetration testing performed every quarter?').answer).toBe('blank');
    expect(ask(passing, 'Is penetration testing performed at least annually?').answer).toBe('yes');
  });

  it('answers what customers can do only from a statement about customers', () => {
    const answer = ask(
      passing,
      'Can customers run their own penetration tests against the service?',
    );
    expect(answer.answer).toBe('blank');
    expect(ask(passing, 'Is customer data encrypted at rest?').answer).toBe('yes');
  });

  it('leaves an answer below the confidence threshold blank and flagged for review', () => {
    const knowledge = createKnowledge(passing);
    const question = { text: 'Are encryption keys rotated automatically?' };
    // A match above the default threshold of 0.6 is given…
    const given = answerQuestion(knowledge, question);
    expect(given).toMatchObject({ answer: 'yes', source: 'control', needsReview: false });
    expect(given.confidence).toBeGreaterThan(0.6);
    // …and the same match under a threshold above its confidence is withheld for a person.
    const withheld = answerQuestion(knowledge, question, given.confidence + 0.01);
    expect(withheld).toEqual({ ...given, answer: 'blank', needsReview: true });
  });

  it('never says "yes" on a failing control, whatever the source', () => {
    expect(passing.controls.find((c) => c.id === 'encryption-at-rest')?.status).toBe('verified');
    expect(failing.controls.find((c) => c.id === 'encryption-at-rest')?.status).toBe('failing');
    for (const [text, id] of [
      ['Is customer data encrypted at rest?', undefined],
      ['Is data encrypted when stored on disk?', undefined],
      ['Are database and file storage encrypted at rest?', 'CEK-03.1'],
      ['Are user passwords stored using a strong one-way hash?', undefined],
    ] as const) {
      const answer = ask(failing, text, id);
      expect(answer.answer, text).toBe('blank');
      expect(answer.needsReview).toBe(true);
    }
    expect(ask(failing, 'Is customer data encrypted at rest?').explanation).toMatch(
      /encryption-at-rest is failing/,
    );
  });

  it('never says "yes" from controls whose checks have no results (unverified)', async () => {
    const model = await loadRepositoryModel('.');
    const unverified = evaluateOrganisation(model, [], {
      now: testNow,
      publishedAt: testNow.toISOString(),
    });
    expect(ask(unverified, 'Is customer data encrypted at rest?').answer).toBe('blank');
    expect(ask(unverified, 'Is data encrypted in transit?').answer).toBe('blank');
  });

  it('never says "yes" on a withheld control', () => {
    const withheld: Snapshot = {
      ...passing,
      controls: passing.controls.map((control) =>
        control.id === 'single-sign-on'
          ? { ...control, withheld: { reason: 'a check fails' } }
          : control,
      ),
    };
    expect(ask(passing, 'Do you support SAML SSO?').answer).toBe('yes');
    expect(ask(withheld, 'Do you support SAML SSO?').answer).toBe('blank');
  });

  it('answers "no" with "in progress" for a certification or control on its way', () => {
    const soc2 = ask(passing, 'Have you completed a SOC 2 Type II audit?');
    expect(soc2).toMatchObject({ answer: 'no', source: 'certification' });
    expect(soc2.explanation).toMatch(/in progress/);
    const scim = ask(passing, 'Do you support automated user provisioning with SCIM?');
    expect(scim.answer).toBe('no');
    expect(scim.explanation).toMatch(/in progress/);
  });

  it('understands questions about a bad practice', () => {
    const plaintext = ask(passing, 'Do you store passwords in plaintext?');
    expect(plaintext).toMatchObject({ answer: 'no', citations: [{ id: 'password-storage' }] });
    expect(ask(passing, 'Are secrets hard-coded in source code?').answer).toBe('no');
    // Nothing denies selling data: silence stays blank rather than a guessed "no".
    expect(ask(passing, 'Do you sell customer data to advertisers?').answer).toBe('blank');
  });

  it('folds the security vocabulary: 2FA, pen test, TLS, DR', () => {
    expect(ask(passing, 'Is 2FA available to every user?').answer).toBe('yes');
    expect(ask(passing, 'Do you have a pen test done every year?').answer).toBe('yes');
    expect(ask(passing, 'Do you have a DR plan?').answer).toBe('yes');
  });

  it("keeps scope: a provider certification is not the organisation's own", () => {
    expect(ask(passing, 'Is your hosting provider ISO 27001 certified?').answer).toBe('yes');
    expect(ask(passing, 'Are you ISO 27001 certified?').answer).toBe('no');
    expect(ask(passing, 'Are employee laptops encrypted?').answer).toBe('blank');
  });

  it('leaves questions the organisation is silent on blank, flagged for review', () => {
    const answer = ask(passing, 'Do you carry cyber liability insurance?');
    expect(answer).toMatchObject({ answer: 'blank', needsReview: true });
  });
});
