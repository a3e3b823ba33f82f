import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { createLock, type Lock } from '../lock.ts';
import * as schema from '../schema.ts';
import type { Repositories, Store } from '../store.ts';
import { sqliteAccessRequests } from './access-requests.ts';
import { sqliteAlerts } from './alerts.ts';
import { sqliteApiTokens } from './api-tokens.ts';
import { sqliteAuditRows } from './audit-rows.ts';
import { sqliteCheckHistory } from './check-history.ts';
import type { Connection } from './connection.ts';
import { sqliteLeases } from './leases.ts';
import { sqliteMailQueue } from './mail-queue.ts';
import { sqliteNotifications } from './notifications.ts';
import { sqlitePublications } from './publications.ts';
import { sqliteRateCounters } from './rate-counters.ts';
import { sqliteSessions } from './sessions.ts';
import { sqliteSubscribers } from './subscribers.ts';
import { sqliteUsers } from './users.ts';
import { sqliteViewCounts } from './view-counts.ts';
import { sqliteVulnerabilityReports } from './vulnerability-reports.ts';
import { sqliteWebhooks } from './webhooks.ts';

const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

type RepositoryMap = Omit<Repositories, 'transaction'>;

/** The open connection behind each SQLite store, for SQLite-only test support. */
const connections = new WeakMap<Store, Connection>();

/** The connection of a store opened by {@link openSqliteStore} (test support only). */
export function sqliteConnectionOf(store: Store): Connection {
  const connection = connections.get(store);
  if (!connection) throw new Error('this store is not a SQLite store');
  return connection;
}

function createRepositories(connection: Connection): RepositoryMap {
  return {
    alerts: sqliteAlerts(connection),
    accessRequests: sqliteAccessRequests(connection),
    audit: sqliteAuditRows(connection),
    checkHistory: sqliteCheckHistory(connection),
    leases: sqliteLeases(connection),
    mailQueue: sqliteMailQueue(connection),
    notifications: sqliteNotifications(connection),
    publications: sqlitePublications(connection),
    rateCounters: sqliteRateCounters(connection),
    apiTokens: sqliteApiTokens(connection),
    sessions: sqliteSessions(connection),
    subscribers: sqliteSubscribers(connection),
    users: sqliteUsers(connection),
    viewCounts: sqliteViewCounts(connection),
    vulnerabilityReports: sqliteVulnerabilityReports(connection),
    webhooks: sqliteWebhooks(connection),
  };
}

/** The same repositories, each call waiting its turn on `lock`. */
function lockedRepositories(repositories: RepositoryMap, lock: Lock): RepositoryMap {
  const locked: Record<string, Record<string, unknown>> = {};
  for (const [name, repository] of Object.entries(repositories)) {
    const methods: Record<string, unknown> = {};
    for (const [method, call] of Object.entries(repository as object)) {
      methods[method] = (...args: unknown[]) =>
        lock(() => (call as (...args: unknown[]) => unknown)(...args));
    }
    locked[name] = methods;
  }
  return locked as unknown as RepositoryMap;
}

/** Opens the SQLite file at `path` (creating it) and applies the checked-in migrations. */
function openConnection(path: string): Connection {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { timeout: 15_000 });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema });
  for (let attempt = 1; ; attempt++) {
    try {
      migrate(db, { migrationsFolder });
      return { db, sqlite };
    } catch (error) {
      if (attempt >= 3 || !/already exists|SQLITE_BUSY|database is locked/i.test(String(error))) {
        sqlite.close();
        throw new Error(`could not prepare the database at ${path}`, { cause: error });
      }
    }
  }
}

/**
 * Opens (creating if needed) the SQLite database at `path` and applies the checked-in
 * migrations. WAL mode and a busy timeout let several processes share one file; a
 * migration raced by another process is retried once that process has finished.
 *
 * One connection serves every caller, one call at a time: while a transaction is open
 * (across its awaits), other calls on the store wait for it. A transaction is BEGIN
 * IMMEDIATE … COMMIT, so it also excludes writers in other processes.
 */
export function openSqliteStore(path: string): Store {
  const connection = openConnection(path);
  const { sqlite } = connection;
  const lock = createLock();
  const repositories = createRepositories(connection);
  let savepoints = 0;

  async function nested<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    const name = `attest_${++savepoints}`;
    sqlite.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn(inTransaction);
      sqlite.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      sqlite.exec(`ROLLBACK TO ${name}`);
      sqlite.exec(`RELEASE ${name}`);
      throw error;
    }
  }
  const inTransaction: Repositories = { ...repositories, transaction: nested };

  async function transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    return lock(async () => {
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(inTransaction);
        sqlite.exec('COMMIT');
        return result;
      } catch (error) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw error;
      }
    });
  }

  const store: Store = {
    ...lockedRepositories(repositories, lock),
    transaction,
    dialect: 'sqlite',
    close: () =>
      lock(() => {
        sqlite.close();
      }),
  };
  connections.set(store, connection);
  return store;
}
