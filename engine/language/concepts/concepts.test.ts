import { describe, expect, it } from 'vitest';
import { conceptsOf, loadConcepts } from './concepts.ts';

/** Concept ids named in a text's own words. */
const named = (text: string) => conceptsOf(text).concepts;

describe('conceptsOf', () => {
  it('tells an information security policy from a Content-Security-Policy header', () => {
    expect(named('Do you have a documented information security policy?')).toEqual([
      'information-security-policy',
    ]);
    expect(named('Do you set a Content-Security-Policy header?')).toEqual([
      'content-security-policy',
    ]);
    expect(named('Is a content security policy (CSP) enforced?')).toEqual([
      'content-security-policy',
    ]);
  });

  it('reads a long word typed with one slip, and never takes a short word for another', () => {
    expect(named('Is customer data encrpyted at rest?')).toEqual(['encryption-at-rest']);
    expect(named('Is multi-factor authentcation required?')).toEqual(['mfa']);
    expect(named('Do you run penetraton tests?')).toEqual(['penetration-testing']);
    // Two slips, or a slip in a short word, is another word.
    expect(named('Do you run pnetratoin tests?')).toEqual([]);
    expect(named('Do you have an SAL?')).not.toContain('uptime-sla');
  });

  it('does not read a short term inside a longer one', () => {
    expect(named('Is there a policy for this?')).toEqual([]);
    expect(named('Do you use the Strict-Transport-Security header?')).toEqual(['hsts']);
    expect(named('Is your web application firewall managed?')).toEqual(['waf']);
    expect(named('Is the security incident response plan tested?')).toEqual([
      'incident-response-plan',
    ]);
  });

  it('maps synonyms onto one concept', () => {
    for (const text of [
      'Is data encrypted in transit?',
      'Is data encrypted during transport?',
      'Is data in motion encrypted?',
      'Is TLS enforced on all connections?',
      'Do you use transport layer security?',
    ])
      expect(named(text), text).toContain('encryption-in-transit');
    for (const text of [
      'Is customer data encrypted at rest?',
      'Is data stored encrypted?',
      'Are backups encrypted on disk?',
    ])
      expect(named(text), text).toContain('encryption-at-rest');
    for (const text of [
      'Is the application penetration tested every year?',
      'When was your last pen test?',
      'Do you commission pentests?',
      'Describe your penetration-testing programme.',
    ])
      expect(named(text), text).toContain('penetration-testing');
  });

  it('reads abbreviations and their spelled-out forms alike', () => {
    for (const text of [
      'Is MFA required?',
      'Is 2FA required?',
      'Is two-factor authentication required?',
      'Is multi factor authentication required?',
      'Is multifactor authentication required?',
      'Is 2-step verification required?',
    ])
      expect(named(text), text).toEqual(['mfa']);
    expect(named('Do you support single sign-on (SAML 2.0)?')).toEqual(['sso']);
    expect(named('Do you hold a SOC2 Type II report?')).toEqual(['soc2-type2']);
    expect(named('Is a SOC 2 report available?')).toEqual(['soc2']);
    expect(named('Are you ISO/IEC 27001:2022 certified?')).toContain('iso27001');
    expect(named('Do you sign a DPA?')).toEqual(['data-processing-agreement']);
  });

  it('ignores plurals, case, punctuation and British or American spelling', () => {
    expect(named('Are your organisation’s data centres ISO 27001 certified?')).toContain(
      'iso27001',
    );
    expect(named('Do you conduct Background-Checks?')).toEqual(['background-checks']);
    expect(named('List your sub-processors.')).toEqual(['subprocessors']);
    expect(named('Is data anonymised?')).toEqual(named('Is data anonymized?'));
    expect(named('Do you do threat modelling?')).toEqual(['threat-modelling']);
    expect(named('Do you do threat modeling?')).toEqual(['threat-modelling']);
    expect(named('What security policies do you have?')).toEqual(['information-security-policy']);
    expect(named('Are unique user IDs assigned?')).toEqual(['unique-accounts']);
    expect(named('Can access be limited to our office IPs?')).toEqual(['ip-allowlisting']);
  });

  it('keeps HTTPS apart from HTTP Strict Transport Security', () => {
    expect(named('Is HTTPS enforced?')).toEqual(['encryption-in-transit']);
    expect(named('Do you send HTTP Strict Transport Security?')).toEqual(['hsts']);
  });

  it('names whose systems or people a question is about', () => {
    expect(conceptsOf('Can you share a SOC 2 report for the hosting environment?')).toEqual({
      concepts: ['soc2'],
      asides: [],
      scopes: ['provider'],
    });
    expect(conceptsOf('Do your staff receive security training?')).toEqual({
      concepts: ['security-training'],
      asides: [],
      scopes: ['staff'],
    });
    expect(conceptsOf('Are contractors and employees background checked?').scopes).toEqual([
      'staff',
    ]);
    expect(conceptsOf('Is data hosted on AWS or Google Cloud?').scopes).toEqual(['provider']);
    expect(conceptsOf('Can clients export their data?').scopes).toEqual(['customers']);
    expect(conceptsOf('Are logs kept in-house?').scopes).toEqual(['own']);
    expect(conceptsOf('Are your data centers physically secured?').scopes).toEqual(['provider']);
  });

  it('does not read a scope word inside a concept’s name as a scope', () => {
    expect(conceptsOf('Do you support SSO with Azure AD?')).toEqual({
      concepts: ['sso'],
      asides: [],
      scopes: [],
    });
  });

  it('reports concepts named only as examples apart', () => {
    expect(conceptsOf('Describe your security testing, e.g. pen tests and bug bounties.')).toEqual({
      concepts: [],
      asides: ['penetration-testing', 'bug-bounty'],
      scopes: [],
    });
    expect(
      conceptsOf('Do you monitor systems (for example with a SIEM) around the clock?'),
    ).toEqual({ concepts: [], asides: ['security-monitoring'], scopes: [] });
    // The aside ends with its clause: what follows counts in full again.
    expect(conceptsOf('Is data encrypted (e.g. AES-256) at rest?')).toEqual({
      concepts: ['encryption', 'encryption-at-rest'],
      asides: [],
      scopes: [],
    });
    expect(conceptsOf('Do you keep logs, such as audit logs; and backups?')).toEqual({
      concepts: ['logging', 'backups'],
      asides: [],
      scopes: [],
    });
  });
});

describe('the bundled concepts file', () => {
  it('validates, with every term naming one concept and every broader id declared', () => {
    // loadConcepts throws a ConceptsError listing any term two concepts share.
    const vocabulary = loadConcepts();
    expect(vocabulary.concepts.size).toBeGreaterThanOrEqual(80);
    expect(vocabulary.scopeTerms.map((scope) => scope.id)).toEqual([
      'own',
      'provider',
      'staff',
      'customers',
    ]);
  });

  it('has no single generic word as a term', () => {
    const generic = ['policy', 'security', 'data', 'access', 'plan', 'test', 'review', 'control'];
    for (const { id, terms } of loadConcepts().conceptTerms)
      for (const term of terms)
        expect(generic, `${id}: "${term.join(' ')}"`).not.toContain(term.join(' '));
  });
});
