import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Snapshot } from '../../evaluate/snapshot.ts';

/** The confidentiality terms a requester accepts: its text, version and SHA-256. */
export interface NdaText {
  title: string;
  version: string;
  body: string;
  sha256: string;
}

const fallback = (() => {
  const raw = readFileSync(new URL('./default-nda.md', import.meta.url), 'utf8');
  const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(raw) ?? [];
  const field = (name: string) =>
    new RegExp(`^${name}:\\s*"?([^"\\n]+)"?$`, 'm').exec(front)?.[1] ?? '';
  return { title: field('title'), version: field('version'), body: body.trim() };
})();

/**
 * The NDA in force: the organisation's own `policies/documents/nda.md` when it has one,
 * else the bundled default terms. The hash is over the markdown body, so any edit shows.
 */
export function currentNda(snapshot: Snapshot | undefined): NdaText {
  const own = snapshot?.documents.find((document) => document.id === 'nda');
  const text = own ? { title: own.title, version: own.version, body: own.body.trim() } : fallback;
  return { ...text, sha256: createHash('sha256').update(text.body).digest('hex') };
}
