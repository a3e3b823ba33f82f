import { and, asc, count, eq, inArray, isNotNull, isNull, lte, min } from 'drizzle-orm';
import type { MailQueue } from '../mail-queue.ts';
import { mailQueue } from '../schema.ts';
import type { Connection } from './connection.ts';

const unsent = isNull(mailQueue.sentAt);
const waiting = and(unsent, isNull(mailQueue.abandonedAt));

export function sqliteMailQueue({ db, sqlite }: Connection): MailQueue {
  // Prepared once: queueing runs inside every form request.
  const insert = sqlite.prepare(
    'INSERT INTO mail_queue ("to", subject, text, headers, created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?)',
  );
  return {
    async enqueue(mail, at) {
      const headers = mail.headers ? JSON.stringify(mail.headers) : null;
      return Number(insert.run(mail.to, mail.subject, mail.text, headers, at, at).lastInsertRowid);
    },
    async due(now, limit) {
      return db
        .select()
        .from(mailQueue)
        .where(and(waiting, lte(mailQueue.nextAttemptAt, now)))
        .orderBy(asc(mailQueue.id))
        .limit(limit)
        .all();
    },
    async claimDue(now, limit, leaseUntil) {
      // One UPDATE: SQLite runs it under the database's write lock, so two senders on one
      // file never claim the same row.
      const due = db
        .select({ id: mailQueue.id })
        .from(mailQueue)
        .where(and(waiting, lte(mailQueue.nextAttemptAt, now)))
        .orderBy(asc(mailQueue.id))
        .limit(limit);
      const claimed = db
        .update(mailQueue)
        .set({ nextAttemptAt: leaseUntil })
        .where(inArray(mailQueue.id, due))
        .returning()
        .all();
      return claimed.sort((a, b) => a.id - b.id);
    },
    async markSent(id, sent) {
      db.update(mailQueue)
        .set({
          sentAt: sent.sentAt,
          lastAttemptAt: sent.sentAt,
          attempts: sent.attempts,
          error: null,
        })
        .where(eq(mailQueue.id, id))
        .run();
    },
    async markFailed(id, failure) {
      db.update(mailQueue).set(failure).where(eq(mailQueue.id, id)).run();
    },
    async resend(id, at) {
      const row = db
        .update(mailQueue)
        .set({ createdAt: at, nextAttemptAt: at, attempts: 0, abandonedAt: null, error: null })
        .where(and(eq(mailQueue.id, id), unsent, isNotNull(mailQueue.abandonedAt)))
        .returning({ id: mailQueue.id })
        .get();
      return row !== undefined;
    },
    async nextAttemptAt() {
      return db
        .select({ at: mailQueue.nextAttemptAt })
        .from(mailQueue)
        .where(waiting)
        .orderBy(asc(mailQueue.nextAttemptAt))
        .limit(1)
        .get()?.at;
    },
    async countAbandoned() {
      return (
        db
          .select({ n: count() })
          .from(mailQueue)
          .where(and(unsent, isNotNull(mailQueue.abandonedAt)))
          .get()?.n ?? 0
      );
    },
    async delayed(queuedBefore) {
      const row = db
        .select({ n: count(), oldest: min(mailQueue.createdAt) })
        .from(mailQueue)
        .where(and(waiting, isNotNull(mailQueue.error), lte(mailQueue.createdAt, queuedBefore)))
        .get();
      return { count: row?.n ?? 0, oldest: row?.oldest ?? undefined };
    },
    async unsent(limit) {
      return db
        .select()
        .from(mailQueue)
        .where(unsent)
        .orderBy(asc(mailQueue.id))
        .limit(limit)
        .all();
    },
    async list() {
      return db.select().from(mailQueue).orderBy(asc(mailQueue.id)).all();
    },
  };
}
