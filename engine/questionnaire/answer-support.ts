import type { SnapshotControl } from '../evaluate/snapshot.ts';
import { plain as plainText } from './evidence.ts';
import type { Knowledge } from './knowledge.ts';
import type { Answer, Citation } from './types.ts';

/** Below this confidence an answer is left blank and flagged for review. */
export const confidenceThreshold = 0.6;

/** What a set of controls allows an answer to say. */
export type Support =
  | { kind: 'claimable' }
  | { kind: 'in-progress' | 'planned' | 'not-applicable' }
  | { kind: 'blocked'; reason: string };

/**
 * What the controls an answer rests on allow: a claim only when every one is verified,
 * attested or inherited and not withheld; missing, failing, unverified or withheld controls block it.
 */
export function supportOf(controls: readonly (SnapshotControl | undefined)[]): Support {
  if (controls.length === 0) return { kind: 'blocked', reason: 'it cites no published control' };
  const states = controls.map((control): Support => {
    if (!control) return { kind: 'blocked', reason: 'it rests on a control that is not published' };
    if (control.withheld)
      return { kind: 'blocked', reason: `${control.id} is withheld (${control.withheld.reason})` };
    switch (control.status) {
      case 'verified':
      case 'attested':
      case 'inherited':
        return { kind: 'claimable' };
      case 'in-progress':
      case 'planned':
      case 'not-applicable':
        return { kind: control.status };
      default:
        return { kind: 'blocked', reason: `${control.id} is ${control.status}: ${control.reason}` };
    }
  });
  const blocked = states.find((state) => state.kind === 'blocked');
  if (blocked) return blocked;
  const kinds = new Set(states.map((state) => state.kind));
  if (kinds.size === 1) return states[0] as Support;
  return { kind: 'blocked', reason: 'the controls it rests on are only partly in place' };
}

/** Citations of controls by id, version, trust page URL and file:line (unpublished ids are left out). */
export function citeControls(knowledge: Knowledge, ids: readonly string[]): Citation[] {
  return ids.flatMap((id) => {
    const control = knowledge.controls.get(id);
    if (!control) return [];
    const at = knowledge.locate({ kind: 'control', id });
    return [
      {
        kind: 'control' as const,
        id,
        version: control.version,
        url: `${knowledge.baseUrl}/controls/${id}/`,
        file: at?.file,
        line: at?.line,
      },
    ];
  });
}

/** Plain text of at most `limit` characters, cut at a sentence when one ends late enough. */
export function shorten(text: string, limit = 280): string {
  const plain = plainText(text);
  if (plain.length <= limit) return plain;
  const cut = plain.slice(0, limit);
  const sentence = cut.lastIndexOf('. ');
  // At a sentence's end when that keeps most of the room; otherwise at a clause, so that a
  // long list after a short sentence is cut short rather than dropped.
  if (sentence > 80 && sentence > limit / 2) return cut.slice(0, sentence + 1);
  const clause = Math.max(cut.lastIndexOf('; '), cut.lastIndexOf(', '));
  if (clause > limit / 2) return `${cut.slice(0, clause)}…`;
  return sentence > 80 ? cut.slice(0, sentence + 1) : `${cut.replace(/\s+\S*$/, '')}…`;
}

/** A blank answer, flagged for review, with why. */
export function blank(explanation: string, citations: Citation[] = [], confidence = 0): Answer {
  return {
    answer: 'blank',
    explanation,
    citations,
    confidence,
    source: 'none',
    needsReview: true,
  };
}

/** The answer a set of controls gives to a question, from their status. */
export function fromControls(
  knowledge: Knowledge,
  ids: readonly string[],
  wanted: 'yes' | 'no' | 'n/a',
  evidence: string,
  confidence: number,
  source: Answer['source'],
): Answer {
  const controls = ids.map((id) => knowledge.controls.get(id));
  const support = supportOf(controls);
  const citations = citeControls(knowledge, ids);
  const explained = shorten(evidence);
  if (support.kind === 'blocked')
    return {
      ...blank(`Not answered: ${support.reason}. Evidence on file: ${explained}`, citations),
      source,
    };
  if (support.kind === 'in-progress' || support.kind === 'planned') {
    if (wanted === 'n/a') return { ...blank(explained, citations), source };
    const label = support.kind === 'in-progress' ? 'in progress' : 'planned';
    return {
      answer: 'no',
      explanation: `Not yet: this is ${label}. ${explained}`,
      citations,
      confidence,
      source,
      needsReview: confidence < confidenceThreshold,
    };
  }
  if (support.kind === 'not-applicable')
    return {
      answer: 'n/a',
      explanation: explained,
      citations,
      confidence,
      source,
      needsReview: confidence < confidenceThreshold,
    };
  return {
    answer: wanted,
    explanation: explained,
    citations,
    confidence,
    source,
    needsReview: confidence < confidenceThreshold,
  };
}

/** Sum of the idf of the distinct tokens: how much a set of words says. */
export function weight(knowledge: Knowledge, tokens: Iterable<string>): number {
  let sum = 0;
  for (const token of new Set(tokens)) sum += knowledge.index.idf(token);
  return sum;
}

/** Idf-weighted Dice similarity of two token lists. */
export function similarity(
  knowledge: Knowledge,
  a: readonly string[],
  b: readonly string[],
): number {
  const setB = new Set(b);
  const common = [...new Set(a)].filter((token) => setB.has(token));
  const total = weight(knowledge, a) + weight(knowledge, b);
  return total === 0 ? 0 : (2 * weight(knowledge, common)) / total;
}
