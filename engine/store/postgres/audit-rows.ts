import { asc, count, desc, eq, gt } from 'drizzle-orm';
import type { AuditRows } from '../audit-rows.ts';
import { type Connection, insertedRow } from './connection.ts';
import { auditAnchor, auditLog } from './schema.ts';

export function postgresAuditRows({ db }: Connection): AuditRows {
  return {
    async headHash() {
      const rows = await db
        .select({ hash: auditLog.hash })
        .from(auditLog)
        .orderBy(desc(auditLog.id))
        .limit(1);
      return rows[0]?.hash;
    },
    async insert(entry) {
      return insertedRow(await db.insert(auditLog).values(entry).returning(), 'audit_log');
    },
    async count() {
      return (await db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;
    },
    async recent(limit) {
      return db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit);
    },
    async page(afterId, limit) {
      return db
        .select()
        .from(auditLog)
        .where(gt(auditLog.id, afterId))
        .orderBy(asc(auditLog.id))
        .limit(limit);
    },
    async anchor() {
      return (await db.select().from(auditAnchor).where(eq(auditAnchor.id, 1)))[0];
    },
    async saveAnchor(anchor) {
      await db
        .insert(auditAnchor)
        .values({ id: 1, ...anchor })
        .onConflictDoUpdate({ target: auditAnchor.id, set: anchor });
    },
  };
}
