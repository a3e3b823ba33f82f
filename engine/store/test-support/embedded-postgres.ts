import { afterAll, beforeAll } from 'vitest';
import {
  type RunningPostgres,
  startEmbeddedPostgres,
  type TestPostgres,
} from './postgres-server.ts';

export type { TestPostgres };

/**
 * Starts a real PostgreSQL server (see {@link startEmbeddedPostgres}) before the test file's
 * tests and stops it after them, deleting its data.
 */
export function useEmbeddedPostgres(): TestPostgres {
  let running: RunningPostgres | undefined;
  beforeAll(async () => {
    running = await startEmbeddedPostgres();
  });
  afterAll(async () => {
    await running?.stop();
  });
  return {
    async createDatabase() {
      if (!running) throw new Error('PostgreSQL is not running: call createDatabase in a test');
      return running.createDatabase();
    },
  };
}
