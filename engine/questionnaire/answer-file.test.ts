import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../evaluate/snapshot.ts';
import { answerQuestionnaireFile } from './answer-file.ts';
import { cellText } from './cell-text.ts';
import { reviewHeaders, reviewSheetName } from './review.ts';
import { repositorySnapshot } from './test-support/snapshot.ts';
import { buildWorkbook, readTestset } from './test-support/testset.ts';

const testset = readTestset();

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

/** Every non-empty cell of a sheet: address → [value, style] as JSON. */
function cells(sheet: ExcelJS.Worksheet): Map<string, string> {
  const found = new Map<string, string>();
  sheet.eachRow({ includeEmpty: true }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      found.set(cell.address, JSON.stringify([cell.value, cell.style]));
    });
  });
  return found;
}

describe('answerQuestionnaireFile', () => {
  let snapshot: Snapshot;
  beforeAll(async () => {
    snapshot = await repositorySnapshot('.');
  });

  it('fills only the answer and comment cells of a CAIQ workbook; everything else is kept', async () => {
    const { bytes, placements } = await buildWorkbook('caiq', testset.caiq);
    const result = await answerQuestionnaireFile(snapshot, bytes, { fileName: 'caiq-v4.xlsx' });
    expect(result.fileName).toBe('caiq-v4.answered.xlsx');
    expect(result.contentType).toMatch(/spreadsheetml/);
    const before = await open(bytes);
    const after = await open(result.bytes);
    const [original] = before.worksheets;
    const answered = after.getWorksheet(original?.name ?? '');
    if (!original || !answered) throw new Error('sheet missing');

    const questionRows = new Set(placements.map((p) => p.row));
    const changed = new Set<string>();
    const afterCells = cells(answered);
    for (const [address, value] of cells(original)) {
      expect(afterCells.get(address), address).toBe(value);
    }
    for (const [address, value] of afterCells) {
      if (cells(original).get(address) === value) continue;
      changed.add(address);
      const cell = answered.getCell(address);
      expect([3, 5], address).toContain(Number(cell.col));
      expect(questionRows.has(Number(cell.row)), address).toBe(true);
    }
    expect(changed.size).toBeGreaterThan(10);
    // Merged control cells, dropdowns and the header style survive.
    expect(answered.model.merges.sort()).toEqual(original.model.merges.sort());
    expect(answered.getCell('C4').dataValidation).toEqual(original.getCell('C4').dataValidation);
    expect(answered.getCell('A3').fill).toEqual(original.getCell('A3').fill);

    // The dropdown's own spelling is written: "Yes"/"No"/"NA" from the list Yes,No,NA.
    for (const answer of result.answers) {
      const text = cellText(answered.getRow(answer.row).getCell(3).value);
      const expected = { yes: 'Yes', no: 'No', 'n/a': 'NA', text: answer.statement, blank: '' }[
        answer.answer
      ];
      expect(text, `row ${answer.row}`).toBe(expected);
    }
    const encryption = result.answers.find((a) => a.id === 'CEK-03.1');
    expect(cellText(answered.getRow(encryption?.row ?? 0).getCell(5).value)).toMatch(
      /https:\/\/trust\.tallyworks\.example\/controls\/encryption-at-rest\//,
    );

    const review = after.getWorksheet(reviewSheetName);
    expect(review?.getRow(1).values).toEqual([undefined, ...reviewHeaders]);
    expect(review?.actualRowCount).toBe(result.answers.length + 1);
    expect(after.worksheets.map((sheet) => sheet.name)).toEqual([original.name, reviewSheetName]);
  });

  it('keeps every HECVAT sheet, the hidden list sheet, and maps answers onto the list values', async () => {
    const { bytes } = await buildWorkbook('hecvat', testset.hecvat);
    const result = await answerQuestionnaireFile(snapshot, bytes, { fileName: 'hecvat.xlsx' });
    const before = await open(bytes);
    const after = await open(result.bytes);
    expect(after.worksheets.map((sheet) => sheet.name)).toEqual([
      ...before.worksheets.map((sheet) => sheet.name),
      reviewSheetName,
    ]);
    expect(after.getWorksheet('Lists')?.state).toBe('hidden');
    const yes = result.answers.find((answer) => answer.answer === 'yes');
    expect(yes?.written).toBe('Yes');
    const encrypted = result.answers.find((answer) => answer.id === 'DATA-01');
    const sheet = after.getWorksheet(encrypted?.sheet ?? '');
    expect(cellText(sheet?.getRow(encrypted?.row ?? 0).getCell(3).value ?? null)).toBe('Yes');
    expect(sheet?.getRow(encrypted?.row ?? 0).getCell(3).dataValidation?.formulae).toEqual([
      'Lists!$A$1:$A$3',
    ]);
  });

  it('leaves a cell blank for review when its list has no value for the answer', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Q');
    sheet.addRow(['Question', 'Answer']);
    sheet.addRow(['Is customer data encrypted at rest?', null]);
    sheet.getCell('B2').dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"Compliant,Partially compliant"'],
    };
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const result = await answerQuestionnaireFile(snapshot, bytes, { fileName: 'q.xlsx' });
    expect(result.answers[0]).toMatchObject({ answer: 'blank', needsReview: true });
    expect(result.answers[0]?.explanation).toMatch(/would be yes, but the cell's list/);
  });

  it('does not overwrite an answer already in the file', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Q');
    sheet.addRow(['Question', 'Answer']);
    sheet.addRow(['Is customer data encrypted at rest?', 'Ask legal']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const result = await answerQuestionnaireFile(snapshot, bytes, { fileName: 'q.xlsx' });
    const after = await open(result.bytes);
    expect(after.getWorksheet('Q')?.getCell('B2').value).toBe('Ask legal');
    expect(result.answers[0]?.needsReview).toBe(true);
  });

  it('turns a CSV questionnaire into a workbook with a review sheet, and keeps CSV output inert', async () => {
    const csv =
      'Question,Answer\nIs customer data encrypted at rest?,\n"=HYPERLINK(""http://x"") Do you support SSO?",\n';
    const bytes = new TextEncoder().encode(csv);
    const xlsx = await answerQuestionnaireFile(snapshot, bytes, {
      fileName: 'buyer.csv',
      format: 'xlsx',
    });
    expect(xlsx.fileName).toBe('buyer.answered.xlsx');
    const workbook = await open(xlsx.bytes);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['buyer', reviewSheetName]);
    expect(workbook.getWorksheet('buyer')?.getCell('B2').value).toBe('Yes');
    const review = await answerQuestionnaireFile(snapshot, bytes, { fileName: 'buyer.csv' });
    expect(review.fileName).toBe('buyer.answered.csv');
    expect(new TextDecoder().decode(review.bytes)).toContain(`"'=HYPERLINK(""http://x"")`);
  });

  it('writes CSV and JSON with the review fields, and counts by source', async () => {
    const { bytes } = await buildWorkbook('generic', testset.generic);
    const csv = await answerQuestionnaireFile(snapshot, bytes, {
      fileName: 'vendor.xlsx',
      format: 'csv',
    });
    const text = new TextDecoder().decode(csv.bytes);
    expect(text.split('\n')[0]).toBe(reviewHeaders.join(','));
    expect(csv.fileName).toBe('vendor.answered.csv');
    const json = await answerQuestionnaireFile(snapshot, bytes, {
      fileName: 'vendor.xlsx',
      format: 'json',
    });
    const parsed = JSON.parse(new TextDecoder().decode(json.bytes));
    expect(parsed.answers).toHaveLength(testset.generic.length);
    expect(parsed.answers[0]).toMatchObject({ sheet: 'Vendor security', row: 2 });
    expect(Object.keys(parsed.answers[0]).sort()).toEqual(
      [
        'answer',
        'citations',
        'confidence',
        'explanation',
        'kind',
        'layout',
        'needsReview',
        'question',
        'questionId',
        'row',
        'sheet',
        'source',
        'statement',
        'written',
      ].sort(),
    );
    const { summary } = json;
    expect(summary.answered + summary.byAnswer.blank).toBe(summary.questions);
    expect(Object.values(summary.bySource).reduce((a, b) => a + b, 0)).toBe(summary.answered);
  });
});
