import type { Run } from './inline.ts';
import { theme } from './theme.ts';

/** The horizontal band block content is laid out in (lists and quotes narrow it). */
export interface Frame {
  left: number;
  width: number;
}

/** A heading as placed: its text, level, destination name and 1-based page. */
export interface PlacedHeading {
  depth: number;
  text: string;
  destination: string;
  page: number;
}

/**
 * The state of one document being written: the pdfkit document, the current frame and
 * colour, the page count and the headings placed so far.
 */
export class PdfWriter {
  frame: Frame;
  color: string = theme.text;
  pages = 0;
  readonly headings: PlacedHeading[] = [];

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly accent: string,
  ) {
    this.frame = {
      left: theme.margins.left,
      width: doc.page.width - theme.margins.left - theme.margins.right,
    };
    doc.on('pageAdded', () => {
      this.pages++;
    });
    this.pages = 1;
  }

  /** Lowest y content may reach on the current page. */
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** Runs `draw` with the frame narrowed by `indent` on the left. */
  indented(indent: number, draw: () => void): void {
    const saved = this.frame;
    this.frame = { left: saved.left + indent, width: saved.width - indent };
    try {
      draw();
    } finally {
      this.frame = saved;
    }
  }

  /** Runs `draw` with another text colour. */
  coloured(color: string, draw: () => void): void {
    const saved = this.color;
    this.color = color;
    try {
      draw();
    } finally {
      this.color = saved;
    }
  }

  /** Writes runs as one wrapped paragraph in the current frame, starting at the current y. */
  writeRuns(runs: readonly Run[], size: number, options: PDFKit.Mixins.TextOptions = {}): void {
    const { doc } = this;
    const last = runs.length - 1;
    runs.forEach((run, index) => {
      doc
        .font(run.face)
        .fontSize(run.face === 'mono' ? size * 0.92 : size)
        .fillColor(run.link ? this.accent : this.color);
      const common = {
        ...options,
        continued: index < last,
        link: run.link ?? null,
        underline: run.link !== undefined,
        lineGap: theme.lineGap,
      } as PDFKit.Mixins.TextOptions;
      if (index === 0)
        doc.text(run.text, this.frame.left, doc.y, { ...common, width: this.frame.width });
      else doc.text(run.text, common);
    });
    doc.fillColor(theme.text);
  }
}
