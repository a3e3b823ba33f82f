import { publicSnapshot } from '../../evaluate/public-view.ts';
import type { Snapshot } from '../../evaluate/snapshot.ts';
import { type Translate, translator } from '../../language/i18n/translate.ts';
import { type DocumentFrontMatter, isLanguage, type Language } from '../../schema/index.ts';
import { localiseSnapshot } from '../localise-snapshot.ts';
import type { PdfFonts } from '../pdf/fonts.ts';
import { type PdfSection, type RenderedPdf, renderPdf } from '../pdf/render-pdf.ts';
import { annexI, annexII, annexIII } from './annexes.ts';
import { defaultDpa } from './default-dpa.ts';
import { parseMarkdown } from './parse-markdown.ts';
import { fillDocumentBody } from './placeholders.ts';
import { securityOverviewBlocks } from './security-overview.ts';

/** Id of the DPA: the document with this front-matter id gets the annexes and signature blocks. */
export const dpaId = 'dpa';
/** Id of the generated security overview. */
export const securityOverviewId = 'security-overview';

type SnapshotDocument = DocumentFrontMatter & { body: string };

/** A rendered document: its PDF, who may see it, and placeholders that had no value. */
export interface DocumentPdf extends RenderedPdf {
  id: string;
  visibility: 'public' | 'gated';
  /** Placeholders used in the body that the organisation's data leaves empty. */
  missing: string[];
  /** True for the DPA generated from default terms (the organisation has no `dpa` document). */
  generated: boolean;
}

/** Every document id `renderDocumentPdf` accepts for this snapshot, sorted. */
export function documentIds(snapshot: Snapshot): string[] {
  const ids = new Set(snapshot.documents.map((document) => document.id));
  ids.add(dpaId);
  ids.add(securityOverviewId);
  return [...ids].sort();
}

/**
 * A party's description as it reads inside a sentence: "The customer named in the order
 * form" becomes "the customer named in the order form"; a name ("Tallyworks Ltd", "The
 * Guardian Media Group") keeps its capitals.
 */
export function inSentence(party: string): string {
  return party.replace(/^(The|A|An) (?=\p{Ll})/u, (article) => article.toLowerCase());
}

/**
 * The language of a markdown document's body: the organisation's first language for a
 * document it wrote; English for the default DPA terms Attest generates. (The security
 * overview is in the language it is rendered for.)
 */
function languageOf(snapshot: Snapshot, generated: boolean): string {
  return generated ? 'en' : (snapshot.organisation.languages[0] ?? 'en');
}

function provenance(snapshot: Snapshot, t: Translate): string {
  return t('pdf.provenance', {
    hash: snapshot.contentHash.slice(0, 12),
    time: snapshot.publishedAt.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1 UTC'),
  });
}

/** The languages a snapshot's documents are published in, the default (at /documents/) first. */
export function documentLanguages(snapshot: Snapshot): Language[] {
  const declared = snapshot.organisation.languages.filter(isLanguage);
  return declared.length ? declared : ['en'];
}

async function renderMarkdownDocument(
  snapshot: Snapshot,
  document: SnapshotDocument,
  fonts: PdfFonts,
  generated: boolean,
  language: Language | undefined,
): Promise<DocumentPdf> {
  const org = snapshot.organisation;
  // The body is the organisation's (or Attest's English terms): only the furniture around it
  // (cover lines, marking, page numbers) follows the reader's language.
  const t = translator(language ?? languageOf(snapshot, generated));
  const filled = fillDocumentBody(snapshot, document);
  const sections: PdfSection[] = [{ kind: 'markdown', root: parseMarkdown(filled.text) }];
  const coverLines = [t('pdf.version', { version: document.version, updated: document.updated })];
  if (document.description) coverLines.push(document.description);
  if (document.id === dpaId) {
    const exporter = snapshot.processing?.exporter.name ?? 'The customer';
    const importer = snapshot.processing?.importer.name ?? org.legalName;
    coverLines.unshift(
      `Between ${inSentence(exporter)} (controller) and ${inSentence(importer)} (processor)`,
    );
    if (generated)
      coverLines.push(
        `${org.name} has not published its own DPA; these are standard Article 28 terms generated from its published data. Ask ${org.contacts.legal ?? org.contacts.privacy ?? org.contacts.security} before relying on them.`,
      );
    const view = publicSnapshot(snapshot);
    sections.push(
      {
        kind: 'signatures',
        title: 'Signatures',
        parties: [
          { role: 'the data exporter (controller)', name: exporter },
          { role: 'the data importer (processor)', name: importer },
        ],
      },
      {
        kind: 'markdown',
        root: {
          type: 'root',
          children: [
            ...annexI(snapshot),
            ...annexII(snapshot, view.controls),
            ...annexIII(snapshot, document.visibility),
          ],
        },
      },
    );
  }
  coverLines.push(provenance(snapshot, t));
  const pdf = await renderPdf(
    {
      title: document.title,
      organisation: org.name,
      version: document.version,
      author: org.legalName,
      subject: document.description ?? document.title,
      accent: org.branding.accentColor,
      contentHash: snapshot.contentHash,
      createdAt: snapshot.publishedAt,
      coverLines,
      draft: document.draft ?? org.draft?.note,
      marking: document.visibility === 'gated' ? t('pdf.confidential') : undefined,
      sections,
      lang: languageOf(snapshot, generated),
    },
    fonts,
  );
  return {
    ...pdf,
    id: document.id,
    visibility: document.visibility,
    missing: filled.missing,
    generated,
  };
}

