import { and, asc, eq, isNull, like } from 'drizzle-orm';
import type { Store } from './open-store.ts';
import { type AlertRow, alerts } from './schema.ts';

/** An alert as raised: its key (one open alert per key), severity and message. */
export interface AlertInput {
  key: string;
  severity: AlertRow['severity'];
  message: string;
}

/**
 * Makes the open alerts whose key starts with `prefix` exactly `current`: new ones are
 * raised, changed ones updated, and open ones no longer current are cleared. Returns the
 * alerts newly raised, so the caller can log them once rather than on every pass.
 */
export function syncAlerts(
  store: Store,
  prefix: string,
  current: readonly AlertInput[],
  at: Date,
): AlertInput[] {
  const now = at.toISOString();
  const sync = store.sqlite.transaction(() => {
    const open = store.db
      .select()
      .from(alerts)
      .where(and(isNull(alerts.clearedAt), like(alerts.key, `${prefix}%`)))
      .all();
    const byKey = new Map(open.map((row) => [row.key, row]));
    const raised: AlertInput[] = [];
    for (const alert of current) {
      const existing = byKey.get(alert.key);
      byKey.delete(alert.key);
      if (!existing) {
        store.db
          .insert(alerts)
          .values({ ...alert, raisedAt: now, updatedAt: now })
          .run();
        raised.push(alert);
      } else if (existing.message !== alert.message || existing.severity !== alert.severity) {
        store.db
          .update(alerts)
          .set({ message: alert.message, severity: alert.severity, updatedAt: now })
          .where(eq(alerts.id, existing.id))
          .run();
      }
    }
    for (const stale of byKey.values())
      store.db.update(alerts).set({ clearedAt: now }).where(eq(alerts.id, stale.id)).run();
    return raised;
  });
  return sync.immediate();
}

/** The alerts still open, oldest first. */
export function openAlerts(store: Store): AlertRow[] {
  return store.db
    .select()
    .from(alerts)
    .where(isNull(alerts.clearedAt))
    .orderBy(asc(alerts.id))
    .all();
}
