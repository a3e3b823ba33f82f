import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseRange } from './cell-ref.ts';
import { uniqueSheetName } from './review-sheet.ts';
import { handWrittenXlsx } from './test-support/xlsx-parts.ts';
import type { CellEdit, SheetData, WorkbookData } from './workbook-model.ts';
import { patchWorkbookPackage, readWorkbookPackage } from './xlsx-package.ts';

/** ExcelJS expands validations cell by cell, so it can only open the file without this one. */
const wholeColumnValidation =
  '<dataValidation type="list" sqref="N1:XFD1048576"><formula1>"Yes,No,N/A"</formula1></dataValidation>';
/** ExcelJS loses this inline rich-text cell and every cell after it. */
const inlineRichText =
  '<is><r><t xml:space="preserve">Do you </t></r><r><rPr><b/></rPr><t>encrypt?</t></r><rPh sb="0" eb="1"><t>ph</t></rPh></is>';

const questionsBody = `<dimension ref="A1:XFD1048576"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="2" max="2" width="60" customWidth="1"/></cols>
<sheetData>
<row r="1" spans="1:8" s="1" customFormat="1"><c r="A1" t="s" s="1"><v>0</v></c><c r="B1" t="s" s="1"><v>1</v></c><c r="C1" t="inlineStr" s="1"><is><t>Answer</t></is></c><c r="D1" t="str" s="1"><f>"Com"&amp;"ment"</f><v>Comment</v></c><c r="E1" t="s" s="1"><v>2</v></c><c r="H1" t="inlineStr"><is><t>Maybe</t></is></c></row>
<row r="2"><c r="A2"><v>1.1</v></c><c r="B2" t="s"><v>3</v></c><c r="C2" s="2"/><c r="E2"><f>LEN(B2)</f><v>25</v></c><c r="H2" t="inlineStr"><is><t>Later</t></is></c></row>
<row r="3"><c r="A3"><v>1.2</v></c><c r="B3" t="s"><v>4</v></c><c r="C3" s="2" t="s"><v>5</v></c><c r="E3"><f t="shared" ref="E3:E4" si="0">LEN(B3)</f><v>30</v></c></row>
<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="inlineStr">${inlineRichText}</c><c r="E4"><f t="shared" si="0"/><v>12</v></c><c r="F4" t="e"><v>#N/A</v></c></row>
<row r="6" spans="1:5" ht="20" customHeight="1"/>
<row r="10"><c r="A10" t="s"><v>6</v></c></row>
</sheetData><mergeCells count="1"><mergeCell ref="A10:C10"/></mergeCells><conditionalFormatting sqref="A1:XFD1048576"><cfRule type="expression" dxfId="0" priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting><dataValidations count="4"><dataValidation type="list" allowBlank="1" sqref="C2:C6"><formula1>Answers</formula1></dataValidation>${wholeColumnValidation}<dataValidation type="list" sqref="F2 F3"><formula1>$H$1:$H$2</formula1></dataValidation><dataValidation type="whole" sqref="G2"><formula1>1</formula1></dataValidation></dataValidations><extLst><ext uri="{CCE6A557-97BC-4b89-ADB8-D5D2E2E2B2A1}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>'Hidden Lists'!$B:$B</xm:f></x14:formula1><xm:sqref>D2:D6</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>`;

const listsBody = `<sheetData><row r="1"><c r="A1" t="s"><v>5</v></c><c r="B1" t="inlineStr"><is><t>Level</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>No</t></is></c><c r="B2" t="inlineStr"><is><t>Low</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>Not applicable</t></is></c><c r="B3" t="inlineStr"><is><t>High</t></is></c></row><row r="4"><c r="A4" t="inlineStr"><is><t>Outside</t></is></c></row></sheetData>`;

const sharedStrings = [
  '<si><t>ID</t></si>',
  '<si><r><t>Ques</t></r><r><rPr><b/></rPr><t>tion</t></r></si>',
  '<si><t>Length</t></si>',
  '<si><t>Do you have an ISMS &amp; policy?</t></si>',
  '<si><t xml:space="preserve">Is MFA enforced?  </t></si>',
  '<si><t>Yes</t></si>',
  '<si><t>Merged note</t><rPh sb="0" eb="1"><t>x</t></rPh></si>',
];

