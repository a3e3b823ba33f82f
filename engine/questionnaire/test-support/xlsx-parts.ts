import { strToU8, zipSync } from 'fflate';

/** One worksheet of a hand-written package: its name, visibility and whole XML body. */
export interface HandSheet {
  name: string;
  state?: 'hidden' | 'veryHidden';
  /** Everything inside `<worksheet>`. */
  body: string;
}

const mainNamespace = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relationshipNamespace = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const packageRelationships = 'http://schemas.openxmlformats.org/package/2006/relationships';
const declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';

/**
 * Builds `.xlsx` bytes from XML written by hand, the way files from tools other than
 * Excel look: the parts Excel needs, the given sheets, shared strings, defined names and a
 * binary image part that the writer must copy untouched.
 */
export function handWrittenXlsx(options: {
  sheets: HandSheet[];
  sharedStrings?: string[];
  definedNames?: string;
}): Uint8Array {
  const { sheets } = options;
  const sheetEntries = sheets
    .map(
      (sheet, index) =>
        `<sheet name="${sheet.name}" sheetId="${index + 1}"${sheet.state ? ` state="${sheet.state}"` : ''} r:id="rId${index + 1}"/>`,
    )
    .join('');
  const workbook = `${declaration}<workbook xmlns="${mainNamespace}" xmlns:r="${relationshipNamespace}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${sheetEntries}</sheets>${options.definedNames ? `<definedNames>${options.definedNames}</definedNames>` : ''}<calcPr calcId="191029"/></workbook>`;
  const sheetRelationships = sheets
    .map(
      (_, index) =>
        `<Relationship Id="rId${index + 1}" Type="${relationshipNamespace}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`,
    )
    .join('');
  const extra = sheets.length;
  const workbookRels = `${declaration}<Relationships xmlns="${packageRelationships}">${sheetRelationships}<Relationship Id="rId${extra + 1}" Type="${relationshipNamespace}/styles" Target="styles.xml"/><Relationship Id="rId${extra + 2}" Type="${relationshipNamespace}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  const overrides = sheets
    .map(
      (_, index) =>
        `<Override PartName="/xl/worksheets/sheet${index + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join('');
  const contentTypes = `${declaration}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${overrides}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
  const rootRels = `${declaration}<Relationships xmlns="${packageRelationships}"><Relationship Id="rId1" Type="${relationshipNamespace}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const strings = options.sharedStrings ?? [];
  const sharedStrings = `${declaration}<sst xmlns="${mainNamespace}" count="${strings.length}" uniqueCount="${strings.length}">${strings.join('')}</sst>`;
  const styles = `${declaration}<styleSheet xmlns="${mainNamespace}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1"/></xf></cellXfs><dxfs count="1"><dxf><font><b/></font></dxf></dxfs></styleSheet>`;
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(contentTypes),
    '_rels/.rels': strToU8(rootRels),
    'xl/workbook.xml': strToU8(workbook),
    'xl/_rels/workbook.xml.rels': strToU8(workbookRels),
    'xl/styles.xml': strToU8(styles),
    'xl/sharedStrings.xml': strToU8(sharedStrings),
    'xl/media/image1.png': Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 255, 1, 2]),
  };
  sheets.forEach((sheet, index) => {
    files[`xl/worksheets/sheet${index + 1}.xml`] = strToU8(
      `${declaration}<worksheet xmlns="${mainNamespace}" xmlns:r="${relationshipNamespace}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">${sheet.body}</worksheet>`,
    );
  });
  return zipSync(files);
}
