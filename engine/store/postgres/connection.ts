import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';

/** The pool-wide database or a transaction on one client: both run the same queries. */
export type Database = PgDatabase<NodePgQueryResultHKT>;

/** What a PostgreSQL repository runs its queries on. */
export interface Connection {
  db: Database;
  /**
   * Runs `work` atomically: in a new write transaction when none is open (serialised with
   * every other write transaction on the database), as a savepoint inside one.
   */
  atomically<T>(work: (db: Database) => Promise<T>): Promise<T>;
}

/** The one row an INSERT … RETURNING gave back. */
export function insertedRow<T>(rows: T[], table: string): T {
  const row = rows[0];
  if (row === undefined) throw new Error(`inserting into ${table} returned no row`);
  return row;
}
