import type { AccessRequests } from './access-requests.ts';
import type { Alerts } from './alerts.ts';
import type { ApiTokens } from './api-tokens.ts';
import type { AuditRows } from './audit-rows.ts';
import type { CheckHistory } from './check-history.ts';
import type { Leases } from './leases.ts';
import type { MailQueue } from './mail-queue.ts';
import type { Notifications } from './notifications.ts';
import type { Publications } from './publications.ts';
import type { RateCounters } from './rate-counters.ts';
import type { Sessions } from './sessions.ts';
import type { Subscribers } from './subscribers.ts';
import type { Users } from './users.ts';
import type { ViewCounts } from './view-counts.ts';
import type { VulnerabilityReports } from './vulnerability-reports.ts';
import type { Webhooks } from './webhooks.ts';

/**
 * Every repository of the Attest database, plus `transaction`. Inside `transaction(fn)`, `fn`
 * gets the same repositories bound to the transaction: it must use only those (on SQLite,
 * calls on the outer store wait until the transaction ends; on PostgreSQL they run beside it
 * and wait for the rows it holds — from inside, either would never finish). A transaction
 * inside a transaction is a savepoint. Write transactions run one at a time, each seeing
 * the last, on both drivers — unless they name the keys they need (see
 * {@link TransactionOptions}).
 */
export interface Repositories {
  alerts: Alerts;
  accessRequests: AccessRequests;
  apiTokens: ApiTokens;
  audit: AuditRows;
  checkHistory: CheckHistory;
  leases: Leases;
  mailQueue: MailQueue;
  notifications: Notifications;
  publications: Publications;
  rateCounters: RateCounters;
  sessions: Sessions;
  subscribers: Subscribers;
  users: Users;
  viewCounts: ViewCounts;
  vulnerabilityReports: VulnerabilityReports;
  webhooks: Webhooks;
  /** Runs `fn` in one write transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

/** How much of the database a write transaction needs to itself. */
export interface TransactionOptions {
  /**
   * The things it must not change at the same time as another transaction, e.g.
   * `['subscriber:ada@acme.example']`. On PostgreSQL, transactions naming keys run at the
   * same time as each other, one at a time per key (each held until commit); a transaction
   * naming none has the whole database to itself, waiting for and excluding all others. A
   * transaction inside a keyed one must name keys too. On SQLite every write transaction
   * has the whole database, and keys change nothing.
   */
  keys?: readonly string[];
}

/** An open Attest database: its repositories, and `close` once the work queued on it is done. */
export interface Store extends Repositories {
  /**
   * Which database it is: `postgres` can be shared by several servers (replicas), which then
   * keep their rate limits and leases in it; `sqlite` is one file on one machine.
   */
  readonly dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}
