import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { databaseLabel } from '../database-path.ts';
import type { Repositories, Store } from '../store.ts';
import { postgresAccessRequests } from './access-requests.ts';
import { postgresAlerts } from './alerts.ts';
import { postgresApiTokens } from './api-tokens.ts';
import { postgresAuditRows } from './audit-rows.ts';
import { postgresCheckHistory } from './check-history.ts';
import type { Connection, Database } from './connection.ts';
import { postgresLeases } from './leases.ts';
import { postgresMailQueue } from './mail-queue.ts';
import { postgresNotifications } from './notifications.ts';
import { postgresPublications } from './publications.ts';
import { postgresRateCounters } from './rate-counters.ts';
import { postgresSessions } from './sessions.ts';
import { postgresSubscribers } from './subscribers.ts';
import { postgresUsers } from './users.ts';
import { postgresViewCounts } from './view-counts.ts';
import { postgresVulnerabilityReports } from './vulnerability-reports.ts';
import { postgresWebhooks } from './webhooks.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** First key of Attest's advisory locks: "atst" as a 32-bit integer. */
const lockSpace = 0x61747374;
/** Held (per session) while migrating, so processes starting together migrate one at a time. */
const migrationLock = 1;
/**
 * Taken exclusively by every write transaction that names no keys, so they run one after
 * the other as on SQLite; shared by those that name keys, which then run side by side.
 */
const writeLock = 2;
/** First key of the per-key locks of keyed transactions (the second is the key's hash). */
const keySpace = lockSpace + 1;

function createRepositories(connection: Connection): Omit<Repositories, 'transaction'> {
  return {
    alerts: postgresAlerts(connection),
    accessRequests: postgresAccessRequests(connection),
    audit: postgresAuditRows(connection),
    checkHistory: postgresCheckHistory(connection),
    leases: postgresLeases(connection),
    mailQueue: postgresMailQueue(connection),
    notifications: postgresNotifications(connection),
    publications: postgresPublications(connection),
    rateCounters: postgresRateCounters(connection),
    apiTokens: postgresApiTokens(connection),
    sessions: postgresSessions(connection),
    subscribers: postgresSubscribers(connection),
    users: postgresUsers(connection),
    vulnerabilityReports: postgresVulnerabilityReports(connection),
    viewCounts: postgresViewCounts(connection),
    webhooks: postgresWebhooks(connection),
  };
}

/** Each key's lock, in one order, so two transactions never wait on each other. */
function keyLocks(keys: readonly string[]) {
  return [...new Set(keys)]
    .sort()
    .map((key) => sql`pg_advisory_xact_lock(${keySpace}, hashtext(${key}))`);
}

/** Takes each key's lock, in one statement. */
async function lockKeys(tx: Database, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.execute(sql`SELECT ${sql.join(keyLocks(keys), sql`, `)}`);
}

/**
 * Runs `work` in a new transaction on one pooled client, after taking the write lock: write
 * transactions on the database (from any process) run one at a time, each seeing the last.
 * With `keys`, the write lock is shared and each key's lock exclusive: transactions on other
 * keys run alongside, while one that names no keys waits for all of them.
 */
function writeTransaction<T>(
  db: Database,
  work: (tx: Database) => Promise<T>,
  keys: readonly string[] = [],
): Promise<T> {
  return db.transaction(async (tx) => {
    if (keys.length === 0) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${lockSpace}, ${writeLock})`);
    } else {
      // The shared write lock and the keys' locks in one round trip, in this order.
      const locks = [
        sql`pg_advisory_xact_lock_shared(${lockSpace}, ${writeLock})`,
        ...keyLocks(keys),
      ];
      await tx.execute(sql`SELECT ${sql.join(locks, sql`, `)}`);
    }
    return work(tx);
  });
}

/**
 * The repositories on `db`: the pool (`scope` undefined), or one open transaction that holds
 * the whole database (`'all'`) or only its keys (`'keys'`).
 */
function bindRepositories(db: Database, scope?: 'all' | 'keys'): Repositories {
  const begin = <T>(work: (tx: Database) => Promise<T>): Promise<T> =>
    scope ? db.transaction(work) : writeTransaction(db, work);
  return {
    ...createRepositories({ db, atomically: begin }),
    transaction: (fn, options) => {
      const keys = options?.keys ?? [];
      if (!scope)
        return writeTransaction(
          db,
          (tx) => fn(bindRepositories(tx, keys.length ? 'keys' : 'all')),
          keys,
        );
      if (scope === 'keys' && keys.length === 0)
        throw new Error(
          'a transaction inside one that holds only some keys must name its keys too; it cannot take the whole database',
        );
      return db.transaction(async (tx) => {
        if (scope === 'keys') await lockKeys(tx, keys);
        return fn(bindRepositories(tx, scope));
      });
    },
  };
}

/**
 * Applies the checked-in migrations under a session advisory lock: a second process that
 * starts at the same moment waits, then finds them applied.
 */
async function migrateLocked(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [lockSpace, migrationLock]);
    try {
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [lockSpace, migrationLock]);
    }
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // A client whose unlock may not have run is closed rather than reused.
    client.release(broken);
  }
}

/**
 * Opens the PostgreSQL database at `url` (`postgres://user:password@host:port/database`) and
 * applies the checked-in migrations. The database must exist; its tables are created.
 *
 * Calls outside a transaction run on a pool of connections. `transaction(fn)` runs `fn` on
 * one connection in a real transaction (nested calls are savepoints) after taking an
 * advisory lock, so write transactions — from this process or another — run one at a time.
 */
export async function openPostgresStore(url: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url });
  // An idle client that loses its connection (a server restart) is dropped by the pool and
  // the next query connects afresh; without a listener the error would end the process.
  pool.on('error', () => undefined);
  try {
    await migrateLocked(pool);
  } catch (error) {
    await pool.end();
    throw new Error(`could not prepare the PostgreSQL database at ${databaseLabel(url)}`, {
      cause: error,
    });
  }
  return {
    ...bindRepositories(drizzle(pool)),
    dialect: 'postgres',
    close: () => pool.end(),
  };
}
