import { conceptsOf } from '../language/concepts/concepts.ts';
import { tokenise } from '../language/text.ts';
import { answerByConcepts } from './answer-concepts.ts';
import {
  blank,
  citeControls,
  confidenceThreshold,
  fromControls,
  shorten,
  similarity,
} from './answer-support.ts';
import { withBroader } from './evidence.ts';
import type { Knowledge, KnownAnswer } from './knowledge.ts';
import { type QuestionShape, shapeOf } from './question-shape.ts';
import type { Answer } from './types.ts';

/** How close a question must be to a known question for its answer to be reused. */
const knownAnswerSimilarity = 0.72;

/** Which framework mappings are matched against question ids. */
const questionnaireFrameworks = ['caiq', 'hecvat', 'sig'] as const;

/** Answers from the organisation's own mapping of question ids to controls. */
function byFramework(knowledge: Knowledge, id: string, shape: QuestionShape): Answer | undefined {
  const wanted = id.trim().toUpperCase();
  const mapped = knowledge.snapshot.controls.filter((control) =>
    questionnaireFrameworks.some((framework) =>
      (control.frameworks[framework] ?? []).some((ref) => ref.trim().toUpperCase() === wanted),
    ),
  );
  if (mapped.length === 0) return undefined;
  // A mapping made for another version of the questionnaire must not answer this question:
  // the control must speak of what the question asks.
  const related = mapped.filter((control) => {
    const about = withBroader(conceptsOf(`${control.title}. ${control.claim}`).concepts);
    return shape.concepts.length === 0 || shape.concepts.some((concept) => about.has(concept));
  });
  if (related.length === 0) return undefined;
  return fromControls(
    knowledge,
    related.map((control) => control.id),
    shape.negative ? 'no' : 'yes',
    related.map((control) => control.claim).join(' '),
    0.95,
    'framework',
  );
}

/** Share of `a`'s (idf-weighted) tokens that `b` contains. */
function covered(knowledge: Knowledge, a: readonly string[], b: readonly string[]): number {
  const setB = new Set(b);
  let total = 0;
  let common = 0;
  for (const token of new Set(a)) {
    const idf = knowledge.index.idf(token);
    total += idf;
    if (setB.has(token)) common += idf;
  }
  return total === 0 ? 0 : common / total;
}

/**
 * Whether a known question is about the same concepts as the question: each concept of the
 * question is named by the known question (or a narrower one), and the known question names
 * nothing the question does not. "Information security policy" never matches "content
 * security policy".
 */
