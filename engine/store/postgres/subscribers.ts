import { and, asc, desc, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Subscribers } from '../subscribers.ts';
import type { Connection } from './connection.ts';
import { subscribers } from './schema.ts';

export function postgresSubscribers({ db }: Connection): Subscribers {
  return {
    async add(subscriber) {
      // A new address is stored and returned in one statement; an existing one is read.
      const inserted = await db
        .insert(subscribers)
        .values({ ...subscriber, unsubscribedAt: null })
        .onConflictDoNothing({ target: [subscribers.email, subscribers.topic] })
        .returning();
      if (inserted[0]) return inserted[0];
      const rows = await db
        .select()
        .from(subscribers)
        .where(
          and(eq(subscribers.email, subscriber.email), eq(subscribers.topic, subscriber.topic)),
        );
      const row = rows[0];
      if (row === undefined)
        throw new Error(`subscriber ${subscriber.email} (${subscriber.topic}) was not stored`);
      return row;
    },
    async list(limit) {
      return db.select().from(subscribers).orderBy(desc(subscribers.id)).limit(limit);
    },
    async recipients() {
      return db
        .select()
        .from(subscribers)
        .where(and(isNotNull(subscribers.confirmedAt), isNull(subscribers.unsubscribedAt)))
        .orderBy(asc(subscribers.id));
    },
    async confirm(id, email, issuedAt, at) {
      const result = await db
        .update(subscribers)
        .set({ confirmedAt: at, unsubscribedAt: null })
        .where(
          and(
            eq(subscribers.id, id),
            eq(subscribers.email, email),
            or(isNull(subscribers.unsubscribedAt), lt(subscribers.unsubscribedAt, issuedAt)),
          ),
        );
      return (result.rowCount ?? 0) > 0;
    },
    async byUnsubscribeToken(token) {
      const rows = await db
        .select()
        .from(subscribers)
        .where(eq(subscribers.unsubscribeToken, token));
      return rows[0];
    },
    async unsubscribe(id, at) {
      await db.update(subscribers).set({ unsubscribedAt: at }).where(eq(subscribers.id, id));
    },
  };
}
