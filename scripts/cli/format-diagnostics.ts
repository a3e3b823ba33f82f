import { styleText } from 'node:util';
import { countDiagnostics, type Diagnostic } from '../../engine/source/diagnostic.ts';
import { plural } from '../../engine/source/plural.ts';

export type Style = (format: Parameters<typeof styleText>[0], text: string) => string;

/** No colour at all, for files and pipes. */
export const noStyle: Style = (_, text) => text;

/** Colour only for terminals that want it (and never when NO_COLOR is set). */
export function createStyle(stream: NodeJS.WriteStream): Style {
  const enabled = stream.isTTY === true && !process.env.NO_COLOR;
  return (format, text) => (enabled ? styleText(format, text) : text);
}

/** `path:line:col  severity  message  [code]` plus a `hint:` line, one block per problem. */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  style: Style = noStyle,
): string {
  return diagnostics
    .map((d) => {
      const severity = d.severity === 'error' ? style('red', 'error') : style('yellow', 'warning');
      const head = `${style('bold', `${d.file}:${d.line}:${d.column}`)}  ${severity}  ${d.message}  ${style('dim', `[${d.code}]`)}`;
      return d.hint ? `${head}\n  ${style('cyan', 'hint:')} ${d.hint}` : head;
    })
    .join('\n');
}

/** One-line summary: what was read and how many problems it has. */
export function formatSummary(
  diagnostics: readonly Diagnostic[],
  read: { files: number; controls: number },
  style: Style = noStyle,
): string {
  const { errors, warnings } = countDiagnostics(diagnostics);
  const scope = `${plural(read.controls, 'control')}, ${plural(read.files, 'file')} read`;
  if (errors + warnings === 0) return style('green', `✓ no problems (${scope})`);
  const counts = [
    errors ? plural(errors, 'error') : '',
    warnings ? plural(warnings, 'warning') : '',
  ]
    .filter(Boolean)
    .join(', ');
  return style(errors ? 'red' : 'yellow', `${errors ? '✖' : '⚠'} ${counts} (${scope})`);
}
