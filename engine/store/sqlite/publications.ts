import { count, desc, eq, isNotNull } from 'drizzle-orm';
import {
  assertFollows,
  type ChainedPublication,
  type Publications,
  toPublication,
} from '../publications.ts';
import { auditLog, publications } from '../schema.ts';
import { type Connection, writeAtomically } from './connection.ts';

export function sqlitePublications(connection: Connection): Publications {
  const { db } = connection;
  const latestRow = () =>
    db
      .select({
        id: publications.id,
        contentHash: publications.contentHash,
        chained: isNotNull(publications.chainNumber),
      })
      .from(publications)
      .orderBy(desc(publications.id))
      .limit(1)
      .get();
  const chainColumns = {
    number: publications.chainNumber,
    head: publications.chainHead,
    trustJson: publications.trustJson,
  };
  const newestChainRow = () =>
    db
      .select(chainColumns)
      .from(publications)
      .where(isNotNull(publications.chainNumber))
      .orderBy(desc(publications.chainNumber))
      .limit(1)
      .get() as ChainedPublication | undefined;
  return {
    async latest() {
      const row = db.select().from(publications).orderBy(desc(publications.id)).limit(1).get();
      return row && toPublication(row);
    },
    async latestId() {
      return latestRow()?.id;
    },
    async get(id) {
      const row = db.select().from(publications).where(eq(publications.id, id)).get();
      return row && toPublication(row);
    },
    async count() {
      return db.select({ n: count() }).from(publications).get()?.n ?? 0;
    },
    async save(snapshot, options) {
      return writeAtomically(connection, () => {
        const latest = latestRow();
        if (latest?.contentHash === snapshot.contentHash && (latest.chained || !options.chain))
          return latest.id;
        if (options.chain) assertFollows(options.chain, newestChainRow());
        const head = db
          .select({ hash: auditLog.hash })
          .from(auditLog)
          .orderBy(desc(auditLog.id))
          .limit(1)
          .get();
        const entries = db.select({ n: count() }).from(auditLog).get()?.n ?? 0;
        return db
          .insert(publications)
          .values({
            contentHash: snapshot.contentHash,
            publishedAt: snapshot.publishedAt,
            builtAt: options.builtAt,
            gitCommit: snapshot.gitCommit ?? null,
            snapshot,
            auditHead: head?.hash ?? '0'.repeat(64),
            auditCount: entries,
            chainNumber: options.chain?.number ?? null,
            chainHead: options.chain?.head ?? null,
            trustJson: options.chain?.trustJson ?? null,
          })
          .returning({ id: publications.id })
          .get().id;
      });
    },
    async chainHead() {
      return newestChainRow();
    },
    async chainEntry(number) {
      return db
        .select(chainColumns)
        .from(publications)
        .where(eq(publications.chainNumber, number))
        .get() as ChainedPublication | undefined;
    },
    async chainEntries() {
      return db
        .select(chainColumns)
        .from(publications)
        .where(isNotNull(publications.chainNumber))
        .orderBy(publications.chainNumber)
        .all() as ChainedPublication[];
    },
    async auditHeads() {
      return db
        .select({
          publicationId: publications.id,
          head: publications.auditHead,
          count: publications.auditCount,
        })
        .from(publications)
        .where(isNotNull(publications.auditHead))
        .orderBy(publications.id)
        .all()
        .map((row) => ({
          publicationId: row.publicationId,
          head: row.head ?? '',
          count: row.count ?? 0,
        }));
    },
  };
}
