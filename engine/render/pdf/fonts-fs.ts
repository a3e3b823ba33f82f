import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PdfFonts } from './fonts.ts';

const files: Record<keyof PdfFonts, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
  mono: 'DejaVuSansMono.ttf',
};

let cached: Promise<PdfFonts> | undefined;

/**
 * Reads the DejaVu faces from the `dejavu-fonts-ttf` package: they cover accented Latin,
 * Greek, Cyrillic and more, so names like "Łódź" render as written. Read once per process.
 */
export function readPdfFonts(): Promise<PdfFonts> {
  cached ??= (async () => {
    const require = createRequire(import.meta.url);
    const folder = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const entries = await Promise.all(
      Object.entries(files).map(
        async ([face, file]) => [face, new Uint8Array(await readFile(join(folder, file)))] as const,
      ),
    );
    return Object.fromEntries(entries) as unknown as PdfFonts;
  })();
  return cached;
}
