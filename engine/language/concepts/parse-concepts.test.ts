import { describe, expect, it } from 'vitest';
import { ConceptsError, parseConcepts } from './parse-concepts.ts';

function problemsOf(text: string): string {
  try {
    parseConcepts('concepts.yaml', text);
  } catch (error) {
    if (error instanceof ConceptsError) return error.message;
    throw error;
  }
  return 'no problem';
}

const scopes = 'scopes:\n  - id: staff\n    terms: [staff]\n';

describe('parseConcepts', () => {
  it('names the file, line and entry of a term that names two concepts', () => {
    const text = `concepts:
  - id: mfa
    terms: [MFA, two-factor]
  - id: two-step
    terms: [two step, Two Factor]
${scopes}`;
    expect(problemsOf(text)).toMatchInlineSnapshot(`
      "the concepts file is invalid:
      concepts.yaml:5:23: term "Two Factor" of "two-step" also names "mfa" (both read as "two factor") (a term must name one entry: keep it where it belongs, or make it longer)"
    `);
  });

  it('reports every misshapen entry at once, with a fix', () => {
    const text = `concepts:
  - id: Encryption
    terms: [encryption]
  - id: sso
    term: [sso]
${scopes}`;
    expect(problemsOf(text)).toMatchInlineSnapshot(`
      "the concepts file is invalid:
      concepts.yaml:2:9: concepts[0].id "Encryption" is invalid: use lower-case words joined by hyphens, like "mfa"
      concepts.yaml:5:5: unknown key "term" in concepts[1] (did you mean "terms"?)"
    `);
  });

  it('checks ids, broader links and terms together once the shape holds', () => {
    const text = `concepts:
  - id: mfa
    terms: [mfa]
    broader: [authentication]
  - id: mfa
    terms: ["--"]
${scopes}`;
    expect(problemsOf(text)).toMatchInlineSnapshot(`
      "the concepts file is invalid:
      concepts.yaml:4:15: concept "mfa" names unknown broader concept "authentication" (name the id of another concept in this file)
      concepts.yaml:5:9: concept "mfa" is declared twice (merge the two entries or rename one)
      concepts.yaml:6:13: term "--" of "mfa" has no letters or digits (write the words that name it, or remove the term)"
    `);
  });

  it('folds terms that differ only in spelling within one concept', () => {
    const vocabulary = parseConcepts(
      'concepts.yaml',
      `concepts:\n  - id: org\n    terms: [organisation, organization, Organisations]\n${scopes}`,
    );
    expect(vocabulary.conceptTerms).toEqual([{ id: 'org', terms: [['organization']] }]);
  });
});
