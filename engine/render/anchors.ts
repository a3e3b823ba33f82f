import type { ChangelogEntry } from '../evaluate/snapshot.ts';

/**
 * The id of the element on the trust page that shows a changelog subject, e.g.
 * `control-encryption-in-transit` or `subprocessor-aws`. Feeds link to it and the site
 * renders it, so both go through this function.
 */
export function subjectAnchor(kind: ChangelogEntry['kind'], subject: string): string {
  return `${kind}-${subject}`;
}
