import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../schema.ts';
import type { Webhooks } from '../webhooks.ts';
import { type Connection, writeAtomically } from './connection.ts';

const waiting = and(isNull(webhookDeliveries.deliveredAt), isNull(webhookDeliveries.abandonedAt));

export function sqliteWebhooks(connection: Connection): Webhooks {
  const { db } = connection;
  return {
    async createEndpoint(endpoint) {
      return db.insert(webhookEndpoints).values(endpoint).returning().get();
    },
    async listEndpoints() {
      return db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id)).all();
    },
    async getEndpoint(id) {
      return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get();
    },
    async setDisabled(id, at) {
      const row = db
        .update(webhookEndpoints)
        .set({ disabledAt: at })
        .where(eq(webhookEndpoints.id, id))
        .returning({ id: webhookEndpoints.id })
        .get();
      return row !== undefined;
    },
    async enqueue(endpointId, delivery, at) {
      return db
        .insert(webhookDeliveries)
        .values({ endpointId, ...delivery, createdAt: at, nextAttemptAt: at })
        .returning({ id: webhookDeliveries.id })
        .get().id;
    },
    async claimDue(now, limit, leaseUntil) {
      // One UPDATE under the database's write lock: two senders never claim the same row.
      const due = db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(waiting, lte(webhookDeliveries.nextAttemptAt, now)))
        .orderBy(asc(webhookDeliveries.id))
        .limit(limit);
      const claimed = db
        .update(webhookDeliveries)
        .set({ nextAttemptAt: leaseUntil })
        .where(inArray(webhookDeliveries.id, due))
        .returning()
        .all();
      return claimed.sort((a, b) => a.id - b.id);
    },
    async recordAttempt(deliveryId, attempt) {
      writeAtomically(connection, () => {
        db.insert(webhookAttempts)
          .values({
            deliveryId,
            at: attempt.at,
            durationMs: attempt.durationMs,
            statusCode: attempt.statusCode,
            responseExcerpt: attempt.responseExcerpt,
            error: attempt.error,
          })
          .run();
        db.update(webhookDeliveries)
          .set({
            attempts: attempt.attempts,
            deliveredAt: attempt.deliveredAt,
            nextAttemptAt: attempt.nextAttemptAt,
            abandonedAt: attempt.abandonedAt,
            lastStatus: attempt.statusCode,
            lastError: attempt.error,
          })
          .where(eq(webhookDeliveries.id, deliveryId))
          .run();
      });
    },
    async replay(id, at) {
      const row = db
        .update(webhookDeliveries)
        .set({ nextAttemptAt: at, attempts: 0, deliveredAt: null, abandonedAt: null })
        .where(eq(webhookDeliveries.id, id))
        .returning({ id: webhookDeliveries.id })
        .get();
      return row !== undefined;
    },
    async getDelivery(id) {
      return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get();
    },
    async deliveriesOf(endpointId, limit) {
      return db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.endpointId, endpointId))
        .orderBy(desc(webhookDeliveries.id))
        .limit(limit)
        .all();
    },
    async attemptsOf(deliveryIds) {
      if (deliveryIds.length === 0) return [];
      return db
        .select()
        .from(webhookAttempts)
        .where(inArray(webhookAttempts.deliveryId, [...deliveryIds]))
        .orderBy(asc(webhookAttempts.id))
        .all();
    },
    async nextAttemptAt() {
      return db
        .select({ at: webhookDeliveries.nextAttemptAt })
        .from(webhookDeliveries)
        .where(waiting)
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(1)
        .get()?.at;
    },
    async countAbandoned() {
      return (
        db
          .select({ n: count() })
          .from(webhookDeliveries)
          .where(
            and(isNull(webhookDeliveries.deliveredAt), isNotNull(webhookDeliveries.abandonedAt)),
          )
          .get()?.n ?? 0
      );
    },
  };
}
