import type { Snapshot, SnapshotControl } from '../evaluate/snapshot.ts';
import { isNegativeQuestion, tokenise } from '../language/text.ts';
import { type Bm25Index, createBm25Index } from './bm25.ts';
import { crosswalkConcepts } from './crosswalks/crosswalks.ts';
import { type EvidenceBase, evidenceOf, plain } from './evidence.ts';
import { shapeOf } from './question-shape.ts';
import { noSources, type SourceLocator } from './source-locator.ts';

/** A question with a known answer: a control's `answers` entry or an FAQ entry. */
export interface KnownAnswer {
  kind: 'control-answer' | 'faq';
  question: string;
  tokens: string[];
  negative: boolean;
  answer: 'yes' | 'no' | 'n/a' | undefined;
  comment: string | undefined;
  /** Ids of the controls it rests on. */
  controls: string[];
  /** Position of an FAQ entry in the snapshot's FAQ, for its citation. */
  faqIndex?: number;
  /** Concepts and scopes of the known question. */
  concepts: string[];
  scopes: string[];
}

/** Everything the answer engine searches, built once per snapshot. */
export interface Knowledge {
  snapshot: Snapshot;
  /** Trust page origin, without a trailing slash. */
  baseUrl: string;
  /** File and line of each piece of knowledge, for citations. */
  locate: SourceLocator;
  controls: Map<string, SnapshotControl>;
  known: KnownAnswer[];
  index: Bm25Index;
  /** Every statement of the organisation's files, with its concepts, scopes and standing. */
  evidence: EvidenceBase;
  /** Concepts a public questionnaire's question id maps to (the shipped crosswalks). */
  crosswalk(questionId: string | undefined): string[] | undefined;
  /** Tokens of a text, without the organisation's own name (it means "you"). */
  tokenise(text: string): string[];
}

/** "yes" or "no" when a text opens with that word as its verdict. */
function openingVerdict(text: string): 'yes' | 'no' | undefined {
  const match = /^\s*(yes|no)\b[.,;:!]/i.exec(text);
  return match ? (match[1]?.toLowerCase() as 'yes' | 'no') : undefined;
}

/** The concepts and scopes a known question is about. */
function aboutOf(question: string): { concepts: string[]; scopes: string[] } {
  const shape = shapeOf(question);
  return { concepts: shape.concepts, scopes: shape.scopes };
}

/** Builds the searchable knowledge of a snapshot. */
export function createKnowledge(
  snapshot: Snapshot,
  baseUrl?: string,
  locate: SourceLocator = noSources,
): Knowledge {
  const base = (baseUrl ?? snapshot.organisation.url ?? snapshot.organisation.website).replace(
    /\/+$/,
    '',
  );
  const name = new Set(tokenise(snapshot.organisation.name));
  const withoutName = (tokens: string[]) => tokens.filter((token) => !name.has(token));
  const known: KnownAnswer[] = [];
  for (const control of snapshot.controls) {
    for (const entry of control.answers) {
      known.push({
        kind: 'control-answer',
        question: entry.question,
        tokens: withoutName(tokenise(entry.question)),
        negative: isNegativeQuestion(entry.question),
        answer: entry.answer,
        comment: entry.comment,
        controls: [control.id],
        ...aboutOf(entry.question),
      });
    }
  }
  for (const [faqIndex, entry] of snapshot.faq.entries()) {
    known.push({
      faqIndex,
      kind: 'faq',
      question: entry.question,
      tokens: withoutName(tokenise(entry.question)),
      negative: isNegativeQuestion(entry.question),
      // An answer that opens with "Yes." or "No." says so even without `short`.
      answer: entry.short ?? openingVerdict(entry.answer),
      comment: plain(entry.answer),
      controls: entry.controls,
      ...aboutOf(entry.question),
    });
  }
  const evidence = evidenceOf(snapshot, base, locate);
  return {
    snapshot,
    baseUrl: base,
    locate,
    controls: new Map(snapshot.controls.map((control) => [control.id, control])),
    known,
    tokenise: (text) => withoutName(tokenise(text)),
    evidence,
    crosswalk: (questionId) => crosswalkConcepts(questionId)?.concepts,
    // Word weights (idf) for matching known questions: one document per control, and the
    // known questions themselves.
    index: createBm25Index(
      [
        ...[...evidence.groupTokens]
          .filter(([group]) => group.startsWith('control:'))
          .map(([group, tokens]) => [...tokens, ...(evidence.deniedTokens.get(group) ?? [])]),
        ...known.map((entry) => entry.tokens),
      ].map((tokens) => [...tokens]),
    ),
  };
}
