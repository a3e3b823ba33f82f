import type { z } from 'zod';
import type { Diagnostic, DiagnosticCode } from './diagnostic.ts';
import { descriptionAt, knownKeysAt } from './schema-walk.ts';
import { closest } from './suggest.ts';
import type { ValuePath, YamlSource } from './yaml-source.ts';

type Issue = z.core.$ZodIssue;

/** Writes a value path the way authors read it: `evidence[0].expect.minVersion`. */
export function formatPath(path: ValuePath): string {
  let text = '';
  for (const segment of path) {
    text += typeof segment === 'number' ? `[${segment}]` : `${text ? '.' : ''}${String(segment)}`;
  }
  return text || '(document)';
}

function valueAt(root: unknown, path: ValuePath): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function show(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** How far from the root a union option went wrong: lower means a better match. */
function mismatchScore(issues: readonly Issue[]): number {
  return issues.reduce((score, issue) => {
    const atRoot =
      issue.path.length === 0 ||
      (issue.path.length === 1 && issue.code === 'invalid_type') ||
      (issue.code === 'invalid_union' && 'note' in issue && issue.note !== undefined);
    return score + (atRoot ? 100 : 1);
  }, 0);
}

/** The keys each option of a union requires that the author left out. */
function alternativeKeys(options: readonly (readonly Issue[])[]): string[] {
  const keys = new Set<string>();
  for (const issues of options) {
    for (const issue of issues) {
      if (
        issue.path.length === 1 &&
        (issue.code === 'invalid_type' || issue.code === 'invalid_union')
      ) {
        keys.add(String(issue.path[0]));
      }
    }
  }
  return [...keys];
}

/**
 * The union option the author evidently meant: one that failed only because its
 * discriminator (such as `check:`) holds an unknown value the author did write. Its issues
 * name that value and suggest the nearest allowed one, instead of a vague "no form matches".
 */
function optionByDiscriminator(
  options: readonly (readonly Issue[])[],
  value: unknown,
): readonly Issue[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  return options.find((issues) =>
    issues.some(
      (issue) =>
        issue.code === 'invalid_union' &&
        'note' in issue &&
        issue.note !== undefined &&
        issue.path.length === 1 &&
        (value as Record<PropertyKey, unknown>)[issue.path[0] as PropertyKey] !== undefined,
    ),
  );
}

/** Keys the author wrote that are a likely typo of a key one of the options needs. */
function misspeltKeys(value: object, keys: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const key of Object.keys(value)) {
    if (keys.includes(key)) continue;
    const guess = closest(key, keys);
    if (guess) pairs.push([key, guess]);
  }
  return pairs;
}