function sameConcepts(question: readonly string[], known: readonly string[]): boolean {
  if (question.length === 0 || known.length === 0) return question.length === known.length;
  const knownUp = known.map((id) => withBroader([id]));
  const questionUp = question.map((id) => withBroader([id]));
  return (
    question.every((id) => knownUp.some((up) => up.has(id))) &&
    known.every((id, index) =>
      question.some((q, at) => knownUp[index]?.has(q) || questionUp[at]?.has(id)),
    )
  );
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

/** Answers from a control's `answers` or an FAQ entry asked the same way. */
function byKnownAnswer(
  knowledge: Knowledge,
  shape: QuestionShape,
  text: string,
): Answer | undefined {
  const tokens = [...new Set(knowledge.tokenise(text))];
  let best: { entry: KnownAnswer; score: number } | undefined;
  for (const entry of knowledge.known) {
    if (entry.negative !== shape.negative) continue;
    if (!sameConcepts(shape.concepts, entry.concepts)) continue;
    if (!sameScopes(shape.scopes, entry.scopes)) continue;
    const score = knownFit(knowledge, tokens, entry);
    if (!best || score > best.score) best = { entry, score };
  }
  if (!best || best.score < knownAnswerSimilarity) return undefined;
  const { entry, score } = best;
  const evidence = entry.comment ?? entry.question;
  const confidence = Math.min(0.97, score);
  // A description is asked for, or an FAQ entry without a short answer (which says neither
  // yes nor no) matches with high confidence: the known answer's own words fill the cell when
  // it rests on what holds (a dropdown cell stays blank, with them in the review). Otherwise
  // the statements decide.
  if (shape.kind !== 'yes-no' || entry.answer === undefined) {
    const ownWords = shape.kind !== 'yes-no' || score >= 0.85;
    if (!ownWords || !entry.comment) return undefined;
    // A description asked for more than the known answer speaks of ("…, what is its scope?").
    const said = new Set(tokenise(`${entry.question} ${entry.comment}`));
    const unsaid = shape.residual.filter((token) => !said.has(token)).length;
    if (unsaid > Math.floor(shape.residual.length / 3)) return undefined;
    const checked = fromControls(
      knowledge,
      entry.controls,
      'yes',
      evidence,
      confidence,
      entry.kind,
    );
    if (checked.answer !== 'yes') return undefined;
    return withFaqCitation(knowledge, entry, {
      ...checked,
      answer: 'text',
      statement: shorten(entry.comment, 600),
    });
  }
  // "N/A" is the organisation's verdict on that exact question: reused only when asked the
  // same way (a learned FAQ entry), or for a conditional question.
  if (entry.answer === 'n/a' && !shape.premise && score < 0.85)
    return {
      ...blank(shorten(evidence), citeControls(knowledge, entry.controls), confidence),
      source: entry.kind,
    };
  return withFaqCitation(
    knowledge,
    entry,
    fromControls(knowledge, entry.controls, entry.answer, evidence, confidence, entry.kind),
  );
}

/** An answer taken from an FAQ entry also cites the entry itself. */
function withFaqCitation(knowledge: Knowledge, entry: KnownAnswer, answer: Answer): Answer {
  if (entry.faqIndex === undefined) return answer;
  const at = knowledge.locate({ kind: 'faq', index: entry.faqIndex });
  return {
    ...answer,
    citations: [
      ...answer.citations,
      {
        kind: 'faq',
        id: `faq-${entry.faqIndex + 1}`,
        version: undefined,
        url: `${knowledge.baseUrl}/faq/`,
        file: at?.file,
        line: at?.line,
      },
    ],
  };
}

/**
 * Staff and customers are different people: a known answer about one does not answer the
 * other. A question about the provider's systems is answered only by a known answer about
 * them too.
 */
function sameScopes(a: readonly string[], b: readonly string[]): boolean {
  const side = (scopes: readonly string[], one: string, other: string) =>
    (scopes.includes(one) ? 1 : 0) - (scopes.includes(other) ? 1 : 0);
  const people = [side(a, 'staff', 'customers'), side(b, 'staff', 'customers')];
  if (people[0] !== 0 && people[1] !== 0 && people[0] !== people[1]) return false;
  const provider = (scopes: readonly string[]) =>
    scopes.includes('provider') && !scopes.includes('own');
  return provider(a) === provider(b);
}

/** The option of a state dropdown that a yes/no answer to the question stands for. */
function stateOption(
  knowledge: Knowledge,
  shape: QuestionShape,
  question: QuestionInput,
): Answer | undefined {
  const asYesNo = answerByConcepts(knowledge, { ...shape, kind: 'yes-no' }, question.id);
  const pick = (pattern: RegExp) => shape.options.find((option) => pattern.test(option.trim()));
  const option =
    asYesNo.answer === 'yes'
      ? pick(/^(?:(?:fully|completely) )?(?:implemented|in place|compliant|yes)\b/i)
      : asYesNo.answer === 'no' && asYesNo.explanation.startsWith('Not yet (planned)')
        ? pick(/^planned\b/i)
        : undefined;
  if (!option) return undefined;
  return { ...asYesNo, answer: 'text', statement: option };
}

/** A question to answer: its text, its id in the buyer's file and the answer cell's dropdown. */
export interface QuestionInput {
  id?: string | undefined;
  text: string;
  allowed?: readonly string[] | undefined;
}

/**
 * Answers one question from the knowledge of a snapshot, strongest source first: the
 * organisation's own framework mappings by question id, known answers (controls' `answers`,
 * FAQ) asked about the same concepts, then every statement of the organisation's files
 * matched by concept and scope (controls, certifications, subprocessors, disclosure,
 * processing), with public questionnaire ids mapped to concepts by the shipped crosswalks.
 *
 * Only what holds (verified, attested or inherited claims, held certifications, declared
 * subprocessors and policies) supports "yes" or a description; "no" needs a statement about
 * the same subject and scope (not held, in progress, planned, ruled out). Free-text questions
 * get a sentence composed from the cited statements, never a yes or no. Below the
 * confidence threshold the answer is blank and flagged for review, keeping its explanation
 * and citations. Pure.
 */
export function answerQuestion(
  knowledge: Knowledge,
  question: QuestionInput,
  threshold: number = confidenceThreshold,
): Answer {
  const shape = shapeOf(question.text, question.allowed);
  const parts = shape.kind === 'yes-no' && !shape.premise ? compoundParts(shape.ask) : [];
  if (parts.length > 1) {
    const whole = byKnownAnswer(knowledge, shape, question.text);
    if (whole) return { ...whole, kind: shape.kind };
    return withThreshold({ ...bothParts(knowledge, parts, question), kind: shape.kind }, threshold);
  }
  // A condition the files rule out makes the question not applicable, whatever else matches.
  // (Answered by concepts once: a conditional question needs it first.)
  const byConcepts = shape.premise ? answerByConcepts(knowledge, shape, question.id) : undefined;
  const found =
    (byConcepts?.answer === 'n/a' ? byConcepts : undefined) ??
    (question.id && shape.kind === 'yes-no'
      ? byFramework(knowledge, question.id, shape)
      : undefined) ??
    byKnownAnswer(knowledge, shape, question.text) ??
    byConcepts ??
    answerByConcepts(knowledge, shape, question.id);
  let answer: Answer = { ...found, kind: shape.kind };
  // A dropdown of states ("Fully implemented / Partially implemented / Planned / Not
  // implemented") takes the yes/no answer in its own words.
  const fitsDropdown =
    answer.answer === 'text' &&
    shape.options.some(
      (option) => option.trim().toLowerCase() === (answer.statement ?? '').trim().toLowerCase(),
    );
  if (shape.kind === 'choice' && shape.dropdown && !fitsDropdown) {
    const stated = stateOption(knowledge, shape, question);
    answer = stated
      ? { ...stated, kind: shape.kind }
      : { ...answer, answer: 'blank', statement: undefined, needsReview: true };
  }
  // A description is never answered with a bare yes or no.
  if (shape.kind !== 'yes-no' && (answer.answer === 'yes' || answer.answer === 'no'))
    answer = { ...answer, answer: 'blank', needsReview: true };
  return withThreshold(answer, threshold);
}

/** Below the threshold an answer is left blank for a person, with its explanation and citations. */
function withThreshold(answer: Answer, threshold: number): Answer {
  if (answer.answer !== 'blank' && answer.confidence < threshold)
    return { ...answer, answer: 'blank', statement: undefined, needsReview: true };
  return answer;
}

/**
 * The clauses of a compound yes/no question: "Is data backed up daily, and are the backups
 * kept off-site?" asks two things. A split is made only before a clause that asks again
 * (an auxiliary verb after "and"/";"), and only when each part names a concept.
 */
export function compoundParts(ask: string): string[] {
  const parts = ask
    .split(/\s*(?:;|,?\s+and\s+(?=(?:is|are|do|does|can|will|has|have|were|was)\b))\s*/i)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length < 2) return [];
  return parts.every((part) => shapeOf(part).concepts.length > 0) ? parts : [];
}

