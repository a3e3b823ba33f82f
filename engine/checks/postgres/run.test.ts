import { createServer, type Server, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testContext } from '../test-support/context.ts';
import { postgresCheck } from './run.ts';
import { postgresEvidence } from './spec.ts';

/** PostgreSQL compiled to WASM (PGlite), served over the real wire protocol on 127.0.0.1. */
let db: PGlite;
let pglite: PGLiteSocketServer;
let port = 0;
let closedPort = 0;
/** Accepts connections and never answers: the startup message goes nowhere. */
let hung: Server;
let hungPort = 0;
/**
 * PGlite does not authenticate, so a login failure comes from this stub: it answers the
 * startup message with the ErrorResponse PostgreSQL sends for a wrong password.
 */
let denying: Server;
let denyingPort = 0;
const sockets = new Set<Socket>();
const password = 'pa55-w0rd-never-shown';

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

beforeAll(async () => {
  db = await PGlite.create();
  pglite = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await pglite.start();
  port = Number(pglite.getServerConn().split(':').at(-1));
  hung = createServer((socket) => sockets.add(socket));
  hungPort = await listen(hung);
  denying = createServer((socket) => {
    sockets.add(socket);
    socket.once('data', () =>
      socket.end(errorResponse('28P01', 'password authentication failed for user "app"')),
    );
  });
  denyingPort = await listen(denying);
  const probe = createServer();
  closedPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
}, 20_000);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => hung.close(resolve));
  await new Promise((resolve) => denying.close(resolve));
  await pglite.stop();
  await db.close();
});

type PostgresExpect = z.input<typeof postgresEvidence>['expect'];

function url(serverPort: number, query = ''): string {
  return `postgres://app:${password}@127.0.0.1:${serverPort}/postgres${query}`;
}

function run(target: string, expectations: PostgresExpect, timeoutMs = 3_000) {
  const check = postgresEvidence.parse({
    check: 'postgres',
    target: '${DATABASE_URL}',
    expect: expectations,
  });
  return postgresCheck.run(check, testContext(target, { timeoutMs }));
}

/** Runs a check that must error and returns the error, checking it leaks no password. */
async function runError(target: string, expectations: PostgresExpect, timeoutMs?: number) {
  const error = await run(target, expectations, timeoutMs).then(
    () => expect.fail('expected an error'),
    (thrown: unknown) => thrown as Error & { hint?: string; observed?: unknown },
  );
  expect(error.name).toBe('CheckError');
  expect(JSON.stringify([error.message, error.hint, error.observed])).not.toContain(password);
  return error;
}

describe('postgres check: pass', () => {
  it('passes when SHOW reports the expected settings, without echoing the password', async () => {
    const outcome = await run(url(port), {
      settings: { password_encryption: 'scram-sha-256', timezone: 'UTC', ssl: 'false' },
    });
    expect(outcome).toMatchObject({
      status: 'pass',
      message: `PostgreSQL at app@127.0.0.1:${port}/postgres: 3 settings as expected`,
      observed: {
        server: `app@127.0.0.1:${port}/postgres`,
        tls: false,
        settings: { password_encryption: 'scram-sha-256', timezone: 'UTC', ssl: 'off' },
      },
    });
    expect(JSON.stringify(outcome)).not.toContain(password);
  });
});

describe('postgres check: fail', () => {
  it('fails a setting with another value, or one the server does not know', async () => {
    const outcome = await run(url(port), {
      settings: { ssl: 'on', password_encryption: 'scram-sha-256', 'pgaudit.log': 'all' },
    });
    expect(outcome).toMatchObject({
      status: 'fail',
      message: 'ssl is off, expected on; pgaudit.log is not a setting this server knows',
      observed: { settings: { ssl: 'off', 'pgaudit.log': null } },
    });
    expect(outcome.hint).toContain('ALTER SYSTEM');
  });

  it('fails tls: true on a plain connection, and when the server refuses TLS', async () => {
    const plain = await run(url(port), { tls: true });
    expect(plain).toMatchObject({
      status: 'fail',
      message: 'the connection does not use TLS',
      observed: { tls: false },
    });
    expect(plain.hint).toContain('sslmode=verify-full');
    const refused = await run(url(port, '?sslmode=verify-full'), { tls: true });
    expect(refused).toMatchObject({
      status: 'fail',
      message: `PostgreSQL at app@127.0.0.1:${port}/postgres does not offer TLS`,
    });
  });
});

describe('postgres check: error', () => {
  it('errors when nothing listens on the port', async () => {
    const error = await runError(url(closedPort), { settings: { ssl: 'on' } });
    expect(error.message).toBe(
      `PostgreSQL at app@127.0.0.1:${closedPort}/postgres refused the connection`,
    );
  });

  it('errors at the timeout, naming it, when the server accepts and never answers', async () => {
    const error = await runError(url(hungPort), { settings: { ssl: 'on' } }, 500);
    expect(error.message).toContain('did not answer before the timeout');
  });

  it('errors on a rejected login', async () => {
    const error = await runError(url(denyingPort), { settings: { ssl: 'on' } });
    expect(error.message).toContain('rejected the login: password authentication failed');
    expect(error.hint).toContain('user and password');
  });

  it('errors when TLS is required by the connection string but the server has none', async () => {
    const error = await runError(url(port, '?sslmode=verify-full'), { settings: { ssl: 'on' } });
    expect(error.message).toContain('does not support SSL');
  });
});
