import { formatCellRef } from './cell-ref.ts';
import { entryText, type PackageParts } from './package-parts.ts';
import { escapeCellText } from './sheet-patch.ts';

/** A sheet of notes for the person who reviews the answers, appended to the workbook. */
export interface ReviewSheet {
  name: string;
  rows: string[][];
}

const worksheetType =
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';
const worksheetContentType =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const spreadsheetNamespace = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const maxSheetName = 31;

function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * A sheet name no existing sheet has (compared case-insensitively, as a spreadsheet
 * does): characters a sheet name cannot hold (`[]:*?/\`) become spaces, it is cut to 31
 * characters, and a clash gets ` (2)`, ` (3)`, … .
 */
export function uniqueSheetName(wanted: string, existing: string[]): string {
  const taken = new Set(existing.map((name) => name.toLowerCase()));
  const base =
    wanted
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/^'+|'+$/g, '')
      .trim()
      .slice(0, maxSheetName)
      .trim() || 'Review';
  if (!taken.has(base.toLowerCase())) return base;
  for (let number = 2; ; number++) {
    const suffix = ` (${number})`;
    const candidate = `${base.slice(0, maxSheetName - suffix.length).trimEnd()}${suffix}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

function worksheetXml(rows: string[][]): string {
  const rowXml = rows.map((cells, rowIndex) => {
    const cellXml = cells.map((value, colIndex) => {
      const reference = formatCellRef(rowIndex + 1, colIndex + 1);
      return `<c r="${reference}" t="inlineStr"><is><t xml:space="preserve">${escapeCellText(value)}</t></is></c>`;
    });
    return `<row r="${rowIndex + 1}">${cellXml.join('')}</row>`;
  });
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<worksheet xmlns="${spreadsheetNamespace}"><sheetData>${rowXml.join('')}</sheetData></worksheet>`
  );
}

function insertBefore(xml: string, closingTag: string, text: string, part: string): string {
  const at = xml.lastIndexOf(closingTag);
  if (at < 0) throw new Error(`${part} has no ${closingTag}; the review sheet cannot be added.`);
  return xml.slice(0, at) + text + xml.slice(at);
}

/**
 * The package texts that change when the review sheet is appended: a new worksheet part
 * at an unused `xl/worksheets/sheetN.xml`, its `<sheet>` in the workbook (new sheetId and
 * relationship id, last in the tab order), its relationship and its content type.
 */
export function addReviewSheet(parts: PackageParts, review: ReviewSheet): Map<string, string> {
  const { files, workbook, relationships, workbookPath, workbookRelsPath } = parts;
  let partNumber = 1;
  while (files[`xl/worksheets/sheet${partNumber}.xml`]) partNumber++;
  const partPath = `xl/worksheets/sheet${partNumber}.xml`;
  const ids = new Set(relationships.map((relationship) => relationship.id));
  let idNumber = relationships.length + 1;
  while (ids.has(`rId${idNumber}`)) idNumber++;
  const relationshipId = `rId${idNumber}`;
  const sheetId = Math.max(0, ...workbook.sheets.map((sheet) => sheet.sheetId)) + 1;
  const name = uniqueSheetName(
    review.name,
    workbook.sheets.map((sheet) => sheet.name),
  );

  const existingWorksheet = relationships.find((relationship) =>
    relationship.type.endsWith('/worksheet'),
  );
  const sheetElement = workbook.sheetElementName;
  const sheetsClose = `</${sheetElement.slice(0, sheetElement.length - 'sheet'.length)}sheets>`;
  const workbookXml = insertBefore(
    entryText(files, workbookPath),
    sheetsClose,
    `<${sheetElement} name="${escapeAttribute(name)}" sheetId="${sheetId}" ${workbook.relationshipAttributeName}="${relationshipId}"/>`,
    workbookPath,
  );
  const target = `/${partPath}`;
  const relsXml = insertBefore(
    entryText(files, workbookRelsPath),
    '</Relationships>',
    `<Relationship Id="${relationshipId}" Type="${existingWorksheet?.type ?? worksheetType}" Target="${target}"/>`,
    workbookRelsPath,
  );
  const contentTypesXml = insertBefore(
    entryText(files, '[Content_Types].xml'),
    '</Types>',
    `<Override PartName="/${partPath}" ContentType="${worksheetContentType}"/>`,
    '[Content_Types].xml',
  );
  return new Map([
    [workbookPath, workbookXml],
    [workbookRelsPath, relsXml],
    ['[Content_Types].xml', contentTypesXml],
    [partPath, worksheetXml(review.rows)],
  ]);
}
