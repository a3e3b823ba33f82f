import { type Diagnostic, type DiagnosticCode, sortDiagnostics } from '../../source/diagnostic.ts';
import { parseYamlSource, type ValuePath } from '../../source/yaml-source.ts';
import { issuesToDiagnostics } from '../../source/zod-issues.ts';
import { type ConceptEntry, conceptsFileSchema, type ScopeId } from './concept-schema.ts';
import { termTokens } from './term-tokens.ts';

/** A validated concepts file, with each term already in canonical tokens. */
export interface ConceptVocabulary {
  concepts: ReadonlyMap<string, ConceptEntry>;
  /** Each concept's terms as canonical tokens, duplicates within a concept removed. */
  conceptTerms: ReadonlyArray<{ id: string; terms: string[][] }>;
  scopeTerms: ReadonlyArray<{ id: ScopeId; terms: string[][] }>;
}

/** A shipped data file that cannot be used; `diagnostics` holds every problem, file:line:column. */
export class DataFileError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(what: string, problems: Diagnostic[]) {
    const diagnostics = sortDiagnostics(problems);
    const lines = diagnostics.map(
      (entry) =>
        `${entry.file}:${entry.line}:${entry.column}: ${entry.message}${entry.hint ? ` (${entry.hint})` : ''}`,
    );
    super(`${what} is invalid:\n${lines.join('\n')}`);
    this.diagnostics = diagnostics;
  }
}

/** A concepts file that cannot be used. */
export class ConceptsError extends DataFileError {
  constructor(problems: Diagnostic[]) {
    super('the concepts file', problems);
    this.name = 'ConceptsError';
  }
}

/**
 * Parses and validates a concepts file: its shape, unique ids, known `broader` ids, and no
 * term (after normalising) naming two concepts or two scopes. Throws a `ConceptsError`
 * listing every problem, each at its file, line and column.
 */
export function parseConcepts(file: string, text: string): ConceptVocabulary {
  const source = parseYamlSource(file, text);
  if (source.diagnostics.length > 0) throw new ConceptsError(source.diagnostics);
  const parsed = conceptsFileSchema.safeParse(source.value);
  if (!parsed.success)
    throw new ConceptsError(issuesToDiagnostics(source, conceptsFileSchema, parsed.error.issues));

  const diagnostics: Diagnostic[] = [];
  const report = (path: ValuePath, code: DiagnosticCode, message: string, hint: string) =>
    diagnostics.push({ file, ...source.locate(path), code, severity: 'error', message, hint });

  const concepts = new Map<string, ConceptEntry>();
  parsed.data.concepts.forEach((concept, index) => {
    if (concepts.has(concept.id))
      report(
        ['concepts', index, 'id'],
        'id-duplicate',
        `concept "${concept.id}" is declared twice`,
        'merge the two entries or rename one',
      );
    else concepts.set(concept.id, concept);
  });
  parsed.data.concepts.forEach((concept, index) => {
    (concept.broader ?? []).forEach((broader, at) => {
      if (broader === concept.id || !concepts.has(broader))
        report(
          ['concepts', index, 'broader', at],
          'schema-invalid-value',
          broader === concept.id
            ? `concept "${concept.id}" names itself as broader`
            : `concept "${concept.id}" names unknown broader concept "${broader}"`,
          'name the id of another concept in this file',
        );
    });
  });

  const compile = <Id extends string>(
    section: 'concepts' | 'scopes',
    entries: ReadonlyArray<{ id: Id; terms: string[] }>,
  ) => {
    const owners = new Map<string, Id>();
    const seenIds = new Set<Id>();
    const compiled: Array<{ id: Id; terms: string[][] }> = [];
    entries.forEach((entry, index) => {
      if (section === 'scopes' && seenIds.has(entry.id))
        report(
          [section, index, 'id'],
          'id-duplicate',
          `scope "${entry.id}" is declared twice`,
          'merge the two entries',
        );
      seenIds.add(entry.id);
      const terms: string[][] = [];
      entry.terms.forEach((term, at) => {
        const tokens = termTokens(term, { keepArticles: section === 'scopes' });
        const key = tokens.join(' ');
        const owner = owners.get(key);
        if (tokens.length === 0)
          report(
            [section, index, 'terms', at],
            'schema-invalid-value',
            `term "${term}" of "${entry.id}" has no letters or digits`,
            'write the words that name it, or remove the term',
          );
        else if (owner !== undefined && owner !== entry.id)
          report(
            [section, index, 'terms', at],
            'id-duplicate',
            `term "${term}" of "${entry.id}" also names "${owner}" (both read as "${key}")`,
            'a term must name one entry: keep it where it belongs, or make it longer',
          );
        else if (owner === undefined) {
          owners.set(key, entry.id);
          terms.push(tokens);
        }
      });
      compiled.push({ id: entry.id, terms });
    });
    return compiled;
  };
  const conceptTerms = compile('concepts', parsed.data.concepts);
  const scopeTerms = compile('scopes', parsed.data.scopes);
  if (diagnostics.length > 0) throw new ConceptsError(diagnostics);
  return { concepts, conceptTerms, scopeTerms };
}
