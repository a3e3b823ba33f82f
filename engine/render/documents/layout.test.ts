import { describe, expect, it } from 'vitest';
import { readPdfFonts } from '../pdf/fonts-fs.ts';
import { outOfBounds, overlaps } from '../pdf/test-support/layout.ts';
import { readPdf } from '../pdf/test-support/read-pdf.ts';
import { theme } from '../pdf/theme.ts';
import { renderDocumentPdf } from './render-documents.ts';
import type { FixtureControl } from './test-support/fixture.ts';
import { fixtureSnapshot } from './test-support/fixture.ts';

const evidence: FixtureControl['evidence'][] = ['pass', 'attested', 'inherited', 'none'];
const controls: FixtureControl[] = Array.from({ length: 200 }, (_, index) => ({
  id: `control-${String(index).padStart(3, '0')}`,
  title: `Control ${index} ${index % 7 === 0 ? 'with a rather long title that has to wrap inside its table cell' : 'measure'}`,
  category: index % 2 ? 'access' : 'encryption',
  evidence: evidence[index % evidence.length] ?? 'attested',
  claim:
    index % 5 === 0
      ? `Claim ${index}: ${'a long sentence about how the measure works, '.repeat(6)}and a word that is unusually long: https://example.com/a/very/long/path/without/any/spaces/at/all/${index}.`
      : `Claim ${index}: the measure is in place for Société Générale in Zürich and Łódź.`,
}));

describe('a 200-control organisation', () => {
  it('renders its DPA and overview with every text item on the page and no overlapping lines', async () => {
    const snapshot = fixtureSnapshot(controls);
    const fonts = await readPdfFonts();
    for (const id of ['dpa', 'security-overview']) {
      const rendered = await renderDocumentPdf(snapshot, id, fonts);
      const pdf = await readPdf(rendered?.bytes ?? new Uint8Array());
      expect(pdf.pages.length, id).toBeGreaterThan(8);
      for (const [index, page] of pdf.pages.entries()) {
        expect(outOfBounds(page, theme.margins.left), `${id} page ${index + 1}`).toEqual([]);
        expect(overlaps(page), `${id} page ${index + 1}`).toEqual([]);
      }
      // Every measure of Annex II made it in: verified, attested and inherited ones (3 in 4).
      if (id === 'dpa') {
        const text = pdf.text.replace(/\s+/g, ' ');
        const listed = controls.filter((control) => control.evidence !== 'none');
        for (const control of listed) expect(text).toContain(`Claim ${controls.indexOf(control)}:`);
        expect(text).not.toContain('Claim 3:');
      }
    }
  });
});
