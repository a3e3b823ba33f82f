import { theme } from './theme.ts';
import type { PdfWriter } from './writer.ts';

/** One party that signs: its role in the agreement and, when known, its legal name. */
export interface SignatureParty {
  role: string;
  name: string;
}

const fields = ['Signature', 'Name', 'Position', 'Date'];
const lineSpace = 30;
const blockHeight = 40 + fields.length * lineSpace;

/** Height of one row of signature blocks, so a heading can be kept with the first row. */
export const signatureRowHeight = blockHeight + 10;

/** Draws a signature block per party, side by side, kept together on one page. */
export function writeSignatures(writer: PdfWriter, parties: readonly SignatureParty[]): void {
  const { doc } = writer;
  const gap = 24;
  const columns = Math.min(2, parties.length) || 1;
  const width = (writer.frame.width - gap * (columns - 1)) / columns;
  for (let start = 0; start < parties.length; start += columns) {
    writer.ensureSpace(signatureRowHeight);
    const top = doc.y;
    parties.slice(start, start + columns).forEach((party, index) => {
      const x = writer.frame.left + index * (width + gap);
      // Each block is read as a unit: who signs, for whom, then the fields to fill in.
      writer.group('Div', () => {
        writer.tag('P', () =>
          doc
            .font('bold')
            .fontSize(theme.bodySize)
            .fillColor(theme.text)
            .text(`For ${party.role}`, x, top, { width, lineBreak: false, ellipsis: true }),
        );
        writer.tag('P', () =>
          doc
            .font('regular')
            .fontSize(theme.smallSize)
            .fillColor(theme.muted)
            .text(party.name, x, top + 14, { width, lineBreak: false, ellipsis: true }),
        );
        fields.forEach((field, row) => {
          const y = top + 40 + row * lineSpace;
          writer.artifact(
            () =>
              doc
                .save()
                .moveTo(x + 62, y + 10)
                .lineTo(x + width, y + 10)
                .lineWidth(0.5)
                .strokeColor(theme.muted)
                .stroke()
                .restore(),
            'Layout',
          );
          writer.tag('P', () =>
            doc
              .font('regular')
              .fontSize(theme.smallSize)
              .fillColor(theme.text)
              .text(field, x, y, { width: 58, lineBreak: false }),
          );
        });
      });
    });
    doc.x = writer.frame.left;
    doc.y = top + blockHeight;
  }
  doc.fillColor(theme.text);
}
