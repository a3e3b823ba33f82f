// The answer evaluation set (engine/questionnaire/evalset): questions written in the wording
// of public questionnaires, expected answers labelled from each organisation's files before
// any engine ran. Scores `answerQuestion` per part (tune / holdout), kind and source:
// precision (a blank beats a wrong answer), coverage of the questions the files can answer,
// and free-text questions answered yes/no (must be 0). Run through `npm run bench:answer`.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { answerQuestion } from '../engine/questionnaire/answer-question.ts';
import { createKnowledge } from '../engine/questionnaire/knowledge.ts';
import { repositorySnapshot } from '../engine/questionnaire/test-support/snapshot.ts';

const folder = resolve(import.meta.dirname, '../engine/questionnaire/evalset');

interface EvalQuestion {
  id: string;
  text: string;
  kind: string;
  part: 'tune' | 'holdout';
}

interface Expected {
  organisation: string;
  directory: string;
  labels: Record<string, { answer: string; facts?: string[] }>;
}

/** Counts behind one row of the table. */
interface Tally {
  questions: number;
  answerable: number;
  answered: number;
  correct: number;
  freeTextYesNo: number;
}

const empty = (): Tally => ({
  questions: 0,
  answerable: 0,
  answered: 0,
  correct: 0,
  freeTextYesNo: 0,
});

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

const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${((part / whole) * 100).toFixed(1)}%`;

/** Table rows (header first): per organisation and part, per kind, per source, and overall. */
export async function evalsetRows(): Promise<string[][]> {
  const questions = (
    parse(readFileSync(join(folder, 'questions.yaml'), 'utf8')) as { questions: EvalQuestion[] }
  ).questions;
  const tallies = new Map<string, Tally>();
  const add = (key: string, change: (tally: Tally) => void) => {
    const tally = tallies.get(key) ?? empty();
    change(tally);
    tallies.set(key, tally);
  };
  for (const organisation of ['bundled', 'studioflow', 'picsui', 'rotaline']) {
    const expected = parse(
      readFileSync(join(folder, 'expected', `${organisation}.yaml`), 'utf8'),
    ) as Expected;
    // Only the new organisation is never tuned on: all of its questions count as holdout.
    const knowledge = createKnowledge(await repositorySnapshot(expected.directory));
    for (const question of questions) {
      const labelled = expected.labels[question.id];
      const label = labelled?.answer;
      if (label === undefined) continue;
      const part = organisation === 'rotaline' ? 'holdout' : question.part;
      const got = answerQuestion(knowledge, { text: question.text });
      const answered = got.answer !== 'blank';
      const answerable = label !== 'blank';
      const correct =
        answered &&
        (label === 'free-text'
          ? got.answer === 'text' && hasFacts(got.statement ?? '', labelled?.facts ?? [])
          : got.answer === label);
      const freeTextYesNo = label === 'free-text' && (got.answer === 'yes' || got.answer === 'no');
      for (const key of [
        `${organisation}|${part}`,
        `all|${part}`,
        `kind ${question.kind}|${part}`,
        ...(answered ? [`source ${got.source}|${part}`] : []),
      ])
        add(key, (tally) => {
          tally.questions++;
          if (answerable) tally.answerable++;
          if (answered) tally.answered++;
          if (correct) tally.correct++;
          if (freeTextYesNo) tally.freeTextYesNo++;
        });
    }
  }
  const rows = [
    [
      'slice',
      'part',
      'questions',
      'answerable',
      'answered',
      'correct',
      'precision',
      'coverage',
      'free text as yes/no',
    ],
  ];
  for (const [key, tally] of [...tallies].sort(([a], [b]) => a.localeCompare(b))) {
    const [slice = '', part = ''] = key.split('|');
    rows.push([
      slice,
      part,
      String(tally.questions),
      String(tally.answerable),
      String(tally.answered),
      String(tally.correct),
      percent(tally.correct, tally.answered),
      percent(tally.correct, tally.answerable),
      String(tally.freeTextYesNo),
    ]);
  }
  return rows;
}
