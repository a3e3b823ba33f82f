import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ConceptsOfText, createConceptMatcher } from './concept-matcher.ts';
import { type ConceptVocabulary, parseConcepts } from './parse-concepts.ts';

/** The bundled concepts file. */
export const conceptsFile = fileURLToPath(new URL('./concepts.yaml', import.meta.url));

let vocabulary: ConceptVocabulary | undefined;
let matcher: ((text: string) => ConceptsOfText) | undefined;

/**
 * The bundled concept vocabulary, read and validated once. Throws a `ConceptsError` naming
 * the file, line and entry of every problem when the file is invalid.
 */
export function loadConcepts(): ConceptVocabulary {
  vocabulary ??= parseConcepts(conceptsFile, readFileSync(conceptsFile, 'utf8'));
  return vocabulary;
}

/**
 * The security concepts and scopes a text names, by the bundled vocabulary:
 * `conceptsOf('Do your staff receive security training?')` gives
 * `{ concepts: ['security-training'], asides: [], scopes: ['staff'] }`.
 */
export function conceptsOf(text: string): ConceptsOfText {
  matcher ??= createConceptMatcher(loadConcepts());
  return matcher(text);
}
