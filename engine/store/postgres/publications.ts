import { asc, count, desc, eq, isNotNull } from 'drizzle-orm';
import {
  assertFollows,
  type ChainedPublication,
  type Publications,
  toPublication,
} from '../publications.ts';
import { type Connection, type Database, insertedRow } from './connection.ts';
import { auditLog, publications } from './schema.ts';

async function latestRow(db: Database) {
  const rows = await db
    .select({
      id: publications.id,
      contentHash: publications.contentHash,
      chained: isNotNull(publications.chainNumber),
    })
    .from(publications)
    .orderBy(desc(publications.id))
    .limit(1);
  return rows[0];
}

const chainColumns = {
  number: publications.chainNumber,
  head: publications.chainHead,
  trustJson: publications.trustJson,
};

async function newestChainRow(db: Database) {
  const rows = await db
    .select(chainColumns)
    .from(publications)
    .where(isNotNull(publications.chainNumber))
    .orderBy(desc(publications.chainNumber))
    .limit(1);
  return rows[0] as ChainedPublication | undefined;
}

export function postgresPublications({ db, atomically }: Connection): Publications {
  return {
    async latest() {
      const rows = await db.select().from(publications).orderBy(desc(publications.id)).limit(1);
      return rows[0] && toPublication(rows[0]);
    },
    async latestId() {
      return (await latestRow(db))?.id;
    },
    async get(id) {
      const rows = await db.select().from(publications).where(eq(publications.id, id));
      return rows[0] && toPublication(rows[0]);
    },
    async count() {
      return (await db.select({ n: count() }).from(publications))[0]?.n ?? 0;
    },
    async save(snapshot, options) {
      return atomically(async (tx) => {
        const latest = await latestRow(tx);
        if (latest?.contentHash === snapshot.contentHash && (latest.chained || !options.chain))
          return latest.id;
        if (options.chain) assertFollows(options.chain, await newestChainRow(tx));
        const head = await tx
          .select({ hash: auditLog.hash })
          .from(auditLog)
          .orderBy(desc(auditLog.id))
          .limit(1);
        const entries = (await tx.select({ n: count() }).from(auditLog))[0]?.n ?? 0;
        const rows = await tx
          .insert(publications)
          .values({
            contentHash: snapshot.contentHash,
            publishedAt: snapshot.publishedAt,
            builtAt: options.builtAt,
            gitCommit: snapshot.gitCommit ?? null,
            snapshot,
            auditHead: head[0]?.hash ?? '0'.repeat(64),
            auditCount: entries,
            chainNumber: options.chain?.number ?? null,
            chainHead: options.chain?.head ?? null,
            trustJson: options.chain?.trustJson ?? null,
          })
          .returning({ id: publications.id });
        return insertedRow(rows, 'publications').id;
      });
    },
    async chainHead() {
      return newestChainRow(db);
    },
    async chainEntry(number) {
      const rows = await db
        .select(chainColumns)
        .from(publications)
        .where(eq(publications.chainNumber, number));
      return rows[0] as ChainedPublication | undefined;
    },
    async chainEntries() {
      return (await db
        .select(chainColumns)
        .from(publications)
        .where(isNotNull(publications.chainNumber))
        .orderBy(asc(publications.chainNumber))) as ChainedPublication[];
    },
    async auditHeads() {
      const rows = await db
        .select({
          publicationId: publications.id,
          head: publications.auditHead,
          count: publications.auditCount,
        })
        .from(publications)
        .where(isNotNull(publications.auditHead))
        .orderBy(asc(publications.id));
      return rows.map((row) => ({
        publicationId: row.publicationId,
        head: row.head ?? '',
        count: row.count ?? 0,
      }));
    },
  };
}
