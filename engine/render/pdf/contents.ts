import type { Root } from 'mdast';
import { plainText } from './plain-text.ts';
import type { PdfSection } from './spec.ts';
import { theme } from './theme.ts';
import type { PdfWriter } from './writer.ts';

/** Deepest heading level the table of contents lists. */
export const tocDepth = 2;

/** Titles of the headings the table of contents lists, in document order. */
export function contentsTitles(
  sections: readonly PdfSection[],
): Array<{ depth: number; text: string }> {
  const titles: Array<{ depth: number; text: string }> = [];
  for (const section of sections) {
    if (section.kind === 'signatures') {
      titles.push({ depth: 2, text: section.title });
      continue;
    }
    const visit = (node: Root | Root['children'][number]): void => {
      if (node.type === 'heading') titles.push({ depth: node.depth, text: plainText(node).trim() });
      else if ('children' in node && node.type !== 'paragraph' && node.type !== 'table')
        for (const child of node.children as Root['children']) visit(child);
    };
    visit(section.root);
  }
  return titles;
}

/** One line of the table of contents, placed on its page (relative to the first contents page). */
export interface TocLine {
  text: string;
  depth: number;
  page: number;
  y: number;
  height: number;
}

const tocNumberWidth = 36;

/** Lays the contents out on as many pages as they need; `page` is relative to the first. */
export function layoutContents(
  doc: PDFKit.PDFDocument,
  entries: ReadonlyArray<{ depth: number; text: string }>,
  width: number,
): { lines: TocLine[]; pages: number } {
  const top = theme.margins.top;
  const bottom = doc.page.height - theme.margins.bottom;
  let y = top + theme.headingSizes[0] * 2;
  let page = 0;
  const lines: TocLine[] = [];
  for (const entry of entries) {
    const indent = (entry.depth - 1) * 14;
    doc.font(entry.depth === 1 ? 'bold' : 'regular').fontSize(theme.bodySize);
    const height =
      doc.heightOfString(entry.text, { width: width - indent - tocNumberWidth, lineGap: 1 }) +
      (entry.depth === 1 ? 6 : 3);
    if (y + height > bottom) {
      page++;
      y = top;
    }
    lines.push({ text: entry.text, depth: entry.depth, page, y, height });
    y += height;
  }
  return { lines, pages: page + 1 };
}

/**
 * The structure elements of the contents page, placed in reading order after the cover
 * (before the body is written) and filled once the body's page numbers are known.
 */
export interface ContentsStructure {
  heading: PDFKit.PDFStructureElement;
  toc: PDFKit.PDFStructureElement;
}

/** Reserves the contents page's heading and TOC elements at the current place in the structure. */
export function reserveContentsStructure(writer: PdfWriter): ContentsStructure | undefined {
  const parent = writer.structure;
  if (!parent) return undefined;
  const heading = writer.doc.struct('H2');
  const toc = writer.doc.struct('TOC');
  parent.add(heading);
  parent.add(toc);
  return { heading, toc };
}

/**
 * Fills the reserved contents pages with each heading and the page it landed on. Tagged as
 * TOC > TOCI > Link (the entry's text and page number, and the link annotation that jumps
 * to the heading) when `structure` is given.
 */
export function writeContents(
  writer: PdfWriter,
  lines: readonly TocLine[],
  firstPage: number,
  structure: ContentsStructure | undefined,
  heading = 'Contents',
): void {
  const { doc } = writer;
  const { left, width } = writer.frame;
  const outer = writer.structure;
  doc.switchToPage(firstPage);
  const drawTitle = () =>
    doc
      .font('bold')
      .fontSize(theme.headingSizes[1])
      .fillColor(writer.accent)
      .text(heading, left, theme.margins.top, { width, lineBreak: false });
  if (structure) {
    structure.heading.add(drawTitle);
    structure.heading.end();
  } else drawTitle();
  const placed = writer.headings.filter((heading) => heading.depth <= tocDepth);
  writer.structure = structure?.toc;
  try {
    lines.forEach((line, index) => {
      const heading = placed[index];
      if (!heading) return;
      doc.switchToPage(firstPage + line.page);
      const indent = (line.depth - 1) * 14;
      const textWidth = width - indent - tocNumberWidth;
      writer.group('TOCI', () =>
        writer.group('Link', () => {
          const link = writer.structure;
          writer.tag('Span', () => {
            doc
              .font(line.depth === 1 ? 'bold' : 'regular')
              .fontSize(theme.bodySize)
              .fillColor(theme.text)
              .text(line.text, left + indent, line.y, { width: textWidth, lineGap: 1 });
            doc.font('regular').text(String(heading.page), left + width - tocNumberWidth, line.y, {
              width: tocNumberWidth,
              align: 'right',
              lineBreak: false,
            });
          });
          // One jump over the whole entry, text and page number, owned by the Link element.
          doc.goTo(left + indent, line.y, width - indent, line.height, heading.destination, {
            structParent: link,
          } as PDFKit.Mixins.AnnotationOption);
        }),
      );
    });
  } finally {
    structure?.toc.end();
    writer.structure = outer;
  }
}
