import { constants, deflateRawSync } from 'node:zlib';

/** One part of a zip built for a test: its name, its deflated data and what its headers claim. */
export interface ZipFixturePart {
  name: string;
  /** Raw deflate data of the part. */
  deflated: Uint8Array;
  /** The uncompressed size both the local and the central header declare. */
  declaredBytes: number;
}

/** A part whose headers tell the truth about its content. */
export function honestPart(name: string, content: string | Uint8Array): ZipFixturePart {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return { name, deflated: deflateRawSync(bytes), declaredBytes: bytes.length };
}

/**
 * Raw deflate data that inflates to `prefix` followed by `zeroBytes` zero bytes, built
 * without ever holding the inflated data: one sync-flushed megabyte of zeros is repeated,
 * which is a valid deflate stream because each copy starts on a byte boundary and refers
 * to nothing before it. Several gigabytes cost a few megabytes.
 */
export function deflatedZeros(zeroBytes: number, prefix = ''): Uint8Array {
  const megabyte = 1024 * 1024;
  const flush = { finishFlush: constants.Z_SYNC_FLUSH };
  const blocks: Buffer[] = [deflateRawSync(Buffer.from(prefix), flush)];
  const whole = deflateRawSync(Buffer.alloc(megabyte), flush);
  for (let count = 0; count < Math.floor(zeroBytes / megabyte); count++) blocks.push(whole);
  blocks.push(deflateRawSync(Buffer.alloc(zeroBytes % megabyte)));
  return new Uint8Array(Buffer.concat(blocks));
}

/** A zip file of deflated parts, whose local and central headers state `declaredBytes`. */
export function buildZip(parts: readonly ZipFixturePart[]): Uint8Array<ArrayBuffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.deflated.length, 18);
    local.writeUInt32LE(part.declaredBytes, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.deflated.length, 20);
    central.writeUInt32LE(part.declaredBytes, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(part.deflated));
    centrals.push(central, name);
    offset += local.length + name.length + part.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const sheetPrefix =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>';

/**
 * An .xlsx-shaped zip whose sheet really inflates to about `inflatedBytes` while every header
 * says it holds 4 KiB: the lying zip bomb of issue 13.
 */
export function lyingWorkbook(inflatedBytes: number): Uint8Array<ArrayBuffer> {
  return buildZip([
    honestPart(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    honestPart(
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Q" sheetId="1"/></sheets></workbook>',
    ),
    {
      name: 'xl/worksheets/sheet1.xml',
      deflated: deflatedZeros(inflatedBytes, sheetPrefix),
      declaredBytes: 4096,
    },
  ]);
}
