import { SaxesParser } from 'saxes';
import { parseCellRef, parseRange, parseSqref } from './cell-ref.ts';
import type { CellRange } from './workbook-model.ts';

/** Where an element sits in the XML text: indexes into the decoded string. */
export interface ElementSpan {
  /** Index of its `<`. */
  start: number;
  /** Index just after the `>` of its opening tag (equal to `end` when self-closing). */
  openEnd: number;
  /** Index of its closing tag's `<` (equal to `end` when self-closing). */
  closeStart: number;
  /** Index just after its last `>`. */
  end: number;
  selfClosing: boolean;
}

/** A `<c>` element as written, before shared strings are looked up. */
export interface ScannedCell {
  row: number;
  col: number;
  /** The `t` attribute (`s`, `inlineStr`, `b`, `str`, `e`, `n`, `d`), if any. */
  type: string | undefined;
  style: number | undefined;
  /** Text of `<v>`. */
  value: string;
  /** Text of `<is>`: its `<t>` and rich-text runs, concatenated. */
  inlineText: string;
  formula: boolean;
  span: ElementSpan;
}

export interface ScannedRow {
  row: number;
  span: ElementSpan;
  /** In document order, which is column order in a well-formed sheet. */
  cells: ScannedCell[];
}

/** A list validation as written: its `sqref` and the text of its `formula1`. */
export interface RawListValidation {
  ranges: CellRange[];
  formula: string;
}

/** What one pass over a worksheet's XML found. */
export interface SheetScan {
  /** The namespace prefix of SpreadsheetML elements with its colon (`x:`), usually empty. */
  prefix: string;
  sheetData: ElementSpan | undefined;
  rows: ScannedRow[];
  merges: CellRange[];
  validations: RawListValidation[];
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function optionalNumber(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const number = Number(text);
  return Number.isInteger(number) ? number : undefined;
}

/**
 * Reads a worksheet's XML in one streaming pass (saxes), keeping the cells that exist,
 * with where each cell and row sits in the text so the writer can splice it. Conditional
 * formats, column widths, the declared dimension and everything else are skipped.
 */
export function scanSheetXml(xml: string): SheetScan {
  const parser = new SaxesParser({ position: true });
  const scan: SheetScan = {
    prefix: '',
    sheetData: undefined,
    rows: [],
    merges: [],
    validations: [],
  };
  let tagStart = 0;
  let row: ScannedRow | undefined;
  let cell: ScannedCell | undefined;
  let sheetDataStart = -1;
  let sheetDataOpenEnd = -1;
  let lastRow = 0;
  let lastCol = 0;
  // What the text events currently feed.
  let inValue = false;
  let inInlineString = false;
  let inText = false;
  let inPhonetic = false;
  let validation: { ranges: CellRange[]; formula: string; isList: boolean } | undefined;
  let inFormula1 = false;
  let inSqref = false;
  let sqrefText = '';

  const openSpan = (selfClosing: boolean): ElementSpan => {
    const end = parser.position;
    return { start: tagStart, openEnd: end, closeStart: end, end, selfClosing };
  };
  const closeSpan = (span: ElementSpan): void => {
    const end = parser.position;
    span.end = end;
    span.closeStart = span.selfClosing ? end : xml.lastIndexOf('<', end - 1);
  };

  parser.on('opentagstart', () => {
    tagStart = xml.lastIndexOf('<', parser.position - 1);
  });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    const attributes = tag.attributes as Record<string, string>;
    if (cell) {
      if (name === 'v') inValue = true;
      else if (name === 'f') cell.formula = true;
      else if (name === 'is') inInlineString = true;
      else if (name === 'rPh') inPhonetic = true;
      else if (name === 't' && inInlineString && !inPhonetic) inText = true;
      return;
    }
    switch (name) {
      case 'sheetData':
        scan.prefix = tag.name.slice(0, tag.name.length - name.length);
        sheetDataStart = tagStart;
        sheetDataOpenEnd = parser.position;
        if (tag.isSelfClosing)
          scan.sheetData = {
            start: tagStart,
            openEnd: parser.position,
            closeStart: parser.position,
            end: parser.position,
            selfClosing: true,
          };
        return;
      case 'row': {
        lastRow = optionalNumber(attributes.r) ?? lastRow + 1;
        lastCol = 0;
        row = { row: lastRow, span: openSpan(tag.isSelfClosing), cells: [] };
        scan.rows.push(row);
        return;
      }
      case 'c': {
        const reference = attributes.r ? parseCellRef(attributes.r) : undefined;
        lastCol = reference?.col ?? lastCol + 1;
        cell = {
          row: reference?.row ?? lastRow,
          col: lastCol,
          type: attributes.t,
          style: optionalNumber(attributes.s),
          value: '',
          inlineText: '',
          formula: false,
          span: openSpan(tag.isSelfClosing),
        };
        row?.cells.push(cell);
        return;
      }
      case 'mergeCell': {
        const range = attributes.ref ? parseRange(attributes.ref) : undefined;
        if (range) scan.merges.push(range);
        return;
      }
      case 'dataValidation':
        validation = {
          ranges: parseSqref(attributes.sqref ?? ''),
          formula: '',
          isList: attributes.type === 'list',
        };
        return;
      case 'formula1':
        inFormula1 = validation !== undefined;
        return;
      case 'sqref':
        inSqref = validation !== undefined;
        sqrefText = '';
        return;
    }
  });
  const onText = (text: string): void => {
    if (cell) {
      if (inValue) cell.value += text;
      else if (inText) cell.inlineText += text;
    } else if (inFormula1 && validation) validation.formula += text;
    else if (inSqref) sqrefText += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (cell) {
      if (name === 'c') {
        closeSpan(cell.span);
        cell = undefined;
      } else if (name === 'v') inValue = false;
      else if (name === 'is') inInlineString = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 't') inText = false;
      return;
    }
    switch (name) {
      case 'row':
        if (row) closeSpan(row.span);
        row = undefined;
        return;
      case 'sheetData':
        if (!scan.sheetData) {
          const end = parser.position;
          scan.sheetData = {
            start: sheetDataStart,
            openEnd: sheetDataOpenEnd,
            closeStart: xml.lastIndexOf('<', end - 1),
            end,
            selfClosing: false,
          };
        }
        return;
      case 'dataValidation':
        if (validation?.isList)
          scan.validations.push({
            ranges: validation.ranges,
            formula: validation.formula.trim(),
          });
        validation = undefined;
        return;
      case 'formula1':
        inFormula1 = false;
        return;
      case 'sqref':
        inSqref = false;
        if (validation) validation.ranges.push(...parseSqref(sqrefText));
        return;
    }
  });
  parser.write(xml).close();
  return scan;
}
