import { loadOrganisationFromDir } from '../../engine/fs/read-organisation.ts';
import type { Organisation } from '../../engine/load/model.ts';
import { createStyle, formatDiagnostics, formatSummary } from './format-diagnostics.ts';
import { displayPrefix } from './organisation-dir.ts';

/**
 * Loads the organisation in `dir` for a command that needs it whole. When it has errors,
 * prints them on stderr with `consequence` (what the command will not do) and returns
 * undefined; the caller exits 1.
 */
export async function loadValidOrganisation(
  dir: string,
  consequence: string,
): Promise<Organisation | undefined> {
  const { model, diagnostics, filesRead } = await loadOrganisationFromDir(dir);
  if (model && !diagnostics.some((d) => d.severity === 'error')) return model;
  const style = createStyle(process.stderr);
  const shown = diagnostics.map((d) => ({ ...d, file: displayPrefix(dir) + d.file }));
  const summary = formatSummary(
    shown,
    { files: filesRead, controls: model?.controls.length ?? 0 },
    style,
  );
  process.stderr.write(`${formatDiagnostics(shown, style)}\n\n${summary}\n${consequence}\n`);
  return undefined;
}
