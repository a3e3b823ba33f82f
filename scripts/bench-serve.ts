// npm run bench:serve — publishes the bundled organisation, serves it from a separate
// process with the real app (headers, ETag, compression, static files), and loads the
// overview and a control page with autocannon: 50 connections, 20 s each.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { printTable } from './print-table.ts';

const root = resolve(import.meta.dirname, '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const targets = { rps: 2000, p99Ms: 50 };

/** Child mode: serve DIST with the real app and print the port. */
async function serveDist(distDir: string): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { createApp } = await import('../engine/server/app.ts');
  serve({ fetch: createApp({ distDir }).fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`${info.port}\n`);
  });
}

function startServer(distDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', distDir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolvePort, reject) => {
    child.stdout?.once('data', (chunk) =>
      resolvePort({ child, port: Number(String(chunk).trim()) }),
    );
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

async function bench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'attest-bench-serve-'));
  try {
    execFileSync(
      'node',
      [
        join(root, 'scripts/attest.mjs'),
        'build',
        '--dir',
        root,
        '--out',
        join(work, 'dist'),
        '--db',
        join(work, 'a.db'),
        '--skip-checks',
      ],
      { stdio: 'ignore' },
    );
    const trust = JSON.parse(readFileSync(join(work, 'dist', 'trust.json'), 'utf8')) as {
      controls: Array<{ id: string }>;
    };
    const controlPath = `/controls/${trust.controls[0]?.id}/`;
    const { child, port } = await startServer(join(work, 'dist'));
    const base = `http://127.0.0.1:${port}`;
    const hasControlPage = (await fetch(base + controlPath)).status === 200;
    const overviewBytes = Buffer.byteLength(await (await fetch(`${base}/`)).text());
    const rows: string[][] = [['path', 'req/s', 'p50', 'p99', 'errors', 'target', 'ok']];
    for (const path of ['/', hasControlPage ? controlPath : '/trust.json']) {
      const result = await autocannon({
        url: base + path,
        connections: 50,
        duration: seconds,
        headers: { 'accept-encoding': 'gzip' },
      });
      const failures = result.errors + result.timeouts + result.non2xx;
      const ok =
        result.requests.average >= targets.rps &&
        result.latency.p99 < targets.p99Ms &&
        failures === 0;
      rows.push([
        path,
        result.requests.average.toFixed(0),
        `${result.latency.p50} ms`,
        `${result.latency.p99} ms`,
        String(failures),
        `≥ ${targets.rps} req/s, p99 < ${targets.p99Ms} ms, 0 errors`,
        ok ? '✓' : '✗',
      ]);
    }
    child.kill();
    printTable(rows);
    console.log(`overview: ${overviewBytes} bytes of HTML (uncompressed)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await (process.argv[2] === '--serve' ? serveDist(process.argv[3] ?? '') : bench());
