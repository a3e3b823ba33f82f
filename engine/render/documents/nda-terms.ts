import type { Snapshot } from '../../evaluate/snapshot.ts';
import { splitFrontMatter } from '../../load/front-matter.ts';
import { documentFrontMatter } from '../../schema/document.ts';
import { parseYamlSource } from '../../source/yaml-source.ts';

/** Confidentiality terms as written: title, version and markdown body. */
export interface NdaTerms {
  title: string;
  version: string;
  body: string;
}

/**
 * Reads the title, version and body of a markdown document with front matter, with the same
 * front-matter split, YAML parser and document schema as an organisation's own documents.
 * Throws when the document is not valid: this reads terms shipped with Attest, so that is a bug.
 */
export function parseNdaMarkdown(raw: string, file = 'default-nda.md'): NdaTerms {
  const split = splitFrontMatter(raw);
  if (split.yaml === undefined) throw new Error(`${file} has no front matter`);
  const source = parseYamlSource(file, split.yaml, 1);
  const [problem] = source.diagnostics;
  if (problem) throw new Error(`${file}:${problem.line}:${problem.column} ${problem.message}`);
  const front = documentFrontMatter.safeParse(source.value);
  if (!front.success) throw new Error(`${file}: ${front.error.message}`, { cause: front.error });
  return { title: front.data.title, version: front.data.version, body: split.body.trim() };
}

/**
 * The terms in force: the organisation's own `policies/documents/nda.md` when it has one,
 * else `fallback` (the bundled default terms).
 */
export function ndaTerms(snapshot: Snapshot | undefined, fallback: NdaTerms): NdaTerms {
  const own = snapshot?.documents.find((document) => document.id === 'nda');
  return own ? { title: own.title, version: own.version, body: own.body.trim() } : fallback;
}
