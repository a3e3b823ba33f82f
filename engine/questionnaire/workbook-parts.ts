import { SaxesParser } from 'saxes';
import type { SheetState } from './workbook-model.ts';

/** A `<sheet>` entry of `xl/workbook.xml`. */
export interface WorkbookSheetEntry {
  name: string;
  sheetId: number;
  state: SheetState;
  /** The relationship id (`r:id`) that points at the sheet's part. */
  relationshipId: string;
}

/** What `xl/workbook.xml` declares. */
export interface WorkbookXml {
  sheets: WorkbookSheetEntry[];
  /** Workbook-wide names first; a sheet-scoped name only when no workbook-wide one has its name. */
  definedNames: Map<string, string>;
  /** The qualified name of the `<sheet>` element (`sheet`, or `x:sheet` when prefixed). */
  sheetElementName: string;
  /** The qualified name of the relationship-id attribute (usually `r:id`). */
  relationshipAttributeName: string;
}

/** One `<Relationship>` of a `.rels` part. */
export interface Relationship {
  id: string;
  type: string;
  target: string;
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function sheetState(text: string | undefined): SheetState {
  return text === 'hidden' || text === 'veryHidden' ? text : 'visible';
}

/** Reads the sheet list (names, order, visibility, part ids) and defined names of `xl/workbook.xml`. */
export function parseWorkbookXml(xml: string): WorkbookXml {
  const parser = new SaxesParser();
  const result: WorkbookXml = {
    sheets: [],
    definedNames: new Map(),
    sheetElementName: 'sheet',
    relationshipAttributeName: 'r:id',
  };
  const scopedNames = new Map<string, string>();
  let definedName: { name: string; scoped: boolean; text: string } | undefined;
  parser.on('opentag', (tag) => {
    const attributes = tag.attributes as Record<string, string>;
    const name = localName(tag.name);
    if (name === 'sheet') {
      const idAttribute =
        Object.keys(attributes).find((key) => key.endsWith(':id')) ??
        result.relationshipAttributeName;
      result.sheetElementName = tag.name;
      result.relationshipAttributeName = idAttribute;
      result.sheets.push({
        name: attributes.name ?? '',
        sheetId: Number(attributes.sheetId) || 0,
        state: sheetState(attributes.state),
        relationshipId: attributes[idAttribute] ?? '',
      });
    } else if (name === 'definedName' && attributes.name) {
      definedName = { name: attributes.name, scoped: 'localSheetId' in attributes, text: '' };
    }
  });
  parser.on('text', (text) => {
    if (definedName) definedName.text += text;
  });
  parser.on('closetag', (tag) => {
    if (definedName && localName(tag.name) === 'definedName') {
      const names = definedName.scoped ? scopedNames : result.definedNames;
      if (!names.has(definedName.name)) names.set(definedName.name, definedName.text.trim());
      definedName = undefined;
    }
  });
  parser.write(xml).close();
  for (const [name, text] of scopedNames)
    if (!result.definedNames.has(name)) result.definedNames.set(name, text);
  return result;
}

/** Reads the `<Relationship>` entries of a `.rels` part. */
export function parseRelationships(xml: string): Relationship[] {
  const parser = new SaxesParser();
  const relationships: Relationship[] = [];
  parser.on('opentag', (tag) => {
    if (localName(tag.name) !== 'Relationship') return;
    const attributes = tag.attributes as Record<string, string>;
    relationships.push({
      id: attributes.Id ?? '',
      type: attributes.Type ?? '',
      target: attributes.Target ?? '',
    });
  });
  parser.write(xml).close();
  return relationships;
}

/**
 * The zip path a relationship target points at, from the folder of the part that owns the
 * relationships (`xl/`): `worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`, and an
 * absolute `/xl/worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`.
 */
export function resolvePartPath(folder: string, target: string): string {
  const parts = target.startsWith('/') ? [] : folder.split('/').filter(Boolean);
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return parts.join('/');
}

/**
 * Undoes the spreadsheet escape `_xHHHH_` that string cells use for characters XML cannot
 * carry (`_x000D_` is a carriage return, `_x005F_` a literal underscore).
 */
export function decodeCellEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * Reads `xl/sharedStrings.xml`: each `<si>` becomes its text, rich-text runs concatenated
 * and phonetic guides (`<rPh>`) left out, as a spreadsheet shows it.
 */
export function parseSharedStrings(xml: string): string[] {
  const parser = new SaxesParser();
  const strings: string[] = [];
  let current: string | undefined;
  let inText = false;
  let inPhonetic = false;
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (name === 'si') current = '';
    else if (name === 'rPh') inPhonetic = true;
    else if (name === 't' && !inPhonetic && !tag.isSelfClosing) inText = true;
  });
  const onText = (text: string): void => {
    if (inText && current !== undefined) current += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 'si') {
      strings.push(decodeCellEscapes(current ?? ''));
      current = undefined;
    } else if (name === 'rPh') inPhonetic = false;
    else if (name === 't') inText = false;
  });
  parser.write(xml).close();
  return strings;
}
