import { isNegativeQuestion, tokenise } from '../../language/text.ts';
import type { Diagnostic } from '../../source/diagnostic.ts';
import type { ValuePath } from '../../source/yaml-source.ts';
import { diagnosticAt, type Loaded, type Rule } from './context.ts';

/** One yes/no answer of the organisation's questionnaire knowledge, with where it is written. */
interface Entry {
  loaded: Loaded<unknown>;
  path: ValuePath;
  question: string;
  answer: 'yes' | 'no';
  tokens: Set<string>;
  negative: boolean;
}

/** Share of words two questions have in common (Dice), after the questionnaire's normalisation. */
function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size + b.size === 0) return 0;
  let common = 0;
  for (const token of a) if (b.has(token)) common++;
  return (2 * common) / (a.size + b.size);
}

/** Two questions are the same when their normalised words nearly coincide and they ask the same way. */
export const sameQuestionOverlap = 0.9;

/**
 * Words only one of two questions has. Overlap alone would call two long questions the
 * same because of a long shared tail; they may differ by one word at most.
 */
function differingWords(a: Set<string>, b: Set<string>): number {
  let count = 0;
  for (const token of a) if (!b.has(token)) count++;
  for (const token of b) if (!a.has(token)) count++;
  return count;
}

/** Whether two questions ask the same thing, after normalisation. */
function sameQuestion(a: Entry, b: Entry): boolean {
  return (
    a.negative === b.negative &&
    differingWords(a.tokens, b.tokens) <= 1 &&
    overlap(a.tokens, b.tokens) >= sameQuestionOverlap
  );
}

/**
 * Two `answers` or FAQ entries that give opposite answers (yes against no) to the same
 * question — identical after normalisation (case, punctuation, synonyms such as MFA/2FA) or
 * nearly so. Each contradiction is reported once, at the later entry, naming the earlier one.
 */
export const checkKnowledgeContradictions: Rule = ({ controls, faq }) => {
  const entries: Entry[] = [];
  const add = (
    loaded: Loaded<unknown>,
    path: ValuePath,
    question: string,
    answer: string | undefined,
  ) => {
    if (answer !== 'yes' && answer !== 'no') return;
    entries.push({
      loaded,
      path,
      question,
      answer,
      tokens: new Set(tokenise(question)),
      negative: isNegativeQuestion(question),
    });
  };
  for (const loaded of controls)
    loaded.value.answers.forEach((entry, index) => {
      add(loaded, ['answers', index, 'answer'], entry.question, entry.answer);
    });
  if (faq)
    faq.value.questions.forEach((entry, index) => {
      add(faq, ['questions', index, 'short'], entry.question, entry.short);
    });

  const diagnostics: Diagnostic[] = [];
  for (const [index, later] of entries.entries()) {
    const earlier = entries
      .slice(0, index)
      .find((entry) => entry.answer !== later.answer && sameQuestion(entry, later));
    if (!earlier) continue;
    const where = `${earlier.loaded.source.file}:${earlier.loaded.source.locate(earlier.path).line}`;
    diagnostics.push(
      diagnosticAt(
        later.loaded,
        later.path,
        'answer-contradiction',
        `"${later.question}" is answered "${later.answer}" here but "${earlier.answer}" for "${earlier.question}" in ${where}`,
        {
          hint: 'questionnaires would get whichever answer matches best: make the two answers agree, or reword one question so it asks something different',
        },
      ),
    );
  }
  return diagnostics;
};
