import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { checkInflatedSizes } from './inflated-sizes.ts';
import { QuestionnaireError, questionnaireLimits, screenFile, sniffFormat } from './limits.ts';

/** What a buyer's file was read as. */
export type InputFormat = 'xlsx' | 'csv';

/** A sheet name Excel accepts (≤ 31 characters, none of : \ / ? * [ ]). */
export function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Questions';
}

function stem(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.[^.]*$/, '');
}

/** The rows of CSV text, or a `QuestionnaireError` naming the file. */
export function csvRows(bytes: Uint8Array, fileName: string): string[][] {
  const text = new TextDecoder('utf-8').decode(bytes);
  let rows: string[][];
  try {
    rows = parse(text, {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: 1_000_000,
      to_line: questionnaireLimits.maxRows + 2,
    }) as string[][];
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new QuestionnaireError('unreadable', `${fileName} is not valid CSV: ${detail}`, {
      cause: error,
    });
  }
  if (rows.length > questionnaireLimits.maxRows)
    throw new QuestionnaireError(
      'too-many-rows',
      `${fileName} has more than ${questionnaireLimits.maxRows} rows; split it into smaller files.`,
    );
  return rows;
}

/** The name a CSV file's one sheet gets: its file name without folders and extension. */
export function csvSheetName(fileName: string): string {
  return sheetName(stem(fileName));
}

/** Reads CSV text into a one-sheet workbook, so every layout rule applies to CSV too. */
function workbookFromCsv(bytes: Uint8Array, fileName: string): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(csvSheetName(fileName));
  for (const row of csvRows(bytes, fileName)) sheet.addRow(row);
  return workbook;
}

/**
 * Screens a buyer's file before anything parses it — size, encryption, zip bombs (declared
 * and really inflated sizes) — and says whether it is a workbook or CSV text. A bad file
 * becomes a `QuestionnaireError`.
 */
export async function screenQuestionnaire(
  bytes: Uint8Array,
  fileName: string,
): Promise<InputFormat> {
  const parts = screenFile(bytes, fileName);
  const sniffed = sniffFormat(bytes);
  if (sniffed === 'text' && !/\.xlsx$/i.test(fileName)) return 'csv';
  if (sniffed !== 'zip')
    throw new QuestionnaireError(
      'not-a-spreadsheet',
      `${fileName} is not an .xlsx workbook or a CSV file. Save it as .xlsx or .csv and try again.`,
    );
  await checkInflatedSizes(bytes, fileName, parts);
  return 'xlsx';
}

/**
 * Reads a buyer's file (xlsx or CSV) into a workbook, after the size, encryption and
 * zip-bomb screening of `screenFile` and a measurement of what each zip part really inflates
 * to (`checkInflatedSizes`); a bad file becomes a `QuestionnaireError`.
 */
export async function readQuestionnaire(
  bytes: Uint8Array,
  fileName: string,
): Promise<{ workbook: ExcelJS.Workbook; format: InputFormat }> {
  const parts = screenFile(bytes, fileName);
  const sniffed = sniffFormat(bytes);
  if (sniffed === 'text' && !/\.xlsx$/i.test(fileName))
    return { workbook: workbookFromCsv(bytes, fileName), format: 'csv' };
  if (sniffed !== 'zip')
    throw new QuestionnaireError(
      'not-a-spreadsheet',
      `${fileName} is not an .xlsx workbook or a CSV file. Save it as .xlsx or .csv and try again.`,
    );
  await checkInflatedSizes(bytes, fileName, parts);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer,
    );
  } catch (error) {
    throw new QuestionnaireError(
      'not-a-spreadsheet',
      `${fileName} is a zip file but not a readable .xlsx workbook. Re-save it from a spreadsheet program as .xlsx.`,
      { cause: error },
    );
  }
  let rows = 0;
  for (const sheet of workbook.worksheets) rows += sheet.actualRowCount;
  if (rows > questionnaireLimits.maxRows)
    throw new QuestionnaireError(
      'too-many-rows',
      `${fileName} has ${rows} rows; the limit is ${questionnaireLimits.maxRows}. Split it into smaller files.`,
    );
  return { workbook, format: 'xlsx' };
}
