import type ExcelJS from 'exceljs';
import { labelQuestion, type QuestionLabel } from './labels.ts';
import {
  autoResponses,
  crosswalk,
  frameworks,
  type PlannedQuestion,
  type PlannedTab,
  planTabs,
} from './multi-tab-content.ts';
import {
  answerCell,
  type BuiltFixture,
  createWorkbook,
  finishWorkbook,
  sectionFill,
  writeHeader,
  writeText,
  yesNo,
} from './workbook-kit.ts';
import {
  addListValidation,
  addX14ListValidation,
  setSheetState,
  type ZipParts,
} from './zip-parts.ts';

/** 8. The big multi-tab assessment (HECVAT-like): see the README in the fixtures folder. */

const start = 'START HERE';
const analyst = 'Analyst Evaluation';
const crosswalkSheet = 'Standards Crosswalk';
const bankSheet = 'Question Bank';
const autoSheet = 'Auto Responses';
const scoringSheet = 'Scoring';
/**
 * Rows of the formula blocks on the Scoring and Analyst Evaluation sheets. Like the real
 * templates, they are pre-filled far past the questions so institutions can add their own;
 * this is what brings the file to about 1 MB.
 */
const formulaRows = 5200;
const ratings = ['Acceptable', 'Acceptable with follow-up', 'Unacceptable', 'Not reviewed'];

const quote = (sheet: string) => `'${sheet.replace(/'/g, "''")}'`;

interface Placed {
  q: PlannedQuestion;
  row: number;
}

function writeStart(sheet: ExcelJS.Worksheet, tabs: PlannedTab[], placed: Map<string, Placed[]>) {
  sheet.columns = [{ width: 34 }, { width: 60 }, { width: 14 }];
  sheet.getCell('A1').value = 'Vendor Security and Accessibility Assessment';
  sheet.getCell('A1').font = { bold: true, size: 18 };
  writeText(
    sheet,
    2,
    1,
    'Read these instructions before answering. Fill in the details below, then answer every question on the blue tabs. The yellow tab is for the institution\u2019s analysts; grey tabs are reference material. Do not rename tabs, move questions or paste over the drop-down lists, or the scoring will break.',
  );
  sheet.mergeCells('A2:C2');
  sheet.getRow(2).height = 75;
  const fields = [
    'Vendor Name',
    'Product Name',
    'Product Version',
    'Contact Name',
    'Contact E-mail',
    'Date Completed',
  ];
  fields.forEach((f, i) => {
    sheet.getCell(5 + i, 1).value = f;
    sheet.getCell(5 + i, 1).font = { bold: true };
    answerCell(sheet, 5 + i, 2);
  });
  writeHeader(sheet, 13, ['Tab', 'What it covers', 'Completed']);
  tabs.forEach((tab, i) => {
    const row = 14 + i;
    const rows = placed.get(tab.name) ?? [];
    const first = rows[0]?.row ?? 1;
    const last = rows.at(-1)?.row ?? 1;
    sheet.getCell(row, 1).value = tab.name;
    writeText(sheet, row, 2, tab.domain.guidance);
    sheet.getCell(row, 3).value = {
      formula: `COUNTIFS(${quote(tab.name)}!$C$${first}:$C$${last},"<>")/COUNTA(${quote(tab.name)}!$A$${first}:$A$${last})`,
      result: 0,
    };
    sheet.getCell(row, 3).numFmt = '0%';
  });
  const total = 14 + tabs.length;
  sheet.getCell(total, 1).value = 'Overall';
  sheet.getCell(total, 1).font = { bold: true };
  sheet.getCell(total, 3).value = { formula: `AVERAGE(C14:C${total - 1})`, result: 0 };
  sheet.getCell(total, 3).numFmt = '0%';
  const notes = [
    'About the answers: the Vendor Answers column accepts the values in its drop-down list; free-text questions have no list. Use Additional Information for anything a reviewer needs to understand your answer: scope, exceptions, dates and the documents that support it.',
    'About scoring: each Yes/No question carries a weight. The institution compares your answer with the answer it prefers and adds the weight when they match. Unanswered questions score nothing and delay the review.',
    'About confidentiality: the completed assessment is kept by the institution\u2019s security office and shared only with the staff who evaluate the purchase. Mark any answer you consider confidential in Additional Information.',
    'About updates: send a new copy whenever the product changes in a way that affects an answer, and at least once a year while the contract is in force.',
  ];
  notes.forEach((n, i) => {
    sheet.mergeCells(total + 2 + i, 1, total + 2 + i, 3);
    writeText(sheet, total + 2 + i, 1, n);
    sheet.getRow(total + 2 + i).height = 48;
  });
}

