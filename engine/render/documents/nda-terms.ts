import type { Snapshot } from '../../evaluate/snapshot.ts';

/** Confidentiality terms as written: title, version and markdown body. */
export interface NdaTerms {
  title: string;
  version: string;
  body: string;
}

/** Reads the title, version and body of a markdown document with front matter. */
export function parseNdaMarkdown(raw: string): NdaTerms {
  const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(raw) ?? [];
  const field = (name: string) =>
    new RegExp(`^${name}:\\s*"?([^"\\n]+)"?$`, 'm').exec(front)?.[1] ?? '';
  return { title: field('title'), version: field('version'), body: body.trim() };
}

/**
 * The terms in force: the organisation's own `policies/documents/nda.md` when it has one,
 * else `fallback` (the bundled default terms).
 */
export function ndaTerms(snapshot: Snapshot | undefined, fallback: NdaTerms): NdaTerms {
  const own = snapshot?.documents.find((document) => document.id === 'nda');
  return own ? { title: own.title, version: own.version, body: own.body.trim() } : fallback;
}
