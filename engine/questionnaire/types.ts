/** The layouts Attest recognises by their headers. */
export type Layout = 'caiq' | 'hecvat' | 'sig' | 'generic';

/** A questionnaire answer; `blank` leaves the cell empty and flags it for review. */
export type AnswerValue = 'yes' | 'no' | 'n/a' | 'blank';

/** Where an answer came from, strongest first. */
export type SourceKind =
  | 'framework'
  | 'control-answer'
  | 'faq'
  | 'certification'
  | 'retrieval'
  | 'none';

/** A control or certification an answer rests on, with where a buyer can read it. */
export interface Citation {
  kind: 'control' | 'certification';
  id: string;
  /** The control's version; undefined for a certification. */
  version: number | undefined;
  url: string;
}

/** One answer, with the evidence behind it. */
export interface Answer {
  answer: AnswerValue;
  /** A short explanation written from the evidence (also given for blanks: why). */
  explanation: string;
  citations: Citation[];
  /** 0–1: how sure the engine is that this is the right answer. */
  confidence: number;
  source: SourceKind;
  needsReview: boolean;
}

/** A question found in a buyer's file. */
export interface Question {
  /** The id as written in the file (e.g. `A&A-01.1`, `DATA-03`, `1.2`), if any. */
  id: string | undefined;
  text: string;
  sheet: string;
  /** 1-based row of the question in its sheet. */
  row: number;
}

/** One question with its answer: a line of the review sheet, the CSV and the JSON. */
export interface AnsweredQuestion extends Question, Answer {
  layout: Layout;
  /** What was written into the answer cell (the dropdown's own spelling), or undefined. */
  written: string | undefined;
}

/** Counts printed after answering. */
export interface AnswerSummary {
  questions: number;
  answered: number;
  needsReview: number;
  byAnswer: Record<AnswerValue, number>;
  bySource: Record<SourceKind, number>;
  sheets: Array<{ name: string; layout: Layout; questions: number }>;
  /** Sheets left alone, and why (hidden, instructions, a scoring sheet, no questions…). */
  skipped: Array<{ name: string; reason: string }>;
}
