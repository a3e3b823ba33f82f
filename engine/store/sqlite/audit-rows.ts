import { asc, count, desc, eq, gt } from 'drizzle-orm';
import type { AuditRows } from '../audit-rows.ts';
import { auditAnchor, auditLog } from '../schema.ts';
import type { Connection } from './connection.ts';

export function sqliteAuditRows({ db }: Connection): AuditRows {
  return {
    async headHash() {
      return db
        .select({ hash: auditLog.hash })
        .from(auditLog)
        .orderBy(desc(auditLog.id))
        .limit(1)
        .get()?.hash;
    },
    async insert(entry) {
      return db.insert(auditLog).values(entry).returning().get();
    },
    async count() {
      return db.select({ n: count() }).from(auditLog).get()?.n ?? 0;
    },
    async recent(limit) {
      return db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit).all();
    },
    async page(afterId, limit) {
      return db
        .select()
        .from(auditLog)
        .where(gt(auditLog.id, afterId))
        .orderBy(asc(auditLog.id))
        .limit(limit)
        .all();
    },
    async anchor() {
      return db.select().from(auditAnchor).where(eq(auditAnchor.id, 1)).get();
    },
    async saveAnchor(anchor) {
      db.insert(auditAnchor)
        .values({ id: 1, ...anchor })
        .onConflictDoUpdate({ target: auditAnchor.id, set: anchor })
        .run();
    },
  };
}
