import { isPostgresUrl } from './database-path.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

export type { Repositories, Store } from './store.ts';

/**
 * Opens the Attest database at `location`: a `postgres://` or `postgresql://` URL opens that
 * PostgreSQL database (see {@link openPostgresStore}); anything else is the path of a SQLite
 * file, created with its tables if missing (see {@link openSqliteStore}).
 */
export async function openStore(location: string): Promise<Store> {
  return isPostgresUrl(location) ? openPostgresStore(location) : openSqliteStore(location);
}
