import { and, asc, eq, isNull, like } from 'drizzle-orm';
import type { Alerts } from '../alerts.ts';
import type { Connection } from './connection.ts';
import { alerts } from './schema.ts';

export function postgresAlerts({ db }: Connection): Alerts {
  return {
    async open() {
      return db.select().from(alerts).where(isNull(alerts.clearedAt)).orderBy(asc(alerts.id));
    },
    async openWithPrefix(prefix) {
      return db
        .select()
        .from(alerts)
        .where(and(isNull(alerts.clearedAt), like(alerts.key, `${prefix}%`)))
        .orderBy(asc(alerts.id));
    },
    async raise(alert, at) {
      await db.insert(alerts).values({
        key: alert.key,
        severity: alert.severity,
        message: alert.message,
        raisedAt: at,
        updatedAt: at,
      });
    },
    async update(id, alert, at) {
      await db
        .update(alerts)
        .set({ message: alert.message, severity: alert.severity, updatedAt: at })
        .where(eq(alerts.id, id));
    },
    async clear(id, at) {
      await db.update(alerts).set({ clearedAt: at }).where(eq(alerts.id, id));
    },
  };
}