async function renderSecurityOverview(
  snapshot: Snapshot,
  fonts: PdfFonts,
  language: Language | undefined,
): Promise<DocumentPdf> {
  // Attest writes the overview, so it is in the reader's language throughout, with the
  // organisation's text translated where it declares a translation.
  const lang = language ?? documentLanguages(snapshot)[0] ?? 'en';
  const t = translator(lang);
  const view = localiseSnapshot(publicSnapshot(snapshot), lang);
  const org = view.organisation;
  const pdf = await renderPdf(
    {
      title: t('pdf.overview.title'),
      organisation: org.name,
      version: view.publishedAt.slice(0, 10),
      author: org.legalName,
      subject: t('pdf.overview.subject', { name: org.name }),
      accent: org.branding.accentColor,
      contentHash: view.contentHash,
      createdAt: view.publishedAt,
      coverLines: [
        `${org.legalName}${org.address ? `, ${org.address}` : ''}`,
        t('pdf.overview.asOf', { date: view.publishedAt.slice(0, 10) }),
        provenance(view, t),
      ],
      draft: org.draft?.note,
      lang,
      sections: [
        { kind: 'markdown', root: { type: 'root', children: securityOverviewBlocks(view, t) } },
      ],
    },
    fonts,
  );
  return { ...pdf, id: securityOverviewId, visibility: 'public', missing: [], generated: true };
}

/**
 * Renders one document of the snapshot as a PDF: a document of `policies/documents/` (the
 * one with id `dpa` with its generated annexes and signature blocks), the default DPA when
 * the organisation has none, or `security-overview`. Undefined for an unknown id. Pure
 * apart from the fonts passed in; deterministic.
 */
export async function renderDocumentPdf(
  snapshot: Snapshot,
  id: string,
  fonts: PdfFonts,
  language?: Language,
): Promise<DocumentPdf | undefined> {
  const document = snapshot.documents.find((candidate) => candidate.id === id);
  if (document) return renderMarkdownDocument(snapshot, document, fonts, false, language);
  if (id === dpaId)
    return renderMarkdownDocument(snapshot, defaultDpa(snapshot), fonts, true, language);
  if (id === securityOverviewId) return renderSecurityOverview(snapshot, fonts, language);
  return undefined;
}

/**
 * Every document of a full snapshot as PDFs keyed `documents/<id>.pdf`: public documents
 * and the security overview in `public`; gated documents, and the generated DPA when the
 * organisation has none of its own, in `gated` (served only through signed links).
 */
export async function renderDocumentPdfs(
  snapshot: Snapshot,
  fonts: PdfFonts,
): Promise<{ public: Map<string, Uint8Array>; gated: Map<string, Uint8Array> }> {
  const output = { public: new Map<string, Uint8Array>(), gated: new Map<string, Uint8Array>() };
  for (const id of documentIds(snapshot)) {
    const pdf = await renderDocumentPdf(snapshot, id, fonts);
    if (pdf) output[pdf.visibility].set(`documents/${id}.pdf`, pdf.bytes);
  }
  // Each further language gets its public documents under /<lang>/documents/ (gated ones are
  // served through signed links, in the default language).
  for (const language of documentLanguages(snapshot).slice(1))
    for (const id of documentIds(snapshot)) {
      const pdf = await renderDocumentPdf(snapshot, id, fonts, language);
      if (pdf?.visibility === 'public')
        output.public.set(`${language}/documents/${id}.pdf`, pdf.bytes);
    }
  return output;
}
