import { type Unzipped, unzipSync } from 'fflate';
import {
  parseRelationships,
  parseWorkbookXml,
  type Relationship,
  resolvePartPath,
  type WorkbookSheetEntry,
  type WorkbookXml,
} from './workbook-parts.ts';

/** A worksheet of the package: its `<sheet>` entry and the zip path of its XML. */
export interface PackageSheet extends WorkbookSheetEntry {
  /** 0-based position among the workbook's `<sheet>` entries. */
  index: number;
  path: string;
}

/** The parts of an `.xlsx` package that the reader and the writer work from. */
export interface PackageParts {
  files: Unzipped;
  workbookPath: string;
  workbookRelsPath: string;
  workbook: WorkbookXml;
  relationships: Relationship[];
  sharedStringsPath: string | undefined;
  /** Worksheets only, in workbook order; chart and macro sheets are left out. */
  sheets: PackageSheet[];
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of a zip entry (a leading byte-order mark is kept, so splices keep it too). */
export function entryText(files: Unzipped, path: string): string {
  const bytes = files[path];
  if (!bytes) throw new Error(`The workbook has no ${path} part; it is not a valid .xlsx file.`);
  return decoder.decode(bytes);
}

function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

function relsPathOf(path: string): string {
  const folder = folderOf(path);
  return `${folder}_rels/${path.slice(folder.length)}.rels`;
}

/**
 * Unzips an `.xlsx` and locates its workbook, worksheets and shared strings through the
 * package relationships. `onlyXml` skips media and other binary parts, for reading.
 */
export function openPackage(bytes: Uint8Array, onlyXml: boolean): PackageParts {
  const files = unzipSync(bytes, {
    filter: (file) => !onlyXml || /\.(xml|rels)$/i.test(file.name),
  });
  const rootRels = files['_rels/.rels'] ? parseRelationships(entryText(files, '_rels/.rels')) : [];
  const office = rootRels.find((relationship) => relationship.type.endsWith('/officeDocument'));
  const workbookPath = office ? resolvePartPath('', office.target) : 'xl/workbook.xml';
  const workbookRelsPath = relsPathOf(workbookPath);
  const workbook = parseWorkbookXml(entryText(files, workbookPath));
  const relationships = parseRelationships(entryText(files, workbookRelsPath));
  const folder = folderOf(workbookPath);
  const byId = new Map(relationships.map((relationship) => [relationship.id, relationship]));
  const sheets: PackageSheet[] = [];
  workbook.sheets.forEach((entry, index) => {
    const relationship = byId.get(entry.relationshipId);
    if (!relationship?.type.endsWith('/worksheet')) return;
    sheets.push({ ...entry, index, path: resolvePartPath(folder, relationship.target) });
  });
  const sharedStrings = relationships.find((relationship) =>
    relationship.type.endsWith('/sharedStrings'),
  );
  return {
    files,
    workbookPath,
    workbookRelsPath,
    workbook,
    relationships,
    sharedStringsPath: sharedStrings ? resolvePartPath(folder, sharedStrings.target) : undefined,
    sheets,
  };
}
