import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  type RunningPostgres,
  startEmbeddedPostgres,
  type TestPostgres,
} from './postgres-server.ts';

/** A PostgreSQL server for one test file, once its `beforeAll` ran. */
export interface FilePostgres extends TestPostgres {
  /** False when it could not start (its tests are then skipped). */
  readonly running: boolean;
}

/**
 * Starts a real PostgreSQL server (see {@link startEmbeddedPostgres}) before the test file's
 * tests and stops it after them, deleting its data. On a machine where the binaries cannot
 * start, the file's tests are skipped with a message saying why — unless
 * `ATTEST_REQUIRE_POSTGRES=1` (set by `.ci/run`), which makes that a failure.
 */
export function useEmbeddedPostgres(): FilePostgres {
  let running: RunningPostgres | undefined;
  let unavailable: string | undefined;
  beforeAll(async () => {
    try {
      running = await startEmbeddedPostgres();
    } catch (error) {
      if (process.env.ATTEST_REQUIRE_POSTGRES === '1') throw error;
      unavailable = (error as Error).message;
      console.warn(
        `PostgreSQL could not start on this machine, so the PostgreSQL tests are skipped (set ATTEST_REQUIRE_POSTGRES=1 to fail instead):\n${unavailable}`,
      );
    }
  });
  beforeEach((context) => {
    if (unavailable) context.skip(`PostgreSQL could not start here: ${unavailable}`);
  });
  afterAll(async () => {
    await running?.stop();
  });
  return {
    get running() {
      return running !== undefined;
    },
    async createDatabase() {
      if (!running) throw new Error('PostgreSQL is not running: call createDatabase in a test');
      return running.createDatabase();
    },
  };
}
