import fc from 'fast-check';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMarkdown } from '../documents/parse-markdown.ts';
import type { PdfFonts } from './fonts.ts';
import { readPdfFonts } from './fonts-fs.ts';
import { type PdfSpec, renderPdf } from './render-pdf.ts';
import { outOfBounds, overlaps } from './test-support/layout.ts';
import { readPdf } from './test-support/read-pdf.ts';

let fonts: PdfFonts;
beforeAll(async () => {
  fonts = await readPdfFonts();
});

function spec(markdown: string): PdfSpec {
  return {
    title: 'Sample',
    organisation: 'Zürich Røde Ltd',
    version: '1.0',
    author: 'Zürich Røde Ltd',
    subject: 'Markdown features',
    accent: '#2b5fd9',
    contentHash: 'f'.repeat(64),
    createdAt: '2026-01-02T03:04:05.000Z',
    coverLines: ['A cover line'],
    draft: 'Pending review',
    sections: [{ kind: 'markdown', root: parseMarkdown(markdown) }],
  };
}

const markdown = `# Heading one

A paragraph with **bold**, *italic*, ***both***, \`code\` and a [link](https://example.com/terms).
A [script link](javascript:alert(1)) stays plain text.

## Lists

1. First
2. Second
   - Nested bullet
   - Another one
3. Third

- [x] Done task
- [ ] Open task

> A block quote
> spanning two lines.

\`\`\`
const value = 42;
\`\`\`

| Name | City |
| --- | ---: |
| Société Générale | Zürich |
| Łódź Ltd | Ελλάδα |

---

Final paragraph.
`;

describe('renderPdf', () => {
  it('renders headings, inline styles, nested ordered lists, tasks, quotes, code and tables as text', async () => {
    const rendered = await renderPdf(spec(markdown), fonts);
    const pdf = await readPdf(rendered.bytes);
    const body = pdf.pages[2]?.text ?? '';
    for (const line of [
      'Heading one',
      'Lists',
      '1. First',
      '2. Second',
      '◦ Nested bullet',
      '3. Third',
      '☑ Done task',
      '☐ Open task',
      'const value = 42;',
      'Société Générale Zürich',
      'Łódź Ltd Ελλάδα',
      'Final paragraph.',
    ])
      expect(body.replace(/\s+/g, ' ')).toContain(line);
    expect(body.replace(/\s+/g, ' ')).toContain(
      'A paragraph with bold, italic, both, code and a link.',
    );
    expect(body.replace(/\s+/g, ' ')).toContain('A block quote spanning two lines.');
    expect(overlaps(pdf.pages[2] ?? { width: 0, height: 0, items: [], text: '' })).toEqual([]);
  });

  it('turns links into link annotations and contents entries into jumps', async () => {
    const rendered = await renderPdf(spec(markdown), fonts);
    const document = await getDocument({ data: new Uint8Array(rendered.bytes), verbosity: 0 })
      .promise;
    const body = await (await document.getPage(3)).getAnnotations();
    // unsafeUrl is the raw URI, before pdfjs drops schemes it distrusts.
    expect(body.map((annotation) => annotation.unsafeUrl).filter(Boolean)).toEqual([
      'https://example.com/terms',
    ]);
    const contents = await (await document.getPage(2)).getAnnotations();
    expect(contents.filter((annotation) => annotation.dest).length).toBeGreaterThanOrEqual(2);
    await document.destroy();
  });

  it('marks a draft on the cover and in the running header, and embeds the metadata', async () => {
    const rendered = await renderPdf(spec(markdown), fonts);
    const pdf = await readPdf(rendered.bytes);
    expect(pdf.pages[0]?.text).toContain('Draft: Pending review');
    expect(pdf.pages[2]?.text).toContain('Zürich Røde Ltd · Sample · DRAFT');
    expect(pdf.info).toMatchObject({
      Title: 'Sample',
      Author: 'Zürich Røde Ltd',
      Subject: 'Markdown features',
      CreationDate: 'D:20260102030405Z',
      ModDate: 'D:20260102030405Z',
    });
  });

  it('flags overlapping text, so the layout tests can fail', async () => {
    const overlapping = spec('Some words here.');
    const rendered = await renderPdf(overlapping, fonts);
    const pdf = await readPdf(rendered.bytes);
    const page = pdf.pages.at(-1);
    if (!page) throw new Error('no body page');
    const [item] = page.items;
    if (!item) throw new Error('no text');
    expect(overlaps({ ...page, items: [...page.items, { ...item, x: item.x + 3 }] })).toHaveLength(
      1,
    );
  });

  it('cuts a table cell longer than a page instead of running off it', async () => {
    const long = `| Term | Text |\n| --- | --- |\n| Long | ${'every word of a very long cell '.repeat(700)} |\n| After | Short |\n`;
    const pdf = await readPdf((await renderPdf(spec(long), fonts)).bytes);
    for (const page of pdf.pages) {
      expect(outOfBounds(page, 62)).toEqual([]);
      expect(overlaps(page)).toEqual([]);
    }
    expect(pdf.text).toContain('…');
    expect(pdf.text).toContain('After');
  });

  it('renders any markdown, however broken or hostile, without throwing', async () => {
    const pieces = fc.constantFrom(
      '# ',
      '## ',
      '- ',
      '1. ',
      '> ',
      '```\n',
      '| a | b |\n|---|---|\n',
      '**',
      '*',
      '`',
      '[x](javascript:1)',
      '\n',
      '\n\n',
      '    ',
      '<b>',
      'Łódź ',
      '\u0000',
      '\u202e',
      '🙂',
      '\t',
      '---\n',
      '[^1]\n\n[^1]: note',
      '- [ ] ',
      'x'.repeat(400),
    );
    const markdown = fc
      .array(fc.oneof(pieces, fc.string({ unit: 'binary', maxLength: 30 })), { maxLength: 60 })
      .map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(markdown, async (text) => {
        const rendered = await renderPdf({ ...spec(text), title: text.slice(0, 40) || 'x' }, fonts);
        expect(new TextDecoder().decode(rendered.bytes.slice(0, 5))).toBe('%PDF-');
      }),
      { numRuns: 40 },
    );
  });
});
