import type { Root } from 'mdast';
import type { SignatureParty } from './signatures.ts';
import type { PlacedHeading } from './writer.ts';

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
  /** A handling marking such as "Confidential", shown on the cover and in every header. */
  marking?: string | undefined;
  sections: PdfSection[];
  /** BCP 47 language of the text (the catalog's /Lang, read aloud by screen readers); default `en`. */
  lang?: string | undefined;
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
