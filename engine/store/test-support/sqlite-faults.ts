import Database from 'better-sqlite3';
import { sqliteConnectionOf } from '../sqlite/sqlite-store.ts';
import type { Store } from '../store.ts';

/**
 * Runs raw SQL on a SQLite store's own connection, the way someone with the file would:
 * for tests and replays of tampering (dropping the audit log's triggers, rewriting rows).
 */
export function tamperWithSqliteStore(store: Store, sql: string): void {
  sqliteConnectionOf(store).sqlite.exec(sql);
}

/** Runs raw SQL on a SQLite file through a connection of its own, as another process would. */
export function tamperWithSqliteFile(path: string, sql: string): void {
  const database = new Database(path);
  try {
    database.exec(sql);
  } finally {
    database.close();
  }
}

/** Reads raw rows from a SQLite file through a read-only connection of its own. */
export function readSqliteFile(path: string, sql: string): unknown[] {
  const database = new Database(path, { readonly: true });
  try {
    return database.prepare(sql).all();
  } finally {
    database.close();
  }
}

/**
 * Fills a SQLite store to a lowered size limit, so its next write fails with SQLITE_FULL
 * (a full disk); `release` lifts the limit again (space returns).
 */
export function fillSqliteStore(store: Store): { release(): void } {
  const { sqlite } = sqliteConnectionOf(store);
  const pages = Number(sqlite.pragma('page_count', { simple: true }));
  sqlite.pragma(`max_page_count = ${pages + 1}`);
  const filler = sqlite.prepare(
    "INSERT INTO mail_queue (\"to\", subject, text, created_at, attempts, next_attempt_at, sent_at) VALUES ('', '', ?, '', 0, '', '')",
  );
  for (const size of [400, 100, 30, 0]) {
    try {
      for (;;) filler.run('x'.repeat(size));
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_FULL') throw error;
    }
  }
  return {
    release() {
      sqlite.pragma('max_page_count = 1073741823');
    },
  };
}
