import { labelQuestion, type QuestionLabel } from './labels.ts';
import { bank, domain, questionsOf, textOf } from './question-bank.ts';
import {
  answerCell,
  type BuiltFixture,
  createWorkbook,
  finishWorkbook,
  inlineList,
  writeHeader,
  writeText,
  yesNo,
  yesNoNa,
} from './workbook-kit.ts';
import { addListValidation, addX14ListValidation, setDimension } from './zip-parts.ts';

interface MainQuestion {
  text: string;
  /** Sub-questions, lettered a., b., … one column to the right. */
  subs: string[];
  /** A lead-in that is not itself answered (its answer cell is greyed out). */
  leadIn?: boolean;
}

/** 5. Main questions with lettered sub-questions one column to the right. */
export async function buildSubQuestions(): Promise<BuiltFixture> {
  const workbook = createWorkbook();
  const sheetName = 'Security Questions';
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = [{ width: 6 }, { width: 6 }, { width: 70 }, { width: 14 }, { width: 50 }];
  writeHeader(sheet, 1, ['No.', 'Question', '', 'Response', 'Comments']);
  sheet.mergeCells('B1:C1');
  const mains: MainQuestion[] = [
    { text: 'Do you have a written information security programme?', subs: [] },
    { text: textOf('POLC', 1), subs: [textOf('POLC', 2), textOf('POLC', 3)] },
    {
      text: 'For data you hold on our behalf, answer the following:',
      subs: [textOf('DATA', 0), textOf('DATA', 1), textOf('DATA', 2)],
      leadIn: true,
    },
    { text: textOf('DATA', 7), subs: [textOf('DATA', 8)] },
    { text: textOf('POLC', 5), subs: [] },
    {
      text: 'Do you use subprocessors to deliver the service?',
      subs: [
        'Are they bound by written security obligations?',
        'Do you review their security at least once a year?',
      ],
    },
    { text: textOf('POLC', 0), subs: [] },
    { text: textOf('POLC', 12), subs: [] },
  ];
  const questions: QuestionLabel[] = [];
  let row = 2;
  mains.forEach((main, m) => {
    const id = `${m + 1}`;
    sheet.getCell(row, 1).value = id;
    sheet.mergeCells(row, 2, row, 3);
    writeText(sheet, row, 2, main.text);
    sheet.getCell(row, 2).font = { bold: true };
    if (main.leadIn)
      sheet.getCell(row, 4).fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: 'FFBFBFBF' },
      };
    else {
      answerCell(sheet, row, 4, inlineList(yesNo));
      questions.push(
        labelQuestion({
          sheet: sheetName,
          row,
          id,
          text: main.text,
          answerCol: 4,
          commentCol: 5,
          allowed: yesNo,
        }),
      );
    }
    row++;
    main.subs.forEach((sub, s) => {
      const text = `${String.fromCharCode(97 + s)}. ${sub}`;
      writeText(sheet, row, 3, text);
      sheet.getCell(row, 3).alignment = { indent: 1, wrapText: true, vertical: 'top' };
      answerCell(sheet, row, 4, inlineList(yesNo));
      questions.push(
        labelQuestion({
          sheet: sheetName,
          row,
          text,
          parent: id,
          answerCol: 4,
          commentCol: 5,
          allowed: yesNo,
        }),
      );
      row++;
    });
  });
  return {
    file: '05-sub-questions.xlsx',
    bytes: await finishWorkbook(workbook),
    label: {
      split: 'holdout',
      format: 'xlsx',
      mirrors:
        'Numbered questions with lettered follow-ups indented one column right, as in many insurer and university questionnaires; one lead-in row is not a question.',
      sheets: { answered: [sheetName], skipped: [] },
      questions,
    },
  };
}

const maturity = ['Fully implemented', 'Partially implemented', 'Planned', 'Not implemented'];

/** 6. Dropdown lists kept on a hidden sheet: one via an x14 cross-sheet range, one via a defined name. */
export async function buildHiddenListDropdown(): Promise<BuiltFixture> {
  const workbook = createWorkbook();
  const controls = workbook.addWorksheet('Controls');
  const maturityTab = workbook.addWorksheet('Maturity');
  const lists = workbook.addWorksheet('Lists', { state: 'hidden' });
  yesNoNa.forEach((v, i) => {
    lists.getCell(i + 1, 1).value = v;
  });
  maturity.forEach((v, i) => {
    lists.getCell(i + 1, 2).value = v;
  });
  workbook.definedNames.add(`'Lists'!$B$1:$B$${maturity.length}`, 'MaturityLevels');
  const questions: QuestionLabel[] = [];
  const fill = (
    sheetName: string,
    sheet: typeof controls,
    code: string,
    count: number,
    allowed: string[],
    list?: string,
  ) => {
    sheet.columns = [{ width: 10 }, { width: 70 }, { width: 22 }, { width: 50 }];
    writeHeader(sheet, 1, ['Ref', 'Question', 'Response', 'Comments']);
    questionsOf(code, count).forEach((q, i) => {
      const row = i + 2;
      const id = `${code}-${String(i + 1).padStart(2, '0')}`;
      sheet.getCell(row, 1).value = id;
      writeText(sheet, row, 2, q.text);
      answerCell(sheet, row, 3, list);
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
    });
    return count;
  };
  const controlCount = fill('Controls', controls, 'INFR', 12, yesNoNa);
  fill('Maturity', maturityTab, 'POLC', 10, maturity, 'MaturityLevels');
  return {
    file: '06-hidden-list-dropdown.xlsx',
    bytes: await finishWorkbook(workbook, (parts) =>
      addX14ListValidation(
        parts,
        'Controls',
        `C2:C${controlCount + 1}`,
        `Lists!$A$1:$A$${yesNoNa.length}`,
      ),
    ),
    label: {
      split: 'tune',
      format: 'xlsx',
      mirrors:
        'Workbooks whose answer lists live on a hidden "Lists" sheet, referenced as Excel 2010+ writes it (x14 extLst) or through a defined name.',
      sheets: { answered: ['Controls', 'Maturity'], skipped: ['Lists'] },
      questions,
    },
  };
}

