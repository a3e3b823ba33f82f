import ExcelJS from 'exceljs';
import type { FixtureLabel } from './labels.ts';
import { readParts, writeParts, type ZipParts } from './zip-parts.ts';

/** One generated fixture: its file name, its bytes and the labels the generator knows. */
export interface BuiltFixture {
  file: string;
  bytes: Uint8Array;
  label: FixtureLabel;
}

const fixedDate = new Date('2026-01-05T09:00:00Z');

/** A workbook with fixed metadata, so its bytes do not depend on when it was generated. */
export function createWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Procurement Office';
  workbook.lastModifiedBy = 'Procurement Office';
  workbook.created = fixedDate;
  workbook.modified = fixedDate;
  workbook.lastPrinted = fixedDate;
  workbook.calcProperties.fullCalcOnLoad = false;
  return workbook;
}

/** Writes the workbook, applies zip-level patches, and re-zips it deterministically. */
export async function finishWorkbook(
  workbook: ExcelJS.Workbook,
  patch?: (parts: ZipParts) => void,
): Promise<Uint8Array> {
  const written = new Uint8Array(await workbook.xlsx.writeBuffer());
  const parts = readParts(written);
  patch?.(parts);
  return writeParts(parts);
}

export const yesNo = ['Yes', 'No'];
export const yesNoNa = ['Yes', 'No', 'N/A'];

/** An inline list validation formula (`"Yes,No,N/A"`). */
export const inlineList = (values: string[]) => `"${values.join(',')}"`;

export const headerFill: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FF1F3864' },
};
export const sectionFill: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFD9E1F2' },
};
export const answerFill: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFFFF2CC' },
};

/** Writes a header row in white bold text on a dark fill. */
export function writeHeader(sheet: ExcelJS.Worksheet, row: number, titles: string[], from = 1) {
  titles.forEach((title, i) => {
    const cell = sheet.getCell(row, from + i);
    cell.value = title;
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = headerFill;
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
}

/** Marks a cell as one the vendor fills in, with an optional list validation. */
export function answerCell(sheet: ExcelJS.Worksheet, row: number, col: number, list?: string) {
  const cell = sheet.getCell(row, col);
  cell.fill = answerFill;
  if (list !== undefined)
    cell.dataValidation = { type: 'list', allowBlank: true, formulae: [list] };
}

/** Wrapped, top-aligned text. */
export function writeText(sheet: ExcelJS.Worksheet, row: number, col: number, text: string) {
  const cell = sheet.getCell(row, col);
  cell.value = text;
  cell.alignment = { vertical: 'top', wrapText: true };
}
