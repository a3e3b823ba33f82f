import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Webhooks } from '../webhooks.ts';
import { type Connection, insertedRow } from './connection.ts';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from './schema.ts';

const waiting = and(isNull(webhookDeliveries.deliveredAt), isNull(webhookDeliveries.abandonedAt));

export function postgresWebhooks({ db, atomically }: Connection): Webhooks {
  return {
    async createEndpoint(endpoint) {
      const rows = await db.insert(webhookEndpoints).values(endpoint).returning();
      return insertedRow(rows, 'webhook_endpoints');
    },
    async listEndpoints() {
      return db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id));
    },
    async getEndpoint(id) {
      const rows = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
      return rows[0];
    },
    async setDisabled(id, at) {
      const rows = await db
        .update(webhookEndpoints)
        .set({ disabledAt: at })
        .where(eq(webhookEndpoints.id, id))
        .returning({ id: webhookEndpoints.id });
      return rows.length > 0;
    },
    async enqueue(endpointId, delivery, at) {
      const rows = await db
        .insert(webhookDeliveries)
        .values({ endpointId, ...delivery, createdAt: at, nextAttemptAt: at })
        .returning({ id: webhookDeliveries.id });
      return insertedRow(rows, 'webhook_deliveries').id;
    },
    async claimDue(now, limit, leaseUntil) {
      // Rows another sender has locked are skipped, not waited for: two replicas claiming at
      // the same moment get disjoint deliveries.
      const due = db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(waiting, lte(webhookDeliveries.nextAttemptAt, now)))
        .orderBy(asc(webhookDeliveries.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      const claimed = await db
        .update(webhookDeliveries)
        .set({ nextAttemptAt: leaseUntil })
        .where(inArray(webhookDeliveries.id, due))
        .returning();
      return claimed.sort((a, b) => a.id - b.id);
    },
    async recordAttempt(deliveryId, attempt) {
      await atomically(async (tx) => {
        await tx.insert(webhookAttempts).values({
          deliveryId,
          at: attempt.at,
          durationMs: attempt.durationMs,
          statusCode: attempt.statusCode,
          responseExcerpt: attempt.responseExcerpt,
          error: attempt.error,
        });
        await tx
          .update(webhookDeliveries)
          .set({
            attempts: attempt.attempts,
            deliveredAt: attempt.deliveredAt,
            nextAttemptAt: attempt.nextAttemptAt,
            abandonedAt: attempt.abandonedAt,
            lastStatus: attempt.statusCode,
            lastError: attempt.error,
          })
          .where(eq(webhookDeliveries.id, deliveryId));
      });
    },
    async replay(id, at) {
      const rows = await db
        .update(webhookDeliveries)
        .set({ nextAttemptAt: at, attempts: 0, deliveredAt: null, abandonedAt: null })
        .where(eq(webhookDeliveries.id, id))
        .returning({ id: webhookDeliveries.id });
      return rows.length > 0;
    },
    async getDelivery(id) {
      const rows = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
      return rows[0];
    },
    async deliveriesOf(endpointId, limit) {
      return db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.endpointId, endpointId))
        .orderBy(desc(webhookDeliveries.id))
        .limit(limit);
    },
    async attemptsOf(deliveryIds) {
      if (deliveryIds.length === 0) return [];
      return db
        .select()
        .from(webhookAttempts)
        .where(inArray(webhookAttempts.deliveryId, [...deliveryIds]))
        .orderBy(asc(webhookAttempts.id));
    },
    async nextAttemptAt() {
      const rows = await db
        .select({ at: webhookDeliveries.nextAttemptAt })
        .from(webhookDeliveries)
        .where(waiting)
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(1);
      return rows[0]?.at;
    },
    async countAbandoned() {
      const rows = await db
        .select({ n: count() })
        .from(webhookDeliveries)
        .where(
          and(isNull(webhookDeliveries.deliveredAt), isNotNull(webhookDeliveries.abandonedAt)),
        );
      return rows[0]?.n ?? 0;
    },
  };
}
