import { translator } from '../../language/i18n/translate.ts';
import type { PdfSpec } from './spec.ts';
import { theme } from './theme.ts';
import type { PdfWriter } from './writer.ts';

/** The cover: accent band, organisation, title, cover lines, marking and any draft notice. */
export function writeCover(writer: PdfWriter, spec: PdfSpec): void {
  const { doc } = writer;
  const { left, width } = writer.frame;
  writer.artifact(() => doc.save().rect(0, 0, doc.page.width, 10).fill(spec.accent).restore());
  writer.tag('P', () =>
    doc
      .font('bold')
      .fontSize(13)
      .fillColor(theme.muted)
      .text(spec.organisation, left, 190, { width }),
  );
  doc.moveDown(0.6);
  writer.tag('H1', () =>
    doc.font('bold').fontSize(28).fillColor(theme.text).text(spec.title, { width, lineGap: 4 }),
  );
  doc.moveDown(0.8);
  for (const line of spec.coverLines)
    writer.tag('P', () =>
      doc.font('regular').fontSize(11).fillColor(theme.muted).text(line, { width, lineGap: 3 }),
    );
  if (spec.marking) {
    doc.moveDown(1.2);
    const marking = spec.marking;
    writer.tag('P', () =>
      doc.font('bold').fontSize(11).fillColor(theme.text).text(marking, { width }),
    );
  }
  if (spec.draft) {
    doc.moveDown(1.2);
    const draft = spec.draft;
    writer.tag('P', () =>
      doc.font('bold').fontSize(11).fillColor('#a4262c').text(`Draft: ${draft}`, { width }),
    );
  }
  doc.fillColor(theme.text);
}

/** Running header (from page 2) and footer with the content hash and "Page X of Y", on every page. */
export function writeHeaderAndFooter(writer: PdfWriter, spec: PdfSpec, pages: number): void {
  for (let index = 0; index < pages; index++) {
    writer.doc.switchToPage(index);
    writer.artifact(() => writePageFurniture(writer, spec, index, pages));
  }
}

function writePageFurniture(writer: PdfWriter, spec: PdfSpec, index: number, pages: number): void {
  const t = translator(spec.lang ?? 'en');
  const { doc } = writer;
  const { left, width } = writer.frame;
  const margins = doc.page.margins;
  doc.page.margins = { ...margins, top: 0, bottom: 0 };
  if (index > 0) {
    const header = [
      spec.organisation,
      spec.title,
      ...(spec.draft ? ['DRAFT'] : []),
      ...(spec.marking ? [spec.marking] : []),
    ].join(' · ');
    doc.font('regular').fontSize(7.5).fillColor(theme.muted);
    doc.text(header, left, 30, { width: width - 90, lineBreak: false, ellipsis: true });
    doc.text(t('pdf.versionShort', { version: spec.version }), left + width - 88, 30, {
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
  doc.text(t('pdf.page', { page: index + 1, pages }), left + width - 78, footerY - 1, {
    width: 78,
    align: 'right',
    lineBreak: false,
  });
  doc.page.margins = margins;
}
