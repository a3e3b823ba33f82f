/** How bad a problem is: errors fail `attest validate`, warnings do not. */
export type Severity = 'error' | 'warning';

/**
 * Stable codes for every problem the loader reports. Tools and tests match on these;
 * messages may be reworded, codes may not.
 */
export const diagnosticCodes = [
  'file-binary',
  'file-empty',
  'file-too-large',
  'file-unreadable',
  'file-unknown',
  'front-matter-missing',
  'yaml-syntax',
  'yaml-duplicate-key',
  'yaml-alias-limit',
  'yaml-too-deep',
  'yaml-not-mapping',
  'schema-missing-key',
  'schema-unknown-key',
  'schema-invalid-type',
  'schema-invalid-value',
  'schema-invalid',
  'organisation-missing-file',
  'organisation-no-controls',
  'id-mismatch',
  'id-duplicate',
  'category-undeclared',
  'topic-unknown',
  'category-duplicate',
  'translation-language-undeclared',
  'evidence-id-duplicate',
  'evidence-missing',
  'provider-unknown',
  'document-unknown',
  'control-unknown',
  'waiver-evidence-unknown',
  'waiver-expired',
  'attestation-dates',
  'attestation-expired',
  'version-changelog-mismatch',
  'notice-period-too-short',
  'subprocessor-change-dates',
  'certification-dates',
  'env-ref-malformed',
  'check-target-invalid',
  'security-txt-expiry',
  'placeholder-unknown',
  'logo-missing',
  'answer-contradiction',
  'access-csv-missing',
  'access-csv-invalid',
  'access-domain-invalid',
  'access-domain-free-mail',
] as const;

export type DiagnosticCode = (typeof diagnosticCodes)[number];

/** A problem in a user's file, with the position of the offending key or value (1-based). */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  hint?: string;
}

/** Orders diagnostics by file, then position, so output is stable across runs. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.code.localeCompare(b.code),
  );
}

/** Counts errors and warnings. */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): {
  errors: number;
  warnings: number;
} {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { errors, warnings: diagnostics.length - errors };
}
