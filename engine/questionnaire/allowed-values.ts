import type ExcelJS from 'exceljs';
import { cellText } from './cell-text.ts';
import type { AnswerValue } from './types.ts';

/** The values a dropdown (list data validation) on `cell` allows, or undefined without one. */
export function allowedValues(
  workbook: ExcelJS.Workbook,
  sheet: ExcelJS.Worksheet,
  cell: ExcelJS.Cell,
): string[] | undefined {
  const validation = cell.dataValidation;
  if (validation?.type !== 'list') return undefined;
  const formula = String(validation.formulae?.[0] ?? '').trim();
  if (formula.startsWith('"'))
    return formula
      .replace(/^"|"$/g, '')
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean);
  return valuesOfRange(workbook, sheet, formula.replace(/^=/, ''));
}

function valuesOfRange(
  workbook: ExcelJS.Workbook,
  sheet: ExcelJS.Worksheet,
  reference: string,
): string[] | undefined {
  const named = workbook.definedNames.getRanges(reference)?.ranges ?? [];
  const ranges = named.length > 0 ? named : [reference];
  const values: string[] = [];
  for (const range of ranges) {
    const match = /^(?:'?([^'!]+)'?!)?\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(range);
    if (!match) return undefined;
    const [, sheetName, fromColumn = 'A', fromRow = '1', toColumn, toRow] = match;
    const target = sheetName ? workbook.getWorksheet(sheetName) : sheet;
    if (!target) return undefined;
    const first = target.getColumn(fromColumn).number;
    const last = target.getColumn(toColumn ?? fromColumn).number;
    for (
      let row = Number(fromRow);
      row <= Number(toRow ?? fromRow) && row - Number(fromRow) < 500;
      row++
    )
      for (let column = first; column <= last; column++) {
        const text = cellText(target.getRow(row).getCell(column).value);
        if (text) values.push(text);
      }
  }
  return values;
}

const spellings: Record<Exclude<AnswerValue, 'blank' | 'text'>, RegExp[]> = {
  yes: [/^yes$/i, /^y$/i, /^true$/i, /^yes\b/i],
  no: [/^no$/i, /^n$/i, /^false$/i, /^no\b(?!t)/i],
  'n/a': [/^n\/?a$/i, /^not applicable$/i, /^n\/?a\b/i, /^not applicable\b/i],
};

const plain: Record<Exclude<AnswerValue, 'blank' | 'text'>, string> = {
  yes: 'Yes',
  no: 'No',
  'n/a': 'N/A',
};

/**
 * What to write into a cell for an answer: the dropdown's own spelling of Yes/No/N/A, the
 * plain word without a dropdown, or undefined when the dropdown has no such value. A text
 * answer (`statement`) is written as it is, or, under a dropdown, only when it is one of
 * the dropdown's values.
 */
export function spellAnswer(
  answer: AnswerValue,
  allowed: readonly string[] | undefined,
  statement?: string,
): string | undefined {
  if (answer === 'blank') return undefined;
  if (answer === 'text') {
    if (!statement) return undefined;
    if (!allowed) return statement;
    return allowed.find((value) => value.trim().toLowerCase() === statement.trim().toLowerCase());
  }
  if (!allowed) return plain[answer];
  for (const pattern of spellings[answer]) {
    const found = allowed.find((value) => pattern.test(value.trim()));
    if (found) return found;
  }
  return undefined;
}

/**
 * The yes, no or n/a a person wrote into an answer cell, in any of the spellings a dropdown
 * may use (`Y`, `TRUE`, `Not applicable`, `Yes – see policy`), or undefined for free text.
 */
export function cellAnswer(text: string): Exclude<AnswerValue, 'blank' | 'text'> | undefined {
  const value = text.trim();
  for (const answer of ['yes', 'no', 'n/a'] as const)
    if (spellings[answer].some((pattern) => pattern.test(value))) return answer;
  return undefined;
}