/** Writes one vendor tab; returns where each question went. */
function writeVendorTab(sheet: ExcelJS.Worksheet, tab: PlannedTab): Placed[] {
  sheet.columns = [{ width: 11 }, { width: 62 }, { width: 16 }, { width: 46 }, { width: 80 }];
  sheet.mergeCells('A1:E1');
  sheet.getCell('A1').value = { formula: `"Vendor: "&${quote(start)}!B5`, result: 'Vendor: ' };
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.mergeCells('A2:E2');
  sheet.getCell('A2').value = { formula: `"Product: "&${quote(start)}!B6`, result: 'Product: ' };
  sheet.mergeCells('A3:E3');
  writeText(sheet, 3, 1, `${tab.name}. ${tab.domain.guidance}`);
  sheet.getRow(3).height = 45;
  const placed: Placed[] = [];
  let row = 5;
  for (const section of tab.sections) {
    sheet.mergeCells(row, 1, row, 2);
    const titles: [number, string][] = [
      [1, section.title],
      [3, 'Vendor Answers'],
      [4, 'Additional Information'],
      [5, 'Guidance'],
    ];
    for (const [col, title] of titles) {
      const cell = sheet.getCell(row, col);
      cell.value = title;
      cell.font = { bold: true };
      cell.fill = sectionFill;
    }
    row++;
    for (const q of section.questions) {
      sheet.getCell(row, 1).value = q.id;
      writeText(sheet, row, 2, q.text);
      answerCell(sheet, row, 3);
      answerCell(sheet, row, 4);
      writeText(sheet, row, 5, q.guidance);
      sheet.getCell(row, 5).font = { italic: true, color: { argb: 'FF595959' } };
      placed.push({ q, row });
      row++;
    }
    row++;
  }
  return placed;
}

function writeQuestionBank(sheet: ExcelJS.Worksheet, all: Placed[]) {
  writeHeader(sheet, 1, [
    'Question ID',
    'Tab',
    'Section',
    'Question',
    'Answer Type',
    'Preferred Answer',
    'Weight',
    'Guidance',
    'Row',
  ]);
  all.forEach(({ q, row }, i) => {
    const values = [
      q.id,
      q.tab,
      q.section,
      q.text,
      q.kind === 'yesno' ? 'Yes/No' : 'Text',
      q.preferred,
      q.weight,
      q.guidance,
      row,
    ];
    values.forEach((v, c) => {
      sheet.getCell(i + 2, c + 1).value = v;
    });
  });
}

function writeAutoResponses(sheet: ExcelJS.Worksheet, all: Placed[]) {
  writeHeader(sheet, 1, ['Key', 'Question ID', 'Answer', 'Report Text']);
  writeHeader(sheet, 1, ['Yes/No List', 'Rating List'], 8);
  yesNo.forEach((v, i) => {
    sheet.getCell(i + 2, 8).value = v;
  });
  ratings.forEach((v, i) => {
    sheet.getCell(i + 2, 9).value = v;
  });
  let row = 2;
  for (const { q } of all)
    for (const [answer, text] of autoResponses(q)) {
      sheet.getCell(row, 1).value = `${q.id}|${answer}`;
      sheet.getCell(row, 2).value = q.id;
      sheet.getCell(row, 3).value = answer;
      sheet.getCell(row, 4).value = text;
      row++;
    }
  return row - 1;
}

