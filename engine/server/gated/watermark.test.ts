import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../render/documents/parse-markdown.ts';
import { readPdfFonts } from '../../render/pdf/fonts-fs.ts';
import { renderPdf } from '../../render/pdf/render-pdf.ts';
import { readPdf, untaggedText } from '../../render/pdf/test-support/read-pdf.ts';
import { stampPdf, watermarkText } from './watermark.ts';

describe('stampPdf', () => {
  it('stamps every page of a tagged PDF as an artifact, leaving no untagged text', async () => {
    const rendered = await renderPdf(
      {
        title: 'Penetration test summary',
        organisation: 'Acme',
        version: '1',
        author: 'Acme Ltd',
        subject: 'Pentest',
        accent: '#2b5fd9',
        contentHash: 'f'.repeat(64),
        createdAt: '2026-01-02T03:04:05.000Z',
        coverLines: [],
        draft: undefined,
        sections: [{ kind: 'markdown', root: parseMarkdown('# Findings\n\nNone open.') }],
      },
      await readPdfFonts(),
    );
    const text = watermarkText({
      name: 'Grace Hopper',
      email: 'grace@customer.example',
      company: 'Customer Ltd',
      grantId: 7,
      at: new Date('2026-11-23T10:00:00Z'),
    });
    const stamped = await stampPdf(rendered.bytes, text);
    const pdf = await readPdf(stamped);
    for (const page of pdf.pages)
      expect(page.text.replace(/\s+/g, ' ')).toContain('Confidential: provided to Grace Hopper');
    expect(await untaggedText(stamped)).toEqual([]);
  });
});
