import { byCertification } from './answer-certification.ts';
import {
  blank,
  citeControls,
  confidenceThreshold,
  fromControls,
  shorten,
  similarity,
  weight,
} from './answer-support.ts';
import type { Knowledge, KnownAnswer } from './knowledge.ts';
import {
  denyingTokens,
  isNegativeQuestion,
  isYesNoQuestion,
  negationPattern,
  negativeCuesOf,
} from './text.ts';
import type { Answer } from './types.ts';

/** How close a question must be to a known question for its answer to be reused. */
const knownAnswerSimilarity = 0.72;
/** Share of a question's (idf-weighted) topic a control must cover to answer it by retrieval. */
const retrievalCoverage = 0.7;

/** Words a retrieved sentence must contain whenever the question does. */
const essentialTokens = new Set([
  'policy',
  'annual',
  'quarterly',
  'own',
  'train',
  'test',
  'review',
  'pentest',
  'plaintext',
  'byok',
  'scim',
  'saml',
  'oidc',
  'securitykey',
  'totp',
]);

/** Which framework mappings are matched against question ids. */
const questionnaireFrameworks = ['caiq', 'hecvat', 'sig'] as const;

function byFramework(knowledge: Knowledge, id: string, text: string): Answer | undefined {
  const wanted = id.trim().toUpperCase();
  const mapped = knowledge.snapshot.controls.filter((control) =>
    questionnaireFrameworks.some((framework) =>
      (control.frameworks[framework] ?? []).some((ref) => ref.trim().toUpperCase() === wanted),
    ),
  );
  if (mapped.length === 0) return undefined;
  // A mapping on a different question (another version of the questionnaire) must not answer it.
  const topic = knowledge.topicTokens(text);
  const related = mapped.filter((control) => {
    const document = knowledge.documents.find((entry) => entry.control.id === control.id);
    return topic.some((token) => document?.tokens.has(token));
  });
  if (related.length === 0) return undefined;
  const answer = isNegativeQuestion(text) ? 'no' : 'yes';
  return fromControls(
    knowledge,
    related.map((control) => control.id),
    answer,
    related.map((control) => control.claim).join(' '),
    0.95,
    'framework',
  );
}

/** Words that change who or what a question is about: a known answer must share them all. */
const scopeTokens = new Set([
  'host',
  'provider',
  'subprocessor',
  'laptop',
  'mobile',
  'staff',
  'backup',
  'datacenter',
  'api',
  'email',
  'internal',
  'partner',
]);

function sameScope(a: readonly string[], b: readonly string[]): boolean {
  const scopeA = a.filter((token) => scopeTokens.has(token));
  const scopeB = new Set(b.filter((token) => scopeTokens.has(token)));
  return scopeA.length === scopeB.size && scopeA.every((token) => scopeB.has(token));
}

/** Share of `a`'s (idf-weighted) tokens that `b` contains. */
function covered(knowledge: Knowledge, a: readonly string[], b: readonly string[]): number {
  const setB = new Set(b);
  const total = weight(knowledge, a);
  return total === 0
    ? 0
    : weight(
        knowledge,
        a.filter((token) => setB.has(token)),
      ) / total;
}

/**
 * How well a known answer fits a question. A "yes" to a narrower question also answers a
 * broader one (SSO with SAML → SSO), so the known question must cover the question; a "no"
 * to a broader question also answers a narrower one, so the question must cover it.
 */
function knownFit(knowledge: Knowledge, tokens: readonly string[], entry: KnownAnswer): number {
  const dice = similarity(knowledge, tokens, entry.tokens);
  if (dice < 0.6) return 0;
  const direction =
    entry.answer === 'no'
      ? covered(knowledge, entry.tokens, tokens)
      : covered(knowledge, tokens, entry.tokens);
  if (direction < 0.75) return 0;
  return (dice + direction) / 2;
}