function writeScoring(sheet: ExcelJS.Worksheet, all: Placed[], autoLast: number) {
  writeHeader(sheet, 1, [
    'Question ID',
    'Tab',
    'Vendor Answer',
    'Preferred',
    'Weight',
    'Points',
    'Report Text',
    'Included',
  ]);
  const bank = `${quote(bankSheet)}!$A$2:$I$${all.length + 1}`;
  for (let i = 0; i < formulaRows; i++) {
    const r = i + 2;
    const placed = all[i];
    sheet.getCell(r, 1).value = {
      formula: `IFERROR(INDEX(${quote(bankSheet)}!$A:$A,ROW()),"")`,
      result: placed?.q.id ?? '',
    };
    sheet.getCell(r, 2).value = {
      formula: `IFERROR(VLOOKUP($A${r},${bank},2,FALSE),"")`,
      result: placed?.q.tab ?? '',
    };
    sheet.getCell(r, 3).value = {
      formula: `IF($A${r}="","",IFERROR(INDEX(INDIRECT("'"&$B${r}&"'!C:C"),VLOOKUP($A${r},${bank},9,FALSE))&"",""))`,
      result: '',
    };
    sheet.getCell(r, 4).value = {
      formula: `IFERROR(VLOOKUP($A${r},${bank},6,FALSE),"")`,
      result: placed?.q.preferred ?? '',
    };
    sheet.getCell(r, 5).value = {
      formula: `IFERROR(VLOOKUP($A${r},${bank},7,FALSE),0)`,
      result: placed?.q.weight ?? 0,
    };
    sheet.getCell(r, 6).value = {
      formula: `IF(AND($C${r}<>"",$C${r}=$D${r}),$E${r},0)*$H${r}`,
      result: 0,
    };
    sheet.getCell(r, 7).value = {
      formula: `IFERROR(VLOOKUP($A${r}&"|"&IF($C${r}="","(blank)",$C${r}),${quote(autoSheet)}!$A$2:$D$${autoLast},4,FALSE),IFERROR(VLOOKUP($A${r}&"|(any)",${quote(autoSheet)}!$A$2:$D$${autoLast},4,FALSE),""))`,
      result: '',
    };
    sheet.getCell(r, 8).value = {
      formula: `IF(COUNTIF(${quote(analyst)}!$B$4:$B$${formulaRows + 3},$B${r})>0,1,0)`,
      result: placed ? 1 : 0,
    };
  }
}

function writeAnalyst(sheet: ExcelJS.Worksheet, all: Placed[]) {
  sheet.getCell('A1').value = {
    formula: `"Evaluation of "&${quote(start)}!B6&" by "&${quote(start)}!B5`,
    result: 'Evaluation of  by ',
  };
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A2').value =
    'For institution use only. Rate each answer in column N; the score updates from the Scoring tab.';
  const headers = [
    'Question ID',
    'Tab',
    'Question',
    'Vendor Answer',
    'Additional Information',
    'Preferred',
    'Weight',
    'Points',
    'Report Text',
    'Score to Date',
    'Flag',
    'Follow-up Owner',
    'Follow-up Due',
    'Analyst Rating',
    'Analyst Notes',
  ];
  writeHeader(sheet, 3, headers);
  for (let i = 0; i < formulaRows; i++) {
    const r = i + 4;
    const s = i + 2;
    const q = all[i]?.q;
    const scoring = (col: string) => `${quote(scoringSheet)}!${col}${s}`;
    const onTab = (col: string) =>
      `IF($A${r}="","",IFERROR(INDEX(INDIRECT("'"&$B${r}&"'!${col}:${col}"),MATCH($A${r},INDIRECT("'"&$B${r}&"'!A:A"),0))&"",""))`;
    const cells: [number, ExcelJS.CellValue][] = [
      [1, { formula: scoring('A'), result: q?.id ?? '' }],
      [2, { formula: scoring('B'), result: q?.tab ?? '' }],
      [
        3,
        {
          formula: `IF($A${r}="","",INDEX(${quote(bankSheet)}!$D:$D,MATCH($A${r},${quote(bankSheet)}!$A:$A,0)))`,
          result: q?.text ?? '',
        },
      ],
      [4, { formula: onTab('C'), result: '' }],
      [5, { formula: onTab('D'), result: '' }],
      [6, { formula: scoring('D'), result: q?.preferred ?? '' }],
      [7, { formula: scoring('E'), result: q?.weight ?? 0 }],
      [8, { formula: scoring('F'), result: 0 }],
      [9, { formula: scoring('G'), result: '' }],
      [10, { formula: `SUM($H$4:$H${r})/MAX(1,SUM($G$4:$G${r}))`, result: 0 }],
      [11, { formula: `IF(AND($D${r}<>"",$F${r}<>"",$D${r}<>$F${r}),"Review","")`, result: '' }],
    ];
    for (const [col, value] of cells) sheet.getCell(r, col).value = value;
  }
}

