import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceFile } from '../../load/load-organisation.ts';
import type { PdfFonts } from '../pdf/fonts.ts';
import { readPdfFonts } from '../pdf/fonts-fs.ts';
import { renderPdf } from '../pdf/render-pdf.ts';
import { readPdf, untaggedText } from '../pdf/test-support/read-pdf.ts';
import { parseMarkdown } from './parse-markdown.ts';
import { inSentence, renderDocumentPdf, renderDocumentPdfs } from './render-documents.ts';
import { type FixtureControl, fixtureSnapshot } from './test-support/fixture.ts';

const controls: FixtureControl[] = [{ id: 'alpha', title: 'Alpha verified', evidence: 'pass' }];

let fonts: PdfFonts;
beforeAll(async () => {
  fonts = await readPdfFonts();
});

/** The PDF's bytes as Latin-1 text: the catalog and its dictionaries are not compressed. */
const raw = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/** The structure tree's element types, in reading order, as a screen reader walks it. */
async function structureTypes(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const types: string[] = [];
  const walk = (node: { role?: string; children?: unknown[] }) => {
    if (node.role && node.role !== 'Root') types.push(node.role);
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  for (let number = 1; number <= pdf.numPages; number++) {
    const tree = await (await pdf.getPage(number)).getStructTree();
    if (tree) walk(tree as never);
  }
  await pdf.destroy();
  return types;
}

const withoutOwnDpa = (extra: (files: SourceFile[]) => SourceFile[] = (files) => files) =>
  fixtureSnapshot(controls, undefined, (files) =>
    extra(files.filter((file) => file.path !== 'policies/documents/dpa.md')),
  );

function editProfile(files: SourceFile[], add: string): SourceFile[] {
  return files.map((file) =>
    file.path === 'policies/trust-center.yaml' ? { ...file, text: `${file.text}${add}` } : file,
  );
}

describe('PDF documents for every reader', () => {
  it('are tagged PDF 1.7 with the language, the title shown, headings, paragraphs, lists, tables and contents in the structure, furniture as artifacts', async () => {
    const rendered = await renderDocumentPdf(withoutOwnDpa(), 'dpa', fonts);
    if (!rendered) throw new Error('no DPA');
    const bytes = raw(rendered.bytes);
    expect(bytes.startsWith('%PDF-1.7')).toBe(true);
    expect(bytes).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(bytes).toMatch(/\/Marked true/);
    expect(bytes).toMatch(/\/StructTreeRoot \d+ 0 R/);
    expect(bytes).toMatch(/\/Lang \(en\)/);
    expect(bytes).toMatch(/\/DisplayDocTitle true/);
    const parsed = await readPdf(rendered.bytes);
    expect(parsed.info.Title).toBe('Data Processing Agreement');
    const types = await structureTypes(rendered.bytes);
    expect(types[0]).toBe('Document');
    expect(types).toContain('H1');
    expect(types).toContain('H2');
    expect(types.filter((type) => type === 'P').length).toBeGreaterThan(10);
    // The annexes' tables and the lists are tagged as such, not as loose text.
    for (const type of ['TOC', 'TOCI', 'Table', 'TR', 'TH', 'TD', 'L', 'LI', 'Lbl', 'LBody'])
      expect(types).toContain(type);
    // Every piece of text, the signature blocks included, is tagged or an artifact.
    expect(await untaggedText(rendered.bytes)).toEqual([]);
    // The title is the first heading a reader meets, before any body text.
    expect(types.indexOf('H1')).toBeLessThan(types.indexOf('H2'));
  });

  it('declare the language the organisation writes in for its own documents and the overview, English for the default DPA terms', async () => {
    const french = fixtureSnapshot(controls, undefined, (files) =>
      editProfile(files, 'languages: [fr]\n'),
    );
    const own = await renderDocumentPdf(french, 'dpa', fonts);
    const overview = await renderDocumentPdf(french, 'security-overview', fonts);
    if (!own || !overview) throw new Error('missing document');
    expect(raw(own.bytes)).toMatch(/\/Lang \(fr\)/);
    expect(raw(overview.bytes)).toMatch(/\/Lang \(fr\)/);
  });

  it('are rendered again for each further language, the overview in French with /Lang fr and the translated claim', async () => {
    const bilingual = fixtureSnapshot(controls, undefined, (files) =>
      editProfile(files, 'languages: [en, fr]\n').map((file) =>
        file.path === 'controls/alpha.yaml'
          ? {
              ...file,
              text: file.text.replace(
                'evidence:',
                'translations:\n  fr:\n    claim: Alpha est en place et vérifié.\nevidence:',
              ),
            }
          : file,
      ),
    );
    const { public: published } = await renderDocumentPdfs(bilingual, fonts);
    const french = published.get('fr/documents/security-overview.pdf');
    const english = published.get('documents/security-overview.pdf');
    if (!french || !english) throw new Error('missing overview');
    expect(raw(french)).toMatch(/\/Lang \(fr\)/);
    expect(raw(english)).toMatch(/\/Lang \(en\)/);
    const text = (await readPdf(french)).text.replace(/\s+/g, ' ');
    expect(text).toContain('Présentation de la sécurité');
    expect(text).toContain('Alpha est en place et vérifié.');
    expect(text).toContain('Synthèse');
    expect(text).toMatch(/Page 1 sur \d+/);
    expect((await readPdf(english)).text).not.toContain('Présentation');
    // A gated document is served through signed links, in the default language only.
    expect([...published.keys()].filter((path) => path.startsWith('fr/'))).not.toContain(
      'fr/documents/pentest-summary.pdf',
    );
  });

  it('write the DPA parties as a sentence: "Between the customer …", names keep their capitals', async () => {
    const rendered = await renderDocumentPdf(fixtureSnapshot(controls), 'dpa', fonts);
    if (!rendered) throw new Error('no DPA');
    const text = (await readPdf(rendered.bytes)).text.replace(/\s+/g, ' ');
    expect(text).toContain('Between the customer (controller) and Acme Ltd (processor)');
    expect(text).not.toContain('Between The');
    expect(inSentence('The customer named in the order form')).toBe(
      'the customer named in the order form',
    );
    expect(inSentence('The Guardian Media Group')).toBe('The Guardian Media Group');
    expect(inSentence('Tallyworks Ltd')).toBe('Tallyworks Ltd');
  });

  it('date the generated DPA from the organisation, never from a date in Attest itself', async () => {
    const reviewed = withoutOwnDpa((files) => editProfile(files, 'updated: 2026-09-14\n'));
    const dated = await renderDocumentPdf(reviewed, 'dpa', fonts);
    if (!dated?.generated) throw new Error('expected the generated DPA');
    expect((await readPdf(dated.bytes)).text).toContain('updated 2026-09-14');

    const effective = withoutOwnDpa((files) =>
      editProfile(files, 'updated: 2026-09-14\neffective: 2026-10-01\n'),
    );
    const fromEffective = await renderDocumentPdf(effective, 'dpa', fonts);
    expect((await readPdf(fromEffective?.bytes ?? new Uint8Array())).text).toContain(
      'updated 2026-10-01',
    );

    const undated = withoutOwnDpa();
    const fromSnapshot = await renderDocumentPdf(undated, 'dpa', fonts);
    expect((await readPdf(fromSnapshot?.bytes ?? new Uint8Array())).text).toContain(
      `updated ${undated.publishedAt.slice(0, 10)}`,
    );
  });

  it('never break a URL right after its scheme, wherever the line ends', async () => {
    // The same sentence with a growing prefix puts the line end at every position of the URL.
    const sentence =
      'Its annexes come from the data Acme publishes on its trust center xxxxxxxxxxxx';
    const markdown = Array.from(
      { length: 50 },
      (_, n) =>
        `${sentence.slice(0, 25 + n)} (https://trust.acme-corporation.example/controls), as of today.`,
    ).join('\n\n');
    const rendered = await renderPdf(
      {
        title: 'Links',
        organisation: 'Acme',
        version: '1',
        author: 'Acme Ltd',
        subject: 'Links',
        accent: '#2b5fd9',
        contentHash: 'f'.repeat(64),
        createdAt: '2026-01-02T03:04:05.000Z',
        coverLines: [],
        draft: undefined,
        sections: [{ kind: 'markdown', root: parseMarkdown(markdown) }],
      },
      fonts,
    );
    const lines = (await readPdf(rendered.bytes)).pages.flatMap((page) => page.text.split('\n'));
    const wrapped = lines.filter((line) => line.includes('https:'));
    expect(wrapped.length).toBe(50);
    expect(lines.filter((line) => /[a-z]+:\/\/\s*$/.test(line))).toEqual([]);
  });
});
