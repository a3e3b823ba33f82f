import type { Heading, Root } from 'mdast';
import PDFDocument from 'pdfkit';
import { writeBlock } from './blocks.ts';
import type { PdfFonts } from './fonts.ts';
import { plainText } from './plain-text.ts';
import { type SignatureParty, signatureRowHeight, writeSignatures } from './signatures.ts';
import { theme } from './theme.ts';
import { PdfWriter, type PlacedHeading } from './writer.ts';

/** A part of a document body: markdown, or the signature blocks of the parties. */
export type PdfSection =
  | { kind: 'markdown'; root: Root }
  | { kind: 'signatures'; title: string; parties: SignatureParty[] };

/** Everything one PDF shows: what it is, whose it is, which data it came from, and its body. */
export interface PdfSpec {
  title: string;
  /** Organisation name, shown on the cover and in the running header. */
  organisation: string;
  version: string;
  /** PDF metadata. */
  author: string;
  subject: string;
  /** Accent colour (#rrggbb) for headings and links. */
  accent: string;
  /** Content hash of the snapshot the document was generated from; printed in every footer. */
  contentHash: string;
  /** The snapshot's publish time (ISO): the PDF's creation and modification date. */
  createdAt: string;
  /** Lines under the title on the cover. */
  coverLines: string[];
  /** Shown on the cover and in the header when the document is a draft. */
  draft: string | undefined;
  sections: PdfSection[];
}

/** A rendered PDF with what it contains, for the CLI and tests. */
export interface RenderedPdf {
  bytes: Uint8Array;
  pages: number;
  /** Every heading with the page it starts on (1-based, the cover is page 1). */
  headings: PlacedHeading[];
  /** The table of contents as printed: depth 1–2 headings and their page numbers. */
  contents: Array<{ text: string; page: number }>;
}

const tocDepth = 2;

