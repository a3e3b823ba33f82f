/**
 * Learning from a questionnaire people have already answered: every answered question is
 * compared with what the engine would say, and what the engine cannot answer becomes a
 * proposed FAQ entry. Pure: works on a `WorkbookData` and a `Knowledge`.
 */

import { conceptsOf } from '../language/concepts/concepts.ts';
import { type FaqEntry, faqEntry } from '../schema/faq.ts';
import { cellAnswer } from './allowed-values.ts';
import { answerQuestion } from './answer-question.ts';
import { findWorkbookQuestions, type WorkbookChoice } from './answer-workbook.ts';
import { createKnowledge, type Knowledge } from './knowledge.ts';
import { textAt } from './sheet-cells.ts';
import type { Answer, Citation } from './types.ts';
import type { FoundQuestion, WorkbookData } from './workbook-model.ts';

/** What a person wrote for one question: yes, no, n/a or free text, and their comment. */
export interface HumanAnswer {
  /** `text` when the answer cell holds neither a yes, a no nor an n/a. */
  answer: 'yes' | 'no' | 'n/a' | 'text';
  /** The answer cell as written. */
  cell: string;
  /** The comment cell as written, if the layout has one and it is filled. */
  comment: string | undefined;
}

/** One answered question of the file. */
export interface LearnedRow {
  sheet: string;
  row: number;
  id: string | undefined;
  question: string;
  human: HumanAnswer;
}

/** A question the people and the engine answer differently: reported, never proposed. */
export interface Contradiction extends LearnedRow {
  engine: { answer: Answer['answer']; explanation: string; citations: Citation[] };
}

/** An FAQ entry learned from one row, as it will be written to `policies/faq.yaml`. */
export interface Proposal extends LearnedRow {
  entry: FaqEntry;
}

/** A learned answer no published control backs: the FAQ requires one, so it is not proposed. */
export interface NeedsControl extends LearnedRow {
  entry: Omit<FaqEntry, 'controls'>;
  /** Why, and what to do. */
  comment: string;
}

/** A question the organisation answers as the people did, but its evidence holds back today. */
export interface HeldBack extends LearnedRow {
  /** Why the engine leaves it blank now (e.g. a control is unverified or failing). */
  reason: string;
}

export interface Learned {
  /** Questions the engine already answers as the people did (or the FAQ already holds). */
  known: LearnedRow[];
  /**
   * Questions the organisation already answers as the people did, left blank today only
   * because the controls behind the answer are unverified, failing or withheld: nothing to
   * learn, evidence to fix (`attest check`).
   */
  heldBack: HeldBack[];
  contradictions: Contradiction[];
  proposals: Proposal[];
  needsControl: NeedsControl[];
  /**
   * The same question answered differently in two rows of the file: neither row is
   * learned until the file agrees with itself.
   */
  conflicts: Array<{ question: string; rows: Array<{ sheet: string; row: number; cell: string }> }>;
  /** Every distinct question of the file, answered or not, for the gap report. */
  questions: string[];
}

