import fc from 'fast-check';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMarkdown } from '../documents/parse-markdown.ts';
import type { PdfFonts } from './fonts.ts';
import { readPdfFonts } from './fonts-fs.ts';
import { type PdfSpec, renderPdf } from './render-pdf.ts';
import { outOfBounds, overlaps } from './test-support/layout.ts';
import {
  readPdf,
  readStructure,
  structureElements,
  untaggedText,
} from './test-support/read-pdf.ts';

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

  it('tags tables, lists and the contents for screen readers: Table/TR/TH/TD, L/LI/Lbl/LBody, TOC/TOCI/Link', async () => {
    const rendered = await renderPdf(spec(markdown), fonts);
    const tree = await readStructure(rendered.bytes);
    expect(await untaggedText(rendered.bytes)).toEqual([]);
    const [table] = structureElements(tree, 'Table');
    if (!table) throw new Error('no Table element');
    expect(table.children.map((row) => row.role)).toEqual(['TR', 'TR', 'TR']);
    expect(
      table.children.map((row) => row.children.map((cell) => `${cell.role} ${cell.text}`)),
    ).toEqual([
      ['TH Name', 'TH City'],
      ['TD Société Générale', 'TD Zürich'],
      ['TD Łódź Ltd', 'TD Ελλάδα'],
    ]);
    // Header cells head their columns.
    expect(Buffer.from(rendered.bytes).toString('latin1')).toMatch(
      /\/S \/TH[^>]*\/A <<\s*\/O \/Table\s*\/Scope \/Column/,
    );

    const lists = structureElements(tree, 'L');
    // The ordered list, the bullets nested in its second item, and the task list.
    expect(lists).toHaveLength(3);
    const [ordered, nested, tasks] = lists;
    expect(ordered?.children.map((item) => item.role)).toEqual(['LI', 'LI', 'LI']);
    expect(
      ordered?.children.map((item) => item.children.map((part) => `${part.role} ${part.text}`)[0]),
    ).toEqual(['Lbl 1.', 'Lbl 2.', 'Lbl 3.']);
    expect(ordered?.children[1]?.children[1]?.role).toBe('LBody');
    expect(ordered?.children[1]?.children[1]?.children.map((child) => child.role)).toEqual([
      'P',
      'L',
    ]);
    expect(nested?.children.map((item) => item.text)).toEqual(['◦ Nested bullet', '◦ Another one']);
    expect(tasks?.children.map((item) => item.text)).toEqual(['☑ Done task', '☐ Open task']);

    // A link in the text is a Link element owning its annotation, inside its paragraph.
    const links = structureElements(tree, 'Link').filter((link) => link.text === 'link');
    expect(links.map((link) => link.annotations)).toEqual([1]);
    const paragraph = structureElements(tree, 'P').find((p) => p.text.startsWith('A paragraph'));
    expect(paragraph?.children.map((child) => child.role)).toContain('Link');
    expect(paragraph?.text).toContain('A script link stays plain text.');

    const [toc] = structureElements(tree, 'TOC');
    expect(toc?.children.map((entry) => entry.role)).toEqual(['TOCI', 'TOCI']);
    expect(toc?.children.map((entry) => entry.children[0]?.role)).toEqual(['Link', 'Link']);
    expect(toc?.children.map((entry) => entry.text)).toEqual(['Heading one 3', 'Lists 3']);
    // Each entry's Link owns the annotation that jumps to the heading.
    expect(toc?.children.map((entry) => entry.children[0]?.annotations)).toEqual([1, 1]);
    // In reading order the contents come after the title on the cover, before the body.
    const roles = structureElements(tree, 'Document').flatMap((page) =>
      page.children.map((child) => child.role),
    );
    expect(roles.indexOf('TOC')).toBeGreaterThan(roles.indexOf('H1'));
    expect(roles.indexOf('TOC')).toBeLessThan(roles.indexOf('L'));
  });

  it('tags a table that continues over pages once: the repeated header row is an artifact', async () => {
    const rows = Array.from({ length: 80 }, (_, n) => `| Row ${n + 1} | Value ${n + 1} |`);
    const long = `| Term | Text |\n| --- | --- |\n${rows.join('\n')}\n`;
    const rendered = await renderPdf(spec(long), fonts);
    const pdf = await readPdf(rendered.bytes);
    const bodyPages = pdf.pages.filter((page) => page.text.includes('Row '));
    expect(bodyPages.length).toBeGreaterThan(1);
    for (const page of bodyPages) expect(page.text).toContain('Term');
    const tree = await readStructure(rendered.bytes);
    const headers = structureElements(tree, 'TH').map((cell) => cell.text);
    expect(headers).toEqual(['Term', 'Text']);
    const cells = structureElements(tree, 'TD').map((cell) => cell.text);
    expect(cells).toHaveLength(160);
    expect(cells.slice(-2)).toEqual(['Row 80', 'Value 80']);
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
