/**
 * The concepts an organisation says something about, whatever it says: what the gap report
 * of `attest answer --learn` measures buyers' questions against.
 */

import { conceptsOf } from '../language/concepts/concepts.ts';
import { withBroader } from './evidence.ts';
import type { Knowledge } from './knowledge.ts';

/**
 * Every concept of the organisation's statements (controls, certifications, subprocessors,
 * disclosure, processing, profile — the answer engine's own evidence, whether it holds or
 * not), of the questions its controls and FAQ answer (yes, no or n/a) and of its documents'
 * titles, with their broader concepts.
 */
export function declaredConcepts(knowledge: Knowledge): Set<string> {
  const declared = new Set<string>();
  for (const item of knowledge.evidence.items) for (const id of item.concepts) declared.add(id);
  const { snapshot } = knowledge;
  const texts = [
    ...knowledge.known.map((entry) => entry.question),
    ...snapshot.documents.map((document) => document.title),
  ];
  // processing.yaml is Annex I of the DPA: its presence declares one.
  if (snapshot.processing) texts.push('data processing agreement');
  for (const text of texts) {
    const found = conceptsOf(text);
    for (const id of withBroader([...found.concepts, ...found.asides])) declared.add(id);
  }
  return declared;
}
