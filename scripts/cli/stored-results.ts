import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CheckResult } from '../../engine/checks/result.ts';
import type { Organisation } from '../../engine/load/model.ts';
import { latestCheckResults } from '../../engine/store/check-history.ts';
import { openStore } from '../../engine/store/open-store.ts';

/** The database a command reads: `--db FILE`, else `DIR/data/attest.db`. */
export function databasePath(dir: string, db: unknown): string {
  return typeof db === 'string' ? resolve(db) : join(dir, 'data', 'attest.db');
}

/**
 * The newest stored result of each check the organisation declares, or none when the
 * database does not exist yet (no database is created just to read from it).
 */
export function readStoredResults(model: Organisation, dbPath: string): CheckResult[] {
  if (!existsSync(dbPath)) return [];
  const store = openStore(dbPath);
  try {
    return latestCheckResults(store, model, new Date());
  } finally {
    store.close();
  }
}
