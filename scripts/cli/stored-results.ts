import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CheckResult } from '../../engine/checks/result.ts';
import type { Organisation } from '../../engine/load/model.ts';
import { latestCheckResults } from '../../engine/store/check-history.ts';
import { databasePath } from '../../engine/store/database-path.ts';
import { openStore } from '../../engine/store/open-store.ts';

/** The database a command reads: `--db FILE`, else `DIR/data/attest.db`. */
export function chosenDatabasePath(dir: string, db: unknown): string {
  return typeof db === 'string' ? resolve(db) : databasePath(dir);
}

/**
 * The newest stored result of each check the organisation declares, or none when the
 * database does not exist yet (no database is created just to read from it).
 */
export async function readStoredResults(
  model: Organisation,
  dbPath: string,
): Promise<CheckResult[]> {
  if (!existsSync(dbPath)) return [];
  const store = await openStore(dbPath);
  try {
    return await latestCheckResults(store, model, new Date());
  } finally {
    await store.close();
  }
}
