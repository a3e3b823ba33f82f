/** Limits on a buyer's file, checked before any parser sees it (documented in docs/questionnaires.md). */
export const questionnaireLimits = {
  /** Largest file accepted, in bytes. */
  maxFileBytes: 20 * 1024 * 1024,
  /** Largest total declared uncompressed size of an xlsx's parts, in bytes. */
  maxUncompressedBytes: 200 * 1024 * 1024,
  /** Largest compression ratio of one part of an xlsx (bigger looks like a zip bomb). */
  maxCompressionRatio: 200,
  /** Most parts an xlsx may have. */
  maxZipEntries: 10_000,
  /** Most rows over all sheets. */
  maxRows: 20_000,
} as const;

/** Why a questionnaire file was refused. */
export type QuestionnaireErrorCode =
  | 'not-a-spreadsheet'
  | 'encrypted'
  | 'too-large'
  | 'zip-bomb'
  | 'too-many-rows'
  | 'no-questions'
  | 'column-unknown'
  | 'unreadable';

/** A file Attest refuses, with a message that says what is wrong and what to do. */
export class QuestionnaireError extends Error {
  override name = 'QuestionnaireError';
  constructor(
    readonly code: QuestionnaireErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** What the first bytes say a file is. */
export function sniffFormat(bytes: Uint8Array): 'zip' | 'ole' | 'text' | 'binary' {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    return 'zip';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    return 'ole';
  const sample = bytes.subarray(0, 4096);
  return sample.includes(0) ? 'binary' : 'text';
}

/** One part of an xlsx as its zip central directory describes it. */
export interface ZipPart {
  name: string;
  /** 0 stored, 8 deflated; xlsx files use nothing else. */
  method: number;
  compressedBytes: number;
  /** What the headers claim; a hostile file may lie, so `checkInflatedSizes` measures it. */
  declaredBytes: number;
  /** Where the part's local header starts. */
  localHeaderOffset: number;
}

/**
 * Refuses a file that is too large, or a zip whose central directory declares too much
 * uncompressed data, too many parts or a suspicious compression ratio — before it is inflated.
 * Returns the zip's parts (none for CSV) so their real sizes can be measured next.
 */
export function screenFile(bytes: Uint8Array, fileName: string): ZipPart[] {
  if (bytes.length > questionnaireLimits.maxFileBytes)
    throw new QuestionnaireError(
      'too-large',
      `${fileName} is ${megabytes(bytes.length)}; the limit is ${megabytes(questionnaireLimits.maxFileBytes)}. Split the questionnaire into smaller files.`,
    );
  const format = sniffFormat(bytes);
  if (format === 'ole')
    throw new QuestionnaireError(
      'encrypted',
      `${fileName} is password-protected or an old binary .xls file. Remove the password (or save it as .xlsx) and try again.`,
    );
  return format === 'zip' ? screenZip(bytes, fileName) : [];
}

function screenZip(bytes: Uint8Array, fileName: string): ZipPart[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const notZip = () =>
    new QuestionnaireError(
      'not-a-spreadsheet',
      `${fileName} is not a readable .xlsx file (its zip structure is damaged). Re-save it from a spreadsheet program.`,
    );
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 65_557); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw notZip();
  const entries = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  // Any field at its maximum sends a zip reader looking for ZIP64 records elsewhere in the
  // file, which this screening would not see.
  const shortFields = [4, 6, 8, 10].map((offset) => view.getUint16(end + offset, true));
  if (
    shortFields.includes(0xffff) ||
    directorySize === 0xffffffff ||
    directoryOffset === 0xffffffff
  )
    throw new QuestionnaireError(
      'zip-bomb',
      `${fileName} uses ZIP64 sizes, which no questionnaire needs; refused as a possible zip bomb.`,
    );
  if (entries > questionnaireLimits.maxZipEntries)
    throw new QuestionnaireError(
      'zip-bomb',
      `${fileName} has ${entries} parts; the limit is ${questionnaireLimits.maxZipEntries}.`,
    );
  let at = directoryOffset;
  let total = 0;
  let hasWorkbook = false;
  const parts: ZipPart[] = [];
  for (let index = 0; index < entries; index++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw notZip();
    const compressed = view.getUint32(at + 20, true);
    const uncompressed = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const method = view.getUint16(at + 10, true);
    const localHeaderOffset = view.getUint32(at + 42, true);
    if (
      compressed === 0xffffffff ||
      uncompressed === 0xffffffff ||
      localHeaderOffset === 0xffffffff
    )
      throw new QuestionnaireError(
        'zip-bomb',
        `${fileName} uses ZIP64 sizes, which no questionnaire needs; refused as a possible zip bomb.`,
      );
    total += uncompressed;
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (name === 'xl/workbook.xml') hasWorkbook = true;
    parts.push({
      name,
      method,
      compressedBytes: compressed,
      declaredBytes: uncompressed,
      localHeaderOffset,
    });
    if (
      uncompressed > 1024 * 1024 &&
      uncompressed / Math.max(compressed, 1) > questionnaireLimits.maxCompressionRatio
    )
      throw new QuestionnaireError(
        'zip-bomb',
        `${fileName} has a part that inflates ${Math.round(uncompressed / Math.max(compressed, 1))} times (${megabytes(uncompressed)}); refused as a possible zip bomb.`,
      );
    at += 46 + nameLength + extraLength + commentLength;
  }
  // The directory must be exactly the records it declares, right before its end record: a
  // zip reader reads every record it finds there (and shifts offsets when the two disagree),
  // so a hidden record or a shifted directory would escape this screening.
  if (at !== end || directoryOffset + directorySize !== end) throw notZip();
  if (!hasWorkbook)
    throw new QuestionnaireError(
      'not-a-spreadsheet',
      `${fileName} is a zip file but not an .xlsx workbook (it has no xl/workbook.xml). Save it from a spreadsheet program as .xlsx.`,
    );
  if (total > questionnaireLimits.maxUncompressedBytes)
    throw new QuestionnaireError(
      'zip-bomb',
      `${fileName} would inflate to ${megabytes(total)}; the limit is ${megabytes(questionnaireLimits.maxUncompressedBytes)}.`,
    );
  return parts;
}
