import { asc, eq } from 'drizzle-orm';
import type { Notifications } from '../notifications.ts';
import { notifications } from '../schema.ts';
import type { Connection } from './connection.ts';

export function sqliteNotifications({ db }: Connection): Notifications {
  return {
    async statusesFor(publicationId) {
      const rows = db
        .select({ subscriberId: notifications.subscriberId, status: notifications.status })
        .from(notifications)
        .where(eq(notifications.publicationId, publicationId))
        .all();
      return new Map(rows.map((row) => [row.subscriberId, row.status]));
    },
    async record(notification) {
      db.insert(notifications)
        .values(notification)
        .onConflictDoUpdate({
          target: [notifications.publicationId, notifications.subscriberId],
          set: notification,
        })
        .run();
    },
    async list() {
      return db.select().from(notifications).orderBy(asc(notifications.subscriberId)).all();
    },
  };
}
