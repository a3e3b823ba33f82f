import { desc, eq } from 'drizzle-orm';
import type { Snapshot } from '../evaluate/snapshot.ts';
import type { Store } from './open-store.ts';
import { type PublicationRow, publications } from './schema.ts';

/** A stored publication: when it was built, from which commit, and its snapshot. */
export interface Publication {
  id: number;
  contentHash: string;
  publishedAt: string;
  /** Wall-clock time of the build that stored it (ISO). */
  builtAt: string;
  gitCommit: string | undefined;
  snapshot: Snapshot;
}

function toPublication(row: PublicationRow): Publication {
  return {
    id: row.id,
    contentHash: row.contentHash,
    publishedAt: row.publishedAt,
    builtAt: row.builtAt,
    gitCommit: row.gitCommit ?? undefined,
    snapshot: row.snapshot as Snapshot,
  };
}

/** The most recent publication, or undefined when nothing was published yet. */
export function latestPublication(store: Store): Publication | undefined {
  const row = store.db.select().from(publications).orderBy(desc(publications.id)).limit(1).get();
  return row && toPublication(row);
}

/** The publication with this id, or undefined. */
export function getPublication(store: Store, id: number): Publication | undefined {
  const row = store.db.select().from(publications).where(eq(publications.id, id)).get();
  return row && toPublication(row);
}

/**
 * Stores a published snapshot and returns its publication id. When the latest publication
 * has the same content hash, nothing is inserted and that publication's id is returned:
 * rebuilding unchanged inputs does not make a new version. The check and the insert run in
 * one write transaction, so two builds racing cannot both insert the same version.
 * Each new publication records the audit log's newest hash and entry count, so
 * `attest audit verify` can tell when entries up to that point were later removed.
 */
export function savePublication(
  store: Store,
  snapshot: Snapshot,
  options: { builtAt: string },
): number {
  const save = store.sqlite.transaction(() => {
    const latest = store.db
      .select({ id: publications.id, contentHash: publications.contentHash })
      .from(publications)
      .orderBy(desc(publications.id))
      .limit(1)
      .get();
    if (latest?.contentHash === snapshot.contentHash) return latest.id;
    const audit = store.sqlite
      .prepare(
        'SELECT count(*) AS count, (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS head FROM audit_log',
      )
      .get() as { count: number; head: string | null };
    const row = store.db
      .insert(publications)
      .values({
        contentHash: snapshot.contentHash,
        publishedAt: snapshot.publishedAt,
        builtAt: options.builtAt,
        gitCommit: snapshot.gitCommit ?? null,
        snapshot,
        auditHead: audit.head ?? '0'.repeat(64),
        auditCount: audit.count,
      })
      .returning({ id: publications.id })
      .get();
    return row.id;
  });
  return save.immediate();
}

/**
 * Stores a published snapshot as {@link savePublication} does, in a write transaction that
 * commits only once `apply` (e.g. switching the output to the new version) has succeeded:
 * when `apply` or the commit fails, nothing is recorded and the error is thrown on.
 */
export async function savePublicationWith(
  store: Store,
  snapshot: Snapshot,
  options: { builtAt: string },
  apply: () => Promise<void>,
): Promise<number> {
  store.sqlite.exec('BEGIN IMMEDIATE');
  try {
    const id = savePublication(store, snapshot, options);
    await apply();
    store.sqlite.exec('COMMIT');
    return id;
  } catch (error) {
    if (store.sqlite.inTransaction) store.sqlite.exec('ROLLBACK');
    throw error;
  }
}
