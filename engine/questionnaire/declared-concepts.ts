/**
 * The concepts an organisation says something about, whatever it says: what the gap report
 * of `attest answer --learn` measures buyers' questions against. Kept apart so a better
 * measure can replace it without touching the report.
 */

import { conceptsOf, loadConcepts } from './concepts/concepts.ts';
import type { Knowledge } from './knowledge.ts';

/** Concepts the organisation's structured files declare by merely existing. */
function structuredConcepts(snapshot: Knowledge['snapshot']): string[] {
  const found: string[] = [];
  if (snapshot.subprocessors.entries.length > 0) found.push('subprocessors');
  if (snapshot.certifications.length > 0) found.push('certifications');
  const { disclosure, processing } = snapshot;
  if (disclosure) {
    found.push('vulnerability-disclosure');
    if (disclosure.bounty) found.push('bug-bounty');
  }
  if (processing) {
    // processing.yaml is Annex I of the DPA.
    found.push('data-processing-agreement', 'data-retention');
    if (processing.transfers.length > 0) found.push('cross-border-transfers');
    if (processing.dpo) found.push('dpo');
  }
  return found;
}

/** Each concept with every concept it is a kind of (`bug-bounty` → `vulnerability-disclosure`). */
function withBroader(ids: Iterable<string>): Set<string> {
  const { concepts } = loadConcepts();
  const all = new Set<string>();
  const visit = (id: string) => {
    if (all.has(id)) return;
    all.add(id);
    for (const broader of concepts.get(id)?.broader ?? []) visit(broader);
  };
  for (const id of ids) visit(id);
  return all;
}

/**
 * The concepts (by `conceptsOf`, asides included) named by the organisation's controls
 * (title, claim, details, the questions of their `answers`), FAQ questions, certification
 * names and document titles, plus what its structured files declare: `subprocessors` when
 * it lists any, `vulnerability-disclosure` with a disclosure policy, `data-processing-agreement`
 * and `data-retention` with a processing description, and the broader concepts of each.
 */
export function declaredConcepts(knowledge: Knowledge): Set<string> {
  const { snapshot } = knowledge;
  const texts = [
    ...snapshot.controls.flatMap((control) => [
      control.title,
      control.claim,
      control.details ?? '',
      ...control.answers.map((entry) => entry.question),
    ]),
    ...snapshot.faq.map((entry) => entry.question),
    ...snapshot.certifications.map((certification) => certification.name),
    ...snapshot.documents.map((document) => document.title),
  ];
  const found = structuredConcepts(snapshot);
  for (const text of texts) {
    if (!text) continue;
    const { concepts, asides } = conceptsOf(text);
    found.push(...concepts, ...asides);
  }
  return withBroader(found);
}
