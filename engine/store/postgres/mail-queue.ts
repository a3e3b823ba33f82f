import { and, asc, count, eq, inArray, isNotNull, isNull, lte, min } from 'drizzle-orm';
import type { MailQueue } from '../mail-queue.ts';
import { type Connection, insertedRow } from './connection.ts';
import { mailQueue } from './schema.ts';

const unsent = isNull(mailQueue.sentAt);
const waiting = and(unsent, isNull(mailQueue.abandonedAt));

export function postgresMailQueue({ db }: Connection): MailQueue {
  return {
    async enqueue(mail, at) {
      const rows = await db
        .insert(mailQueue)
        .values({
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          headers: mail.headers ?? null,
          createdAt: at,
          nextAttemptAt: at,
        })
        .returning({ id: mailQueue.id });
      return insertedRow(rows, 'mail_queue').id;
    },
    async due(now, limit) {
      return db
        .select()
        .from(mailQueue)
        .where(and(waiting, lte(mailQueue.nextAttemptAt, now)))
        .orderBy(asc(mailQueue.id))
        .limit(limit);
    },
    async claimDue(now, limit, leaseUntil) {
      // Rows another sender has locked are skipped, not waited for: two replicas claiming at
      // the same moment get disjoint messages.
      const due = db
        .select({ id: mailQueue.id })
        .from(mailQueue)
        .where(and(waiting, lte(mailQueue.nextAttemptAt, now)))
        .orderBy(asc(mailQueue.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      const claimed = await db
        .update(mailQueue)
        .set({ nextAttemptAt: leaseUntil })
        .where(inArray(mailQueue.id, due))
        .returning();
      return claimed.sort((a, b) => a.id - b.id);
    },
    async markSent(id, sent) {
      await db
        .update(mailQueue)
        .set({
          sentAt: sent.sentAt,
          lastAttemptAt: sent.sentAt,
          attempts: sent.attempts,
          error: null,
        })
        .where(eq(mailQueue.id, id));
    },
    async markFailed(id, failure) {
      await db.update(mailQueue).set(failure).where(eq(mailQueue.id, id));
    },
    async resend(id, at) {
      const rows = await db
        .update(mailQueue)
        .set({ createdAt: at, nextAttemptAt: at, attempts: 0, abandonedAt: null, error: null })
        .where(and(eq(mailQueue.id, id), unsent, isNotNull(mailQueue.abandonedAt)))
        .returning({ id: mailQueue.id });
      return rows.length > 0;
    },
    async nextAttemptAt() {
      const rows = await db
        .select({ at: mailQueue.nextAttemptAt })
        .from(mailQueue)
        .where(waiting)
        .orderBy(asc(mailQueue.nextAttemptAt))
        .limit(1);
      return rows[0]?.at;
    },
    async countAbandoned() {
      const rows = await db
        .select({ n: count() })
        .from(mailQueue)
        .where(and(unsent, isNotNull(mailQueue.abandonedAt)));
      return rows[0]?.n ?? 0;
    },
    async delayed(queuedBefore) {
      const rows = await db
        .select({ n: count(), oldest: min(mailQueue.createdAt) })
        .from(mailQueue)
        .where(and(waiting, isNotNull(mailQueue.error), lte(mailQueue.createdAt, queuedBefore)));
      return { count: rows[0]?.n ?? 0, oldest: rows[0]?.oldest ?? undefined };
    },
    async unsent(limit) {
      return db.select().from(mailQueue).where(unsent).orderBy(asc(mailQueue.id)).limit(limit);
    },
    async list() {
      return db.select().from(mailQueue).orderBy(asc(mailQueue.id));
    },
  };
}
