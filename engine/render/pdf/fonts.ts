/** The five faces every Attest PDF embeds, as TrueType bytes. */
export interface PdfFonts {
  regular: Uint8Array;
  bold: Uint8Array;
  italic: Uint8Array;
  boldItalic: Uint8Array;
  mono: Uint8Array;
}

/** Name a face is registered under in a pdfkit document. */
export type FontFace = keyof PdfFonts;

/** Which face draws text that is bold, italic, both or code. */
export function faceFor(style: { bold?: boolean; italic?: boolean; mono?: boolean }): FontFace {
  if (style.mono) return 'mono';
  if (style.bold && style.italic) return 'boldItalic';
  if (style.bold) return 'bold';
  if (style.italic) return 'italic';
  return 'regular';
}
