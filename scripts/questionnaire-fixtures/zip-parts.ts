import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/**
 * Post-processing of an `.xlsx` zip for what exceljs cannot write faithfully (veryHidden
 * sheets, x14 validations that point at another sheet, whole-sheet ranges), and a
 * deterministic re-zip so regenerating yields identical bytes.
 */

/** The fixed timestamp written on every zip entry. */
const fixedTime = new Date('2026-01-05T09:00:00Z');

export type ZipParts = Record<string, Uint8Array>;

export const readParts = (bytes: Uint8Array): ZipParts => unzipSync(bytes);

/**
 * Zips the parts in their given order, every entry stamped with the same fixed time, and
 * without the folder entries Excel never writes.
 */
export function writeParts(parts: ZipParts): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date; level: 6 }]> = {};
  for (const [name, data] of Object.entries(parts))
    if (!name.endsWith('/')) entries[name] = [data, { mtime: fixedTime, level: 6 }];
  return zipSync(entries);
}

export function textPart(parts: ZipParts, name: string): string {
  const data = parts[name];
  if (!data) throw new Error(`The workbook has no part ${name}`);
  return strFromU8(data);
}

export function setTextPart(parts: ZipParts, name: string, text: string): void {
  parts[name] = strToU8(text);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The zip path of a worksheet, resolved through `workbook.xml` and its relationships. */
export function sheetPath(parts: ZipParts, sheetName: string): string {
  const book = textPart(parts, 'xl/workbook.xml');
  const sheet = new RegExp(`<sheet [^>]*name="${escapeRegExp(escapeXml(sheetName))}"[^>]*/>`).exec(
    book,
  );
  const rid = sheet && /r:id="([^"]+)"/.exec(sheet[0]);
  if (!rid) throw new Error(`No sheet named ${sheetName}`);
  const rels = textPart(parts, 'xl/_rels/workbook.xml.rels');
  const rel = new RegExp(`<Relationship [^>]*Id="${rid[1]}"[^>]*/>`).exec(rels);
  const target = rel && /Target="([^"]+)"/.exec(rel[0]);
  if (!target?.[1]) throw new Error(`No relationship ${rid[1]} for sheet ${sheetName}`);
  return target[1].startsWith('/') ? target[1].slice(1) : `xl/${target[1]}`;
}

/** Sets a sheet's `state` in `workbook.xml` (exceljs does not keep `veryHidden` everywhere). */
export function setSheetState(parts: ZipParts, sheetName: string, state: 'hidden' | 'veryHidden') {
  const book = textPart(parts, 'xl/workbook.xml');
  const pattern = new RegExp(
    `<sheet ([^>]*name="${escapeRegExp(escapeXml(sheetName))}"[^>]*?)\\s*/>`,
  );
  const match = pattern.exec(book);
  if (!match?.[1]) throw new Error(`No sheet named ${sheetName}`);
  const attributes = match[1].replace(/\s*state="[^"]*"/, '');
  setTextPart(
    parts,
    'xl/workbook.xml',
    book.replace(pattern, `<sheet ${attributes} state="${state}"/>`),
  );
}

function patchSheet(parts: ZipParts, sheetName: string, patch: (xml: string) => string): void {
  const path = sheetPath(parts, sheetName);
  const before = textPart(parts, path);
  const after = patch(before);
  if (after === before) throw new Error(`Patching ${path} (${sheetName}) changed nothing`);
  setTextPart(parts, path, after);
}

/** Replaces the sheet's `<dimension ref>` (e.g. with `A1:XFD1048576`). */
export function setDimension(parts: ZipParts, sheetName: string, ref: string): void {
  patchSheet(parts, sheetName, (xml) => {
    if (/<dimension [^>]*\/>/.test(xml))
      return xml.replace(/<dimension [^>]*\/>/, `<dimension ref="${ref}"/>`);
    return xml.replace(/(<worksheet[^>]*>)/, `$1<dimension ref="${ref}"/>`);
  });
}

/** Elements that follow `<dataValidations>` in a worksheet, in schema order. */
const afterValidations = [
  '<hyperlinks',
  '<printOptions',
  '<pageMargins',
  '<pageSetup',
  '<headerFooter',
  '<rowBreaks',
  '<colBreaks',
  '<drawing',
  '<legacyDrawing',
  '<tableParts',
  '<extLst',
  '</worksheet>',
];

/** Adds one list validation with a plain `sqref` (any size) to the sheet's `<dataValidations>`. */
export function addListValidation(
  parts: ZipParts,
  sheetName: string,
  sqref: string,
  formula: string,
): void {
  const validation = `<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="${sqref}"><formula1>${escapeXml(formula)}</formula1></dataValidation>`;
  patchSheet(parts, sheetName, (xml) => {
    const existing = /<dataValidations count="(\d+)">/.exec(xml);
    if (existing)
      return xml
        .replace(existing[0], `<dataValidations count="${Number(existing[1]) + 1}">`)
        .replace('</dataValidations>', `${validation}</dataValidations>`);
    return insertBefore(
      xml,
      afterValidations,
      `<dataValidations count="1">${validation}</dataValidations>`,
    );
  });
}

/**
 * Adds a list validation the way Excel 2010+ saves one whose list is on another sheet: in
 * the worksheet's `<extLst>` as an `x14:dataValidation` with an `xm:f` formula.
 */
export function addX14ListValidation(
  parts: ZipParts,
  sheetName: string,
  sqref: string,
  formula: string,
): void {
  const ext =
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">' +
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">' +
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">' +
    `<x14:formula1><xm:f>${escapeXml(formula)}</xm:f></x14:formula1><xm:sqref>${sqref}</xm:sqref>` +
    '</x14:dataValidation></x14:dataValidations></ext></extLst>';
  patchSheet(parts, sheetName, (xml) => {
    if (xml.includes('<extLst>')) throw new Error(`${sheetName} already has an extLst`);
    return xml.replace('</worksheet>', `${ext}</worksheet>`);
  });
}

function insertBefore(xml: string, markers: string[], fragment: string): string {
  for (const marker of markers) {
    const at = xml.indexOf(marker);
    if (at >= 0) return xml.slice(0, at) + fragment + xml.slice(at);
  }
  throw new Error('No place to insert into the worksheet');
}
