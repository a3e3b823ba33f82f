import { parseRange } from './cell-ref.ts';
import type { CellRange, SheetData } from './workbook-model.ts';

/** How deep a defined name may point at another defined name before we give up. */
const maxNameDepth = 4;

/** Splits `a,b` at commas that are outside quotes and parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quote) {
      if (character === quote) quote = undefined;
    } else if (character === "'" || character === '"') quote = character;
    else if (character === '(') depth++;
    else if (character === ')') depth--;
    else if (character === ',' && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Splits `'Other Sheet'!$B$2:$B$5` into its sheet name and the rest. */
function splitSheet(reference: string): { sheet: string | undefined; rest: string } {
  const quoted = /^'((?:[^']|'')+)'!(.+)$/.exec(reference);
  if (quoted?.[1] && quoted[2]) return { sheet: quoted[1].replace(/''/g, "'"), rest: quoted[2] };
  const bang = reference.lastIndexOf('!');
  if (bang > 0) return { sheet: reference.slice(0, bang), rest: reference.slice(bang + 1) };
  return { sheet: undefined, rest: reference };
}

/** The values of an inline list (`"Yes,No,N/A"`), trimmed, blanks dropped. */
function inlineValues(formula: string): string[] {
  const inner = formula.slice(1, formula.endsWith('"') ? -1 : undefined).replace(/""/g, '"');
  return inner
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** The non-blank texts of the existing cells of a sheet inside a range, row by row. */
function rangeValues(sheet: SheetData, range: CellRange): string[] {
  const values: string[] = [];
  for (const [rowNumber, cells] of sheet.rows) {
    if (rowNumber < range.top || rowNumber > range.bottom) continue;
    const columns = [...cells.keys()]
      .filter((col) => col >= range.left && col <= range.right)
      .sort((a, b) => a - b);
    for (const col of columns) {
      const text = cells.get(col)?.text.trim();
      if (text) values.push(text);
    }
  }
  return values;
}

/** What a list validation's source is resolved against. */
export interface ListSourceContext {
  /** The sheet the validation is on (for references without a sheet name). */
  sheet: SheetData;
  sheetsByName: Map<string, SheetData>;
  /** Defined names keyed in lower case, as spreadsheet names are case-insensitive. */
  namesByLowerCase: Map<string, string>;
}

function resolveReference(reference: string, context: ListSourceContext, depth: number): string[] {
  const values: string[] = [];
  for (const part of splitTopLevel(reference)) {
    const area = part.trim().replace(/^=/, '');
    const { sheet: sheetName, rest } = splitSheet(area);
    const range = parseRange(rest);
    if (range) {
      const sheet =
        sheetName === undefined ? context.sheet : context.sheetsByName.get(sheetName.toLowerCase());
      if (sheet) values.push(...rangeValues(sheet, range));
      continue;
    }
    const named = sheetName === undefined ? context.namesByLowerCase.get(area.toLowerCase()) : '';
    if (named && depth < maxNameDepth) values.push(...resolveReference(named, context, depth + 1));
  }
  return values;
}

/**
 * The allowed values of a list validation's `formula1`: an inline list (`"Yes,No"`), a
 * range on this or another sheet (`$A$1:$A$3`, `'Other Sheet'!$B$2:$B$5`, `Lists!A:A`), or
 * a defined name that holds one. Only the cells that exist are read, so a whole-column
 * source costs what its filled cells cost. A source that needs a formula evaluated
 * (`INDIRECT(…)`, `OFFSET(…)`) resolves to no values.
 */
export function resolveListSource(formula: string, context: ListSourceContext): string[] {
  const text = formula.trim().replace(/^=/, '');
  if (text.startsWith('"')) return inlineValues(text);
  return resolveReference(text, context, 0);
}
