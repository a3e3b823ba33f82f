import { stringify } from 'csv-stringify/sync';
import { labelQuestion, type QuestionLabel } from './labels.ts';
import { type BankQuestion, domain, questionsOf } from './question-bank.ts';
import {
  answerCell,
  type BuiltFixture,
  createWorkbook,
  finishWorkbook,
  inlineList,
  sectionFill,
  writeHeader,
  writeText,
  yesNo,
  yesNoNa,
} from './workbook-kit.ts';

/** The first few questions of several domains, in order. */
function mix(picks: [code: string, count: number][]): BankQuestion[] {
  return picks.flatMap(([code, count]) => questionsOf(code, count));
}

/** Fixture 1's rows, shared with its CSV twin (fixture 10). */
const headerRowQuestions = mix([
  ['DOCS', 4],
  ['AUTH', 4],
  ['DATA', 4],
  ['INFR', 4],
  ['POLC', 4],
]).map((q, i) => ({ id: `SEC-${String(i + 1).padStart(3, '0')}`, text: q.text }));

/** 1. "Question / Answer / Notes" header in row 1, ids in column A. */
export async function buildHeaderRow(): Promise<BuiltFixture> {
  const workbook = createWorkbook();
  const sheetName = 'Security Questionnaire';
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = [{ width: 10 }, { width: 70 }, { width: 18 }, { width: 50 }];
  writeHeader(sheet, 1, ['ID', 'Question', 'Answer', 'Notes']);
  const questions: QuestionLabel[] = [];
  headerRowQuestions.forEach((q, i) => {
    const row = i + 2;
    sheet.getCell(row, 1).value = q.id;
    writeText(sheet, row, 2, q.text);
    answerCell(sheet, row, 3);
    questions.push(
      labelQuestion({ sheet: sheetName, row, id: q.id, text: q.text, answerCol: 3, commentCol: 4 }),
    );
  });
  const about = workbook.addWorksheet('About');
  writeText(
    about,
    1,
    1,
    'Please answer every question on the Security Questionnaire tab and return this file to your procurement contact. Use the Notes column to explain any answer that is not a plain yes or no.',
  );
  return {
    file: '01-header-row.xlsx',
    bytes: await finishWorkbook(workbook),
    label: {
      split: 'tune',
      format: 'xlsx',
      mirrors:
        'A buyer-made vendor risk questionnaire: one table, a plain header row, an id column.',
      sheets: { answered: [sheetName], skipped: ['About'] },
      questions,
    },
  };
}

/** 10. Fixture 1 as CSV; the reader names the one sheet after the file. */
export function buildHeaderRowCsv(): BuiltFixture {
  const file = '10-header-row.csv';
  const sheetName = '10-header-row';
  const rows = [
    ['ID', 'Question', 'Answer', 'Notes'],
    ...headerRowQuestions.map((q) => [q.id, q.text, '', '']),
  ];
  const questions = headerRowQuestions.map((q, i) =>
    labelQuestion({
      sheet: sheetName,
      row: i + 2,
      id: q.id,
      text: q.text,
      answerCol: 3,
      commentCol: 4,
    }),
  );
  return {
    file,
    bytes: new TextEncoder().encode(stringify(rows, { record_delimiter: '\r\n' })),
    label: {
      split: 'tune',
      format: 'csv',
      mirrors:
        'The same buyer questionnaire exported to CSV, as portals and e-mail gateways often do.',
      sheets: { answered: [sheetName], skipped: [] },
      questions,
    },
  };
}

/** 2. No "Question" header: each section row repeats "Answer | Additional Information". */
export async function buildSectionRows(): Promise<BuiltFixture> {
  const workbook = createWorkbook();
  const sheetName = 'Vendor Response';
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = [{ width: 10 }, { width: 70 }, { width: 16 }, { width: 50 }];
  sheet.mergeCells('A1:D1');
  sheet.getCell('A1').value = 'Supplier Security Review';
  sheet.getCell('A1').font = { bold: true, size: 16 };
  const sections = ['AUTH', 'DATA', 'APPS', 'POLC'];
  const questions: QuestionLabel[] = [];
  let row = 3;
  sections.forEach((code, s) => {
    const d = domain(code);
    for (const [col, title] of [
      [1, `${s + 1}`],
      [2, d.title],
      [3, 'Answer'],
      [4, 'Additional Information'],
    ] as const) {
      const cell = sheet.getCell(row, col);
      cell.value = title;
      cell.font = { bold: true };
      cell.fill = sectionFill;
    }
    row++;
    questionsOf(code, 5).forEach((q, i) => {
      const id = `${s + 1}.${i + 1}`;
      sheet.getCell(row, 1).value = id;
      writeText(sheet, row, 2, q.text);
      const allowed = q.kind === 'yesno' ? yesNo : undefined;
      answerCell(sheet, row, 3, allowed && inlineList(allowed));
      questions.push(
        labelQuestion({
          sheet: sheetName,
          row,
          id,
          text: q.text,
          answerCol: 3,
          commentCol: 4,
          allowed,
        }),
      );
      row++;
    });
    row++;
  });
  return {
    file: '02-section-rows.xlsx',
    bytes: await finishWorkbook(workbook),
    label: {
      split: 'tune',
      format: 'xlsx',
      mirrors:
        'HECVAT-style vendor tabs: no single header row; every section row carries the answer column titles.',
      sheets: { answered: [sheetName], skipped: [] },
      questions,
    },
  };
}

