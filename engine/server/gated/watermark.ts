import {
  beginMarkedContent,
  degrees,
  endMarkedContent,
  PDFDocument,
  rgb,
  StandardFonts,
} from 'pdf-lib';

/** Who a gated PDF was sent to, stamped on each of its pages. */
export interface Viewer {
  name: string;
  email: string;
  company: string;
  /** The grant (signed link) it was downloaded through. */
  grantId: number;
  /** When it was downloaded. */
  at: Date;
}

/**
 * The stamp's text: the viewer's name, email and company, the day (UTC) and the grant.
 * The standard PDF font covers Latin-1 (WinAnsi): other characters become `?`, so a name in
 * another script still stamps, with the email and grant id telling who it was.
 */
export function watermarkText(viewer: Viewer): string {
  const text =
    `Confidential: provided to ${viewer.name} <${viewer.email}>, ${viewer.company}, ` +
    `on ${viewer.at.toISOString().slice(0, 10)} under grant ${viewer.grantId}. Do not redistribute.`;
  return text.replace(/\s+/g, ' ').replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?');
}

/**
 * Stamps `text` on every page of the PDF: a line at the foot of the page and a faint diagonal
 * copy across it, both marked as an artifact so a tagged PDF stays tagged (a screen reader
 * skips the stamp instead of reading it as untagged text). Throws when the bytes are not a PDF pdf-lib can read (an encrypted one).
 */
export async function stampPdf(bytes: Uint8Array, text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const grey = rgb(0.35, 0.35, 0.35);
  for (const page of pdf.getPages()) {
    const { width, height } = page.getSize();
    // The foot line fits the page: the font shrinks for a long name, down to 5 pt.
    const size = Math.max(5, Math.min(8, (8 * (width - 40)) / font.widthOfTextAtSize(text, 8)));
    page.pushOperators(beginMarkedContent('Artifact'));
    page.drawText(text, { x: 20, y: 14, size, font, color: grey });
    const diagonal = Math.atan2(height, width);
    const across = Math.min(
      28,
      (0.85 * Math.hypot(width, height) * 12) / font.widthOfTextAtSize(text, 12),
    );
    const length = font.widthOfTextAtSize(text, across);
    page.drawText(text, {
      x: width / 2 - (Math.cos(diagonal) * length) / 2,
      y: height / 2 - (Math.sin(diagonal) * length) / 2,
      size: across,
      font,
      color: grey,
      opacity: 0.15,
      rotate: degrees((diagonal * 180) / Math.PI),
    });
    page.pushOperators(endMarkedContent());
  }
  return pdf.save();
}
