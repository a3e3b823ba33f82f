import { and, asc, eq, isNull, like } from 'drizzle-orm';
import type { Alerts } from '../alerts.ts';
import { alerts } from '../schema.ts';
import type { Connection } from './connection.ts';

export function sqliteAlerts({ db }: Connection): Alerts {
  return {
    async open() {
      return db.select().from(alerts).where(isNull(alerts.clearedAt)).orderBy(asc(alerts.id)).all();
    },
    async openWithPrefix(prefix) {
      return db
        .select()
        .from(alerts)
        .where(and(isNull(alerts.clearedAt), like(alerts.key, `${prefix}%`)))
        .all();
    },
    async raise(alert, at) {
      db.insert(alerts)
        .values({
          key: alert.key,
          severity: alert.severity,
          message: alert.message,
          raisedAt: at,
          updatedAt: at,
        })
        .run();
    },
    async update(id, alert, at) {
      db.update(alerts)
        .set({ message: alert.message, severity: alert.severity, updatedAt: at })
        .where(eq(alerts.id, id))
        .run();
    },
    async clear(id, at) {
      db.update(alerts).set({ clearedAt: at }).where(eq(alerts.id, id)).run();
    },
  };
}
