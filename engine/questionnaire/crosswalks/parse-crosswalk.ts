import { DataFileError } from '../../language/concepts/parse-concepts.ts';
import type { Diagnostic, DiagnosticCode } from '../../source/diagnostic.ts';
import { closest } from '../../source/suggest.ts';
import { parseYamlSource, type ValuePath } from '../../source/yaml-source.ts';
import { issuesToDiagnostics } from '../../source/zod-issues.ts';
import { crosswalkFileSchema, type QuestionnaireId } from './crosswalk-schema.ts';
import { keyExamples, keyPatterns } from './question-id.ts';

/** A validated crosswalk: each key (`CEK-03`) with its concept ids. */
export interface Crosswalk {
  questionnaire: QuestionnaireId;
  entries: ReadonlyMap<string, readonly string[]>;
}

/** Crosswalk files that cannot be used; `diagnostics` holds every problem found. */
export class CrosswalkError extends DataFileError {
  constructor(problems: Diagnostic[]) {
    super('a questionnaire crosswalk', problems);
    this.name = 'CrosswalkError';
  }
}

/**
 * Parses and validates a crosswalk file: its shape, keys written the way its questionnaire
 * writes ids, and every concept id known to the vocabulary. Throws a `CrosswalkError`
 * listing every problem, each at its file, line and column.
 */
export function parseCrosswalk(
  file: string,
  text: string,
  conceptIds: ReadonlySet<string>,
): Crosswalk {
  const source = parseYamlSource(file, text);
  if (source.diagnostics.length > 0) throw new CrosswalkError(source.diagnostics);
  const parsed = crosswalkFileSchema.safeParse(source.value);
  if (!parsed.success)
    throw new CrosswalkError(issuesToDiagnostics(source, crosswalkFileSchema, parsed.error.issues));

  const diagnostics: Diagnostic[] = [];
  const report = (
    path: ValuePath,
    target: 'key' | 'value',
    code: DiagnosticCode,
    message: string,
    hint: string,
  ) =>
    diagnostics.push({
      file,
      ...source.locate(path, target),
      code,
      severity: 'error',
      message,
      hint,
    });

  const { questionnaire, crosswalk } = parsed.data;
  const known = [...conceptIds];
  const entries = new Map<string, readonly string[]>();
  for (const [key, concepts] of Object.entries(crosswalk)) {
    if (!keyPatterns[questionnaire].test(key))
      report(
        ['crosswalk', key],
        'key',
        'schema-invalid-value',
        `"${key}" is not a ${questionnaire} question id`,
        `write ${keyExamples[questionnaire]}, in capitals`,
      );
    const seen = new Set<string>();
    concepts.forEach((concept, at) => {
      if (seen.has(concept))
        report(
          ['crosswalk', key, at],
          'value',
          'id-duplicate',
          `"${key}" lists concept "${concept}" twice`,
          'remove the repeated concept',
        );
      else if (!conceptIds.has(concept)) {
        const suggestion = closest(concept, known);
        report(
          ['crosswalk', key, at],
          'value',
          'schema-invalid-value',
          `"${key}" names unknown concept "${concept}"`,
          suggestion
            ? `did you mean "${suggestion}"?`
            : 'use an id from engine/language/concepts/concepts.yaml, or add the concept there',
        );
      }
      seen.add(concept);
    });
    entries.set(key, concepts);
  }
  if (diagnostics.length > 0) throw new CrosswalkError(diagnostics);
  return { questionnaire, entries };
}