function byKnownAnswer(knowledge: Knowledge, text: string): Answer | undefined {
  const tokens = [...new Set(knowledge.tokenise(text))];
  const negative = isNegativeQuestion(text);
  let best: { entry: KnownAnswer; score: number } | undefined;
  for (const entry of knowledge.known) {
    if (entry.negative !== negative) continue;
    if (!sameScope(tokens, [...new Set(entry.tokens)])) continue;
    const score = knownFit(knowledge, tokens, entry);
    if (!best || score > best.score) best = { entry, score };
  }
  if (!best || best.score < knownAnswerSimilarity) return undefined;
  const { entry, score } = best;
  const evidence = entry.comment ?? entry.question;
  const confidence = Math.min(0.97, score);
  if (entry.answer === undefined || entry.answer === 'n/a')
    return {
      ...blank(shorten(evidence), citeControls(knowledge, entry.controls), confidence),
      source: entry.kind,
    };
  return fromControls(knowledge, entry.controls, entry.answer, evidence, confidence, entry.kind);
}

/** The best sentence of a control for a topic: its coverage and whether it can support an answer. */
function bestSentence(
  knowledge: Knowledge,
  document: Knowledge['documents'][number],
  topic: readonly string[],
  cues: readonly string[],
): { coverage: number; text: string } | undefined {
  let best: { coverage: number; text: string } | undefined;
  for (const sentence of document.sentences) {
    const negated = negationPattern.test(sentence.text);
    // A "yes" needs an affirmative sentence; a denial needs the words that deny the bad practice.
    if (cues.length === 0 && negated) continue;
    if (
      !cues.every((cue) => (denyingTokens[cue] ?? []).some((token) => sentence.tokens.has(token)))
    )
      continue;
    // Every word of a short topic, and all but one in four of a longer one, must be in the
    // sentence; words that carry the point of a question (documented, yearly, own…) always.
    const missing = topic.filter((token) => !sentence.tokens.has(token));
    if (missing.length > Math.floor(topic.length / 4)) continue;
    if (missing.some((token) => essentialTokens.has(token))) continue;
    const coverage = covered(knowledge, topic, [...sentence.tokens]);
    if (!best || coverage > best.coverage) best = { coverage, text: sentence.text };
  }
  return best;
}

function byRetrieval(knowledge: Knowledge, text: string): Answer {
  const topic = [...new Set(knowledge.topicTokens(text))];
  if (topic.length === 0) return blank('The question has no words Attest can match.');
  const cues = negativeCuesOf(text);
  const hits = knowledge.index
    .search(topic)
    .filter((hit) => hit.index < knowledge.documents.length)
    .slice(0, 5);
  let best:
    | { document: Knowledge['documents'][number]; coverage: number; text: string }
    | undefined;
  for (const hit of hits) {
    const document = knowledge.documents[hit.index];
    // The control must be about the question's topic, not merely use its words in passing.
    if (!document || !topic.some((token) => document.titleTokens.has(token))) continue;
    const sentence = bestSentence(knowledge, document, topic, cues);
    if (sentence && (!best || sentence.coverage > best.coverage)) best = { document, ...sentence };
  }
  const closest = best?.document ?? (hits[0] && knowledge.documents[hits[0].index]);
  if (!closest) return blank('Nothing in the published controls addresses this question.');
  const citations = citeControls(knowledge, [closest.control.id]);
  if (!best || best.coverage < retrievalCoverage || !isYesNoQuestion(text))
    return {
      ...blank(
        `Closest control: ${closest.control.title}. ${shorten(closest.control.claim, 200)}`,
        citations,
        (best?.coverage ?? 0) * 0.5,
      ),
      source: 'control',
    };
  return fromControls(
    knowledge,
    [best.document.control.id],
    cues.length > 0 ? 'no' : 'yes',
    best.text,
    Math.min(0.9, best.coverage * 0.85),
    'control',
  );
}

/**
 * Answers one question from the knowledge of a snapshot, strongest source first:
 * framework mappings by question id, known answers (controls' `answers`, FAQ),
 * certifications, then retrieval over the controls. Only claimable controls
 * (verified, attested, inherited, not withheld) support "yes"; below the confidence
 * threshold (`confidenceThreshold` unless given) the answer is blank and flagged for
 * review, keeping its explanation and citations for the reviewer. Pure.
 */
export function answerQuestion(
  knowledge: Knowledge,
  question: { id?: string | undefined; text: string },
  threshold: number = confidenceThreshold,
): Answer {
  const found =
    (question.id ? byFramework(knowledge, question.id, question.text) : undefined) ??
    byKnownAnswer(knowledge, question.text) ??
    byCertification(knowledge, question.text) ??
    byRetrieval(knowledge, question.text);
  if (found.answer !== 'blank' && found.confidence < threshold)
    return { ...found, answer: 'blank', needsReview: true };
  return found;
}
