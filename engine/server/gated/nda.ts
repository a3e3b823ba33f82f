import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Snapshot } from '../../evaluate/snapshot.ts';
import { type NdaTerms, ndaTerms, parseNdaMarkdown } from '../../render/documents/nda-terms.ts';

/** The confidentiality terms a requester accepts: its text, version and SHA-256. */
export interface NdaText extends NdaTerms {
  sha256: string;
}

let fallback: NdaTerms | undefined;

/**
 * The NDA in force: the organisation's own `policies/documents/nda.md` when it has one,
 * else the bundled default terms. The hash is over the markdown body, so any edit shows.
 */
export function currentNda(snapshot: Snapshot | undefined): NdaText {
  fallback ??= parseNdaMarkdown(
    readFileSync(new URL('../../render/documents/default-nda.md', import.meta.url), 'utf8'),
  );
  const text = ndaTerms(snapshot, fallback);
  return { ...text, sha256: createHash('sha256').update(text.body).digest('hex') };
}
