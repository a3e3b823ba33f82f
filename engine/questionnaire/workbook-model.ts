/**
 * A buyer's workbook as Attest reads it straight from the sheet XML inside the `.xlsx`
 * zip, without a workbook library: only the cells that exist, never a declared range
 * expanded cell by cell. The reader (`xlsx-package.ts`) produces it, the question finder
 * (`find-questions.ts`) works on it, and the writer patches answer cells back into the zip
 * while copying every other part byte for byte.
 */

/** A rectangle of cells, 1-based and inclusive (`A1` is row 1, column 1). */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** One cell that exists in the sheet XML. */
export interface SheetCell {
  /** 1-based row and column. */
  row: number;
  col: number;
  /** The text a spreadsheet shows: shared or inline string, number, boolean or the cached formula result. */
  text: string;
  /** True when the cell holds a formula (`<f>`): never written to. */
  formula: boolean;
  /** The style index (`s` attribute), if any. */
  style: number | undefined;
}

/** A list data validation (a dropdown), with its allowed values resolved. */
export interface ListValidation {
  ranges: CellRange[];
  /**
   * The allowed values as a spreadsheet shows them: an inline list (`"Yes,No,N/A"`), or
   * the cells of a range on this or another (possibly hidden) sheet, or of a defined name.
   */
  values: string[];
}

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

/** One worksheet of the workbook. */
export interface SheetData {
  name: string;
  /** 0-based position in the workbook. */
  index: number;
  /** Path of its XML inside the zip, e.g. `xl/worksheets/sheet3.xml`. */
  path: string;
  state: SheetState;
  /** Existing cells by row, then column (both 1-based); rows in ascending order. */
  rows: Map<number, Map<number, SheetCell>>;
  merges: CellRange[];
  validations: ListValidation[];
}

export interface WorkbookData {
  sheets: SheetData[];
  /** Defined names as written (e.g. `Answers` → `'Lists'!$A$1:$A$3`). */
  definedNames: Map<string, string>;
}

/** One change the writer makes: text into a cell that holds no formula, on a visible sheet. */
export interface CellEdit {
  sheet: string;
  row: number;
  col: number;
  value: string;
}

/** A question the finder located, with the cells to answer it in. */
export interface FoundQuestion {
  sheet: string;
  /** The id as written (e.g. `HLAD-01`, `1.2`), if the sheet has one. */
  id: string | undefined;
  /** The question text, with a parent question's text prefixed for indented sub-questions. */
  text: string;
  row: number;
  /** The cell the answer goes in. */
  answer: { row: number; col: number };
  /** An empty cell for the explanation, if the sheet has a comment column. */
  comment: { row: number; col: number } | undefined;
  /**
   * The 1-based comment column of the row's table, if it has one, whether or not the cell
   * is empty: what `attest answer --learn` reads a reviewer's explanation from.
   */
  commentColumn?: number | undefined;
  /** The values the answer cell's dropdown allows, if it has one. */
  allowed: string[] | undefined;
}

/** What the finder made of one sheet. */
export type SheetVerdict =
  | { sheet: string; answered: true; questions: number; layout: string }
  | { sheet: string; answered: false; reason: string };

export interface FoundQuestions {
  questions: FoundQuestion[];
  sheets: SheetVerdict[];
}
