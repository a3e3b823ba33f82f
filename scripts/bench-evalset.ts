// The answer evaluation set (engine/questionnaire/evalset): questions written in the wording
// of public questionnaires, expected answers labelled from each organisation's files before
// any engine ran. Scores `answerQuestion` per part (tune / holdout), kind and source:
// precision (a blank beats a wrong answer), coverage of the questions the files can answer,
// and free-text questions answered yes/no (must be 0). Run through `npm run bench:answer`.
import { scoreEvalset } from '../engine/questionnaire/test-support/evalset.ts';

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

/** The labelling batch a question belongs to: 1 (q01–q67), 2 (q68–q103), 3 (q104–q143), 4 (q144–q183), 5 (q184–q223) or 6 (q224 on). */
const batchStarts = [1, 68, 104, 144, 184, 224];
const batchOf = (id: string): number => {
  const number = Number(id.slice(1));
  return batchStarts.filter((start) => number >= start).length;
};

const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${((part / whole) * 100).toFixed(1)}%`;

/** Table rows (header first): per organisation and part, per kind, per source, and overall. */
export async function evalsetRows(): Promise<string[][]> {
  const tallies = new Map<string, Tally>();
  const add = (key: string, change: (tally: Tally) => void) => {
    const tally = tallies.get(key) ?? empty();
    change(tally);
    tallies.set(key, tally);
  };
  for (const result of await scoreEvalset()) {
    const { organisation, part, question, got } = result;
    for (const key of [
      `${organisation}|${part}`,
      `all|${part}`,
      `kind ${question.kind}|${part}`,
      // Batches 2 (q68 on), 3 (q104 on), 4 (q144 on) and 5 (q184 on) were labelled later, each before any
      // engine ran on it.
      `batch ${batchOf(question.id)}|${part}`,
      ...(result.answered ? [`source ${got.source}|${part}`, `answer ${got.answer}|${part}`] : []),
    ])
      add(key, (tally) => {
        tally.questions++;
        if (result.answerable) tally.answerable++;
        if (result.answered) tally.answered++;
        if (result.correct) tally.correct++;
        if (result.freeTextYesNo) tally.freeTextYesNo++;
      });
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