/** The hand-written workbook; `forExcelJs` leaves out the two things ExcelJS cannot read. */
function handWrittenWorkbook(forExcelJs = false): Uint8Array {
  const body = forExcelJs
    ? questionsBody
        .replace(wholeColumnValidation, '')
        .replace(inlineRichText, '<is><t>Do you encrypt?</t></is>')
    : questionsBody;
  return handWrittenXlsx({
    sheets: [
      { name: 'Questions', body },
      { name: 'Hidden Lists', state: 'hidden', body: listsBody },
      {
        name: 'Secret',
        state: 'veryHidden',
        body: '<sheetData><row r="1"><c r="A1"><v>42</v></c></row></sheetData>',
      },
      { name: 'Review', body: '<dimension ref="A1"/><sheetData/>' },
    ],
    sharedStrings,
    definedNames: `<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Questions!$A$1:$E$4</definedName><definedName name="Answers">'Hidden Lists'!$A$1:$A$3</definedName>`,
  });
}

function sheetNamed(workbook: WorkbookData, name: string): SheetData {
  const sheet = workbook.sheets.find((candidate) => candidate.name === name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
}

function textAt(sheet: SheetData, row: number, col: number): string | undefined {
  return sheet.rows.get(row)?.get(col)?.text;
}

/** Every cell of the named sheets, keyed `sheet!row:col`, minus the edited cells. */
function cellsExcept(
  workbook: WorkbookData,
  sheetNames: string[],
  edits: CellEdit[],
): Map<string, unknown> {
  const edited = new Set(edits.map((edit) => `${edit.sheet}!${edit.row}:${edit.col}`));
  const cells = new Map<string, unknown>();
  for (const sheet of workbook.sheets.filter(({ name }) => sheetNames.includes(name)))
    for (const [, row] of sheet.rows)
      for (const [, cell] of row) {
        const key = `${sheet.name}!${cell.row}:${cell.col}`;
        if (!edited.has(key)) cells.set(key, cell);
      }
  return cells;
}

describe('readWorkbookPackage on hand-written XML', () => {
  const workbook = readWorkbookPackage(handWrittenWorkbook());
  const questions = sheetNamed(workbook, 'Questions');

  it('reads sheet names, order, visibility and part paths', () => {
    expect(
      workbook.sheets.map(({ name, index, state, path }) => ({ name, index, state, path })),
    ).toEqual([
      { name: 'Questions', index: 0, state: 'visible', path: 'xl/worksheets/sheet1.xml' },
      { name: 'Hidden Lists', index: 1, state: 'hidden', path: 'xl/worksheets/sheet2.xml' },
      { name: 'Secret', index: 2, state: 'veryHidden', path: 'xl/worksheets/sheet3.xml' },
      { name: 'Review', index: 3, state: 'visible', path: 'xl/worksheets/sheet4.xml' },
    ]);
    expect(workbook.definedNames.get('Answers')).toBe("'Hidden Lists'!$A$1:$A$3");
  });

  it('reads shared, rich, inline, boolean, error and formula cells as a spreadsheet shows them', () => {
    expect([1, 2, 3, 4, 5, 8].map((col) => textAt(questions, 1, col))).toEqual([
      'ID',
      'Question',
      'Answer',
      'Comment',
      'Length',
      'Maybe',
    ]);
    expect(questions.rows.get(1)?.get(4)).toEqual({
      row: 1,
      col: 4,
      text: 'Comment',
      formula: true,
      style: 1,
    });
    expect(textAt(questions, 2, 2)).toBe('Do you have an ISMS & policy?');
    expect(textAt(questions, 3, 2)).toBe('Is MFA enforced?  ');
    expect(textAt(questions, 4, 2)).toBe('Do you encrypt?');
    expect(textAt(questions, 4, 1)).toBe('TRUE');
    expect(textAt(questions, 4, 6)).toBe('#N/A');
    expect(textAt(questions, 2, 1)).toBe('1.1');
    expect(questions.rows.get(2)?.get(3)).toEqual({
      row: 2,
      col: 3,
      text: '',
      formula: false,
      style: 2,
    });
    expect(questions.rows.get(4)?.get(5)?.formula).toBe(true);
    expect(textAt(questions, 10, 1)).toBe('Merged note');
    expect([...questions.rows.keys()]).toEqual([1, 2, 3, 4, 10]);
  });

  it('keeps merges and declared ranges as rectangles and resolves list values', () => {
    expect(questions.merges).toEqual([parseRange('A10:C10')]);
    expect(questions.validations).toEqual([
      { ranges: [parseRange('C2:C6')], values: ['Yes', 'No', 'Not applicable'] },
      {
        ranges: [{ top: 1, left: 14, bottom: 1_048_576, right: 16_384 }],
        values: ['Yes', 'No', 'N/A'],
      },
      { ranges: [parseRange('F2'), parseRange('F3')], values: ['Maybe', 'Later'] },
      { ranges: [parseRange('D2:D6')], values: ['Level', 'Low', 'High'] },
    ]);
  });
});

describe('patchWorkbookPackage on hand-written XML', () => {
  const original = handWrittenWorkbook();
  const edits: CellEdit[] = [
    { sheet: 'Questions', row: 2, col: 3, value: 'Yes' },
    { sheet: 'Questions', row: 3, col: 3, value: 'No & <maybe> _x0041_ "quoted"\r\nsecond line' },
    { sheet: 'Questions', row: 3, col: 4, value: 'inserted between C3 and E3' },
    { sheet: 'Questions', row: 5, col: 3, value: 'new row 5' },
    { sheet: 'Questions', row: 6, col: 3, value: 'into an empty row' },
    { sheet: 'Questions', row: 20, col: 2, value: 'after the last row' },
    { sheet: 'Questions', row: 10, col: 1, value: 'merged anchor' },
    { sheet: 'Review', row: 1, col: 1, value: 'into empty sheetData' },
  ];
  const review = {
    name: 'review',
    rows: [
      ['Question', 'Answer'],
      ['1.1', 'Yes'],
    ],
  };
  const patched = patchWorkbookPackage(original, edits, review);
  const before = readWorkbookPackage(original);
  const after = readWorkbookPackage(patched);

  it('writes the edited cells, keeping their style', () => {
    const questions = sheetNamed(after, 'Questions');
    for (const edit of edits) {
      const expected = edit.value.replace('\r\n', '\n');
      expect(textAt(sheetNamed(after, edit.sheet), edit.row, edit.col)).toBe(expected);
    }
    expect(questions.rows.get(2)?.get(3)?.style).toBe(2);
    expect(questions.rows.get(3)?.get(3)?.style).toBe(2);
    expect([...questions.rows.keys()]).toEqual([1, 2, 3, 4, 5, 6, 10, 20]);
    expect([...(questions.rows.get(3)?.keys() ?? [])]).toEqual([1, 2, 3, 4, 5]);
  });

  it('leaves every other cell, merge and validation as it was', () => {
    const names = before.sheets.map((sheet) => sheet.name);
    expect(cellsExcept(after, names, edits)).toEqual(cellsExcept(before, names, edits));
    for (const sheet of before.sheets) {
      expect(sheetNamed(after, sheet.name).merges).toEqual(sheet.merges);
      expect(sheetNamed(after, sheet.name).validations).toEqual(sheet.validations);
      expect(sheetNamed(after, sheet.name).state).toBe(sheet.state);
    }
  });

  it('copies every other zip entry byte for byte and splices only inside sheetData', () => {
    const originalFiles = unzipSync(original);
    const patchedFiles = unzipSync(patched);
    const rewritten = [
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet4.xml',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      '[Content_Types].xml',
    ];
    for (const [path, bytes] of Object.entries(originalFiles))
      if (!rewritten.includes(path)) expect(patchedFiles[path], path).toEqual(bytes);
    expect(Object.keys(patchedFiles)).toEqual([
      ...Object.keys(originalFiles),
      'xl/worksheets/sheet5.xml',
    ]);
    const originalXml = strFromU8(originalFiles['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
    const patchedXml = strFromU8(patchedFiles['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
    const head = originalXml.slice(0, originalXml.indexOf('<sheetData>'));
    const tail = originalXml.slice(originalXml.indexOf('</sheetData>'));
    expect(patchedXml.startsWith(head)).toBe(true);
    expect(patchedXml.endsWith(tail)).toBe(true);
    expect(patchedXml).toContain('<row r="6" spans="1:5" ht="20" customHeight="1"><c r="C6"');
    expect(patchedXml).toContain(
      '<c r="C3" s="2" t="inlineStr"><is><t xml:space="preserve">No &amp; &lt;maybe&gt; _x005F_x0041_ "quoted"\nsecond line</t></is></c>',
    );
  });

  it('appends the review sheet under a name no sheet has', () => {
    expect(after.sheets.map((sheet) => sheet.name)).toEqual([
      'Questions',
      'Hidden Lists',
      'Secret',
      'Review',
      'review (2)',
    ]);
    const reviewSheet = sheetNamed(after, 'review (2)');
    expect(reviewSheet.state).toBe('visible');
    expect(textAt(reviewSheet, 1, 2)).toBe('Answer');
    expect(textAt(reviewSheet, 2, 1)).toBe('1.1');
  });

  it('opens in ExcelJS with the new values and the review sheet', async () => {
    const openable = patchWorkbookPackage(handWrittenWorkbook(true), edits, review);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(openable) as unknown as ArrayBuffer);
    const questions = workbook.getWorksheet('Questions');
    expect(questions?.getCell('C2').value).toBe('Yes');
    expect(questions?.getCell('D3').value).toBe('inserted between C3 and E3');
    expect(questions?.getCell('C5').value).toBe('new row 5');
    expect(questions?.getCell('B20').value).toBe('after the last row');
    expect(workbook.getWorksheet('review (2)')?.getCell('B2').value).toBe('Yes');
  });

  it('without edits or review, returns the same entries', () => {
    const unchanged = unzipSync(patchWorkbookPackage(original, [], undefined));
    expect(unchanged).toEqual(unzipSync(original));
  });

  it('refuses formula cells, hidden sheets, cells under a merge, unknown sheets and repeats', () => {
    const refuse = (edit: CellEdit, again?: CellEdit) =>
      expect(() => patchWorkbookPackage(original, again ? [edit, again] : [edit], undefined));
    refuse({ sheet: 'Questions', row: 1, col: 4, value: 'x' }).toThrow(
      /Questions!D1: it holds a formula/,
    );
    refuse({ sheet: 'Questions', row: 4, col: 5, value: 'x' }).toThrow(/E4: it holds a formula/);
    refuse({ sheet: 'Hidden Lists', row: 9, col: 1, value: 'x' }).toThrow(/is hidden/);
    refuse({ sheet: 'Secret', row: 1, col: 1, value: 'x' }).toThrow(/is veryHidden/);
    refuse({ sheet: 'Questions', row: 10, col: 2, value: 'x' }).toThrow(/merged cell A10/);
    refuse({ sheet: 'Nope', row: 1, col: 1, value: 'x' }).toThrow(/no worksheet "Nope"/);
    const twice = { sheet: 'Questions', row: 2, col: 3, value: 'x' };
    refuse(twice, twice).toThrow(/twice/);
  });
});

describe('uniqueSheetName', () => {
  it('avoids clashes case-insensitively, strips forbidden characters and keeps 31 characters', () => {
    expect(uniqueSheetName('Review', ['review'])).toBe('Review (2)');
    expect(uniqueSheetName('Review', ['Review', 'REVIEW (2)'])).toBe('Review (3)');
    expect(uniqueSheetName('a[b]:c*d?e/f\\g', [])).toBe('a b  c d e f g');
    const long = 'Attest review notes for the security team';
    expect(uniqueSheetName(long, [])).toHaveLength(31);
    const second = uniqueSheetName(long, [long.slice(0, 31)]);
    expect(second).toHaveLength(31);
    expect(second.endsWith(' (2)')).toBe(true);
  });
});

/** A workbook as ExcelJS writes it: shared strings, styles, a hidden list sheet, a name. */
async function excelJsWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const questions = workbook.addWorksheet('Security Questions');
  const lists = workbook.addWorksheet('Lists');
  lists.state = 'hidden';
  ['Yes', 'No', 'Partially'].forEach((value, index) => {
    lists.getCell(index + 1, 1).value = value;
  });
  lists.getCell('B1').value = 'Low';
  lists.getCell('B2').value = 'High';
  workbook.definedNames.add('Lists!$B$1:$B$2', 'Risk');
  questions.getRow(1).values = ['ID', 'Question', 'Answer', 'Notes'];
  questions.getCell('E1').value = { formula: '"Sco"&"re"', result: 'Score' };
  questions.getRow(1).font = { bold: true };
  const rows = [
    ['1.1', 'Do you encrypt data at rest?'],
    ['1.2', 'Do you run penetration tests?'],
    ['1.3', 'Is there an incident response plan?'],
  ];
  rows.forEach(([id, question], index) => {
    const row = index + 2;
    questions.getCell(row, 1).value = id;
    questions.getCell(row, 2).value = question;
    questions.getCell(row, 3).fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: 'FFFFFF00' },
    };
    questions.getCell(row, 3).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['Lists!$A$1:$A$3'],
    };
    questions.getCell(row, 4).dataValidation = { type: 'list', formulae: ['Risk'] };
    questions.getCell(row, 6).dataValidation = { type: 'list', formulae: ['"Green,Amber,Red"'] };
    questions.getCell(row, 5).value = { formula: `LEN(B${row})`, result: question?.length ?? 0 };
  });
  questions.mergeCells('A6:D6');
  questions.getCell('A6').value = 'Section 2';
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('the reader and writer on a workbook ExcelJS wrote', async () => {
  const original = await excelJsWorkbook();
  const before = readWorkbookPackage(original);
  const questions = sheetNamed(before, 'Security Questions');

  it('reads states, cells, formulas and validations resolved from the hidden sheet', () => {
    expect(before.sheets.map(({ name, state }) => ({ name, state }))).toEqual([
      { name: 'Security Questions', state: 'visible' },
      { name: 'Lists', state: 'hidden' },
    ]);
    expect(textAt(questions, 1, 5)).toBe('Score');
    expect(questions.rows.get(1)?.get(5)?.formula).toBe(true);
    expect(questions.rows.get(1)?.get(1)?.formula).toBe(false);
    expect(textAt(questions, 3, 2)).toBe('Do you run penetration tests?');
    expect(questions.rows.get(2)?.get(3)?.style).toBeGreaterThan(0);
    expect(questions.merges).toEqual([parseRange('A6:D6')]);
    const valuesOf = (row: number, col: number) =>
      questions.validations.find((validation) =>
        validation.ranges.some(
          (range) =>
            row >= range.top && row <= range.bottom && col >= range.left && col <= range.right,
        ),
      )?.values;
    expect(valuesOf(3, 3)).toEqual(['Yes', 'No', 'Partially']);
    expect(valuesOf(3, 4)).toEqual(['Low', 'High']);
    expect(valuesOf(3, 6)).toEqual(['Green', 'Amber', 'Red']);
  });

  it('writes answers that ExcelJS reads back, with the review sheet, changing nothing else', async () => {
    const edits: CellEdit[] = [
      { sheet: 'Security Questions', row: 2, col: 3, value: 'Yes' },
      { sheet: 'Security Questions', row: 3, col: 3, value: 'Partially' },
      { sheet: 'Security Questions', row: 4, col: 7, value: 'See policy §4 — "IR-01"' },
    ];
    const patched = patchWorkbookPackage(original, edits, {
      name: 'Security Questions',
      rows: [['Question', 'Needs review because']],
    });
    const after = readWorkbookPackage(patched);
    const names = before.sheets.map((sheet) => sheet.name);
    expect(cellsExcept(after, names, edits)).toEqual(cellsExcept(before, names, edits));
    expect(sheetNamed(after, 'Security Questions').rows.get(2)?.get(3)?.style).toBe(
      questions.rows.get(2)?.get(3)?.style,
    );
    const originalFiles = unzipSync(original);
    const patchedFiles = unzipSync(patched);
    const rewritten = new Set([
      'xl/worksheets/sheet1.xml',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      '[Content_Types].xml',
    ]);
    for (const [path, bytes] of Object.entries(originalFiles))
      if (!rewritten.has(path)) expect(patchedFiles[path], path).toEqual(bytes);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(patched) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Security Questions');
    expect(sheet?.getCell('C2').value).toBe('Yes');
    expect(sheet?.getCell('C3').value).toBe('Partially');
    expect(sheet?.getCell('G4').value).toBe('See policy §4 — "IR-01"');
    expect(sheet?.getCell('E2').formula).toBe('LEN(B2)');
    expect(workbook.getWorksheet('Lists')?.state).toBe('hidden');
    const review = workbook.getWorksheet('Security Questions (2)');
    expect(review?.getCell('B1').value).toBe('Needs review because');
  });

  it('refuses the header formula cell and the hidden list sheet', () => {
    expect(() =>
      patchWorkbookPackage(
        original,
        [{ sheet: 'Security Questions', row: 1, col: 5, value: 'x' }],
        undefined,
      ),
    ).toThrow(/holds a formula/);
    expect(() =>
      patchWorkbookPackage(original, [{ sheet: 'Lists', row: 1, col: 1, value: 'x' }], undefined),
    ).toThrow(/is hidden/);
  });
});

describe('a sheet that declares the whole grid', () => {
  it('reads only the rows that exist', () => {
    const rows = Array.from(
      { length: 40 },
      (_, index) =>
        `<row r="${index + 2}"><c r="A${index + 2}" t="inlineStr"><is><t>Question ${index + 1}</t></is></c><c r="B${index + 2}"/></row>`,
    ).join('');
    const bytes = handWrittenXlsx({
      sheets: [
        {
          name: 'Huge',
          body: `<dimension ref="A1:XFD1048576"/><sheetData>${rows}</sheetData><dataValidations count="1"><dataValidation type="list" sqref="B1:B1048576 D1:XFD1048576"><formula1>Huge!$A:$A</formula1></dataValidation></dataValidations>`,
        },
      ],
    });
    const sheet = sheetNamed(readWorkbookPackage(bytes), 'Huge');
    expect(sheet.rows.size).toBe(40);
    expect(sheet.validations[0]?.values).toHaveLength(40);
    expect(sheet.validations[0]?.ranges).toEqual([
      { top: 1, left: 2, bottom: 1_048_576, right: 2 },
      { top: 1, left: 4, bottom: 1_048_576, right: 16_384 },
    ]);
  });
});

describe('a sheet written with a namespace prefix', () => {
  it('reads it and writes new rows and cells with the same prefix', () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const bytes = handWrittenXlsx({
      sheets: [
        {
          name: 'Prefixed',
          body: `<x:sheetData xmlns:x="${ns}"><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Question</x:t></x:is></x:c></x:row></x:sheetData>`,
        },
      ],
    });
    const patched = patchWorkbookPackage(
      bytes,
      [
        { sheet: 'Prefixed', row: 1, col: 2, value: 'Answer' },
        { sheet: 'Prefixed', row: 2, col: 2, value: 'Yes' },
      ],
      undefined,
    );
    const xml = strFromU8(unzipSync(patched)['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
    expect(xml).toContain(
      '<x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t xml:space="preserve">Yes',
    );
    const sheet = sheetNamed(readWorkbookPackage(patched), 'Prefixed');
    expect([textAt(sheet, 1, 1), textAt(sheet, 1, 2), textAt(sheet, 2, 2)]).toEqual([
      'Question',
      'Answer',
      'Yes',
    ]);
  });
});
