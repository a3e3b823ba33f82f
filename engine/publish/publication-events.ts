import type { Snapshot } from '../evaluate/snapshot.ts';
import type { Publication } from '../store/publications.ts';
import type { Repositories } from '../store/store.ts';
import { queueEvent } from '../store/webhooks.ts';
import { changelogEntryKey } from './changelog.ts';
import type { SnapshotDiff } from './diff.ts';

/**
 * Queues the events a new publication causes, in the transaction that records it: one
 * `publication.created` with the changelog entries it adds and the full diff against the
 * previous publication, and one `claim.status_changed` per claim whose status changed (e.g.
 * `verified` → `failing`).
 */
export async function queuePublicationEvents(
  tx: Repositories,
  publication: {
    id: number;
    snapshot: Snapshot;
    previous: Publication | undefined;
    diff: SnapshotDiff;
    at: Date;
  },
): Promise<void> {
  const { id, snapshot, previous, diff } = publication;
  const at = publication.at.toISOString();
  const known = new Set((previous?.snapshot.changelog ?? []).map(changelogEntryKey));
  await queueEvent(
    tx,
    {
      type: 'publication.created',
      data: {
        id,
        previousId: previous?.id ?? null,
        contentHash: snapshot.contentHash,
        publishedAt: snapshot.publishedAt,
        gitCommit: snapshot.gitCommit ?? null,
        changelog: snapshot.changelog.filter((entry) => !known.has(changelogEntryKey(entry))),
        diff,
      },
    },
    at,
  );
  for (const change of diff.controls.statusChanged) {
    const { before, after, reason, ...control } = change;
    await queueEvent(
      tx,
      {
        type: 'claim.status_changed',
        data: { publicationId: id, control, before, after, reason },
      },
      at,
    );
  }
}
