import type { Run } from './inline.ts';
import { theme } from './theme.ts';

/**
 * Text whose URLs cannot be broken right after their scheme (`https://` at the end of one
 * line, the host on the next): a WORD JOINER (U+2060, zero width) after `://` removes that
 * one break opportunity; a URL may still wrap inside its path.
 */
export function keepSchemeWithHost(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)(?=\S)/gi, '$1\u2060');
}

/** The horizontal band block content is laid out in (lists and quotes narrow it). */
export interface Frame {
  left: number;
  width: number;
}

/**
 * Options of a structure element: pdfkit's, plus the table attribute `scope` that marks a
 * header cell as heading its column or row (pdfkit writes it; its type definitions omit it).
 */
export type StructureOptions = PDFKit.Mixins.StructureElementOptions & {
  scope?: 'Column' | 'Row' | 'Both';
};

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
  /** The document's structure element while the body is written; tagged content goes in it. */
  structure: PDFKit.PDFStructureElement | undefined;
  #tagging = false;

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

  /**
   * Runs `draw` as one structure element of type `type` (`P`, `H1`, `Lbl`, `TD` …) inside the
   * current group (see {@link group}), in reading order. Nothing nests inside it: `draw`
   * only draws. `draw` must not add pages itself (text that wraps onto a new page is
   * continued by pdfkit).
   */
  tag(type: string, draw: () => void, options: StructureOptions = {}): void {
    if (!this.structure || this.#tagging) {
      draw();
      return;
    }
    this.#tagging = true;
    try {
      this.structure.add(this.doc.struct(type, options, draw));
    } finally {
      this.#tagging = false;
    }
  }

  /**
   * Runs `build` with a grouping structure element of type `type` (`L`, `LI`, `Table`,
   * `TR`, `TOC` …) as the current group: what `build` tags becomes its children. `build`
   * may add pages between the elements it tags.
   */
  group(type: string, build: () => void, options: StructureOptions = {}): void {
    const parent = this.structure;
    if (!parent || this.#tagging) {
      build();
      return;
    }
    const element = this.doc.struct(type, options);
    parent.add(element);
    this.structure = element;
    try {
      build();
    } finally {
      this.structure = parent;
      element.end();
    }
  }

  /**
   * Runs `draw` as an artifact, not read aloud: page furniture (running header, footer) by
   * default, or `Layout` for rules and fills that only decorate the content beside them.
   */
  artifact(draw: () => void, type: 'Pagination' | 'Layout' = 'Pagination'): void {
    this.doc.markContent('Artifact', { type });
    try {
      draw();
    } finally {
      this.doc.endMarkedContent();
    }
  }

  /** Writes runs as one wrapped paragraph in the current frame, starting at the current y. */
  writeRuns(runs: readonly Run[], size: number, options: PDFKit.Mixins.TextOptions = {}): void {
    const last = runs.length - 1;
    runs.forEach((run, index) => {
      this.#writeRun(run, index, last, size, options);
    });
    this.doc.fillColor(theme.text);
  }

  /**
   * Writes runs as one paragraph tagged `type` (`P`, `Lbl` …). A paragraph with links is a
   * group: each link a `Link` element that owns its link annotation, the text around it
   * `Span`s, so a screen reader announces the link where it is.
   */
  writeTaggedRuns(type: string, runs: readonly Run[], size: number): void {
    if (!runs.some((run) => run.link !== undefined)) {
      this.tag(type, () => this.writeRuns(runs, size));
      return;
    }
    const last = runs.length - 1;
    // Consecutive runs with the same target (bold words inside a link) form one element.
    const segments: number[][] = [];
    runs.forEach((run, index) => {
      const current = segments.at(-1);
      const previous = current === undefined ? undefined : runs[current[0] ?? 0];
      if (current && previous?.link === run.link) current.push(index);
      else segments.push([index]);
    });
    this.group(type, () => {
      for (const segment of segments) {
        const first = runs[segment[0] ?? 0];
        this.tag(first?.link === undefined ? 'Span' : 'Link', () => {
          for (const index of segment) {
            const run = runs[index];
            if (run) this.#writeRun(run, index, last, size, {});
          }
        });
      }
    });
    this.doc.fillColor(theme.text);
  }

  #writeRun(
    run: Run,
    index: number,
    last: number,
    size: number,
    options: PDFKit.Mixins.TextOptions,
  ): void {
    const { doc } = this;
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
    const text = keepSchemeWithHost(run.text);
    if (index === 0) doc.text(text, this.frame.left, doc.y, { ...common, width: this.frame.width });
    else doc.text(text, common);
  }
}
