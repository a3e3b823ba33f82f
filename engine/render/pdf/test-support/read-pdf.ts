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

/** One element of a PDF's structure tree: its type, the text it carries and its children. */
export interface PdfStructureNode {
  role: string;
  /** The text of the marked content the element (and its descendants) owns. */
  text: string;
  /** Link annotations the element owns (an `OBJR` in its children). */
  annotations: number;
  children: PdfStructureNode[];
}

interface PdfjsStructNode {
  role?: string;
  type?: string;
  id?: string;
  children?: PdfjsStructNode[];
}

/**
 * The structure tree of every page as pdfjs-dist reads it (the tree a screen reader walks),
 * each element with the text of its marked content, pages' trees in order.
 */
export async function readStructure(bytes: Uint8Array): Promise<PdfStructureNode[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const roots: PdfStructureNode[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const textById = new Map<string, string>();
    const open: Array<string | undefined> = [];
    for (const item of content.items) {
      if ('str' in item) {
        for (const id of open)
          if (id !== undefined) textById.set(id, (textById.get(id) ?? '') + item.str);
      } else if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent')
        open.push(item.id ?? undefined);
      else if (item.type === 'endMarkedContent') open.pop();
    }
    const build = (node: PdfjsStructNode): PdfStructureNode => {
      const children: PdfStructureNode[] = [];
      let text = '';
      let annotations = 0;
      for (const child of node.children ?? []) {
        if (child.type === 'content') text += textById.get(child.id ?? '') ?? '';
        else if (child.type === 'object' || child.type === 'annotation') annotations++;
        else {
          const built = build(child);
          children.push(built);
          text += ` ${built.text}`;
        }
      }
      return {
        role: node.role ?? '',
        text: text.replace(/\s+/g, ' ').trim(),
        annotations,
        children,
      };
    };
    const tree = (await page.getStructTree()) as PdfjsStructNode | null;
    if (tree) roots.push(build(tree));
  }
  await pdf.destroy();
  return roots;
}

/** Every element of the trees of type `role`, depth first. */
export function structureElements(
  roots: readonly PdfStructureNode[],
  role: string,
): PdfStructureNode[] {
  const found: PdfStructureNode[] = [];
  const walk = (node: PdfStructureNode) => {
    if (node.role === role) found.push(node);
    for (const child of node.children) walk(child);
  };
  for (const root of roots) walk(root);
  return found;
}

/**
 * Text a screen reader could not place: drawn outside any marked content, so neither in the
 * structure tree nor an artifact. `page:text` for each piece; empty in a well-tagged PDF.
 */
export async function untaggedText(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const loose: string[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent({
      includeMarkedContent: true,
    });
    let depth = 0;
    for (const item of content.items) {
      if ('str' in item) {
        if (depth === 0 && item.str.trim() !== '') loose.push(`${number}:${item.str}`);
      } else if (item.type === 'endMarkedContent') depth--;
      else depth++;
    }
  }
  await pdf.destroy();
  return loose;
}
