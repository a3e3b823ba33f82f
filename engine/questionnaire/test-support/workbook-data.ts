/**
 * Builds an in-memory `WorkbookData` for tests, row by row, as the sheet-XML reader would
 * produce it: only the cells written exist.
 */

import type {
  CellRange,
  SheetCell,
  SheetData,
  SheetState,
  WorkbookData,
} from '../workbook-model.ts';

/** A formula cell showing `text` as its cached result. */
export interface FormulaCell {
  formula: string;
}

/** A cell as written in a test: text, a formula, `''` for an empty styled cell, null for none. */
export type CellSpec = string | number | FormulaCell | null;

/** Rows of a sheet: a row of cells, or a number of blank rows to leave out. */
export type RowSpec = readonly CellSpec[] | number;

export interface SheetSpec {
  name: string;
  state?: SheetState;
  /** Rows from row 1 on. */
  rows?: readonly RowSpec[];
  /** Merges as `A5:A7`. */
  merges?: readonly string[];
  /** List validations: ranges as `C5:C40` or `N1:XFD1048576`, and their values. */
  validations?: readonly { ranges: readonly string[]; values: readonly string[] }[];
}

/** A formula cell whose cached result is `text`. */
export const formula = (text: string): FormulaCell => ({ formula: text });

function columnOf(letters: string): number {
  return [...letters].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);
}

/** Parses `A5:C7` (or `B3`) into a range. */
export function range(reference: string): CellRange {
  const [from = '', to = from] = reference.split(':');
  const corner = (cell: string) => {
    const match = /^([A-Z]+)(\d+)$/.exec(cell);
    if (!match) throw new Error(`not a cell reference: ${cell}`);
    return { row: Number(match[2]), col: columnOf(match[1] ?? '') };
  };
  const a = corner(from);
  const b = corner(to);
  return { top: a.row, left: a.col, bottom: b.row, right: b.col };
}

function buildSheet(spec: SheetSpec, index: number): SheetData {
  const rows = new Map<number, Map<number, SheetCell>>();
  let row = 0;
  for (const line of spec.rows ?? []) {
    if (typeof line === 'number') {
      row += line;
      continue;
    }
    row++;
    const cells = new Map<number, SheetCell>();
    line.forEach((value, at) => {
      if (value === null) return;
      const col = at + 1;
      const isFormula = typeof value === 'object';
      const text = isFormula ? value.formula : String(value);
      cells.set(col, { row, col, text, formula: isFormula, style: undefined });
    });
    if (cells.size > 0) rows.set(row, cells);
  }
  return {
    name: spec.name,
    index,
    path: `xl/worksheets/sheet${index + 1}.xml`,
    state: spec.state ?? 'visible',
    rows,
    merges: (spec.merges ?? []).map(range),
    validations: (spec.validations ?? []).map((validation) => ({
      ranges: validation.ranges.map(range),
      values: [...validation.values],
    })),
  };
}

/** A workbook of the given sheets, in order. */
export function buildWorkbookData(
  sheets: readonly SheetSpec[],
  definedNames: Record<string, string> = {},
): WorkbookData {
  return {
    sheets: sheets.map(buildSheet),
    definedNames: new Map(Object.entries(definedNames)),
  };
}
