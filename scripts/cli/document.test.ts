import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { passingResults } from '../../engine/checks/test-support/passing-results.ts';
import { loadOrganisationFromDir } from '../../engine/fs/read-organisation.ts';
import { copyOrganisation } from '../../engine/fs/test-organisations.ts';
import { fixtureFiles } from '../../engine/render/documents/test-support/fixture.ts';
import { readPdf } from '../../engine/render/pdf/test-support/read-pdf.ts';
import { databasePath } from '../../engine/store/database-path.ts';
import { openStore } from '../../engine/store/open-store.ts';
import { testNow } from '../../engine/test-support/clock.ts';
import { runAttest } from './test-support/run-attest.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-document-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes the document-test fixture organisation (two tls-checked controls) to `name`. */
function writeFixture(name: string): string {
  const dir = join(scratch, name);
  const files = fixtureFiles([
    { id: 'alpha', title: 'Alpha verified', evidence: 'pass' },
    { id: 'charlie', title: 'Charlie attested', evidence: 'attested' },
  ]);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.text);
  }
  return dir;
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('attest document', () => {
  it('writes the DPA with Annex II built from the newest stored check results', async () => {
    const dir = writeFixture('stored');
    const before = await runAttest(
      ['document', 'dpa', '--dir', 'stored', '--out', 'a.pdf'],
      scratch,
    );
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(
      /^Wrote a\.pdf: \d+ pages, \d+ bytes \(snapshot [0-9a-f]{12}, public\)\.\n$/,
    );
    const unverified = flat((await readPdf(readFileSync(join(scratch, 'a.pdf')))).text);
    expect(unverified).toContain('Charlie attested');
    expect(unverified).not.toContain('Alpha verified');

    const store = await openStore(databasePath(dir));
    const at = testNow.toISOString();
    const { model } = await loadOrganisationFromDir(dir);
    if (!model) throw new Error('the fixture organisation does not load');
    const result = passingResults(model, testNow).find((item) => item.controlId === 'alpha');
    if (!result) throw new Error('the fixture has no check on alpha');
    await store.checkHistory.saveRun({
      organisation: 'Acme',
      startedAt: at,
      finishedAt: at,
      gitCommit: undefined,
      results: [result],
    });
    await store.close();

    const after = await runAttest(
      ['document', 'dpa', '--dir', 'stored', '--out', 'b.pdf'],
      scratch,
    );
    expect(after.code).toBe(0);
    const verified = flat((await readPdf(readFileSync(join(scratch, 'b.pdf')))).text);
    expect(verified).toContain('Alpha verified');
    expect(verified).toContain('1 automated check (tls) passing');
  });

  it('generates a gated DPA for an organisation without one, and says so', async () => {
    copyOrganisation('examples/picsui', join(scratch, 'picsui'));
    const run = await runAttest(
      ['document', 'dpa', '--dir', 'picsui', '--out', 'out/picsui.pdf'],
      scratch,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('gated).');
    expect(run.stderr).toContain('has no policies/documents/dpa.md');
    const text = flat((await readPdf(readFileSync(join(scratch, 'out/picsui.pdf')))).text);
    expect(text).toContain('Annex III — List of subprocessors');
  });

  it('exits 2 for an unknown id, listing the known ones', async () => {
    writeFixture('ids');
    const unknown = await runAttest(['document', 'dap', '--dir', 'ids'], scratch);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'there is no document "dap"; known ids: dpa, pentest-summary, security-overview',
    );
  });

  it('exits 1 and points at an unknown placeholder instead of rendering', async () => {
    const dir = writeFixture('typo');
    const file = join(dir, 'policies/documents/dpa.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('{{ org.legalName }}', '{{ org.legalname }}'),
    );
    const run = await runAttest(['document', 'dpa', '--dir', 'typo', '--out', 'typo.pdf'], scratch);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(
      /typo\/policies\/documents\/dpa\.md:12:1 +error +"\{\{ org\.legalname \}\}" is not a placeholder +\[placeholder-unknown\]\n +hint: did you mean \{\{ org\.legalName \}\}\?/,
    );
    expect(run.stderr).toContain('No document was rendered.');
  });

  it('attest build publishes public PDFs in DIST and keeps gated ones out of it', async () => {
    const dir = writeFixture('built');
    const run = await runAttest(['build', '--dir', 'built', '--skip-checks'], scratch, {
      SOURCE_DATE_EPOCH: '1795000000',
    });
    expect(run.code, run.stderr).toBe(0);
    const dist = readdirSync(join(dir, 'dist', 'documents'));
    expect(dist).toEqual(expect.arrayContaining(['dpa.pdf', 'security-overview.pdf']));
    expect(dist).not.toContain('pentest-summary.pdf');
    expect(readdirSync(join(dir, 'data', 'gated-documents'))).toEqual(['pentest-summary.pdf']);
    const gated = await readPdf(
      readFileSync(join(dir, 'data', 'gated-documents', 'pentest-summary.pdf')),
    );
    expect(gated.text).toContain('No open high findings.');
  });
});
