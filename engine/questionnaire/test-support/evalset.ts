/**
 * The answer evaluation set (`engine/questionnaire/evalset`): questions written in the
 * wording of public questionnaires, with answers labelled from each organisation's files
 * before any engine ran. Scores `answerQuestion` on it; shared by `npm run bench:answer`
 * (which prints every part) and the tests (which guard the tune part only).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { answerQuestion } from '../answer-question.ts';
import { createKnowledge } from '../knowledge.ts';
import type { Answer } from '../types.ts';
import { repositorySnapshot } from './snapshot.ts';

const folder = resolve(import.meta.dirname, '../evalset');

/** The organisations labelled in the set; Rotaline, Halvard and Kelda are never tuned on (all holdout). */
export const evalsetOrganisations = [
  'bundled',
  'studioflow',
  'picsui',
  'rotaline',
  'halvard',
  'kelda',
] as const;
export type EvalsetOrganisation = (typeof evalsetOrganisations)[number];

/** Organisations written only for the set: every question is holdout for them. */
const holdoutOrganisations: ReadonlySet<EvalsetOrganisation> = new Set([
  'rotaline',
  'halvard',
  'kelda',
]);

export interface EvalQuestion {
  id: string;
  text: string;
  kind: string;
  part: 'tune' | 'holdout';
}

interface Expected {
  directory: string;
  labels: Record<string, { answer: string; facts?: string[] }>;
}

/** One question answered for one organisation, with its label and whether the answer is right. */
export interface EvalResult {
  organisation: EvalsetOrganisation;
  question: EvalQuestion;
  /** The question's part for this organisation (all of Rotaline and Halvard is holdout). */
  part: 'tune' | 'holdout';
  label: string;
  got: Answer;
  answered: boolean;
  answerable: boolean;
  correct: boolean;
  /** A free-text question answered with a bare yes or no. */
  freeTextYesNo: boolean;
}

/** Content words of a text, lower-cased, with plurals and past tenses folded. */
function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+(?:\.[0-9]+)?/g) ?? [])
    .filter(
      (word) => !['the', 'of', 'a', 'an', 'and', 'or', 'in', 'for', 'to', 'on'].includes(word),
    )
    .map((word) => word.replace(/(?:ies|es|s|ed)$/, ''));
}

/**
 * A description is correct when it states every labelled fact: at least two thirds of each
 * fact's words (rounded up) appear in it. Decided before the engine wrote any description.
 */
export function hasFacts(statement: string, facts: readonly string[]): boolean {
  const said = new Set(words(statement));
  return facts.every((fact) => {
    const needed = words(fact);
    const found = needed.filter((word) => said.has(word)).length;
    return found >= Math.ceil((needed.length * 2) / 3);
  });
}

export function readEvalQuestions(): EvalQuestion[] {
  return (
    parse(readFileSync(join(folder, 'questions.yaml'), 'utf8')) as { questions: EvalQuestion[] }
  ).questions;
}

/** Answers every question of the set for the given organisations and scores each answer. */
export async function scoreEvalset(
  organisations: readonly EvalsetOrganisation[] = evalsetOrganisations,
): Promise<EvalResult[]> {
  const questions = readEvalQuestions();
  const results: EvalResult[] = [];
  for (const organisation of organisations) {
    const expected = parse(
      readFileSync(join(folder, 'expected', `${organisation}.yaml`), 'utf8'),
    ) as Expected;
    const knowledge = createKnowledge(await repositorySnapshot(expected.directory));
    for (const question of questions) {
      const labelled = expected.labels[question.id];
      if (!labelled) continue;
      const label = labelled.answer;
      const got = answerQuestion(knowledge, { text: question.text });
      const answered = got.answer !== 'blank';
      results.push({
        organisation,
        question,
        part: holdoutOrganisations.has(organisation) ? 'holdout' : question.part,
        label,
        got,
        answered,
        answerable: label !== 'blank',
        correct:
          answered &&
          (label === 'free-text'
            ? got.answer === 'text' && hasFacts(got.statement ?? '', labelled.facts ?? [])
            : got.answer === label),
        freeTextYesNo: label === 'free-text' && (got.answer === 'yes' || got.answer === 'no'),
      });
    }
  }
  return results;
}
