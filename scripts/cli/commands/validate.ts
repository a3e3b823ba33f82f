import { readOrganisationFiles } from '../../../engine/fs/read-organisation.ts';
import { loadOrganisation } from '../../../engine/load/load-organisation.ts';
import { countDiagnostics } from '../../../engine/source/diagnostic.ts';
import type { ParsedArgs } from '../args.mjs';
import { createStyle, formatDiagnostics, formatSummary } from '../format-diagnostics.ts';
import { displayPrefix, organisationDir } from '../organisation-dir.ts';

/** `attest validate`: load the organisation, print every problem, exit 1 on errors. */
export async function runValidate({ values }: ParsedArgs): Promise<number> {
  const dir = organisationDir(values.dir);
  const { files, diagnostics: readProblems } = await readOrganisationFiles(dir);
  const { model, diagnostics: loadProblems } = loadOrganisation(files);
  const prefix = displayPrefix(dir);
  const diagnostics = [...readProblems, ...loadProblems].map((d) => ({
    ...d,
    file: prefix + d.file,
  }));
  const read = { files: files.length + readProblems.length, controls: model?.controls.length ?? 0 };
  const { errors, warnings } = countDiagnostics(diagnostics);
  if (values.format === 'json') {
    process.stdout.write(
      `${JSON.stringify({ ok: errors === 0, errors, warnings, ...read, diagnostics }, null, 2)}\n`,
    );
  } else {
    const style = createStyle(process.stdout);
    if (diagnostics.length) process.stdout.write(`${formatDiagnostics(diagnostics, style)}\n\n`);
    process.stdout.write(`${formatSummary(diagnostics, read, style)}\n`);
  }
  return errors > 0 ? 1 : 0;
}