/** Titles of the headings the table of contents lists, in document order. */
function contentsTitles(sections: readonly PdfSection[]): Array<{ depth: number; text: string }> {
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

interface TocLine {
  text: string;
  depth: number;
  page: number;
  y: number;
  height: number;
}

const tocNumberWidth = 36;

/** Lays the contents out on as many pages as they need; `page` is relative to the first. */
function layoutContents(
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

function writeCover(writer: PdfWriter, spec: PdfSpec): void {
  const { doc } = writer;
  const { left, width } = writer.frame;
  doc.save().rect(0, 0, doc.page.width, 10).fill(spec.accent).restore();
  doc
    .font('bold')
    .fontSize(13)
    .fillColor(theme.muted)
    .text(spec.organisation, left, 190, { width });
  doc.moveDown(0.6);
  doc.font('bold').fontSize(28).fillColor(theme.text).text(spec.title, { width, lineGap: 4 });
  doc.moveDown(0.8);
  doc.font('regular').fontSize(11).fillColor(theme.muted);
  for (const line of spec.coverLines) doc.text(line, { width, lineGap: 3 });
  if (spec.draft) {
    doc.moveDown(1.2);
    doc.font('bold').fontSize(11).fillColor('#a4262c').text(`Draft: ${spec.draft}`, { width });
  }
  doc.fillColor(theme.text);
}

function writeContents(writer: PdfWriter, lines: readonly TocLine[], firstPage: number): void {
  const { doc } = writer;
  const { left, width } = writer.frame;
  doc.switchToPage(firstPage);
  doc
    .font('bold')
    .fontSize(theme.headingSizes[1])
    .fillColor(writer.accent)
    .text('Contents', left, theme.margins.top, { width, lineBreak: false });
  const placed = writer.headings.filter((heading) => heading.depth <= tocDepth);
  lines.forEach((line, index) => {
    const heading = placed[index];
    if (!heading) return;
    doc.switchToPage(firstPage + line.page);
    const indent = (line.depth - 1) * 14;
    const textWidth = width - indent - tocNumberWidth;
    doc
      .font(line.depth === 1 ? 'bold' : 'regular')
      .fontSize(theme.bodySize)
      .fillColor(theme.text)
      .text(line.text, left + indent, line.y, {
        width: textWidth,
        lineGap: 1,
        goTo: heading.destination,
      });
    doc.font('regular').text(String(heading.page), left + width - tocNumberWidth, line.y, {
      width: tocNumberWidth,
      align: 'right',
      lineBreak: false,
      goTo: heading.destination,
    });
  });
}

function writeHeaderAndFooter(writer: PdfWriter, spec: PdfSpec, pages: number): void {
  const { doc } = writer;
  const { left, width } = writer.frame;
  for (let index = 0; index < pages; index++) {
    doc.switchToPage(index);
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    if (index > 0) {
      const header = `${spec.organisation} · ${spec.title}${spec.draft ? ' · DRAFT' : ''}`;
      doc.font('regular').fontSize(7.5).fillColor(theme.muted);
      doc.text(header, left, 30, { width: width - 90, lineBreak: false, ellipsis: true });
      doc.text(`Version ${spec.version}`, left + width - 88, 30, {
        width: 88,
        align: 'right',
        lineBreak: false,
      });
      doc
        .save()
        .moveTo(left, 42)
        .lineTo(left + width, 42)
        .lineWidth(0.4)
        .strokeColor(theme.rule)
        .stroke()
        .restore();
    }
    const footerY = doc.page.height - 40;
    doc.font('mono').fontSize(6.5).fillColor(theme.muted);
    doc.text(`snapshot ${spec.contentHash}`, left, footerY, {
      width: width - 80,
      lineBreak: false,
    });
    doc.font('regular').fontSize(7.5);
    doc.text(`Page ${index + 1} of ${pages}`, left + width - 78, footerY - 1, {
      width: 78,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins = margins;
  }
}

const parsed = new WeakMap<PdfFonts, Record<string, unknown>>();

/**
 * The faces as pdfkit's font objects, parsed once per set of fonts. pdfkit parses a font
 * buffer again in every document, which is most of the cost of a short PDF; it also
 * accepts an already parsed font, which it reaches through its own parser here. The bytes
 * written are the same either way. Falls back to the raw bytes if pdfkit's internals change.
 */
function parsedFonts(fonts: PdfFonts): Record<string, unknown> {
  const cached = parsed.get(fonts);
  if (cached) return cached;
  const probe = new PDFDocument({ autoFirstPage: false });
  const faces: Record<string, unknown> = {};
  for (const [face, bytes] of Object.entries(fonts)) {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    probe.registerFont(face, buffer);
    probe.font(face);
    const font = (probe as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
    faces[face] = typeof font?.layout === 'function' ? font : buffer;
  }
  parsed.set(fonts, faces);
  return faces;
}

/**
 * Renders a document to PDF bytes: cover, table of contents with page numbers, the body
 * (markdown walked into pdfkit), signature blocks, a running header and a footer with
 * "Page X of Y" and the snapshot's content hash. Deterministic: the same spec and fonts
 * give the same bytes (dates come from `createdAt`, the file id from the metadata).
 */
export async function renderPdf(spec: PdfSpec, fonts: PdfFonts): Promise<RenderedPdf> {
  const createdAt = new Date(spec.createdAt);
  const faces = parsedFonts(fonts);
  const doc = new PDFDocument({
    // Start in the body face rather than pdfkit's default Helvetica, which it would load
    // and embed in every document for nothing.
    font: faces.regular as string,
    size: theme.pageSize,
    margins: theme.margins,
    bufferPages: true,
    autoFirstPage: true,
    displayTitle: true,
    lang: 'en',
    info: {
      Title: spec.title,
      Author: spec.author,
      Subject: spec.subject,
      Creator: 'Attest',
      Producer: 'Attest (pdfkit)',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  for (const [face, font] of Object.entries(faces)) doc.registerFont(face, font as Buffer);

  const writer = new PdfWriter(doc, spec.accent);
  writeCover(writer, spec);

  const entries = contentsTitles(spec.sections).filter((entry) => entry.depth <= tocDepth);
  const contents = layoutContents(doc, entries, writer.frame.width);
  const firstContentsPage = writer.pages;
  for (let page = 0; page < contents.pages; page++) doc.addPage();

  doc.addPage();
  for (const section of spec.sections) {
    if (section.kind === 'markdown') writeBlock(writer, section.root);
    else {
      writer.ensureSpace(signatureRowHeight + theme.headingSizes[1] * 3);
      writeBlock(writer, {
        type: 'heading',
        depth: 2,
        children: [{ type: 'text', value: section.title }],
      } satisfies Heading);
      writeSignatures(writer, section.parties);
    }
  }

  writeContents(writer, contents.lines, firstContentsPage);
  const pages = writer.pages;
  writeHeaderAndFooter(writer, spec, pages);
  doc.end();
  await ended;

  const placed = writer.headings.filter((heading) => heading.depth <= tocDepth);
  return {
    bytes: Buffer.concat(chunks),
    pages,
    headings: writer.headings,
    contents: placed.map((heading) => ({ text: heading.text, page: heading.page })),
  };
}
