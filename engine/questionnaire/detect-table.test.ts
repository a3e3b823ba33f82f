import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { detectTables } from './detect-table.ts';
import { QuestionnaireError } from './limits.ts';
import { readQuestionnaire } from './read-workbook.ts';
import { buildWorkbook, readTestset } from './test-support/testset.ts';

const testset = readTestset();

async function tablesOf(bytes: Uint8Array, fileName = 'buyer.xlsx', choice = {}) {
  const { workbook } = await readQuestionnaire(bytes, fileName);
  return detectTables(workbook, fileName, choice);
}

async function workbookBytes(build: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('detectTables', () => {
  it('recognises a CAIQ sheet with its header on row 3 and merged control cells', async () => {
    const questions = testset.caiq.slice(0, 6);
    const { bytes } = await buildWorkbook('caiq', questions);
    const [table, ...others] = await tablesOf(bytes);
    expect(others).toEqual([]);
    expect(table).toMatchObject({
      layout: 'caiq',
      headerRow: 3,
      idColumn: 1,
      questionColumn: 2,
      answerColumn: 3,
      commentColumn: 5,
    });
    expect(table?.questions.map((question) => question.id)).toEqual(questions.map((q) => q.id));
    expect(table?.questions[0]).toMatchObject({ row: 4, text: questions[0]?.question });
  });

  it('reads every HECVAT domain sheet, skips merged section rows and the hidden list sheet', async () => {
    const { bytes, placements } = await buildWorkbook('hecvat', testset.hecvat);
    const tables = await tablesOf(bytes);
    expect(tables.map((table) => table.layout)).toEqual(tables.map(() => 'hecvat'));
    expect(tables.map((table) => table.sheet)).not.toContain('Lists');
    expect(tables.map((table) => table.headerRow)).toEqual(tables.map(() => 2));
    const found = tables.flatMap((table) => table.questions.map((q) => `${q.sheet}#${q.row}`));
    expect(found).toEqual(placements.map((p) => `${p.sheet}#${p.row}`));
    expect(tables[0]?.commentColumn).toBe(4);
  });

  it('reads a SIG sheet with its header on row 4, blank rows, and a question held by a formula', async () => {
    const { bytes, placements } = await buildWorkbook('sig', testset.sig);
    const [table] = await tablesOf(bytes);
    expect(table).toMatchObject({ layout: 'sig', headerRow: 4, answerColumn: 3 });
    expect(table?.questions).toHaveLength(placements.length);
    expect(table?.questions[0]?.text).toBe(testset.sig[0]?.question);
  });

  it('finds the question and answer columns of a generic sheet from its headers', async () => {
    const { bytes } = await buildWorkbook('generic', testset.generic.slice(0, 3));
    const [table] = await tablesOf(bytes);
    expect(table?.questions).toHaveLength(3);
    expect(table).toMatchObject({
      layout: 'generic',
      headerRow: 1,
      idColumn: undefined,
      questionColumn: 1,
      answerColumn: 2,
      commentColumn: 3,
    });
  });

  it('skips section headings of a sheet without ids', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Security');
      sheet.addRow(['Question', 'Answer']);
      sheet.addRow(['Data protection']);
      sheet.addRow(['Is customer data encrypted at rest?', null]);
      sheet.addRow(['Describe how backups are protected against deletion', null]);
    });
    const [table] = await tablesOf(bytes);
    expect(table?.questions.map((q) => q.row)).toEqual([3, 4]);
  });

  it('uses --question-col and --answer-col given as letters or as header text', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Sheet1');
      sheet.addRow(['Topic', 'Ask', 'Reply']);
      sheet.addRow(['Crypto', 'Is customer data encrypted at rest?', '']);
      sheet.addRow(['Access', 'Do you support single sign-on?', '']);
    });
    const byLetter = await tablesOf(bytes, 'buyer.xlsx', { questionCol: 'B', answerCol: 'C' });
    expect(byLetter[0]).toMatchObject({ questionColumn: 2, answerColumn: 3 });
    expect(byLetter[0]?.questions).toHaveLength(2);
    const byHeader = await tablesOf(bytes, 'buyer.xlsx', {
      questionCol: 'Ask',
      answerCol: 'reply',
    });
    expect(byHeader[0]).toMatchObject({ questionColumn: 2, answerColumn: 3 });
    await expect(tablesOf(bytes)).rejects.toThrow(/--question-col and --answer-col/);
    await expect(
      tablesOf(bytes, 'buyer.xlsx', { questionCol: 'Nope', answerCol: 'Reply' }),
    ).rejects.toMatchObject({ code: 'column-unknown' });
  });

  it('writes into an empty column named by letter when the sheet has only questions', async () => {
    const csv = 'Question\nIs customer data encrypted at rest?\nDo you support SSO?\n';
    const bytes = new TextEncoder().encode(csv);
    await expect(tablesOf(bytes, 'list.csv')).rejects.toMatchObject({ code: 'no-questions' });
    const [table] = await tablesOf(bytes, 'list.csv', { answerCol: 'B' });
    expect(table).toMatchObject({ questionColumn: 1, answerColumn: 2, headerRow: 1 });
    expect(table?.questions).toHaveLength(2);
  });

  it('fills a merged id cell down to every question it spans', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('IAM');
      sheet.addRow(['Question ID', 'Question', 'CSP CAIQ Answer']);
      sheet.addRow(['IAM-14.1', 'Is multi-factor authentication available?', null]);
      sheet.addRow([null, 'Can administrators require it for everyone?', null]);
      sheet.mergeCells('A2:A3');
    });
    const [table] = await tablesOf(bytes);
    expect(table?.questions.map((q) => [q.id, q.row])).toEqual([
      ['IAM-14.1', 2],
      ['IAM-14.1', 3],
    ]);
  });

  it('reads a CSV file like a one-sheet workbook', async () => {
    const csv =
      'Question ID,Question,Answer,Comments\nDATA-01,Is data encrypted at rest?,,\n,Data,,\nDATA-02,"Is data encrypted in transit, too?",,\n';
    const tables = await tablesOf(new TextEncoder().encode(csv), 'vendor.csv');
    expect(tables[0]).toMatchObject({ sheet: 'vendor', layout: 'hecvat', commentColumn: 4 });
    expect(tables[0]?.questions.map((q) => q.id)).toEqual(['DATA-01', 'DATA-02']);
  });

  it('refuses a workbook without any question table, with a hint', async () => {
    const bytes = await workbookBytes((workbook) => {
      workbook.addWorksheet('Notes').addRow(['Just some notes']);
    });
    const error = await tablesOf(bytes).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QuestionnaireError);
    expect((error as QuestionnaireError).code).toBe('no-questions');
  });
});
