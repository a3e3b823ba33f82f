import type { AlignType, Table } from 'mdast';
import { plainText } from './plain-text.ts';
import { theme } from './theme.ts';
import type { PdfWriter } from './writer.ts';

const pad = 4;
const size = theme.smallSize + 0.5;
const minColumn = 36;

/** Column widths that share `available` by content, never below the longest word. */
function columnWidths(writer: PdfWriter, rows: string[][], available: number): number[] {
  const { doc } = writer;
  const columns = Math.max(...rows.map((row) => row.length));
  const natural: number[] = [];
  const floor: number[] = [];
  for (let column = 0; column < columns; column++) {
    let longest = 0;
    let word = 0;
    for (const [index, row] of rows.entries()) {
      doc.font(index === 0 ? 'bold' : 'regular').fontSize(size);
      const cell = row[column] ?? '';
      longest = Math.max(longest, doc.widthOfString(cell));
      for (const part of cell.split(/\s+/)) word = Math.max(word, doc.widthOfString(part));
    }
    natural.push(Math.min(longest, available) + 2 * pad);
    floor.push(Math.min(Math.max(word + 2 * pad, minColumn), available / columns));
  }
  const total = natural.reduce((sum, width) => sum + width, 0);
  if (total <= available) return natural.map((width) => (width * available) / total);
  // Too wide: every column keeps its floor, the rest is shared by how much more each wants.
  const floorTotal = floor.reduce((sum, width) => sum + width, 0);
  const wants = natural.map((width, index) => Math.max(0, width - (floor[index] ?? 0)));
  const wantTotal = wants.reduce((sum, width) => sum + width, 0) || 1;
  return floor.map(
    (width, index) => width + ((wants[index] ?? 0) * (available - floorTotal)) / wantTotal,
  );
}

function rowHeight(writer: PdfWriter, row: string[], widths: number[], header: boolean): number {
  const { doc } = writer;
  doc.font(header ? 'bold' : 'regular').fontSize(size);
  const heights = row.map((cell, index) =>
    doc.heightOfString(cell || ' ', { width: (widths[index] ?? minColumn) - 2 * pad, lineGap: 1 }),
  );
  return Math.max(size, ...heights) + 2 * pad;
}

/**
 * How a row is drawn: `header` for the header row where the table starts (its cells tagged
 * TH, heading their columns), `repeated` for the header again at the top of a continued
 * page (an artifact: read once, not on every page), `body` for a row of TD cells.
 */
type RowKind = 'header' | 'repeated' | 'body';

function drawRow(
  writer: PdfWriter,
  row: string[],
  widths: number[],
  align: (AlignType | undefined)[],
  kind: RowKind,
): void {
  const { doc, frame } = writer;
  const header = kind !== 'body';
  // A row never runs past the page: a cell longer than a whole page is cut with an ellipsis.
  const room = writer.bottom - doc.y;
  const height = Math.min(rowHeight(writer, row, widths, header), room);
  const top = doc.y;
  const width = widths.reduce((sum, w) => sum + w, 0);
  if (header)
    writer.artifact(
      () => doc.save().rect(frame.left, top, width, height).fill(theme.fill).restore(),
      'Layout',
    );
  const drawCells = () => {
    let x = frame.left;
    row.forEach((cell, index) => {
      const cellWidth = widths[index] ?? minColumn;
      const left = x;
      const drawCell = () =>
        doc
          .font(header ? 'bold' : 'regular')
          .fontSize(size)
          .fillColor(writer.color)
          .text(cell, left + pad, top + pad, {
            width: cellWidth - 2 * pad,
            height: height - 2 * pad,
            ellipsis: true,
            lineGap: 1,
            align: align[index] ?? 'left',
          });
      if (kind === 'header') writer.tag('TH', drawCell, { scope: 'Column' });
      else if (kind === 'body') writer.tag('TD', drawCell);
      else drawCell();
      x += cellWidth;
    });
  };
  if (kind === 'repeated') writer.artifact(drawCells);
  else writer.group('TR', drawCells);
  writer.artifact(
    () =>
      doc
        .save()
        .moveTo(frame.left, top + height)
        .lineTo(frame.left + width, top + height)
        .lineWidth(header ? 0.8 : 0.4)
        .strokeColor(theme.rule)
        .stroke()
        .restore(),
    'Layout',
  );
  doc.x = frame.left;
  doc.y = top + height;
}

/**
 * Writes a GFM table across the frame: columns sized by content, the header row repeated
 * at the top of every page the table continues on. Tagged Table > TR > TH/TD, the header
 * cells heading their columns.
 */
export function writeTable(writer: PdfWriter, node: Table): void {
  const { doc } = writer;
  const rows = node.children.map((row) =>
    row.children.map((cell) => plainText(cell).replace(/\s+/g, ' ').trim()),
  );
  const [head, ...body] = rows;
  if (!head) return;
  const widths = columnWidths(writer, rows, writer.frame.width);
  const align = node.align ?? [];
  writer.ensureSpace(
    rowHeight(writer, head, widths, true) + rowHeight(writer, body[0] ?? head, widths, false),
  );
  writer.group('Table', () => {
    drawRow(writer, head, widths, align, 'header');
    for (const row of body) {
      const height = rowHeight(writer, row, widths, false);
      if (doc.y + height > writer.bottom) {
        doc.addPage();
        drawRow(writer, head, widths, align, 'repeated');
      }
      drawRow(writer, row, widths, align, 'body');
    }
  });
  doc.y += theme.paragraphGap + 2;
}
