import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { databaseLabel } from '../database-path.ts';
import type { Repositories, Store } from '../store.ts';
import { postgresAccessRequests } from './access-requests.ts';
import { postgresAlerts } from './alerts.ts';
import { postgresAuditRows } from './audit-rows.ts';
import { postgresCheckHistory } from './check-history.ts';
import type { Connection, Database } from './connection.ts';
import { postgresMailQueue } from './mail-queue.ts';
import { postgresNotifications } from './notifications.ts';
import { postgresPublications } from './publications.ts';
import { postgresSessions } from './sessions.ts';
import { postgresSubscribers } from './subscribers.ts';
import { postgresUsers } from './users.ts';
import { postgresVulnerabilityReports } from './vulnerability-reports.ts';
import { postgresWebhooks } from './webhooks.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** First key of Attest's advisory locks: "atst" as a 32-bit integer. */
const lockSpace = 0x61747374;
/** Held (per session) while migrating, so processes starting together migrate one at a time. */
const migrationLock = 1;
/** Taken by every write transaction, so they run one after the other as on SQLite. */
const writeLock = 2;

function createRepositories(connection: Connection): Omit<Repositories, 'transaction'> {
  return {
    alerts: postgresAlerts(connection),
    accessRequests: postgresAccessRequests(connection),
    audit: postgresAuditRows(connection),
    checkHistory: postgresCheckHistory(connection),
    mailQueue: postgresMailQueue(connection),
    notifications: postgresNotifications(connection),
    publications: postgresPublications(connection),
    sessions: postgresSessions(connection),
    subscribers: postgresSubscribers(connection),
    users: postgresUsers(connection),
    vulnerabilityReports: postgresVulnerabilityReports(connection),
    webhooks: postgresWebhooks(connection),
  };
}

/**
 * Runs `work` in a new transaction on one pooled client, after taking the write lock: write
 * transactions on the database (from any process) run one at a time, each seeing the last.
 */
function writeTransaction<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${lockSpace}, ${writeLock})`);
    return work(tx);
  });
}

/** The repositories on `db`: the pool (`inTransaction` false) or one open transaction. */
function bindRepositories(db: Database, inTransaction: boolean): Repositories {
  const begin = <T>(work: (tx: Database) => Promise<T>): Promise<T> =>
    inTransaction ? db.transaction(work) : writeTransaction(db, work);
  return {
    ...createRepositories({ db, atomically: begin }),
    transaction: (fn) => begin((tx) => fn(bindRepositories(tx, true))),
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
  return { ...bindRepositories(drizzle(pool), false), close: () => pool.end() };
}