/** A compound question holds when every part holds; one part explicitly not held makes it "no". */
function bothParts(
  knowledge: Knowledge,
  parts: readonly string[],
  question: QuestionInput,
): Answer {
  const answers = parts.map((part) =>
    answerQuestion(knowledge, { id: question.id, text: part.endsWith('?') ? part : `${part}?` }),
  );
  const citations = answers.flatMap((answer) => answer.citations);
  const unique = citations.filter(
    (citation, index) =>
      citations.findIndex((other) => other.kind === citation.kind && other.id === citation.id) ===
      index,
  );
  const explanation = answers
    .map((answer, index) => `(${index + 1}) ${answer.explanation}`)
    .join(' ');
  const confidence = Math.min(...answers.map((answer) => answer.confidence));
  if (answers.every((answer) => answer.answer === 'yes'))
    return {
      answer: 'yes',
      explanation,
      citations: unique,
      confidence,
      source: answers[0]?.source ?? 'none',
      needsReview: false,
    };
  const no = answers.find((answer) => answer.answer === 'no');
  if (no && answers.every((answer) => answer.answer === 'no' || answer.answer === 'yes'))
    return { ...no, explanation, citations: unique };
  return {
    ...blank(`Every part must hold. ${explanation}`, unique, 0),
    source: 'none',
  };
}
