import { resolve } from 'node:path';
import type { CheckResult } from '../../engine/checks/result.ts';
import type { Organisation } from '../../engine/load/model.ts';
import { latestCheckResults } from '../../engine/store/check-history.ts';
import { databaseExists, databasePath, isPostgresUrl } from '../../engine/store/database-path.ts';
import { openStore } from '../../engine/store/open-store.ts';

/**
 * The database a command uses: `--db FILE` or `--db postgres://…`, else `DATABASE_URL`, else
 * `DIR/data/attest.db`.
 */
export function chosenDatabasePath(dir: string, db: unknown): string {
  if (typeof db !== 'string') return databasePath(dir);
  return isPostgresUrl(db) ? db : resolve(db);
}

/**
 * The newest stored result of each check the organisation declares, or none when the
 * database does not exist yet (no database is created just to read from it).
 */
export async function readStoredResults(
  model: Organisation,
  dbPath: string,
): Promise<CheckResult[]> {
  if (!databaseExists(dbPath)) return [];
  const store = await openStore(dbPath);
  try {
    return await latestCheckResults(store, model, new Date());
  } finally {
    await store.close();
  }
}
