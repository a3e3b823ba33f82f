import type { Snapshot } from '../evaluate/snapshot.ts';
import { parseStoredSnapshot } from '../evaluate/snapshot-schema.ts';
import type { PublicationRow } from './schema.ts';
import type { Repositories } from './store.ts';

/** A stored publication: when it was built, from which commit, and its snapshot. */
export interface Publication {
  id: number;
  contentHash: string;
  publishedAt: string;
  /** Wall-clock time of the build that stored it (ISO). */
  builtAt: string;
  gitCommit: string | undefined;
  /** The snapshot, validated as it was read back. */
  snapshot: Snapshot;
  /** Its place in the public history; undefined for publications stored before it existed. */
  chain: ChainedPublication | undefined;
}

/** A publication's entry in the public history: what `/publications/<n>.json` serves. */
export interface ChainedPublication {
  number: number;
  /** The chain head of its trust.json. */
  head: string;
  /** The exact trust.json published. */
  trustJson: string;
}

/** What {@link Publications.save} records of the public history with a new publication. */
export interface ChainRecord extends ChainedPublication {
  /** The head this one follows (null for the first): must be the newest recorded head. */
  previous: string | null;
}

/** A stored row as a publication, its snapshot validated as it is read back. */
export function toPublication(row: PublicationRow): Publication {
  return {
    id: row.id,
    contentHash: row.contentHash,
    publishedAt: row.publishedAt,
    builtAt: row.builtAt,
    gitCommit: row.gitCommit ?? undefined,
    snapshot: parseStoredSnapshot(row.snapshot, `Publication #${row.id}`),
    chain:
      row.chainNumber !== null && row.chainHead !== null && row.trustJson !== null
        ? { number: row.chainNumber, head: row.chainHead, trustJson: row.trustJson }
        : undefined,
  };
}

/** The audit log's head as a publication recorded it. */
export interface RecordedAuditHead {
  publicationId: number;
  head: string;
  count: number;
}

/** How a publication is stored. */
export interface SaveOptions {
  builtAt: string;
  /**
   * Its entry in the public history. The save throws when `chain.previous` is not the newest
   * recorded head (another publication got in first: the history must not fork). An unchanged
   * rebuild of a publication recorded without an entry is inserted anew, so it gets one.
   */
  chain?: ChainRecord | undefined;
}

/** Throws unless `record` follows `newest` (the newest recorded entry of the history). */
export function assertFollows(
  record: ChainRecord,
  newest: { head: string; number: number } | undefined,
) {
  const expected = newest
    ? { head: newest.head, number: newest.number + 1 }
    : { head: null, number: 1 };
  if (record.previous !== expected.head || record.number !== expected.number)
    throw new Error(
      `publication ${record.number} does not follow the newest recorded one (${newest ? `number ${newest.number}` : 'none'}): another publication was recorded meanwhile, so the history would fork; publish again`,
    );
}

/** Published snapshots, one row per new version. */
export interface Publications {
  /** The most recent publication, or undefined when nothing was published yet. */
  latest(): Promise<Publication | undefined>;
  /** The id of the most recent publication (cheap: the snapshot is not read). */
  latestId(): Promise<number | undefined>;
  /** The publication with this id, or undefined. */
  get(id: number): Promise<Publication | undefined>;
  /** How many publications are stored. */
  count(): Promise<number>;
  /**
   * Stores a published snapshot and returns its publication id. When the latest publication
   * has the same content hash, nothing is inserted and that publication's id is returned:
   * rebuilding unchanged inputs does not make a new version. The check and the insert run
   * in one write transaction, so two builds racing cannot both insert the same version.
   * Each new publication records the audit log's newest hash and entry count, so
   * `attest audit verify` can tell when entries up to that point were later removed.
   */
  save(snapshot: Snapshot, options: SaveOptions): Promise<number>;
  /** The newest entry of the public history, or undefined when there is none. */
  chainHead(): Promise<ChainedPublication | undefined>;
  /** The entry of the public history with this number, or undefined. */
  chainEntry(number: number): Promise<ChainedPublication | undefined>;
  /** Every entry of the public history, oldest first. */
  chainEntries(): Promise<ChainedPublication[]>;
  /** The audit heads publications recorded, oldest first. */
  auditHeads(): Promise<RecordedAuditHead[]>;
}

/**
 * Stores a published snapshot as `publications.save` does, in a write transaction that
 * commits only once `apply` (e.g. switching the output to the new version) has succeeded:
 * when `apply` or the commit fails, nothing is recorded and the error is thrown on. When a
 * new publication was inserted (not an unchanged rebuild), `recorded` runs in the same
 * transaction first (e.g. to queue the events it causes).
 */
export function savePublicationWith(
  store: Repositories,
  snapshot: Snapshot,
  options: SaveOptions,
  apply: () => Promise<void>,
  recorded?: (tx: Repositories, id: number) => Promise<void>,
): Promise<number> {
  return store.transaction(async (tx) => {
    const before = await tx.publications.latestId();
    const id = await tx.publications.save(snapshot, options);
    if (recorded && id !== before) await recorded(tx, id);
    await apply();
    return id;
  });
}
