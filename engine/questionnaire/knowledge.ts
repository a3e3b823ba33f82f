import type { Snapshot, SnapshotControl } from '../evaluate/snapshot.ts';
import { type Bm25Index, createBm25Index } from './bm25.ts';
import { crosswalkConcepts } from './crosswalks/crosswalks.ts';
import { type EvidenceBase, evidenceOf } from './evidence.ts';
import { shapeOf } from './question-shape.ts';
import { noSources, type SourceLocator } from './source-locator.ts';
import { isNegativeQuestion, tokenise, topicTokens } from './text.ts';

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

/** One sentence of evidence and its tokens. */
export interface Sentence {
  text: string;
  tokens: Set<string>;
}

/** Splits prose (markdown allowed) into sentences. */
function sentencesOf(text: string): string[] {
  return text
    .split(/\n\s*(?:[-*+]\s+|(?=\|))|\n{2,}/)
    .map((block) => block.replace(/\|/g, ' ').replace(/\s-{3,}\s/g, ' '))
    .flatMap((block) => plainText(block).split(/(?<=[.!?;])\s+(?=[A-Z(])/))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 3);
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
  /**
   * One retrieval document per control: its sentences (claim, details, and the questions
   * and comments of its "yes" answers), each with the control title's tokens added.
   */
  documents: Array<{
    control: SnapshotControl;
    titleTokens: Set<string>;
    tokens: Set<string>;
    sentences: Sentence[];
  }>;
  index: Bm25Index;
  /** Every statement of the organisation's files, with its concepts, scopes and standing. */
  evidence: EvidenceBase;
  /** Concepts a public questionnaire's question id maps to (the shipped crosswalks). */
  crosswalk(questionId: string | undefined): string[] | undefined;
  /** Tokens of a text, without the organisation's own name (it means "you"). */
  tokenise(text: string): string[];
  /** Tokens of what a question is about: no negative cues, no organisation name. */
  topicTokens(text: string): string[];
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
      comment: plainText(entry.answer),
      controls: entry.controls,
      ...aboutOf(entry.question),
    });
  }
  const documents = snapshot.controls.map((control) => {
    const title = tokenise(control.title);
    const texts = [
      control.claim,
      ...sentencesOf(control.details ?? ''),
      ...control.answers.flatMap((entry) =>
        entry.answer === 'yes' ? [entry.question, entry.comment ?? ''] : [],
      ),
    ].filter(Boolean);
    const sentences = texts.map((text) => ({
      text,
      tokens: new Set([...title, ...tokenise(text)]),
    }));
    return {
      control,
      title,
      sentences,
      tokens: sentences.flatMap((sentence) => [...sentence.tokens]),
    };
  });
  return {
    snapshot,
    baseUrl: base,
    locate,
    controls: new Map(snapshot.controls.map((control) => [control.id, control])),
    known,
    documents: documents.map(({ control, title, tokens, sentences }) => ({
      control,
      titleTokens: new Set(title),
      sentences,
      tokens: new Set(tokens),
    })),
    tokenise: (text) => withoutName(tokenise(text)),
    topicTokens: (text) => withoutName(topicTokens(text)),
    evidence: evidenceOf(snapshot, base, locate),
    crosswalk: (questionId) => crosswalkConcepts(questionId)?.concepts,
    index: createBm25Index([
      ...documents.map((document) => document.tokens),
      ...known.map((entry) => entry.tokens),
    ]),
  };
}