/** 3. Id column, question column, then a Yes/No/N/A dropdown; one tab per domain. */
export async function buildIdQuestionDropdown(): Promise<BuiltFixture> {
  const workbook = createWorkbook();
  const instructions = workbook.addWorksheet('Instructions');
  instructions.getColumn(1).width = 100;
  writeText(instructions, 1, 1, 'Standard supplier assessment');
  writeText(
    instructions,
    3,
    1,
    'Each tab after this one covers one risk domain. Choose a response from the list in the Response column for every question and add supporting detail in Additional Information. Questions marked N/A must be explained.',
  );
  writeText(
    instructions,
    4,
    1,
    'Do not insert or delete rows, rename tabs or change the question numbering: responses are imported automatically by question number.',
  );
  const tabs: [sheet: string, letter: string, code: string, count: number][] = [
    ['A. Access Control', 'A', 'AUTH', 9],
    ['B. Data Protection', 'B', 'DATA', 9],
  ];
  const questions: QuestionLabel[] = [];
  for (const [sheetName, letter, code, count] of tabs) {
    const sheet = workbook.addWorksheet(sheetName);
    sheet.columns = [{ width: 10 }, { width: 70 }, { width: 14 }, { width: 50 }];
    sheet.getCell('A1').value = sheetName;
    sheet.getCell('A1').font = { bold: true, size: 14 };
    writeHeader(sheet, 2, ['Ques Num', 'Question/Request', 'Response', 'Additional Information']);
    questionsOf(code, count).forEach((q, i) => {
      const row = i + 3;
      const id = `${letter}.${i + 1}`;
      sheet.getCell(row, 1).value = id;
      writeText(sheet, row, 2, q.text);
      answerCell(sheet, row, 3, inlineList(yesNoNa));
      questions.push(
        labelQuestion({
          sheet: sheetName,
          row,
          id,
          text: q.text,
          answerCol: 3,
          commentCol: 4,
          allowed: yesNoNa,
        }),
      );
    });
  }
  return {
    file: '03-id-question-dropdown.xlsx',
    bytes: await finishWorkbook(workbook),
    label: {
      split: 'holdout',
      format: 'xlsx',
      mirrors:
        'SIG-Lite-style domain tabs: "Ques Num" ids like A.1, the question, a Yes/No/N/A response list, an instructions tab.',
      sheets: { answered: tabs.map((t) => t[0]), skipped: ['Instructions'] },
      questions,
    },
  };
}

/** 4. Control ids merged down over the two or three questions that test each control. */
export async function buildMergedIds(): Promise<BuiltFixture> {
  const workbook = createWorkbook();
  const sheetName = 'Assessment';
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = [{ width: 12 }, { width: 28 }, { width: 70 }, { width: 14 }, { width: 50 }];
  writeHeader(sheet, 1, ['Control ID', 'Control Title', 'Question', 'Answer', 'Comments']);
  const controls: [id: string, title: string, code: string, from: number, count: number][] = [
    ['IAM-01', 'Strong authentication', 'AUTH', 0, 3],
    ['IAM-02', 'Account lifecycle', 'AUTH', 5, 2],
    ['CEK-01', 'Encryption', 'DATA', 0, 3],
    ['BCR-01', 'Backup and recovery', 'DATA', 7, 2],
    ['LOG-01', 'Security logging', 'INFR', 8, 3],
    ['SEF-01', 'Incident management', 'POLC', 1, 3],
    ['TVM-01', 'Vulnerability management', 'APPS', 1, 2],
  ];
  const questions: QuestionLabel[] = [];
  let row = 2;
  for (const [id, title, code, from, count] of controls) {
    const texts = domain(code).questions.slice(from, from + count);
    sheet.getCell(row, 1).value = id;
    sheet.getCell(row, 2).value = title;
    sheet.mergeCells(row, 1, row + count - 1, 1);
    sheet.mergeCells(row, 2, row + count - 1, 2);
    for (const q of texts) {
      writeText(sheet, row, 3, q.text);
      answerCell(sheet, row, 4, inlineList(yesNoNa));
      questions.push(
        labelQuestion({
          sheet: sheetName,
          row,
          id,
          text: q.text,
          answerCol: 4,
          commentCol: 5,
          allowed: yesNoNa,
        }),
      );
      row++;
    }
  }
  return {
    file: '04-merged-ids.xlsx',
    bytes: await finishWorkbook(workbook),
    label: {
      split: 'tune',
      format: 'xlsx',
      mirrors:
        'CAIQ-style control rows: the control id and title cells are merged down over the questions that test the control.',
      sheets: { answered: [sheetName], skipped: [] },
      questions,
    },
  };
}
