import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from '../schema.ts';

/** One SQLite connection: drizzle for queries, the raw handle for transactions. */
export interface Connection {
  db: BetterSQLite3Database<typeof schema>;
  sqlite: Database.Database;
}

/**
 * Runs `work` as one immediate write transaction (a savepoint when one is open already).
 * better-sqlite3 is synchronous, so nothing else runs on the connection meanwhile.
 */
export function writeAtomically<T>(connection: Connection, work: () => T): T {
  return connection.sqlite.transaction(work).immediate();
}
