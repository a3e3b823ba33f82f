// npm run bench:api — serves the bundled organisation's API from a separate process (real
// app, real SQLite file, durable mail queue) and loads the subscribe and request-access
// endpoints with autocannon: 50 connections, BENCH_SECONDS (default 15) each, after a short
// warm-up. The per-IP form limit is raised in the served app (one benchmark client would
// rightly be stopped at 20 posts); the limiter still runs on every request.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { printTable } from './cli/print-table.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const targets = { rps: 1000, p99Ms: 100 };

/** Child mode: the real app over a temporary copy of the bundled organisation; prints the port. */
async function serveApi(): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { createTestServer } = await import('../engine/server/test-support.ts');
  const unlimited = { max: 10_000_000, windowMs: 60_000 };
  const server = await createTestServer({ rateLimits: { formsPerIp: unlimited } });
  serve({ fetch: server.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`${info.port}\n`);
  });
  process.on('SIGTERM', () => {
    server.close();
    process.exit(0);
  });
}

function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
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

async function bench(): Promise<void> {
  const { child, port } = await startServer();
  const base = `http://127.0.0.1:${port}`;
  const rows: string[][] = [['endpoint', 'req/s', 'p50', 'p99', 'errors', 'target', 'ok']];
  try {
    for (const endpoint of endpoints) {
      const run = (duration: number) =>
        autocannon({
          url: base + endpoint.path,
          connections: 50,
          duration,
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: base,
            accept: 'application/json',
          },
          requests: [{ setupRequest: (request) => ({ ...request, body: endpoint.body() }) }],
        });
      await run(2);
      const result = await run(seconds);
      const failures = result.errors + result.timeouts + result.non2xx;
      const ok =
        result.requests.average >= targets.rps &&
        result.latency.p99 < targets.p99Ms &&
        failures === 0;
      rows.push([
        `POST ${endpoint.path}`,
        result.requests.average.toFixed(0),
        `${result.latency.p50} ms`,
        `${result.latency.p99} ms`,
        String(failures),
        `≥ ${targets.rps} req/s, p99 < ${targets.p99Ms} ms, 0 errors`,
        ok ? '✓' : '✗',
      ]);
    }
  } finally {
    child.kill('SIGTERM');
  }
  printTable(rows);
}

await (process.argv[2] === '--serve' ? serveApi() : bench());
