import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PdfFonts } from '../pdf/fonts.ts';
import { readPdfFonts } from '../pdf/fonts-fs.ts';
import { type ParsedPdf, readPdf } from '../pdf/test-support/read-pdf.ts';
import { renderDocumentPdf, renderDocumentPdfs } from './render-documents.ts';
import { type FixtureControl, fixtureSnapshot, fixtureTime } from './test-support/fixture.ts';

const controls: FixtureControl[] = [
  { id: 'alpha', title: 'Alpha verified', evidence: 'pass' },
  { id: 'bravo', title: 'Bravo failing', evidence: 'fail' },
  { id: 'charlie', title: 'Charlie attested', evidence: 'attested', category: 'access' },
  { id: 'delta', title: 'Delta inherited', evidence: 'inherited' },
  { id: 'echo', title: 'Echo unverified', evidence: 'none' },
  { id: 'foxtrot', title: 'Foxtrot gated', evidence: 'attested', visibility: 'gated' },
  { id: 'golf', title: 'Golf roadmap', evidence: 'attested', declared: 'in-progress' },
];
const titles = controls.map((control) => control.title);

let fonts: PdfFonts;
beforeAll(async () => {
  fonts = await readPdfFonts();
});

/** Whitespace collapsed, so text that wrapped inside a table cell still matches. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

/** The text from the heading `from` up to the heading `to` (or the end). */
function between(pdf: ParsedPdf, from: string, to?: string): string {
  const text = flat(pdf.text);
  const start = text.indexOf(from, text.indexOf(from) + 1);
  const end = to ? text.indexOf(to, start + 1) : text.length;
  expect(start, `"${from}" appears in the body after the contents`).toBeGreaterThan(-1);
  return text.slice(start, end);
}

async function dpa(snapshotControls = controls, legalName?: string) {
  const snapshot = fixtureSnapshot(snapshotControls, legalName);
  const rendered = await renderDocumentPdf(snapshot, 'dpa', fonts);
  if (!rendered) throw new Error('no DPA');
  return { snapshot, rendered, pdf: await readPdf(rendered.bytes) };
}

describe('the DPA', () => {
  it('lists in Annex II exactly the public controls that are verified, attested or inherited', async () => {
    const { pdf } = await dpa();
    const annex = between(pdf, 'Annex II — Technical and organisational measures', 'Annex III');
    expect(titles.filter((title) => annex.includes(title))).toEqual([
      'Alpha verified',
      'Charlie attested',
      'Delta inherited',
    ]);
    // Grouped by category, each with its claim and how it is evidenced.
    expect(annex).toContain('Access control');
    expect(annex).toContain('Alpha verified is in place.');
    expect(annex).toContain('1 automated check (tls) passing, last verified 2026-11-23.');
    expect(annex).toContain('Inherited from Amazon Web Services.');
    // The failing claim appears nowhere in the document, nor does the gated one.
    expect(pdf.text).not.toContain('Bravo failing');
    expect(pdf.text).not.toContain('Foxtrot gated');
  });

  it('lists every subprocessor in Annex III, the announced one with its effective date', async () => {
    const { pdf } = await dpa();
    const annex = between(pdf, 'Annex III — List of subprocessors');
    for (const name of ['Amazon Web Services', 'Łódź Mail Sp. z o.o.', 'Ελλάδα Cloud'])
      expect(annex).toContain(name);
    expect(annex).toContain('Upcoming: starts 2026-12-20');
    expect(annex).toContain('Standard Contractual Clauses');
    expect(annex).toContain('at least 45 days');
  });

  it('fills placeholders, describes the processing in Annex I and has both signature blocks', async () => {
    const { pdf } = await dpa();
    const text = flat(pdf.text);
    expect(text).toContain('Acme Ltd processes personal data only on documented instructions.');
    expect(text).toContain('New subprocessors are announced 45 days ahead.');
    expect(text).not.toContain('{{');
    const annex = between(pdf, 'Annex I — Parties and description of the processing', 'Annex II');
    expect(annex).toContain('Deleted 30 days after the end of the subscription.');
    expect(annex).toContain('Customer staff');
    expect(text).toContain('For the data exporter (controller)');
    expect(text).toContain('For the data importer (processor)');
  });

  it('keeps accented and non-Latin-1 names intact', async () => {
    const { pdf } = await dpa(controls, 'Société Générale Zürich AG');
    const text = flat(pdf.text);
    for (const name of ['Société Générale Zürich AG', 'Łódź', 'Ελλάδα', '1 Main Street, Zürich'])
      expect(text).toContain(name);
    expect(pdf.info.Author).toBe('Société Générale Zürich AG');
  });

  it('prints a contents page whose page numbers are where the headings are', async () => {
    const { rendered, pdf } = await dpa();
    const contents = flat(pdf.pages[1]?.text ?? '');
    expect(contents).toContain('Contents');
    expect(rendered.contents.map((entry) => entry.text)).toEqual(
      expect.arrayContaining([
        'Data Processing Agreement',
        'Signatures',
        'Annex I — Parties and description of the processing',
        'Annex II — Technical and organisational measures',
        'Annex III — List of subprocessors',
      ]),
    );
    for (const entry of rendered.contents) {
      expect(contents).toContain(`${entry.text} ${entry.page}`);
      // The heading is on the page the contents give for it.
      expect(flat(pdf.pages[entry.page - 1]?.text ?? ''), entry.text).toContain(entry.text);
    }
  });

  it('has metadata, a running header and "Page X of Y" with the content hash on every page', async () => {
    const { snapshot, rendered, pdf } = await dpa();
    expect(pdf.info).toMatchObject({
      Title: 'Data Processing Agreement',
      Author: 'Acme Ltd',
      Subject: 'How Acme processes personal data.',
      CreationDate: `D:${fixtureTime.slice(0, 19).replace(/[-T:]/g, '')}Z`,
    });
    expect(pdf.pages).toHaveLength(rendered.pages);
    pdf.pages.forEach((page, index) => {
      const text = flat(page.text);
      expect(text).toContain(`Page ${index + 1} of ${pdf.pages.length}`);
      expect(text).toContain(`snapshot ${snapshot.contentHash}`);
      if (index > 0) expect(text).toContain('Acme · Data Processing Agreement');
    });
  });

  it('is byte-identical when rendered twice from the same snapshot', async () => {
    const snapshot = fixtureSnapshot(controls);
    const hash = async () =>
      createHash('sha256')
        .update((await renderDocumentPdf(snapshot, 'dpa', fonts))?.bytes ?? new Uint8Array())
        .digest('hex');
    expect(await hash()).toBe(await hash());
  });
});

