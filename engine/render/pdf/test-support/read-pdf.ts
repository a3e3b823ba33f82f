import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One piece of text as a PDF viewer places it (points, origin top-left). */
export interface PdfTextItem {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A page of a parsed PDF: its size, its text items and their text joined by line. */
export interface PdfPage {
  width: number;
  height: number;
  items: PdfTextItem[];
  text: string;
}

/** A PDF read back with pdfjs-dist: its metadata and the text of every page. */
export interface ParsedPdf {
  info: Record<string, unknown>;
  pages: PdfPage[];
  /** Every page's text, pages separated by form feeds. */
  text: string;
}

/** Parses PDF bytes with pdfjs-dist (the real parser browsers use) for tests. */
export async function readPdf(bytes: Uint8Array): Promise<ParsedPdf> {
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const pages: PdfPage[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items: PdfTextItem[] = [];
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const [, , , scaleY, x, baseline] = item.transform as number[];
      const height = item.height || Math.abs(scaleY ?? 0);
      if (item.str.trim() !== '')
        items.push({
          text: item.str,
          x: x ?? 0,
          y: viewport.height - (baseline ?? 0) - height,
          width: item.width,
          height,
        });
      text += item.str + (item.hasEOL ? '\n' : '');
    }
    pages.push({ width: viewport.width, height: viewport.height, items, text });
  }
  const { info } = await pdf.getMetadata();
  await pdf.destroy();
  return {
    info: info as Record<string, unknown>,
    pages,
    text: pages.map((page) => page.text).join('\f'),
  };
}
