import type { Snapshot, SnapshotControl } from '../evaluate/snapshot.ts';
import { type Bm25Index, createBm25Index } from './bm25.ts';
import { isNegativeQuestion, tokenise } from './text.ts';

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
}

/** Everything the answer engine searches, built once per snapshot. */
export interface Knowledge {
  snapshot: Snapshot;
  /** Trust page origin, without a trailing slash. */
  baseUrl: string;
  controls: Map<string, SnapshotControl>;
  known: KnownAnswer[];
  /** One retrieval document per control: title, claim, details and its answers. */
  documents: Array<{ control: SnapshotControl; tokens: Set<string> }>;
  index: Bm25Index;
}

/** Plain text of markdown: no emphasis, links or list marks. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>]/g, '')
    .replace(/^\s*[-+]\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Builds the searchable knowledge of a snapshot. */
export function createKnowledge(snapshot: Snapshot, baseUrl?: string): Knowledge {
  const base = (baseUrl ?? snapshot.organisation.url ?? snapshot.organisation.website).replace(
    /\/+$/,
    '',
  );
  const known: KnownAnswer[] = [];
  for (const control of snapshot.controls) {
    for (const entry of control.answers) {
      known.push({
        kind: 'control-answer',
        question: entry.question,
        tokens: tokenise(entry.question),
        negative: isNegativeQuestion(entry.question),
        answer: entry.answer,
        comment: entry.comment,
        controls: [control.id],
      });
    }
  }
  for (const entry of snapshot.faq) {
    known.push({
      kind: 'faq',
      question: entry.question,
      tokens: tokenise(entry.question),
      negative: isNegativeQuestion(entry.question),
      answer: entry.short,
      comment: plainText(entry.answer),
      controls: entry.controls,
    });
  }
  const documents = snapshot.controls.map((control) => ({
    control,
    tokens: tokenise(
      [
        control.title,
        control.claim,
        control.details ?? '',
        ...control.answers.flatMap((entry) => [entry.question, entry.comment ?? '']),
      ].join(' '),
    ),
  }));
  return {
    snapshot,
    baseUrl: base,
    controls: new Map(snapshot.controls.map((control) => [control.id, control])),
    known,
    documents: documents.map(({ control, tokens }) => ({ control, tokens: new Set(tokens) })),
    index: createBm25Index([
      ...documents.map((document) => document.tokens),
      ...known.map((entry) => entry.tokens),
    ]),
  };
}
