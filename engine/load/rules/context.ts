import type {
  Certifications,
  Control,
  Disclosure,
  DocumentFrontMatter,
  Faq,
  Subprocessors,
  TrustCenter,
} from '../../schema/index.ts';
import type { Diagnostic, DiagnosticCode, Severity } from '../../source/diagnostic.ts';
import type { ValuePath, YamlSource } from '../../source/yaml-source.ts';

/** A file that parsed and matched its schema. */
export interface Loaded<T> {
  source: YamlSource;
  value: T;
}

/** What cross-file rules see: every valid file, and today's date for expiry rules. */
export interface RuleContext {
  controls: Loaded<Control>[];
  profile: Loaded<TrustCenter> | undefined;
  subprocessors: Loaded<Subprocessors> | undefined;
  certifications: Loaded<Certifications> | undefined;
  disclosure: Loaded<Disclosure> | undefined;
  faq: Loaded<Faq> | undefined;
  /** Documents with their markdown body and the 1-based file line the body starts on. */
  documents: Array<Loaded<DocumentFrontMatter> & { body: string; bodyLine: number }>;
  /** File stems of every control and document file, valid or not, for resolving references. */
  present: { controls: string[]; documents: string[] };
  /** Today as YYYY-MM-DD (UTC). */
  today: string;
  /** Image files under policies/ (relative to it), when the caller listed them. */
  images: readonly string[] | undefined;
}

/** A cross-file rule: reads the context, returns the problems it finds. */
export type Rule = (context: RuleContext) => Diagnostic[];

/** Builds a diagnostic positioned at `path` inside a loaded file. */
export function diagnosticAt(
  loaded: { source: YamlSource },
  path: ValuePath,
  code: DiagnosticCode,
  message: string,
  options: { hint?: string; severity?: Severity; target?: 'key' | 'value' } = {},
): Diagnostic {
  const diagnostic: Diagnostic = {
    file: loaded.source.file,
    ...loaded.source.locate(path, options.target),
    code,
    severity: options.severity ?? 'error',
    message,
  };
  if (options.hint) diagnostic.hint = options.hint;
  return diagnostic;
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const time = Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD or ISO timestamps). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 86_400_000);
}
