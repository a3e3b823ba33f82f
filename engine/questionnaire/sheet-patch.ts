import { formatCellRef } from './cell-ref.ts';
import type { ScannedRow, SheetScan } from './sheet-xml.ts';

/** The most characters a spreadsheet cell holds. */
export const maxCellCharacters = 32_767;

/** Text into one cell of one sheet. */
export interface SheetCellEdit {
  row: number;
  col: number;
  value: string;
}

/** A replacement of `xml.slice(start, end)` by `text`; `start === end` inserts. */
interface Splice {
  start: number;
  end: number;
  text: string;
  row: number;
  col: number;
}

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Cell text as element content of a `<t>`: XML-escaped, line breaks normalised to `\n`,
 * characters XML 1.0 cannot carry written as the spreadsheet escape `_xHHHH_`, a literal
 * `_xHHHH_` protected by escaping its underscore, and unpaired surrogates replaced.
 */
export function escapeCellText(value: string): string {
  return (
    value
      .replace(/\r\n?/g, '\n')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 cannot carry.
      .replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, (c) => `_x${hex4(c.charCodeAt(0))}_`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
  );
}

function cellXml(prefix: string, edit: SheetCellEdit, style: number | undefined): string {
  const styleAttribute = style === undefined ? '' : ` s="${style}"`;
  const reference = formatCellRef(edit.row, edit.col);
  if (edit.value === '') return `<${prefix}c r="${reference}"${styleAttribute}/>`;
  return (
    `<${prefix}c r="${reference}"${styleAttribute} t="inlineStr"><${prefix}is>` +
    `<${prefix}t xml:space="preserve">${escapeCellText(edit.value)}</${prefix}t>` +
    `</${prefix}is></${prefix}c>`
  );
}

/** Splices for edits into a row that exists: replace its cells, or insert them in column order. */
function existingRowSplices(
  xml: string,
  prefix: string,
  row: ScannedRow,
  edits: SheetCellEdit[],
): Splice[] {
  const { span } = row;
  if (span.selfClosing) {
    const openTag = xml.slice(span.start, span.end).replace(/\s*\/>$/, '>');
    const cells = edits.map((edit) => cellXml(prefix, edit, undefined)).join('');
    const text = `${openTag}${cells}</${prefix}row>`;
    return [{ start: span.start, end: span.end, text, row: row.row, col: 0 }];
  }
  return edits.map((edit) => {
    const existing = row.cells.find((cell) => cell.col === edit.col);
    if (existing) {
      const { start, end } = existing.span;
      return {
        start,
        end,
        text: cellXml(prefix, edit, existing.style),
        row: edit.row,
        col: edit.col,
      };
    }
    const next = row.cells.find((cell) => cell.col > edit.col);
    const at = next ? next.span.start : span.closeStart;
    return {
      start: at,
      end: at,
      text: cellXml(prefix, edit, undefined),
      row: edit.row,
      col: edit.col,
    };
  });
}

function newRowXml(prefix: string, rowNumber: number, edits: SheetCellEdit[]): string {
  const cells = edits.map((edit) => cellXml(prefix, edit, undefined)).join('');
  return `<${prefix}row r="${rowNumber}">${cells}</${prefix}row>`;
}

/**
 * Writes text into cells of a worksheet's XML by splicing the original text, so every
 * byte outside the edited cells (and the rows they are inserted into) stays as it was. A
 * cell keeps its style; a missing cell is inserted in column order, a missing row in row
 * order. Refuses formula cells.
 */
export function patchSheetXml(
  xml: string,
  scan: SheetScan,
  edits: SheetCellEdit[],
  sheetName: string,
): string {
  const { prefix, sheetData } = scan;
  if (!sheetData) throw new Error(`Sheet "${sheetName}" has no <sheetData>; it cannot be written.`);
  const rowsByNumber = new Map<number, ScannedRow>();
  for (const row of scan.rows) if (!rowsByNumber.has(row.row)) rowsByNumber.set(row.row, row);
  const editsByRow = new Map<number, SheetCellEdit[]>();
  for (const edit of [...edits].sort((a, b) => a.row - b.row || a.col - b.col)) {
    const cell = rowsByNumber.get(edit.row)?.cells.find((candidate) => candidate.col === edit.col);
    if (cell?.formula)
      throw new Error(
        `Refusing to write into ${sheetName}!${formatCellRef(edit.row, edit.col)}: it holds a formula. Pick a cell without one.`,
      );
    const group = editsByRow.get(edit.row) ?? [];
    group.push(edit);
    editsByRow.set(edit.row, group);
  }

  const splices: Splice[] = [];
  const newRows: string[] = [];
  for (const [rowNumber, rowEdits] of editsByRow) {
    const row = rowsByNumber.get(rowNumber);
    if (row) {
      splices.push(...existingRowSplices(xml, prefix, row, rowEdits));
      continue;
    }
    if (sheetData.selfClosing) {
      newRows.push(newRowXml(prefix, rowNumber, rowEdits));
      continue;
    }
    const next = scan.rows.find((candidate) => candidate.row > rowNumber);
    const at = next ? next.span.start : sheetData.closeStart;
    splices.push({
      start: at,
      end: at,
      text: newRowXml(prefix, rowNumber, rowEdits),
      row: rowNumber,
      col: 0,
    });
  }
  if (newRows.length > 0) {
    const openTag = xml.slice(sheetData.start, sheetData.end).replace(/\s*\/>$/, '>');
    splices.push({
      start: sheetData.start,
      end: sheetData.end,
      text: `${openTag}${newRows.join('')}</${prefix}sheetData>`,
      row: 0,
      col: 0,
    });
  }

  splices.sort((a, b) => a.start - b.start || a.row - b.row || a.col - b.col);
  const pieces: string[] = [];
  let copiedUpTo = 0;
  for (const splice of splices) {
    pieces.push(xml.slice(copiedUpTo, splice.start), splice.text);
    copiedUpTo = splice.end;
  }
  pieces.push(xml.slice(copiedUpTo));
  return pieces.join('');
}