describe('the security overview', () => {
  it('shows every public control with an honest status, certifications, subprocessors and disclosure', async () => {
    const snapshot = fixtureSnapshot(controls);
    const rendered = await renderDocumentPdf(snapshot, 'security-overview', fonts);
    const text = flat((await readPdf(rendered?.bytes ?? new Uint8Array())).text);
    for (const [title, status] of [
      ['Alpha verified', 'Verified'],
      ['Charlie attested', 'Attested'],
      ['Delta inherited', 'Inherited'],
      ['Echo unverified', 'Not verified'],
      ['Golf roadmap', 'In progress'],
    ])
      expect(text).toMatch(new RegExp(`${title} ${status}`));
    expect(text).not.toContain('Foxtrot gated');
    expect(text).not.toContain('Bravo failing');
    expect(text).toContain('Acme publishes 5 controls.');
    expect(text).toContain('Ελλάδα Cloud');
    expect(text).toContain('Report vulnerabilities to security@acme.example.');
    expect(text).toContain('Acknowledgement: 2 business days');
  });
});

describe('other documents', () => {
  it('render as written; a gated one is marked confidential, one heading gets no contents page', async () => {
    const rendered = await renderDocumentPdf(fixtureSnapshot(controls), 'pentest-summary', fonts);
    const pdf = await readPdf(rendered?.bytes ?? new Uint8Array());
    expect(pdf.pages).toHaveLength(2);
    expect(rendered?.contents).toEqual([]);
    expect(flat(pdf.pages[0]?.text ?? '')).toContain('Confidential');
    expect(flat(pdf.pages[1]?.text ?? '')).toContain(
      'Acme · Penetration test summary · Confidential',
    );
    expect(flat(pdf.pages[1]?.text ?? '')).toContain('No open high findings.');
    expect(pdf.text).not.toContain('Annex');
  });
});

describe('renderDocumentPdfs', () => {
  it('keys PDFs by documents/<id>.pdf and keeps gated documents out of the public set', async () => {
    const output = await renderDocumentPdfs(fixtureSnapshot(controls), fonts);
    expect([...output.public.keys()]).toEqual([
      'documents/dpa.pdf',
      'documents/security-overview.pdf',
    ]);
    expect([...output.gated.keys()]).toEqual(['documents/pentest-summary.pdf']);
    for (const bytes of [...output.public.values(), ...output.gated.values()])
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  });
});
