import { statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { evaluateOrganisation } from '../../../engine/evaluate/evaluate.ts';
import { clockFromEnvironment } from '../../../engine/publish/clock.ts';
import { inputTime } from '../../../engine/publish/input-time.ts';
import {
  documentIds,
  renderDocumentPdf,
} from '../../../engine/render/documents/render-documents.ts';
import { readPdfFonts } from '../../../engine/render/pdf/fonts-fs.ts';
import { plural } from '../../../engine/source/plural.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { gitHead } from '../git.ts';
import { loadValidOrganisation } from '../load-valid-organisation.ts';
import { organisationDir } from '../organisation-dir.ts';
import { chosenDatabasePath, readStoredResults } from '../stored-results.ts';

/**
 * `attest document <ID>`: evaluates the organisation with the newest stored check
 * results and writes one document as a PDF (the DPA with its annexes, any document of
 * policies/documents/, or `security-overview`). Exit 0 written, 1 invalid organisation,
 * 2 unknown id or usage error.
 */
export async function runDocument({ values, positionals }: ParsedArgs): Promise<number> {
  const id = positionals[0];
  if (!id) throw new UsageError('name the document to render, e.g. attest document dpa');
  if (positionals.length > 1)
    throw new UsageError(`one document at a time; got ${positionals.join(', ')}`);
  const dir = organisationDir(values.dir);
  const model = await loadValidOrganisation(dir, 'No document was rendered.');
  if (!model) return 1;

  const results = await readStoredResults(model, chosenDatabasePath(dir, values.db));
  const head = await gitHead(dir);
  const clock = clockFromEnvironment(process.env);
  const publishedAt = await inputTime(dir, results, head?.committedAt, clock);
  const now = clock.outputTime ?? clock.now();
  const snapshot = evaluateOrganisation(model, results, {
    now,
    publishedAt,
    ...(head ? { gitCommit: head.commit } : {}),
  });

  const known = documentIds(snapshot);
  if (!known.includes(id))
    throw new UsageError(`there is no document "${id}"; known ids: ${known.join(', ')}`);
  const pdf = await renderDocumentPdf(snapshot, id, await readPdfFonts());
  if (!pdf) throw new UsageError(`there is no document "${id}"; known ids: ${known.join(', ')}`);

  const requested = resolve(typeof values.out === 'string' ? values.out : `${id}.pdf`);
  // --out may name a folder: the PDF goes into it as <id>.pdf.
  const out = statSync(requested, { throwIfNoEntry: false })?.isDirectory()
    ? join(requested, `${id}.pdf`)
    : requested;
  await mkdir(dirname(out), { recursive: true });
  const partial = `${out}.${process.pid}.partial`;
  await writeFile(partial, pdf.bytes);
  await rename(partial, out);

  const shown = relative(process.cwd(), out) || out;
  process.stdout.write(
    `Wrote ${shown}: ${plural(pdf.pages, 'page')}, ${plural(pdf.bytes.length, 'byte')} (snapshot ${snapshot.contentHash.slice(0, 12)}, ${pdf.visibility}).\n`,
  );
  if (pdf.generated && id !== 'security-overview')
    process.stderr.write(
      'note: the organisation has no policies/documents/dpa.md; this DPA uses the default terms (docs/documents.md).\n',
    );
  if (pdf.visibility === 'gated')
    process.stderr.write('note: gated document: share it only after an approved request.\n');
  for (const name of pdf.missing)
    process.stderr.write(
      `warning: {{ ${name} }} has no value for this organisation; the PDF says "[not stated: ${name}]".\n`,
    );
  return 0;
}
