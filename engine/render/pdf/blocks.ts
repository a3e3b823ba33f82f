import type { Blockquote, Code, Heading, List, Nodes, RootContent } from 'mdast';
import { inlineRuns } from './inline.ts';
import { plainText } from './plain-text.ts';
import { writeTable } from './table.ts';
import { theme } from './theme.ts';
import type { PdfWriter } from './writer.ts';

const bullets = ['•', '◦', '▪'];

function headingSize(depth: number): number {
  return theme.headingSizes[Math.min(depth, 6) - 1] ?? theme.bodySize;
}

function writeHeading(writer: PdfWriter, node: Heading, listDepth: number): void {
  const { doc } = writer;
  const size = headingSize(node.depth);
  const text = plainText(node).trim();
  if (node.depth === 1 && writer.headings.length > 0 && listDepth === 0) doc.addPage();
  else {
    doc.y += node.depth <= 2 ? size * 0.6 : size * 0.4;
    // Keep a heading with at least three lines of what follows it.
    writer.ensureSpace(size * 1.6 + theme.bodySize * 4);
  }
  const destination = `h${writer.headings.length + 1}`;
  doc.addNamedDestination(destination, 'XYZ', doc.page.margins.left, doc.page.height - doc.y, null);
  writer.headings.push({ depth: node.depth, text, destination, page: writer.pages });
  writer.tag(`H${Math.min(node.depth, 6)}`, () =>
    doc
      .font('bold')
      .fontSize(size)
      .fillColor(node.depth <= 2 ? writer.accent : theme.text)
      .text(text, writer.frame.left, doc.y, { width: writer.frame.width, lineGap: theme.lineGap }),
  );
  doc.fillColor(theme.text);
  doc.y += size * 0.35;
}

function writeList(writer: PdfWriter, node: List, depth: number): void {
  const { doc } = writer;
  const start = node.start ?? 1;
  const markers = node.children.map((item, index) => {
    if (item.checked === true) return '☑';
    if (item.checked === false) return '☐';
    return node.ordered ? `${start + index}.` : (bullets[depth % bullets.length] ?? '•');
  });
  doc.font('regular').fontSize(theme.bodySize);
  const indent = Math.max(
    theme.listIndent,
    ...markers.map((marker) => doc.widthOfString(marker) + 6),
  );
  // Tagged as a list a screen reader announces: L > LI > Lbl (the marker) + LBody.
  writer.group('L', () =>
    node.children.forEach((item, index) => {
      writer.ensureSpace(theme.bodySize * 2.4);
      const y = doc.y;
      writer.group('LI', () => {
        writer.tag('Lbl', () =>
          doc
            .font('regular')
            .fontSize(theme.bodySize)
            .fillColor(writer.color)
            .text(markers[index] ?? '', writer.frame.left, y, { width: indent, lineBreak: false }),
        );
        doc.y = y;
        writer.group('LBody', () =>
          writer.indented(indent, () => {
            for (const child of item.children) {
              writeBlock(writer, child, depth + 1);
              if (!node.spread && child.type === 'paragraph') doc.y -= theme.paragraphGap - 2;
            }
          }),
        );
      });
    }),
  );
  doc.y += depth === 0 ? theme.paragraphGap : 0;
}

function writeQuote(writer: PdfWriter, node: Blockquote, depth: number): void {
  const { doc } = writer;
  const startPage = writer.pages;
  const top = doc.y;
  writer.group('BlockQuote', () =>
    writer.indented(theme.quoteIndent, () =>
      writer.coloured(theme.muted, () => {
        for (const child of node.children) writeBlock(writer, child, depth);
      }),
    ),
  );
  if (writer.pages === startPage) {
    const x = writer.frame.left + 3;
    writer.artifact(
      () =>
        doc
          .save()
          .moveTo(x, top)
          .lineTo(x, doc.y - theme.paragraphGap + 2)
          .lineWidth(2)
          .strokeColor(theme.rule)
          .stroke()
          .restore(),
      'Layout',
    );
  }
}

function writeCode(writer: PdfWriter, node: Code): void {
  const { doc } = writer;
  const pad = 6;
  const width = writer.frame.width - 2 * pad;
  doc.font('mono').fontSize(theme.codeSize);
  const height = doc.heightOfString(node.value, { width, lineGap: 1 });
  const fits = height + 2 * pad < doc.page.height - theme.margins.top - theme.margins.bottom;
  if (fits) writer.ensureSpace(height + 2 * pad);
  const top = doc.y;
  if (fits)
    writer.artifact(
      () =>
        doc
          .save()
          .rect(writer.frame.left, top, writer.frame.width, height + 2 * pad)
          .fill(theme.fill)
          .restore(),
      'Layout',
    );
  writer.tag('Code', () =>
    doc
      .font('mono')
      .fontSize(theme.codeSize)
      .fillColor(theme.text)
      .text(node.value, writer.frame.left + pad, top + pad, { width, lineGap: 1 }),
  );
  doc.y += pad + theme.paragraphGap;
}

/** Writes one block-level markdown node (and its children) at the current position. */
export function writeBlock(writer: PdfWriter, node: RootContent | Nodes, depth = 0): void {
  const { doc } = writer;
  switch (node.type) {
    case 'heading':
      writeHeading(writer, node, depth);
      return;
    case 'paragraph': {
      const runs = inlineRuns(node.children);
      if (runs.length === 0) return;
      writer.writeTaggedRuns('P', runs, theme.bodySize);
      doc.y += theme.paragraphGap;
      return;
    }
    case 'list':
      writeList(writer, node, depth);
      return;
    case 'blockquote':
      writeQuote(writer, node, depth);
      return;
    case 'code':
      writeCode(writer, node);
      return;
    case 'table':
      writeTable(writer, node);
      return;
    case 'thematicBreak': {
      writer.ensureSpace(20);
      const y = doc.y + 6;
      writer.artifact(
        () =>
          doc
            .save()
            .moveTo(writer.frame.left, y)
            .lineTo(writer.frame.left + writer.frame.width, y)
            .lineWidth(0.5)
            .strokeColor(theme.rule)
            .stroke()
            .restore(),
        'Layout',
      );
      doc.y = y + 12;
      return;
    }
    case 'html':
      writer.tag('P', () =>
        writer.writeRuns([{ text: node.value, face: 'regular', link: undefined }], theme.bodySize),
      );
      doc.y += theme.paragraphGap;
      return;
    case 'footnoteDefinition':
      writer.group('Note', () =>
        writer.coloured(theme.muted, () => {
          writer.tag('Lbl', () =>
            writer.writeRuns(
              [{ text: `[${node.label ?? node.identifier}] `, face: 'regular', link: undefined }],
              theme.smallSize,
            ),
          );
          doc.y -= theme.smallSize + theme.lineGap;
          writer.indented(18, () => {
            for (const child of node.children) writeBlock(writer, child, depth);
          });
        }),
      );
      return;
    case 'root':
      for (const child of node.children) writeBlock(writer, child, depth);
      return;
    default:
      return;
  }
}
