import { asc, eq } from 'drizzle-orm';
import type { Notifications } from '../notifications.ts';
import type { Connection } from './connection.ts';
import { notifications } from './schema.ts';

export function postgresNotifications({ db }: Connection): Notifications {
  return {
    async statusesFor(publicationId) {
      const rows = await db
        .select({ subscriberId: notifications.subscriberId, status: notifications.status })
        .from(notifications)
        .where(eq(notifications.publicationId, publicationId));
      return new Map(rows.map((row) => [row.subscriberId, row.status]));
    },
    async record(notification) {
      await db
        .insert(notifications)
        .values(notification)
        .onConflictDoUpdate({
          target: [notifications.publicationId, notifications.subscriberId],
          set: notification,
        });
    },
    async list() {
      return db.select().from(notifications).orderBy(asc(notifications.subscriberId));
    },
  };
}
