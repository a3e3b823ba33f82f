/** The layouts Attest recognises by their headers. */
export type Layout = 'caiq' | 'hecvat' | 'sig' | 'generic';

/** A questionnaire answer; `blank` leaves the cell empty and flags it for review. */
export type AnswerValue = 'yes' | 'no' | 'n/a' | 'text' | 'blank';

/** What a question asks for: a yes or no, one of the cell's options, or a description. */
export type QuestionKind = 'yes-no' | 'choice' | 'free-text';

/** Where an answer came from, strongest first. */
export type SourceKind =
  | 'framework'
  | 'crosswalk'
  | 'control-answer'
  | 'faq'
  | 'certification'
  | 'control'
  | 'subprocessors'
  | 'disclosure'
  | 'processing'
  | 'profile'
  | 'none';

/** A control or certification an answer rests on, with where a buyer can read it. */
export interface Citation {
  kind:
    | 'control'
    | 'certification'
    | 'faq'
    | 'subprocessors'
    | 'disclosure'
    | 'processing'
    | 'profile';
  id: string;
  /** The control's version; undefined for anything else. */
  version: number | undefined;
  /** Where a buyer can read it on the trust page. */
  url: string;
  /** Organisation-relative file and 1-based line where it is declared, when known. */
  file?: string | undefined;
  line?: number | undefined;
}

/** One answer, with the evidence behind it. */
export interface Answer {
  answer: AnswerValue;
  /** For `text`: the sentence written into the cell, composed from the cited sources. */
  statement?: string | undefined;
  /** What kind of answer the question asks for. */
  kind?: QuestionKind | undefined;
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
