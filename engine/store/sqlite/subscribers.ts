import { and, asc, desc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { subscribers } from '../schema.ts';
import type { Subscribers } from '../subscribers.ts';
import type { Connection } from './connection.ts';

export function sqliteSubscribers({ db }: Connection): Subscribers {
  // Prepared once: signing up runs on every form post.
  const insert = db
    .insert(subscribers)
    .values({
      email: sql.placeholder('email'),
      topic: sql.placeholder('topic'),
      createdAt: sql.placeholder('createdAt'),
      confirmedAt: sql.placeholder('confirmedAt'),
      unsubscribedAt: null,
      unsubscribeToken: sql.placeholder('unsubscribeToken'),
      language: sql.placeholder('language'),
    })
    .onConflictDoNothing({ target: [subscribers.email, subscribers.topic] })
    .prepare();
  const select = db
    .select()
    .from(subscribers)
    .where(
      and(
        eq(subscribers.email, sql.placeholder('email')),
        eq(subscribers.topic, sql.placeholder('topic')),
      ),
    )
    .prepare();
  return {
    async add(subscriber) {
      insert.run({ ...subscriber, language: subscriber.language ?? null });
      const row = select.get({ email: subscriber.email, topic: subscriber.topic });
      if (row === undefined)
        throw new Error(`subscriber ${subscriber.email} (${subscriber.topic}) was not stored`);
      return row;
    },
    async list(limit) {
      return db.select().from(subscribers).orderBy(desc(subscribers.id)).limit(limit).all();
    },
    async recipients() {
      return db
        .select()
        .from(subscribers)
        .where(and(isNotNull(subscribers.confirmedAt), isNull(subscribers.unsubscribedAt)))
        .orderBy(asc(subscribers.id))
        .all();
    },
    async confirm(id, email, issuedAt, at) {
      return (
        db
          .update(subscribers)
          .set({ confirmedAt: at, unsubscribedAt: null })
          .where(
            and(
              eq(subscribers.id, id),
              eq(subscribers.email, email),
              or(isNull(subscribers.unsubscribedAt), lt(subscribers.unsubscribedAt, issuedAt)),
            ),
          )
          .run().changes > 0
      );
    },
    async byUnsubscribeToken(token) {
      return db.select().from(subscribers).where(eq(subscribers.unsubscribeToken, token)).get();
    },
    async unsubscribe(id, at) {
      db.update(subscribers).set({ unsubscribedAt: at }).where(eq(subscribers.id, id)).run();
    },
  };
}
