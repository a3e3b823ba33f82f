import { createInflateRaw } from 'node:zlib';
import { QuestionnaireError, type ZipPart } from './limits.ts';

const localHeaderSignature = 0x04034b50;

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Inflates raw deflate data while counting what comes out, without keeping it, and stops as
 * soon as the count passes `cap`. Resolves to the inflated size, or `undefined` when it
 * passed the cap.
 */
function inflatedSizeUpTo(data: Uint8Array, cap: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let counted = 0;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    inflate.on('data', (chunk: Buffer) => {
      counted += chunk.length;
      if (counted > cap) {
        settle(() => resolve(undefined));
        inflate.destroy();
      }
    });
    inflate.on('end', () => settle(() => resolve(counted)));
    inflate.on('error', (error) => settle(() => reject(error)));
    inflate.end(data);
  });
}

/**
 * Measures what each part of a zip really inflates to, counting the bytes as they come out
 * of zlib, and refuses the file the moment one part grows past the size its headers declare.
 * `screenFile` has already bounded the declared sizes (total and ratio), so after this check
 * the workbook parser can never inflate more than those limits, whatever the headers claim.
 */
export async function checkInflatedSizes(
  bytes: Uint8Array,
  fileName: string,
  parts: readonly ZipPart[],
): Promise<void> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const damaged = (cause?: unknown) =>
    new QuestionnaireError(
      'not-a-spreadsheet',
      `${fileName} is not a readable .xlsx file (its zip structure is damaged). Re-save it from a spreadsheet program.`,
      { cause },
    );
  const expands = (part: ZipPart) =>
    new QuestionnaireError(
      'zip-bomb',
      `${fileName} expands beyond the limit: its zip headers say ${part.name} holds ${formatBytes(part.declaredBytes)}, but it inflates to more. Refused as a possible zip bomb; re-save the file from a spreadsheet program.`,
    );
  for (const part of parts) {
    const at = part.localHeaderOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== localHeaderSignature)
      throw damaged();
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const end = start + part.compressedBytes;
    if (end > bytes.length) throw damaged();
    if (part.method === 0) {
      if (part.compressedBytes > part.declaredBytes) throw expands(part);
      continue;
    }
    if (part.method !== 8) throw damaged();
    const inflated = await inflatedSizeUpTo(bytes.subarray(start, end), part.declaredBytes).catch(
      (error: unknown) => {
        throw damaged(error);
      },
    );
    if (inflated === undefined) throw expands(part);
  }
}
