import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateOrganisation } from '../../evaluate/evaluate.ts';
import { loadOrganisationFromDir } from '../../fs/read-organisation.ts';
import { repoRoot, repositoryOrganisations } from '../../fs/test-organisations.ts';
import { readPdfFonts } from '../pdf/fonts-fs.ts';
import { readPdf } from '../pdf/test-support/read-pdf.ts';
import { renderDocumentPdfs } from './render-documents.ts';

describe.each(repositoryOrganisations)('the organisation in %s', (organisation) => {
  it('renders a DPA with its annexes and every markdown document as a PDF', async () => {
    const { model } = await loadOrganisationFromDir(join(repoRoot, organisation));
    if (!model) throw new Error(`${organisation} does not load`);
    const publishedAt = '2026-11-23T12:00:00.000Z';
    const snapshot = evaluateOrganisation(model, [], { now: new Date(publishedAt), publishedAt });
    const pdfs = await renderDocumentPdfs(snapshot, await readPdfFonts());

    const dpa = pdfs.public.get('documents/dpa.pdf') ?? pdfs.gated.get('documents/dpa.pdf');
    if (!dpa) throw new Error('no DPA');
    const text = (await readPdf(dpa)).text.replace(/\s+/g, ' ');
    for (const annex of ['Annex I —', 'Annex II —', 'Annex III —']) expect(text).toContain(annex);
    expect(text).toContain(snapshot.organisation.legalName);
    expect(text).not.toMatch(/\{\{|\[not stated: /);

    for (const document of model.documents) {
      const key = `documents/${document.meta.id}.pdf`;
      expect(pdfs[document.meta.visibility].has(key), key).toBe(true);
    }
    // Without a dpa document of its own, the generated DPA is only shared through the gated flow.
    const ownDpa = model.documents.some((document) => document.meta.id === 'dpa');
    if (!ownDpa) expect(pdfs.gated.has('documents/dpa.pdf')).toBe(true);
    expect(pdfs.public.has('documents/security-overview.pdf')).toBe(true);
  });
});