/** Turns zod issues for one file into positioned diagnostics. */
export function issuesToDiagnostics(
  source: YamlSource,
  schema: z.ZodType,
  issues: readonly Issue[],
  root: unknown = source.value,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  /** Formatted path of each diagnostic, to fold a typo and the key it replaced into one. */
  const paths: string[] = [];
  const report = (
    path: ValuePath,
    code: DiagnosticCode,
    message: string,
    hint?: string,
    target: 'key' | 'value' = 'value',
  ) => {
    const diagnostic: Diagnostic = {
      file: source.file,
      ...source.locate(path, target),
      code,
      severity: 'error',
      message,
    };
    if (hint) diagnostic.hint = hint;
    diagnostics.push(diagnostic);
    paths.push(formatPath(path));
  };
  /** Missing keys that a misspelt key stands in for: reported once, at the misspelling. */
  const replaced = new Set<string>();

  const visit = (issue: Issue, prefix: ValuePath) => {
    const path = [...prefix, ...issue.path];
    const where = formatPath(path);
    const value = valueAt(root, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(schema, root, path);
        for (const key of issue.keys) {
          const guess = closest(key, known);
          if (guess) replaced.add(formatPath([...path, guess]));
          report(
            [...path, key],
            'schema-unknown-key',
            `unknown key ${JSON.stringify(key)}${path.length ? ` in ${where}` : ''}`,
            guess
              ? `did you mean ${JSON.stringify(guess)}?`
              : known.length
                ? `allowed keys here: ${known.join(', ')}`
                : 'remove this key',
            'key',
          );
        }
        return;
      }
      case 'invalid_union': {
        if ('note' in issue || issue.errors.length === 0) {
          const discriminator = String(path.at(-1) ?? 'value');
          const allowed =
            'options' in issue ? (issue as { options?: unknown[] }).options : undefined;
          const guess =
            typeof value === 'string' && allowed ? closest(value, allowed.map(String)) : undefined;
          report(
            path,
            value === undefined ? 'schema-missing-key' : 'schema-invalid-value',
            value === undefined
              ? `missing required key ${JSON.stringify(discriminator)}`
              : `${where} ${show(value)} is not one of the allowed values`,
            guess
              ? `did you mean ${JSON.stringify(guess)}?`
              : allowed
                ? `use one of: ${allowed.map(String).join(', ')}`
                : undefined,
          );
          return;
        }
        const meant = optionByDiscriminator(issue.errors, value);
        if (meant) {
          for (const inner of meant) visit(inner, path);
          return;
        }
        const ranked = [...issue.errors].sort((a, b) => mismatchScore(a) - mismatchScore(b));
        const best = ranked[0] ?? [];
        if (mismatchScore(best) >= 100 && value !== null && typeof value === 'object') {
          const keys = alternativeKeys(issue.errors);
          const misspelt = misspeltKeys(value, keys);
          if (misspelt.length > 0) {
            for (const [key, guess] of misspelt)
              report(
                [...path, key],
                'schema-unknown-key',
                `unknown key ${JSON.stringify(key)} in ${where}`,
                `did you mean ${JSON.stringify(guess)}?`,
                'key',
              );
            return;
          }
          report(
            path,
            'schema-invalid',
            `${where} does not match any allowed form`,
            keys.length ? `give exactly one of: ${keys.join(', ')}` : undefined,
          );
          return;
        }
        for (const inner of best) visit(inner, path);
        return;
      }
      case 'invalid_type': {
        if (value === undefined) {
          const field = String(path.at(-1) ?? 'value');
          const description = descriptionAt(schema, root, path);
          report(
            path,
            'schema-missing-key',
            `missing required key ${JSON.stringify(field)}${path.length > 1 ? ` in ${formatPath(path.slice(0, -1))}` : ''}`,
            description ? `add ${field}: ${description}` : `add ${field}:`,
          );
          return;
        }
        report(
          path,
          'schema-invalid-type',
          `${where} must be ${article(issue.expected)}, not ${show(value)}`,
          issue.message.startsWith('Invalid input') ? undefined : issue.message,
        );
        return;
      }
      case 'invalid_value': {
        const allowed = issue.values.map(String);
        if (value === undefined && path.length > 0) {
          const field = String(path.at(-1));
          report(
            path,
            'schema-missing-key',
            `missing required key ${JSON.stringify(field)}${path.length > 1 ? ` in ${formatPath(path.slice(0, -1))}` : ''}`,
            `add ${field}: one of ${allowed.join(', ')}`,
          );
          return;
        }
        const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
        report(
          path,
          'schema-invalid-value',
          `${where} ${show(value)} is not allowed`,
          guess
            ? `did you mean ${JSON.stringify(guess)}?`
            : `use ${allowed.length === 1 ? '' : 'one of: '}${allowed.join(', ')}`,
        );
        return;
      }
      default: {
        const detail = issue.message.replace(/^Invalid input:?\s*/i, '');
        // A refinement may say how to fix what it refuses: `params: { hint }`.
        const hint = issue.code === 'custom' ? issue.params?.hint : undefined;
        report(
          path,
          'schema-invalid-value',
          `${where} ${show(value)} is invalid: ${detail}`,
          typeof hint === 'string' ? hint : undefined,
        );
      }
    }
  };

  for (const issue of issues) visit(issue, []);
  return diagnostics.filter(
    (diagnostic, index) =>
      diagnostic.code !== 'schema-missing-key' || !replaced.has(paths[index] ?? ''),
  );
}

function article(expected: string): string {
  const word = expected === 'object' ? 'mapping' : expected === 'array' ? 'list' : expected;
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}
