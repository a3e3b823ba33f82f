import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** An open Attest database: drizzle for queries, the raw connection for transactions. */
export interface Store {
  db: BetterSQLite3Database<typeof schema>;
  sqlite: Database.Database;
  close(): void;
}

/**
 * Opens (creating if needed) the SQLite database at `path` and applies the checked-in
 * migrations. WAL mode and a busy timeout let several processes share one file; a
 * migration raced by another process is retried once that process has finished.
 */
export function openStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { timeout: 15_000 });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema });
  for (let attempt = 1; ; attempt++) {
    try {
      migrate(db, { migrationsFolder });
      break;
    } catch (error) {
      if (attempt >= 3 || !/already exists|SQLITE_BUSY|database is locked/i.test(String(error))) {
        sqlite.close();
        throw new Error(`could not prepare the database at ${path}`, { cause: error });
      }
    }
  }
  return { db, sqlite, close: () => sqlite.close() };
}
