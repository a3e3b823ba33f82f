import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceFile } from '../../load/load-organisation.ts';
import type { PdfFonts } from '../pdf/fonts.ts';
import { readPdfFonts } from '../pdf/fonts-fs.ts';
import { readPdf } from '../pdf/test-support/read-pdf.ts';
import { renderDocumentPdf } from './render-documents.ts';
import { requestableDocuments } from './requestable.ts';
import { editFile, type FixtureControl, fixtureSnapshot } from './test-support/fixture.ts';

const controls: FixtureControl[] = [{ id: 'alpha', title: 'Alpha verified', evidence: 'pass' }];

let fonts: PdfFonts;
beforeAll(async () => {
  fonts = await readPdfFonts();
});

const flat = (text: string) => text.replace(/\s+/g, ' ');

/** Leaves the organisation's own DPA out, so the default one is generated. */
const withoutOwnDpa = (files: SourceFile[]) =>
  files.filter((file) => file.path !== 'policies/documents/dpa.md');
const withoutNoticeDays = editFile('policies/subprocessors.yaml', (text) =>
  text.replace(/^noticeDays: \d+\n/m, ''),
);
const asDraft = editFile(
  'policies/trust-center.yaml',
  (text) => `${text}draft:\n  note: Pending legal review\n`,
);

async function render(id: string, ...edits: Array<(files: SourceFile[]) => SourceFile[]>) {
  const snapshot = fixtureSnapshot(controls, undefined, (files) =>
    edits.reduce((current, edit) => edit(current), files),
  );
  const rendered = await renderDocumentPdf(snapshot, id, fonts);
  if (!rendered) throw new Error(`no ${id}`);
  return { snapshot, pdf: await readPdf(rendered.bytes) };
}

describe('the generated DPA without a declared notice period', () => {
  it('words the change notification without a number and invents no period', async () => {
    const { snapshot, pdf } = await render('dpa', withoutOwnDpa, withoutNoticeDays);
    expect(snapshot.subprocessors.noticeDays).toBeUndefined();
    const text = flat(pdf.text);
    expect(text).toContain(
      'Acme informs the Customer of each intended addition or replacement before it takes effect, giving the Customer the opportunity to object',
    );
    expect(text).toContain(
      'Acme Ltd informs the controller of a new subprocessor before it starts processing personal data',
    );
    expect(text).not.toMatch(/\d+ days in advance|at least \d+ days|\[not stated/);
  });

  it('keeps the declared period as a clause with an objection window', async () => {
    const { pdf } = await render('dpa', withoutOwnDpa);
    const text = flat(pdf.text);
    expect(text).toContain(
      'Acme announces each intended addition or replacement at least 45 days in advance; the Customer may object within that period',
    );
    expect(text).toContain('announces a new subprocessor at least 45 days before it starts');
  });
});

describe('a draft trust center', () => {
  it('marks the generated DPA as a draft on its cover and in the running header', async () => {
    const { pdf } = await render('dpa', withoutOwnDpa, asDraft);
    expect(flat(pdf.pages[0]?.text ?? '')).toContain('Draft: Pending legal review');
    expect(flat(pdf.pages[1]?.text ?? '')).toContain('Acme · Data Processing Agreement · DRAFT');
  });

  it("marks the organisation's own documents as drafts too, and offers the DPA as one", async () => {
    const { snapshot, pdf } = await render('dpa', asDraft);
    expect(flat(pdf.pages[0]?.text ?? '')).toContain('Draft: Pending legal review');
    const gated = await render('pentest-summary', asDraft);
    expect(flat(gated.pdf.pages[0]?.text ?? '')).toContain('Draft: Pending legal review');
    const generated = fixtureSnapshot(controls, undefined, (files) =>
      asDraft(withoutOwnDpa(files)),
    );
    expect(requestableDocuments(generated).find((document) => document.id === 'dpa')).toMatchObject(
      { draft: 'Pending legal review' },
    );
    expect(snapshot.organisation.draft?.note).toBe('Pending legal review');
  });

  it('leaves a published trust center unmarked', async () => {
    const { pdf } = await render('dpa', withoutOwnDpa);
    expect(pdf.text).not.toContain('Draft');
    expect(pdf.text).not.toContain('DRAFT');
  });
});

describe('the security overview', () => {
  it('says nothing about a notice period or a bounty the organisation did not declare', async () => {
    const { snapshot, pdf } = await render('security-overview', withoutNoticeDays);
    expect(snapshot.disclosure?.bounty).toBeUndefined();
    const text = flat(pdf.text);
    expect(text).toContain('Amazon Web Services');
    expect(text).not.toMatch(/announced at least|bounty/i);
  });

  it('states an explicit "no bounty" and a declared notice period', async () => {
    const { pdf } = await render(
      'security-overview',
      editFile('policies/disclosure.yaml', (text) => `${text}bounty:\n  offered: false\n`),
    );
    const text = flat(pdf.text);
    expect(text).toContain('No paid bug bounty is offered.');
    expect(text).toContain('New subprocessors are announced at least 45 days before they start.');
  });
});
