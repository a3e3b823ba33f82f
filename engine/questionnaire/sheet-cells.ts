/**
 * Looking up cells of a `SheetData` without expanding any declared range: merges and
 * validations are tested by arithmetic, and only cells that exist in `rows` are read.
 */

import type { CellRange, ListValidation, SheetCell, SheetData } from './workbook-model.ts';

/** A column letter (`C`, `AB`) as a 1-based number, or undefined when it is not one. */
export function columnNumber(letters: string): number | undefined {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return undefined;
  return [...letters.toUpperCase()].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);
}

/** A 1-based column number as letters (3 → `C`). */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Whether a range holds the cell at `row`, `col`. */
export function rangeHolds(range: CellRange, row: number, col: number): boolean {
  return range.top <= row && row <= range.bottom && range.left <= col && col <= range.right;
}

/** The cell at `row`, `col` if it exists in the sheet XML. */
export function cellAt(sheet: SheetData, row: number, col: number): SheetCell | undefined {
  return sheet.rows.get(row)?.get(col);
}

/** The trimmed text of the cell at `row`, `col`, or `''` when it is absent. */
export function textAt(sheet: SheetData, row: number, col: number): string {
  return cellAt(sheet, row, col)?.text.replace(/\s+/g, ' ').trim() ?? '';
}

/** Rows of merges per bucket; a merge taller than this many buckets is checked on every lookup. */
const bucketRows = 256;
const maxBuckets = 64;

/** Finds the merge (if any) holding a cell, in time independent of how tall merges are. */
export interface MergeIndex {
  at(row: number, col: number): CellRange | undefined;
}

/** Indexes the merges of a sheet by blocks of rows. */
export function indexMerges(merges: readonly CellRange[]): MergeIndex {
  const buckets = new Map<number, CellRange[]>();
  const tall: CellRange[] = [];
  for (const merge of merges) {
    const first = Math.floor(merge.top / bucketRows);
    const last = Math.floor(merge.bottom / bucketRows);
    if (last - first >= maxBuckets) {
      tall.push(merge);
      continue;
    }
    for (let bucket = first; bucket <= last; bucket++) {
      const list = buckets.get(bucket) ?? [];
      list.push(merge);
      buckets.set(bucket, list);
    }
  }
  return {
    at(row, col) {
      const near = buckets.get(Math.floor(row / bucketRows)) ?? [];
      return (
        near.find((merge) => rangeHolds(merge, row, col)) ??
        tall.find((merge) => rangeHolds(merge, row, col))
      );
    },
  };
}

/**
 * The text a person sees at `row`, `col`: a cell covered by a merge shows the text of the
 * merge's top-left cell.
 */
export function shownText(sheet: SheetData, merges: MergeIndex, row: number, col: number): string {
  const own = textAt(sheet, row, col);
  if (own) return own;
  const merge = merges.at(row, col);
  return merge ? textAt(sheet, merge.top, merge.left) : '';
}

/** The list validation whose ranges hold the cell at `row`, `col`, if any. */
export function validationAt(
  validations: readonly ListValidation[],
  row: number,
  col: number,
): ListValidation | undefined {
  return validations.find((validation) =>
    validation.ranges.some((range) => rangeHolds(range, row, col)),
  );
}

/**
 * Whether a list validation covers `col` for some row from `from` on, in a range at most a
 * few columns wide (a validation over whole rows says nothing about one column).
 */
export function validatesColumn(
  validations: readonly ListValidation[],
  col: number,
  from: number,
): boolean {
  return validations.some((validation) =>
    validation.ranges.some(
      (range) =>
        range.left <= col &&
        col <= range.right &&
        range.right - range.left < 4 &&
        range.bottom >= from,
    ),
  );
}
