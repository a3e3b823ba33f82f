import type { SnapshotCertification, SnapshotControl } from '../evaluate/snapshot.ts';
import { type Knowledge, type KnownAnswer, plainText } from './knowledge.ts';
import {
  denyingTokens,
  isNegativeQuestion,
  isYesNoQuestion,
  negationPattern,
  negativeCuesOf,
} from './text.ts';
import type { Answer, Citation } from './types.ts';

/** Below this confidence an answer is left blank and flagged for review. */
export const confidenceThreshold = 0.6;
/** How close a question must be to a known question for its answer to be reused. */
const knownAnswerSimilarity = 0.72;
/** Share of a question's (idf-weighted) topic a control must cover to answer it by retrieval. */
const retrievalCoverage = 0.7;

/** Which framework mappings are matched against question ids. */
const questionnaireFrameworks = ['caiq', 'hecvat', 'sig'] as const;

/** What a set of controls allows an answer to say. */
type Support =
  | { kind: 'claimable' }
  | { kind: 'in-progress' | 'planned' | 'not-applicable' }
  | { kind: 'blocked'; reason: string };

function supportOf(controls: readonly (SnapshotControl | undefined)[]): Support {
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

function citeControls(knowledge: Knowledge, ids: readonly string[]): Citation[] {
  return ids.flatMap((id) => {
    const control = knowledge.controls.get(id);
    return control
      ? [
          {
            kind: 'control' as const,
            id,
            version: control.version,
            url: `${knowledge.baseUrl}/controls/${id}/`,
          },
        ]
      : [];
  });
}

function shorten(text: string, limit = 280): string {
  const plain = plainText(text);
  if (plain.length <= limit) return plain;
  const cut = plain.slice(0, limit);
  const sentence = cut.lastIndexOf('. ');
  return sentence > 80 ? cut.slice(0, sentence + 1) : `${cut.replace(/\s+\S*$/, '')}…`;
}

function blank(explanation: string, citations: Citation[] = [], confidence = 0): Answer {
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
function fromControls(
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

function weight(knowledge: Knowledge, tokens: Iterable<string>): number {
  let sum = 0;
  for (const token of new Set(tokens)) sum += knowledge.index.idf(token);
  return sum;
}

/** Idf-weighted Dice similarity of two token lists. */
function similarity(knowledge: Knowledge, a: readonly string[], b: readonly string[]): number {
  const setB = new Set(b);
  const common = [...new Set(a)].filter((token) => setB.has(token));
  const total = weight(knowledge, a) + weight(knowledge, b);
  return total === 0 ? 0 : (2 * weight(knowledge, common)) / total;
}

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

const certificationAsk =
  /\b(certifi|report|audit|attest|complian|accredit|hold|held|have|has|obtain|achiev|sign)/;
const providerScope =
  /\b((hosting|cloud|infrastructure|payment|payments) (provider|processor)|hosting|hosted|data ?cent|aws|azure|gcp|subprocessor)/;
/** A question about the work towards a certification, not about holding it. */
const progressAsk =
  /\b(in progress|under ?way|working towards|pursuing|planned|planning|roadmap|intend)/;

function citeCertification(knowledge: Knowledge, certification: SnapshotCertification): Citation {
  return {
    kind: 'certification',
    id: certification.id,
    version: undefined,
    url: `${knowledge.baseUrl}/#compliance`,
  };
}

function byCertification(knowledge: Knowledge, text: string): Answer | undefined {
  const lower = text.toLowerCase();
  if (!certificationAsk.test(lower) || progressAsk.test(lower)) return undefined;
  const tokens = new Set(knowledge.tokenise(text));
  const frameworkTokens = ['soc2', 'iso27001', 'pcidss', 'hipaa', 'gdpr', 'ccpa', 'type2'];
  const asked = frameworkTokens.filter((token) => tokens.has(token));
  if (asked.length === 0) return undefined;
  const certification = knowledge.snapshot.certifications.find((entry) => {
    const own = new Set(knowledge.tokenise(`${entry.name} ${entry.id.replace(/-/g, ' ')}`));
    return asked.every((token) => own.has(token));
  });
  if (!certification) return undefined;
  const citations = [citeCertification(knowledge, certification)];
  const note = certification.note ? ` ${shorten(certification.note, 220)}` : '';
  const answer = (value: Answer['answer'], explanation: string, confidence = 0.9): Answer => ({
    answer: value,
    explanation,
    citations,
    confidence,
    source: 'certification',
    needsReview: value === 'blank',
  });
  switch (certification.effectiveStatus) {
    case 'certified':
      return answer(
        'yes',
        `${certification.name}: certified until ${'validUntil' in certification ? certification.validUntil : 'the end of the period'}.${note}`,
      );
    case 'lapsed':
      return answer('no', `${certification.name}: the certification has lapsed.${note}`);
    case 'in-progress':
      return answer(
        'no',
        `${certification.name}: in progress, not held yet${'target' in certification && certification.target ? ` (target ${certification.target})` : ''}.${note}`,
      );
    case 'not-held':
      return answer('no', `${certification.name}: not held.${note}`);
    case 'inherited':
      return providerScope.test(lower)
        ? answer(
            'yes',
            `${certification.name} is held by ${certification.providerNames.join(', ')}.${note}`,
            0.85,
          )
        : answer(
            'blank',
            `${certification.name} is held by ${certification.providerNames.join(', ')}, not by the organisation itself.${note}`,
            0.4,
          );
    default:
      return answer(
        'blank',
        `${certification.name}: self-assessed, without an external audit.${note}`,
        0.4,
      );
  }
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
    // Every word of a short topic, and all but one in four of a longer one, must be in the sentence.
    const missing = topic.filter((token) => !sentence.tokens.has(token)).length;
    if (missing > Math.floor(topic.length / 4)) continue;
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
      source: 'retrieval',
    };
  return fromControls(
    knowledge,
    [best.document.control.id],
    cues.length > 0 ? 'no' : 'yes',
    best.text,
    Math.min(0.9, best.coverage * 0.85),
    'retrieval',
  );
}

/**
 * Answers one question from the knowledge of a snapshot, strongest source first:
 * framework mappings by question id, known answers (controls' `answers`, FAQ),
 * certifications, then retrieval over the controls. Only claimable controls
 * (verified, attested, inherited, not withheld) support "yes"; below the confidence
 * threshold the answer is blank and flagged for review. Pure.
 */
export function answerQuestion(
  knowledge: Knowledge,
  question: { id?: string | undefined; text: string },
): Answer {
  const found =
    (question.id ? byFramework(knowledge, question.id, question.text) : undefined) ??
    byKnownAnswer(knowledge, question.text) ??
    byCertification(knowledge, question.text) ??
    byRetrieval(knowledge, question.text);
  if (found.answer !== 'blank' && found.confidence < confidenceThreshold)
    return { ...found, answer: 'blank', needsReview: true };
  return found;
}
