import { desc } from 'drizzle-orm';
import type { Store } from '../store/open-store.ts';
import { type AuditRow, auditLog } from '../store/schema.ts';
import {
  type AuditFields,
  type ChainedEntry,
  type ChainVerdict,
  genesisHash,
  hashEntry,
  verifyChain,
} from './chain.ts';

/** What happened, by whom, to what, from where. `at` defaults to now. */
export type AuditEvent = Omit<AuditFields, 'at' | 'ip' | 'userAgent'> & {
  at?: string;
  ip?: string | null | undefined;
  userAgent?: string | null | undefined;
};

/**
 * Appends one entry to the hash-chained audit log. Reading the last hash and inserting run
 * in one immediate transaction, so concurrent writers (even other processes) never fork
 * the chain.
 */
export function appendAudit(store: Store, event: AuditEvent): AuditRow {
  const fields: AuditFields = {
    at: event.at ?? new Date().toISOString(),
    actor: event.actor,
    action: event.action,
    target: event.target,
    ip: event.ip ?? null,
    userAgent: event.userAgent ?? null,
  };
  const append = store.sqlite.transaction(() => {
    const last = store.db
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.id))
      .limit(1)
      .get();
    const prevHash = last?.hash ?? genesisHash;
    return store.db
      .insert(auditLog)
      .values({ ...fields, prevHash, hash: hashEntry(fields, prevHash) })
      .returning()
      .get();
  });
  return append.immediate();
}

/** Newest entries first, for the admin page. */
export function recentAudit(store: Store, limit = 200): AuditRow[] {
  return store.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit).all();
}

/** Walks the whole chain in id order (streamed, so a long log needs little memory). */
export function verifyAuditLog(store: Store): ChainVerdict {
  const rows = store.sqlite
    .prepare(
      'SELECT id, at, actor, action, target, ip, user_agent AS userAgent, prev_hash AS prevHash, hash FROM audit_log ORDER BY id',
    )
    .iterate() as Iterable<ChainedEntry>;
  return verifyChain(rows);
}
