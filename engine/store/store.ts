import type { AccessRequests } from './access-requests.ts';
import type { Alerts } from './alerts.ts';
import type { AuditRows } from './audit-rows.ts';
import type { CheckHistory } from './check-history.ts';
import type { MailQueue } from './mail-queue.ts';
import type { Notifications } from './notifications.ts';
import type { Publications } from './publications.ts';
import type { Sessions } from './sessions.ts';
import type { Subscribers } from './subscribers.ts';
import type { Users } from './users.ts';
import type { VulnerabilityReports } from './vulnerability-reports.ts';
import type { Webhooks } from './webhooks.ts';

/**
 * Every repository of the Attest database, plus `transaction`. Inside `transaction(fn)`, `fn`
 * gets the same repositories bound to the transaction: it must use only those (on SQLite,
 * calls on the outer store wait until the transaction ends; on PostgreSQL they run beside it
 * and wait for the rows it holds — from inside, either would never finish). A transaction
 * inside a transaction is a savepoint. Write transactions run one at a time, each seeing
 * the last, on both drivers.
 */
export interface Repositories {
  alerts: Alerts;
  accessRequests: AccessRequests;
  audit: AuditRows;
  checkHistory: CheckHistory;
  mailQueue: MailQueue;
  notifications: Notifications;
  publications: Publications;
  sessions: Sessions;
  subscribers: Subscribers;
  users: Users;
  vulnerabilityReports: VulnerabilityReports;
  webhooks: Webhooks;
  /** Runs `fn` in one write transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
}

/** An open Attest database: its repositories, and `close` once the work queued on it is done. */
export interface Store extends Repositories {
  close(): Promise<void>;
}
