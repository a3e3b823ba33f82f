import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Layout } from '../types.ts';

/** The organisations the test set has expected answers for, and their folders. */
export const testsetOrganisations = {
  bundled: '.',
  clientflow: 'examples/clientflow',
  studioflow: 'examples/studioflow',
} as const;

export type TestsetOrganisation = keyof typeof testsetOrganisations;

const expected = z.enum(['yes', 'no', 'n/a', 'blank']);

const testsetFile = z.strictObject({
  layout: z.enum(['caiq', 'hecvat', 'sig', 'generic']),
  questions: z.array(
    z.strictObject({
      id: z.string().optional(),
      question: z.string().min(8),
      bundled: expected,
      clientflow: expected,
      studioflow: expected,
    }),
  ),
});

export type TestsetQuestion = z.output<typeof testsetFile>['questions'][number];

/** Every labelled question, by layout. */
export function readTestset(): Record<Layout, TestsetQuestion[]> {
  const read = (layout: Layout) =>
    testsetFile.parse(
      parse(readFileSync(join(import.meta.dirname, '../testset', `${layout}.yaml`), 'utf8')),
    ).questions;
  return { caiq: read('caiq'), hecvat: read('hecvat'), sig: read('sig'), generic: read('generic') };
}

/** Where a question was put in a generated workbook. */
export interface Placement {
  sheet: string;
  row: number;
  question: TestsetQuestion;
}

const answerList = ['Yes', 'No', 'NA'];

function listValidation(formula: string): ExcelJS.DataValidation {
  return { type: 'list', allowBlank: true, formulae: [formula] };
}

/** A CAIQ v4-like sheet: title rows, header on row 3, merged control cells, inline dropdowns. */
function caiqSheet(workbook: ExcelJS.Workbook, questions: readonly TestsetQuestion[]): Placement[] {
  const sheet = workbook.addWorksheet('CAIQv4.0.3');
  sheet.getCell('A1').value = 'Consensus Assessments Initiative Questionnaire (test copy)';
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.mergeCells('A1:H1');
  sheet.addRow([]);
  const header = sheet.addRow([
    'Question ID',
    'Question',
    'CSP CAIQ Answer',
    'SSRM Control Ownership',
    'CSP Implementation Description (Optional/Recommended)',
    'CSC Responsibilities (Optional/Recommended)',
    'Control ID',
    'Control Title',
  ]);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  const placements: Placement[] = [];
  let groupStart = 0;
  let groupKey = '';
  const closeGroup = (end: number) => {
    if (groupStart && end > groupStart) {
      sheet.mergeCells(groupStart, 7, end, 7);
      sheet.mergeCells(groupStart, 8, end, 8);
    }
  };
  for (const question of questions) {
    const id = question.id ?? '';
    const key = id.replace(/\.\d+$/, '');
    const row = sheet.addRow([
      id,
      question.question,
      null,
      null,
      null,
      null,
      key,
      `Control ${key}`,
    ]);
    if (key !== groupKey) {
      closeGroup(row.number - 1);
      groupStart = row.number;
      groupKey = key;
    }
    row.getCell(3).dataValidation = listValidation(`"${answerList.join(',')}"`);
    row.getCell(4).dataValidation = listValidation('"CSP-owned,CSC-owned,Shared CSP and CSC"');
    placements.push({ sheet: sheet.name, row: row.number, question });
  }
  closeGroup(sheet.rowCount);
  return placements;
}

/** HECVAT-like sheets: one per domain, header on row 2, section rows, dropdowns from a list sheet. */
function hecvatSheets(
  workbook: ExcelJS.Workbook,
  questions: readonly TestsetQuestion[],
): Placement[] {
  const lists = workbook.addWorksheet('Lists', { state: 'hidden' });
  ['Yes', 'No', 'N/A'].forEach((value, index) => {
    lists.getCell(index + 1, 1).value = value;
  });
  const domains = new Map<string, TestsetQuestion[]>();
  for (const question of questions) {
    const domain = (question.id ?? 'MISC').split('-')[0] ?? 'MISC';
    domains.set(domain, [...(domains.get(domain) ?? []), question]);
  }
  const placements: Placement[] = [];
  for (const [domain, members] of domains) {
    const sheet = workbook.addWorksheet(domain);
    sheet.getCell('A1').value = `${domain} questions`;
    sheet.addRow(['ID', 'Question', 'Answer', 'Additional Information']).font = { bold: true };
    const section = sheet.addRow([`${domain} section`]);
    sheet.mergeCells(section.number, 1, section.number, 4);
    for (const question of members) {
      const row = sheet.addRow([question.id ?? '', question.question, null, null]);
      row.getCell(3).dataValidation = listValidation('Lists!$A$1:$A$3');
      placements.push({ sheet: sheet.name, row: row.number, question });
    }
  }
  return placements;
}

/** A SIG-like sheet: header on row 4, blank rows, one question text held by a formula. */
function sigSheet(workbook: ExcelJS.Workbook, questions: readonly TestsetQuestion[]): Placement[] {
  const sheet = workbook.addWorksheet('Questionnaire');
  sheet.getCell('A1').value = 'Supplier security questionnaire';
  sheet.getCell('A2').value = 'Answer every question; add comments where useful.';
  sheet.addRow([]);
  sheet.addRow(['Ques Num', 'Question/Request', 'Response', 'Comments']).font = { bold: true };
  const placements: Placement[] = [];
  questions.forEach((question, index) => {
    if (index > 0 && question.id?.endsWith('.1')) sheet.addRow([]);
    const text =
      index === 0
        ? { formula: `"${question.question.replace(/"/g, '""')}"`, result: question.question }
        : question.question;
    const row = sheet.addRow([question.id ?? '', text, null, null]);
    row.getCell(3).dataValidation = listValidation('"Yes,No,N/A"');
    placements.push({ sheet: sheet.name, row: row.number, question });
  });
  return placements;
}

/** A buyer's own sheet: plain headers, no ids, no dropdowns. */
function genericSheet(
  workbook: ExcelJS.Workbook,
  questions: readonly TestsetQuestion[],
): Placement[] {
  const sheet = workbook.addWorksheet('Vendor security');
  sheet.addRow(['Security question', 'Vendor answer', 'Notes']).font = { bold: true };
  return questions.map((question) => {
    const row = sheet.addRow([question.question, null, null]);
    return { sheet: sheet.name, row: row.number, question };
  });
}

/** Builds a workbook of `layout` holding `questions`, and where each question landed. */
export async function buildWorkbook(
  layout: Layout,
  questions: readonly TestsetQuestion[],
): Promise<{ bytes: Uint8Array; placements: Placement[] }> {
  const workbook = new ExcelJS.Workbook();
  const placements =
    layout === 'caiq'
      ? caiqSheet(workbook, questions)
      : layout === 'hecvat'
        ? hecvatSheets(workbook, questions)
        : layout === 'sig'
          ? sigSheet(workbook, questions)
          : genericSheet(workbook, questions);
  return { bytes: new Uint8Array(await workbook.xlsx.writeBuffer()), placements };
}
