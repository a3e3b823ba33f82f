import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { QuestionnaireError, questionnaireLimits } from './limits.ts';
import { readQuestionnaire } from './read-workbook.ts';
import { buildZip, deflatedZeros, honestPart, lyingWorkbook } from './test-support/lying-zip.ts';

/** A real zip file holding one deflated entry (sizes as declared by its headers). */
function zipWith(name: string, content: Uint8Array): Uint8Array {
  const compressed = deflateRawSync(content);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const directoryOffset = local.length + nameBytes.length + compressed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return new Uint8Array(Buffer.concat([local, nameBytes, compressed, central, nameBytes, end]));
}

async function refusal(bytes: Uint8Array, fileName = 'buyer.xlsx') {
  const error = await readQuestionnaire(bytes, fileName).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(QuestionnaireError);
  return error as QuestionnaireError;
}

describe('readQuestionnaire limits', () => {
  it('refuses a file that is not a spreadsheet', async () => {
    const pdf = new Uint8Array(Buffer.from('%PDF-1.7\n\u0000\u0001binary'));
    const error = await refusal(pdf, 'report.pdf');
    expect(error.code).toBe('not-a-spreadsheet');
    expect(error.message).toMatch(/report\.pdf is not an \.xlsx workbook or a CSV file/);
  });

  it('refuses a zip that is not a workbook', async () => {
    const error = await refusal(zipWith('hello.txt', Buffer.from('hello')));
    expect(error.code).toBe('not-a-spreadsheet');
  });

  it('refuses a password-protected (OLE compound) file with what to do', async () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const error = await refusal(ole);
    expect(error.code).toBe('encrypted');
    expect(error.message).toMatch(/password-protected.*Remove the password/);
  });

  it('refuses a file over the size limit before parsing it', async () => {
    const big = new Uint8Array(questionnaireLimits.maxFileBytes + 1);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    const error = await refusal(big);
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/the limit is 20\.0 MB/);
  });

  it('refuses a zip bomb from its central directory, before inflating it', async () => {
    const bomb = zipWith('xl/worksheets/sheet1.xml', new Uint8Array(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(200_000);
    const error = await refusal(bomb);
    expect(error.code).toBe('zip-bomb');
    expect(error.message).toMatch(/inflates \d+ times/);
  });

  it('refuses a zip whose headers understate what a part inflates to, naming the file and part', async () => {
    // Every header says the sheet holds 4 KiB; it really inflates to 64 MiB of zeros.
    const bomb = lyingWorkbook(64 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(200_000);
    const error = await refusal(bomb, 'vendor.xlsx');
    expect(error.code).toBe('zip-bomb');
    expect(error.message).toBe(
      'vendor.xlsx expands beyond the limit: its zip headers say xl/worksheets/sheet1.xml holds 4.0 KB, but it inflates to more. Refused as a possible zip bomb; re-save the file from a spreadsheet program.',
    );
  });

  it('refuses a zip that hides a directory record beyond the count it declares', async () => {
    // The end record counts two parts; a zip reader would still read the third, a bomb.
    const bytes = buildZip([
      honestPart('[Content_Types].xml', '<Types/>'),
      honestPart('xl/workbook.xml', '<workbook/>'),
      {
        name: 'xl/worksheets/sheet1.xml',
        deflated: deflatedZeros(64 * 1024 * 1024),
        declaredBytes: 4096,
      },
    ]);
    const view = new DataView(bytes.buffer);
    view.setUint16(bytes.length - 22 + 8, 2, true);
    view.setUint16(bytes.length - 22 + 10, 2, true);
    const error = await refusal(bytes, 'vendor.xlsx');
    expect(error.message).toBe(
      'vendor.xlsx is not a readable .xlsx file (its zip structure is damaged). Re-save it from a spreadsheet program.',
    );
  });

  it('refuses a workbook with more rows than the limit', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Q');
    sheet.addRow(['Question', 'Answer']);
    for (let row = 0; row < questionnaireLimits.maxRows; row++) sheet.addRow([`Q${row}?`]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const error = await refusal(bytes);
    expect(error.code).toBe('too-many-rows');
    expect(error.message).toMatch(/20001 rows; the limit is 20000/);
  });

  it('refuses a CSV with more rows than the limit', async () => {
    const csv = `Question,Answer\n${'Is it so?,\n'.repeat(questionnaireLimits.maxRows + 5)}`;
    const error = await refusal(new TextEncoder().encode(csv), 'big.csv');
    expect(error.code).toBe('too-many-rows');
  });
});
