import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

export type { Repositories, Store } from './store.ts';

/**
 * Opens the Attest database at `path` (a SQLite file, created with its tables if missing).
 * See {@link openSqliteStore} for how concurrent callers and processes share it.
 */
export async function openStore(path: string): Promise<Store> {
  return openSqliteStore(path);
}
