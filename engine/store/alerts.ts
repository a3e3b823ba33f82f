import type { AlertRow } from './schema.ts';
import type { Repositories } from './store.ts';

export type { AlertRow };

/** An alert as raised: its key (one open alert per key), severity and message. */
export interface AlertInput {
  key: string;
  severity: AlertRow['severity'];
  message: string;
}

/** Alerts an operator must know about; open until cleared. */
export interface Alerts {
  /** The alerts still open, oldest first. */
  open(): Promise<AlertRow[]>;
  /** The open alerts whose key starts with `prefix`. */
  openWithPrefix(prefix: string): Promise<AlertRow[]>;
  raise(alert: AlertInput, at: string): Promise<void>;
  /** Changes an open alert's message and severity. */
  update(id: number, alert: Omit<AlertInput, 'key'>, at: string): Promise<void>;
  clear(id: number, at: string): Promise<void>;
}

/**
 * Makes the open alerts whose key starts with `prefix` exactly `current`: new ones are
 * raised, changed ones updated, and open ones no longer current are cleared, in one
 * transaction. Returns the alerts newly raised, so the caller can log them once rather
 * than on every pass.
 */
export function syncAlerts(
  store: Repositories,
  prefix: string,
  current: readonly AlertInput[],
  at: Date,
): Promise<AlertInput[]> {
  const now = at.toISOString();
  return store.transaction(async (tx) => {
    const byKey = new Map((await tx.alerts.openWithPrefix(prefix)).map((row) => [row.key, row]));
    const raised: AlertInput[] = [];
    for (const alert of current) {
      const existing = byKey.get(alert.key);
      byKey.delete(alert.key);
      if (!existing) {
        await tx.alerts.raise(alert, now);
        raised.push(alert);
      } else if (existing.message !== alert.message || existing.severity !== alert.severity) {
        await tx.alerts.update(existing.id, alert, now);
      }
    }
    for (const stale of byKey.values()) await tx.alerts.clear(stale.id, now);
    return raised;
  });
}
