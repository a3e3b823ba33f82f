import type { ChangelogEntry, Snapshot } from '../evaluate/snapshot.ts';
import type { Publication as StoredPublication } from '../store/publications.ts';
import { changelogEntryKey } from './changelog.ts';

/** Whom a publication is mailed about: its new changelog entries, and the unsubscribe link. */
export interface NotificationPlan {
  entries: ChangelogEntry[];
  /** The unsubscribe endpoint every mailed link starts with. */
  unsubscribeBase: string;
}

/**
 * The changelog entries a publication adds to the previous one, to mail to subscribers, or
 * undefined when there is nothing to send: no previous publication (a first publication
 * announces nothing) or no new entry. Links point at `publicUrl` (ATTEST_PUBLIC_URL, as
 * `attest serve` uses it) or else the trust center's own address or website.
 */
export function planNotifications(
  previous: StoredPublication | undefined,
  snapshot: Snapshot,
  publicUrl: string | undefined,
): NotificationPlan | undefined {
  if (!previous) return undefined;
  const known = new Set((previous.snapshot.changelog ?? []).map(changelogEntryKey));
  const entries = snapshot.changelog.filter((entry) => !known.has(changelogEntryKey(entry)));
  if (entries.length === 0) return undefined;
  const base = publicUrl ?? snapshot.organisation.url ?? snapshot.organisation.website;
  return { entries, unsubscribeBase: new URL('/api/unsubscribe', base).href };
}