export async function buildMultiTab(): Promise<BuiltFixture> {
  const workbook = createWorkbook();
  const tabs = planTabs();
  const startSheet = workbook.addWorksheet(start, {
    properties: { tabColor: { argb: 'FF00B050' } },
  });
  const placed = new Map<string, Placed[]>();
  for (const tab of tabs) {
    const sheet = workbook.addWorksheet(tab.name, {
      properties: { tabColor: { argb: 'FF4472C4' } },
    });
    placed.set(tab.name, writeVendorTab(sheet, tab));
  }
  writeStart(startSheet, tabs, placed);
  const all = tabs.flatMap((t) => placed.get(t.name) ?? []);
  writeAnalyst(
    workbook.addWorksheet(analyst, { properties: { tabColor: { argb: 'FFFFC000' } } }),
    all,
  );
  const cross = workbook.addWorksheet(crosswalkSheet, {
    properties: { tabColor: { argb: 'FFA6A6A6' } },
  });
  writeHeader(cross, 1, ['Question ID', 'Question', ...frameworks]);
  all.forEach(({ q }, i) => {
    cross.getCell(i + 2, 1).value = q.id;
    cross.getCell(i + 2, 2).value = q.text;
    crosswalk(q).forEach((ref, c) => {
      cross.getCell(i + 2, c + 3).value = ref;
    });
  });
  writeQuestionBank(workbook.addWorksheet(bankSheet, { state: 'hidden' }), all);
  const autoLast = writeAutoResponses(workbook.addWorksheet(autoSheet, { state: 'hidden' }), all);
  writeScoring(workbook.addWorksheet(scoringSheet, { state: 'hidden' }), all, autoLast);

  const questions: QuestionLabel[] = all.map(({ q, row }) =>
    labelQuestion({
      sheet: q.tab,
      row,
      id: q.id,
      text: q.text,
      answerCol: 3,
      commentCol: 4,
      allowed: q.kind === 'yesno' ? yesNo : undefined,
    }),
  );
  const patch = (parts: ZipParts) => {
    setSheetState(parts, scoringSheet, 'veryHidden');
    addListValidation(
      parts,
      analyst,
      'N1:XFD1048576',
      `${quote(autoSheet)}!$I$2:$I$${ratings.length + 1}`,
    );
    for (const tab of tabs) {
      const rows = (placed.get(tab.name) ?? [])
        .filter((p) => p.q.kind === 'yesno')
        .map((p) => `C${p.row}`);
      addX14ListValidation(
        parts,
        tab.name,
        rows.join(' '),
        `${quote(autoSheet)}!$H$2:$H$${yesNo.length + 1}`,
      );
    }
  };
  return {
    file: '08-multi-tab-assessment.xlsx',
    bytes: await finishWorkbook(workbook, patch),
    label: {
      split: 'tune',
      format: 'xlsx',
      mirrors:
        'HECVAT Full / HECVAT 4: START HERE tab, one vendor tab per area with section rows, an analyst tab, a crosswalk, and hidden question bank, auto-response and scoring sheets.',
      sheets: {
        answered: tabs.map((t) => t.name),
        skipped: [start, analyst, crosswalkSheet, bankSheet, autoSheet, scoringSheet],
      },
      questions,
    },
  };
}