/** 7. A title block, a merged logo-ish title and an instructions paragraph above a header in row 12. */
export async function buildTitleBlock(): Promise<BuiltFixture> {
  const workbook = createWorkbook();
  const sheetName = 'Vendor Assessment';
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = [
    { width: 8 },
    { width: 20 },
    { width: 70 },
    { width: 16 },
    { width: 45 },
    { width: 35 },
  ];
  sheet.mergeCells('A1:F3');
  const title = sheet.getCell('A1');
  title.value = 'NORTHFIELD STATE UNIVERSITY  |  Information Security Office';
  title.font = { bold: true, size: 20, color: { argb: 'FFFFFFFF' } };
  title.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF7B2C2C' } };
  title.alignment = { vertical: 'middle', horizontal: 'center' };
  sheet.mergeCells('A4:F4');
  sheet.getCell('A4').value = 'Third-Party Technology Risk Assessment — version 2.3';
  sheet.getCell('A4').alignment = { horizontal: 'center' };
  const fields: [string, number][] = [
    ['Vendor name:', 6],
    ['Product name:', 7],
    ['Completed by / date:', 8],
  ];
  for (const [label, row] of fields) {
    sheet.getCell(row, 2).value = label;
    sheet.getCell(row, 2).font = { bold: true };
    sheet.mergeCells(row, 3, row, 4);
  }
  sheet.mergeCells('A10:F10');
  writeText(
    sheet,
    10,
    1,
    'Instructions: answer each question from the drop-down list in the Vendor Response column, and explain any answer other than Yes in Vendor Comments. The Reviewer Notes column is for university staff only; leave it blank. Incomplete assessments will be returned, which delays the purchase.',
  );
  sheet.getRow(10).height = 60;
  writeHeader(sheet, 12, [
    'Item',
    'Category',
    'Question',
    'Vendor Response',
    'Vendor Comments',
    'Reviewer Notes',
  ]);
  const picks: [string, number][] = [
    ['ORGN', 3],
    ['DOCS', 3],
    ['AUTH', 4],
    ['DATA', 4],
    ['APPS', 3],
    ['ACCS', 3],
  ];
  const allowed = ['Yes', 'No', 'Partial', 'N/A'];
  const questions: QuestionLabel[] = [];
  let row = 13;
  let item = 1;
  for (const [code, count] of picks) {
    const d = domain(code);
    for (const q of d.questions.filter((x) => x.kind === 'yesno').slice(0, count)) {
      const id = `${item}`;
      sheet.getCell(row, 1).value = item;
      sheet.getCell(row, 2).value = d.title;
      writeText(sheet, row, 3, q.text);
      answerCell(sheet, row, 4, inlineList(allowed));
      questions.push(
        labelQuestion({
          sheet: sheetName,
          row,
          id,
          text: q.text,
          answerCol: 4,
          commentCol: 5,
          allowed,
        }),
      );
      row++;
      item++;
    }
  }
  return {
    file: '07-title-block.xlsx',
    bytes: await finishWorkbook(workbook),
    label: {
      split: 'holdout',
      format: 'xlsx',
      mirrors:
        'A university risk office form: branded merged title, vendor detail fields, an instructions paragraph, the table header in row 12 and a reviewer-only column.',
      sheets: { answered: [sheetName], skipped: [] },
      questions,
    },
  };
}

/** 9. A sheet whose dimension declares every row and column but holds 40 real rows. */
export async function buildHugeDimension(): Promise<BuiltFixture> {
  const workbook = createWorkbook();
  const sheetName = 'Questions';
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = [{ width: 12 }, { width: 70 }, { width: 14 }, { width: 50 }];
  writeHeader(sheet, 1, ['Question ID', 'Question', 'Response', 'Comments']);
  const all = bank.flatMap((d) =>
    d.questions
      .filter((q) => q.kind === 'yesno')
      .slice(0, 5)
      .map((q, i) => ({ id: `${d.code}-${String(i + 1).padStart(2, '0')}`, text: q.text })),
  );
  const chosen = all.slice(0, 39);
  const questions: QuestionLabel[] = chosen.map((q, i) => {
    const row = i + 2;
    sheet.getCell(row, 1).value = q.id;
    writeText(sheet, row, 2, q.text);
    return labelQuestion({
      sheet: sheetName,
      row,
      id: q.id,
      text: q.text,
      answerCol: 3,
      commentCol: 4,
      allowed: yesNo,
    });
  });
  return {
    file: '09-huge-dimension.xlsx',
    bytes: await finishWorkbook(workbook, (parts) => {
      setDimension(parts, sheetName, 'A1:XFD1048576');
      addListValidation(parts, sheetName, 'C2:C1048576', inlineList(yesNo));
    }),
    label: {
      split: 'tune',
      format: 'xlsx',
      mirrors:
        'A sheet saved by a tool that declares the whole grid (A1:XFD1048576) and a whole-column dropdown, over 40 real rows.',
      sheets: { answered: [sheetName], skipped: [] },
      questions,
    },
  };
}
