import { type Zippable, zipSync } from 'fflate';
import { formatCellRef, maxColumn, maxRow, rangeContains } from './cell-ref.ts';
import { resolveListSource } from './list-source.ts';
import { entryText, openPackage, type PackageParts, type PackageSheet } from './package-parts.ts';
import { addReviewSheet, type ReviewSheet } from './review-sheet.ts';
import { maxCellCharacters, patchSheetXml, type SheetCellEdit } from './sheet-patch.ts';
import { type ScannedCell, type SheetScan, scanSheetXml } from './sheet-xml.ts';
import type { CellEdit, SheetData, WorkbookData } from './workbook-model.ts';
import { decodeCellEscapes, parseSharedStrings } from './workbook-parts.ts';

/** The text a spreadsheet shows for a cell as written. */
function cellText(cell: ScannedCell, sharedStrings: string[]): string {
  switch (cell.type) {
    case 's':
      return sharedStrings[Number(cell.value)] ?? '';
    case 'inlineStr':
      return decodeCellEscapes(cell.inlineText);
    case 'b':
      return cell.value === '' ? '' : cell.value === '1' ? 'TRUE' : 'FALSE';
    default:
      return cell.value === '' ? cell.inlineText : cell.value;
  }
}

/** Scans one worksheet, naming the sheet when its XML is broken. */
export function scanSheet(sheet: PackageSheet, xml: string): SheetScan {
  try {
    return scanSheetXml(xml);
  } catch (error) {
    throw new Error(`Sheet "${sheet.name}" (${sheet.path}) is not well-formed XML.`, {
      cause: error,
    });
  }
}

/** The model of one sheet; its validations are resolved once every sheet is read. */
function sheetData(sheet: PackageSheet, scan: SheetScan, sharedStrings: string[]): SheetData {
  const rows: SheetData['rows'] = new Map();
  const scannedRows = scan.rows.every(
    (row, index) => index === 0 || row.row > (scan.rows[index - 1]?.row ?? 0),
  )
    ? scan.rows
    : [...scan.rows].sort((a, b) => a.row - b.row);
  for (const scannedRow of scannedRows) {
    for (const scanned of scannedRow.cells) {
      let cells = rows.get(scanned.row);
      if (!cells) {
        cells = new Map();
        rows.set(scanned.row, cells);
      }
      cells.set(scanned.col, {
        row: scanned.row,
        col: scanned.col,
        text: cellText(scanned, sharedStrings),
        formula: scanned.formula,
        style: scanned.style,
      });
    }
  }
  return {
    name: sheet.name,
    index: sheet.index,
    path: sheet.path,
    state: sheet.state,
    rows,
    merges: scan.merges,
    validations: [],
  };
}

/**
 * Reads an `.xlsx` straight from its XML into the workbook model: sheet names, order and
 * visibility, defined names, the cells that exist (shared strings looked up, formulas
 * flagged with their cached result), merged ranges and list validations with their values
 * resolved. Declared ranges are kept as rectangles, never expanded, so a validation over
 * `N1:XFD1048576` or a `<dimension>` of the whole grid costs nothing. Size limits are
 * checked before this is called.
 */
export function readWorkbookPackage(bytes: Uint8Array): WorkbookData {
  const parts = openPackage(bytes, true);
  const { files, sharedStringsPath } = parts;
  const sharedStrings =
    sharedStringsPath && files[sharedStringsPath]
      ? parseSharedStrings(entryText(files, sharedStringsPath))
      : [];
  const read = parts.sheets.map((sheet) => {
    const scan = scanSheet(sheet, entryText(files, sheet.path));
    return { data: sheetData(sheet, scan, sharedStrings), validations: scan.validations };
  });
  const sheetsByName = new Map(read.map(({ data }) => [data.name.toLowerCase(), data]));
  const namesByLowerCase = new Map(
    [...parts.workbook.definedNames].map(([name, text]) => [name.toLowerCase(), text]),
  );
  for (const { data, validations } of read) {
    const context = { sheet: data, sheetsByName, namesByLowerCase };
    for (const validation of validations)
      data.validations.push({
        ranges: validation.ranges,
        values: resolveListSource(validation.formula, context),
      });
  }
  return { sheets: read.map(({ data }) => data), definedNames: parts.workbook.definedNames };
}

