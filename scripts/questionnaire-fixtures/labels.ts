import { z } from 'zod';

const a1 = z.string().regex(/^[A-Z]{1,3}[1-9][0-9]*$/, 'an A1 cell reference such as C7');

/** Where one question sits and where its answer must go, as the generator placed it. */
export const questionLabelSchema = z.strictObject({
  /** The sheet the question is on (for CSV: the file name without extension). */
  sheet: z.string().min(1),
  /** 1-based row of the question. */
  row: z.number().int().positive(),
  /** The id as written in the workbook, or null when the layout has none. */
  id: z.string().nullable(),
  /** The question's own text as written (a sub-question's text without its parent's). */
  text: z.string().min(1),
  /** For a sub-question, the id (or text, when there is no id) of its main question. */
  parent: z.string().nullable(),
  /** The cell the answer belongs in. */
  answer: a1,
  /** The cell for an explanation, or null when the layout has no comment column. */
  comment: a1.nullable(),
  /** The values the answer cell's dropdown allows, or null when it has no dropdown. */
  allowed: z.array(z.string()).nullable(),
});

/** Everything the labels say about one fixture file. */
export const fixtureLabelSchema = z.strictObject({
  /** `tune` fixtures may be used to adjust the engine; `holdout` fixtures never are. */
  split: z.enum(['tune', 'holdout']),
  format: z.enum(['xlsx', 'csv']),
  /** One line on the real-world structure the fixture imitates. */
  mirrors: z.string().min(1),
  /** Sheets where questions must be found, and sheets that must be left alone. */
  sheets: z.strictObject({ answered: z.array(z.string()), skipped: z.array(z.string()) }),
  questions: z.array(questionLabelSchema),
});

export const labelsFileSchema = z.strictObject({
  /** Why these labels exist and how they were made. */
  about: z.string(),
  /** Fixture file name → its labels. */
  fixtures: z.record(z.string(), fixtureLabelSchema),
});

export type QuestionLabel = z.infer<typeof questionLabelSchema>;
export type FixtureLabel = z.infer<typeof fixtureLabelSchema>;
export type LabelsFile = z.infer<typeof labelsFileSchema>;

/** Column number (1-based) to letters: 1 → A, 28 → AB. */
export function columnLetters(col: number): string {
  let letters = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A1 reference of a 1-based row and column. */
export const cellRef = (row: number, col: number) => `${columnLetters(col)}${row}`;

/** Input for one question label: cells as row/column numbers, optional parts omitted. */
export interface PlacedQuestion {
  sheet: string;
  row: number;
  id?: string | undefined;
  text: string;
  parent?: string | undefined;
  answerCol: number;
  commentCol?: number | undefined;
  allowed?: string[] | undefined;
}

/** Turns what a fixture builder placed into a question label. */
export function labelQuestion(q: PlacedQuestion): QuestionLabel {
  return {
    sheet: q.sheet,
    row: q.row,
    id: q.id ?? null,
    text: q.text,
    parent: q.parent ?? null,
    answer: cellRef(q.row, q.answerCol),
    comment: q.commentCol === undefined ? null : cellRef(q.row, q.commentCol),
    allowed: q.allowed ?? null,
  };
}
