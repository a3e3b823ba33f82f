import type { CellRange } from './workbook-model.ts';

/** The last row and column a spreadsheet has (`XFD1048576`). */
export const maxRow = 1_048_576;
export const maxColumn = 16_384;

/** The 1-based number of a column's letters (`A` → 1, `XFD` → 16384). */
export function columnNumber(letters: string): number {
  let number = 0;
  for (const letter of letters.toUpperCase()) number = number * 26 + letter.charCodeAt(0) - 64;
  return number;
}

/** The letters of a 1-based column number (1 → `A`, 28 → `AB`). */
export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** The A1 reference of a cell (row 2, column 3 → `C2`). */
export function formatCellRef(row: number, column: number): string {
  return `${columnLetters(column)}${row}`;
}

const cellPattern = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const columnPattern = /^\$?([A-Za-z]{1,3})$/;
const rowPattern = /^\$?(\d{1,7})$/;

/** Row and column of an A1 reference such as `B7` or `$B$7`; undefined if it is not one. */
export function parseCellRef(text: string): { row: number; col: number } | undefined {
  const match = cellPattern.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const row = Number(match[2]);
  const col = columnNumber(match[1]);
  if (row < 1 || row > maxRow || col > maxColumn) return undefined;
  return { row, col };
}

/** One end of a range: a cell, a whole column (`A`) or a whole row (`3`). */
function parseRangeEnd(text: string): { row?: number; col?: number } | undefined {
  const cell = parseCellRef(text);
  if (cell) return cell;
  const column = columnPattern.exec(text);
  if (column?.[1]) {
    const col = columnNumber(column[1]);
    return col <= maxColumn ? { col } : undefined;
  }
  const row = rowPattern.exec(text);
  if (row?.[1]) {
    const number = Number(row[1]);
    return number >= 1 && number <= maxRow ? { row: number } : undefined;
  }
  return undefined;
}

/**
 * The rectangle an A1 range names: `B2`, `B2:D9`, `$A$1:$A$3`, a whole column `A:A` or a
 * whole row `1:1`. Undefined for anything else (a name, a formula). Only the corners are
 * kept: the range is never expanded.
 */
export function parseRange(text: string): CellRange | undefined {
  const [first, second, extra] = text.trim().split(':');
  if (first === undefined || extra !== undefined) return undefined;
  const start = parseRangeEnd(first);
  const end = second === undefined ? start : parseRangeEnd(second);
  if (!start || !end) return undefined;
  // A bare column or row alone (`A`, `3`) is not a range; `A:A` and `3:3` are.
  if (second === undefined && (start.row === undefined || start.col === undefined))
    return undefined;
  const wholeColumns = start.row === undefined && end.row === undefined;
  const wholeRows = start.col === undefined && end.col === undefined;
  if (!wholeColumns && !wholeRows && (start.row === undefined || end.row === undefined))
    return undefined;
  if (!wholeColumns && !wholeRows && (start.col === undefined || end.col === undefined))
    return undefined;
  const top = start.row ?? 1;
  const bottom = end.row ?? maxRow;
  const left = start.col ?? 1;
  const right = end.col ?? maxColumn;
  return {
    top: Math.min(top, bottom),
    bottom: Math.max(top, bottom),
    left: Math.min(left, right),
    right: Math.max(left, right),
  };
}

/** The ranges of a space-separated `sqref` (`B2:B9 D2`); parts that are not ranges are skipped. */
export function parseSqref(text: string): CellRange[] {
  const ranges: CellRange[] = [];
  for (const part of text.trim().split(/\s+/)) {
    const range = part ? parseRange(part) : undefined;
    if (range) ranges.push(range);
  }
  return ranges;
}

/** Whether a cell lies inside a range. */
export function rangeContains(range: CellRange, row: number, col: number): boolean {
  return row >= range.top && row <= range.bottom && col >= range.left && col <= range.right;
}