/** A question's text for comparison: case, punctuation and spacing do not count. */
export function normaliseQuestion(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const plainSentence: Record<'yes' | 'no' | 'n/a', string> = {
  yes: 'Yes.',
  no: 'No.',
  'n/a': 'Not applicable.',
};

/** What the people wrote in a question's answer and comment cells; undefined when unanswered. */
function humanAnswerOf(workbook: WorkbookData, question: FoundQuestion): HumanAnswer | undefined {
  const sheet = workbook.sheets.find((candidate) => candidate.name === question.sheet);
  if (!sheet) return undefined;
  const cell = textAt(sheet, question.answer.row, question.answer.col);
  if (cell === '') return undefined;
  const comment =
    question.commentColumn === undefined
      ? ''
      : textAt(sheet, question.answer.row, question.commentColumn);
  return { answer: cellAnswer(cell) ?? 'text', cell, comment: comment || undefined };
}

/**
 * The FAQ answer for a person's answer: the comment, the answer cell when it says more than
 * a bare "Yes", both for free text with a comment, or a sentence such as "Yes.".
 */
function faqAnswerOf(human: HumanAnswer): string {
  const bare = human.answer !== 'text' && /^[\p{L}/]+\.?$/u.test(human.cell);
  const parts = [bare ? '' : human.cell, human.comment ?? ''].filter(Boolean);
  if (parts.length > 0) return parts.join('\n\n');
  return human.answer === 'text' ? human.cell : plainSentence[human.answer];
}

/** Concepts of each published control's title and claim, computed once per learning run. */
function controlConcepts(knowledge: Knowledge): Map<string, Set<string>> {
  return new Map(
    knowledge.snapshot.controls.map((control) => [
      control.id,
      new Set(conceptsOf(`${control.title}. ${control.claim}`).concepts),
    ]),
  );
}

/**
 * The knowledge as it would be if every unverified, failing or withheld control held: what
 * the organisation declares, whatever its evidence says today. Planned, in-progress and
 * not-applicable controls keep their status (they change what is declared).
 */
function declaredKnowledge(knowledge: Knowledge): Knowledge {
  const blocked = new Set(['unverified', 'failing']);
  const { snapshot } = knowledge;
  return createKnowledge(
    {
      ...snapshot,
      controls: snapshot.controls.map((control) => ({
        ...control,
        status: blocked.has(control.status) ? 'verified' : control.status,
        withheld: undefined,
      })),
    },
    knowledge.baseUrl,
    knowledge.locate,
  );
}

/** How many controls a proposal cites at most when they are found by concepts alone. */
const maxConceptControls = 3;

/**
 * The controls a learned answer rests on: those the engine's blank answer cites (its closest
 * evidence), unless the question names concepts none of them share; otherwise the controls
 * sharing the most of the question's concepts. Empty when nothing published fits.
 */
function controlsFor(
  question: string,
  engine: Answer,
  concepts: Map<string, Set<string>>,
): { controls: string[]; asked: string[] } {
  const asked = conceptsOf(question).concepts;
  const shared = (id: string) =>
    asked.filter((concept) => concepts.get(id)?.has(concept) === true).length;
  const cited = [
    ...new Set(engine.citations.filter((citation) => citation.kind === 'control').map((c) => c.id)),
  ].filter((id) => concepts.has(id));
  if (asked.length === 0) return { controls: cited, asked };
  const relevant = cited.filter((id) => shared(id) > 0);
  if (relevant.length > 0) return { controls: relevant, asked };
  const ranked = [...concepts.keys()]
    .map((id) => ({ id, shared: shared(id) }))
    .filter((entry) => entry.shared > 0)
    .sort((a, b) => b.shared - a.shared || a.id.localeCompare(b.id))
    .slice(0, maxConceptControls)
    .map((entry) => entry.id);
  return { controls: ranked, asked };
}

/** Options of `learnFromWorkbook`: the same hand-made choices as answering. */
export interface LearnOptions extends WorkbookChoice {
  /** Called every 500 questions and at the end (for progress on big files). */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * Reads a questionnaire people have answered and sorts every answered question (the first
 * of each wording; rows with an empty answer cell are skipped): **known** when the engine
 * gives the same yes/no/n/a (or any answer to free text) or the FAQ already holds it;
 * **held back** when it would, were its controls' evidence in order; a **contradiction**
 * when it gives (or would give) another yes/no/n/a; otherwise a **proposal**
 * for `policies/faq.yaml` resting on the controls `controlsFor` finds, or **needs a
 * control** when none fits (the FAQ requires one, and Attest does not invent it).
 */
export function learnFromWorkbook(
  knowledge: Knowledge,
  workbook: WorkbookData,
  fileName: string,
  options: LearnOptions = {},
): Learned {
  const found = findWorkbookQuestions(workbook, fileName, options);
  const inFaq = new Set(knowledge.snapshot.faq.map((entry) => normaliseQuestion(entry.question)));
  const concepts = controlConcepts(knowledge);
  let declared: Knowledge | undefined;
  const seen = new Set<string>();
  const learned: Learned = {
    known: [],
    heldBack: [],
    contradictions: [],
    proposals: [],
    needsControl: [],
    conflicts: [],
    questions: [],
  };
  const firstAnswer = new Map<string, { sheet: string; row: number; human: HumanAnswer }>();
  const total = found.questions.length;
  let done = 0;
  for (const question of found.questions) {
    done++;
    if (done % 500 === 0) options.onProgress?.(done, total);
    const key = normaliseQuestion(question.text);
    if (key === '') continue;
    if (seen.has(key)) {
      // A repeated wording: fine when it is answered the same way, a conflict otherwise.
      const again = humanAnswerOf(workbook, question);
      const first = firstAnswer.get(key);
      if (again && first && !sameHumanAnswer(first.human, again)) {
        const conflict = learned.conflicts.find(
          (entry) => normaliseQuestion(entry.question) === key,
        );
        const row = { sheet: question.sheet, row: question.row, cell: again.cell };
        if (conflict) conflict.rows.push(row);
        else
          learned.conflicts.push({
            question:
              learned.questions.find((text) => normaliseQuestion(text) === key) ?? question.text,
            rows: [{ sheet: first.sheet, row: first.row, cell: first.human.cell }, row],
          });
      }
      continue;
    }
    seen.add(key);
    learned.questions.push(question.text);
    const human = humanAnswerOf(workbook, question);
    if (!human) continue;
    firstAnswer.set(key, { sheet: question.sheet, row: question.row, human });
    const row: LearnedRow = {
      sheet: question.sheet,
      row: question.row,
      id: question.id,
      question: question.text,
      human,
    };
    const today = answerQuestion(knowledge, question);
    let engine = today;
    if (today.answer === 'blank') {
      declared ??= declaredKnowledge(knowledge);
      engine = answerQuestion(declared, question);
    }
    if (engine.answer === 'blank') {
      if (inFaq.has(key)) learned.known.push(row);
      else propose(learned, row, engine, concepts);
    } else if (
      engine.answer === 'text' ||
      human.answer === 'text' ||
      engine.answer === human.answer
    ) {
      if (engine === today) learned.known.push(row);
      else learned.heldBack.push({ ...row, reason: today.explanation });
    } else
      learned.contradictions.push({
        ...row,
        engine: {
          answer: engine.answer,
          explanation:
            engine === today
              ? engine.explanation
              : `${engine.explanation} (Held back today: ${today.explanation})`,
          citations: engine.citations,
        },
      });
  }
  if (done % 500 !== 0) options.onProgress?.(done, total);
  // Nothing is learned from a question the file answers two ways.
  const conflicted = new Set(learned.conflicts.map((entry) => normaliseQuestion(entry.question)));
  learned.proposals = learned.proposals.filter(
    (proposal) => !conflicted.has(normaliseQuestion(proposal.question)),
  );
  learned.needsControl = learned.needsControl.filter(
    (item) => !conflicted.has(normaliseQuestion(item.question)),
  );
  return learned;
}

/** Whether two people's answers say the same (free text: the same words). */
function sameHumanAnswer(a: HumanAnswer, b: HumanAnswer): boolean {
  if (a.answer !== b.answer) return false;
  return a.answer !== 'text' || normaliseQuestion(a.cell) === normaliseQuestion(b.cell);
}

/** Files a blank-answered row as a proposal, or as needing a control. */
function propose(
  learned: Learned,
  row: LearnedRow,
  engine: Answer,
  concepts: Map<string, Set<string>>,
): void {
  const { human } = row;
  const entry: Omit<FaqEntry, 'controls'> = {
    question: row.question,
    answer: faqAnswerOf(human),
    ...(human.answer === 'text' ? {} : { short: human.answer }),
  };
  const { controls, asked } = controlsFor(row.question, engine, concepts);
  const parsed = faqEntry.safeParse({ ...entry, controls });
  if (parsed.success) {
    learned.proposals.push({ ...row, entry: parsed.data });
    return;
  }
  const about = asked.length > 0 ? ` on ${asked.join(', ')}` : '';
  learned.needsControl.push({
    ...row,
    entry,
    comment:
      controls.length === 0
        ? `No published control covers this question${about}. Add or publish a control that does, then cite it in the FAQ entry.`
        : parsed.error.issues.map((issue) => issue.message).join('; '),
  });
}