const encoder = new TextEncoder();

/** Checks every edit against the workbook before anything is written. */
function groupEdits(parts: PackageParts, edits: CellEdit[]): Map<PackageSheet, SheetCellEdit[]> {
  const bySheet = new Map<PackageSheet, SheetCellEdit[]>();
  const seen = new Set<string>();
  for (const edit of edits) {
    const sheet =
      parts.sheets.find((candidate) => candidate.name === edit.sheet) ??
      parts.sheets.find((candidate) => candidate.name.toLowerCase() === edit.sheet.toLowerCase());
    const where = `${edit.sheet}!${formatCellRef(edit.row, edit.col)}`;
    if (!sheet)
      throw new Error(`Cannot write ${where}: the workbook has no worksheet "${edit.sheet}".`);
    if (sheet.state !== 'visible')
      throw new Error(
        `Refusing to write ${where}: sheet "${sheet.name}" is ${sheet.state}, and a buyer would not see the answer.`,
      );
    if (
      !Number.isInteger(edit.row) ||
      edit.row < 1 ||
      edit.row > maxRow ||
      !Number.isInteger(edit.col) ||
      edit.col < 1 ||
      edit.col > maxColumn
    )
      throw new Error(`Cannot write ${where}: the cell is outside the sheet.`);
    if (edit.value.length > maxCellCharacters)
      throw new Error(
        `Cannot write ${where}: ${edit.value.length} characters is more than a cell holds (${maxCellCharacters}); shorten the answer.`,
      );
    const key = `${sheet.path}\u0000${edit.row}\u0000${edit.col}`;
    if (seen.has(key)) throw new Error(`Cannot write ${where} twice in one patch.`);
    seen.add(key);
    const group = bySheet.get(sheet) ?? [];
    group.push({ row: edit.row, col: edit.col, value: edit.value });
    bySheet.set(sheet, group);
  }
  return bySheet;
}

/** Refuses an edit into a merged range anywhere but its top-left cell, where the text shows. */
function checkMerges(sheet: PackageSheet, scan: SheetScan, edits: SheetCellEdit[]): void {
  for (const edit of edits) {
    const merge = scan.merges.find((range) => rangeContains(range, edit.row, edit.col));
    if (merge && (merge.top !== edit.row || merge.left !== edit.col))
      throw new Error(
        `Refusing to write ${sheet.name}!${formatCellRef(edit.row, edit.col)}: it is hidden under the merged cell ${formatCellRef(merge.top, merge.left)}; write there instead.`,
      );
  }
}

/**
 * A copy of an `.xlsx` with text written into the given cells and, if asked, a review
 * sheet appended. Only the edited cells change in their sheet XML (spliced into the
 * original text); every other zip entry keeps its exact bytes, except the workbook, its
 * relationships and the content types, which gain the review sheet. Throws, before
 * writing anything, for a formula cell, a hidden or very hidden sheet, a cell under a
 * merge, a missing sheet or the same cell twice.
 */
export function patchWorkbookPackage(
  bytes: Uint8Array,
  edits: CellEdit[],
  review: ReviewSheet | undefined,
): Uint8Array {
  const parts = openPackage(bytes, false);
  const changed = new Map<string, string>();
  for (const [sheet, sheetEdits] of groupEdits(parts, edits)) {
    const xml = entryText(parts.files, sheet.path);
    const scan = scanSheet(sheet, xml);
    checkMerges(sheet, scan, sheetEdits);
    changed.set(sheet.path, patchSheetXml(xml, scan, sheetEdits, sheet.name));
  }
  if (review) for (const [path, text] of addReviewSheet(parts, review)) changed.set(path, text);
  const output: Zippable = {};
  for (const [path, data] of Object.entries(parts.files)) {
    const text = changed.get(path);
    output[path] = text === undefined ? data : encoder.encode(text);
    changed.delete(path);
  }
  for (const [path, text] of changed) output[path] = encoder.encode(text);
  return zipSync(output, { level: 6 });
}
