import { create, type Font } from 'fontkit';
import type { Heading } from 'mdast';
import PDFDocument from 'pdfkit';
import { translator } from '../../language/i18n/translate.ts';
import { writeBlock } from './blocks.ts';
import {
  contentsTitles,
  layoutContents,
  reserveContentsStructure,
  tocDepth,
  writeContents,
} from './contents.ts';
import type { PdfFonts } from './fonts.ts';
import { writeCover, writeHeaderAndFooter } from './page-furniture.ts';
import { signatureRowHeight, writeSignatures } from './signatures.ts';
import type { PdfSpec, RenderedPdf } from './spec.ts';
import { theme } from './theme.ts';
import { PdfWriter } from './writer.ts';

export type { PdfSection, PdfSpec, RenderedPdf } from './spec.ts';

const parsed = new WeakMap<PdfFonts, Record<string, Font>>();

/**
 * The faces parsed once per set of fonts. pdfkit takes a parsed font as well as bytes; given
 * bytes it would parse them again in every document, which is most of the cost of a short
 * PDF. The bytes written are the same either way.
 */
function parsedFonts(fonts: PdfFonts): Record<string, Font> {
  const cached = parsed.get(fonts);
  if (cached) return cached;
  const faces: Record<string, Font> = {};
  for (const [face, bytes] of Object.entries(fonts)) {
    const font = create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (!('layout' in font)) throw new Error(`font ${face} is a collection, not a single face`);
    faces[face] = font;
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
    // No default font: pdfkit would otherwise load and embed Helvetica in every document
    // (and set it again on every page break). Every text call here picks its face first.
    font: '',
    size: theme.pageSize,
    margins: theme.margins,
    bufferPages: true,
    autoFirstPage: true,
    // Tagged PDF 1.7, PDF/UA-minded: a structure tree (headings, paragraphs, lists, tables,
    // code, the contents as TOC entries with their links) in reading order, page furniture
    // and decorative rules marked as artifacts, the language in the catalog and the title
    // shown in the viewer's title bar instead of the file name.
    pdfVersion: '1.7',
    tagged: true,
    displayTitle: true,
    lang: spec.lang ?? 'en',
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
  // pdfkit takes a parsed font (anything with `layout`); its type definitions list only bytes.
  for (const [face, font] of Object.entries(faces))
    doc.registerFont(face, font as unknown as Buffer);

  const writer = new PdfWriter(doc, spec.accent);
  const structure = doc.struct('Document');
  doc.addStructure(structure);
  writer.structure = structure;
  writeCover(writer, spec);

  const headings = contentsTitles(spec.sections).filter((entry) => entry.depth <= tocDepth);
  // A document with a single heading gets no contents page: it would only list the title.
  const entries = headings.length > 1 ? headings : [];
  const contents = layoutContents(doc, entries, writer.frame.width);
  const firstContentsPage = writer.pages;
  // The contents come after the cover in reading order, though they are written last.
  const contentsStructure = entries.length > 0 ? reserveContentsStructure(writer) : undefined;
  if (entries.length > 0) for (let page = 0; page < contents.pages; page++) doc.addPage();

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

  if (entries.length > 0)
    writeContents(
      writer,
      contents.lines,
      firstContentsPage,
      contentsStructure,
      translator(spec.lang ?? 'en')('pdf.contents'),
    );
  structure.end();
  writer.structure = undefined;
  const pages = writer.pages;
  writeHeaderAndFooter(writer, spec, pages);
  doc.end();
  await ended;

  const placed = writer.headings.filter((heading) => heading.depth <= tocDepth);
  return {
    bytes: Buffer.concat(chunks),
    pages,
    headings: writer.headings,
    contents:
      entries.length > 0
        ? placed.map((heading) => ({ text: heading.text, page: heading.page }))
        : [],
  };
}
