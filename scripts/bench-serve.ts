// npm run bench:serve — loads the bundled organisation's overview and a control page with
// autocannon (50 connections, 20 s each) in both ways it is served: `attest serve` (pages
// rendered by Astro from the current snapshot, cached per snapshot, checks running in the
// background) and the static export of `attest build` behind the same Hono app.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { printTable } from './cli/print-table.ts';

const root = resolve(import.meta.dirname, '..');
const attest = join(root, 'scripts/attest.mjs');
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const targets = { rps: 2000, p99Ms: 50 };

/** Child mode: serve a static DIST with the real app and print the port. */
async function serveDist(distDir: string): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { createApp } = await import('../engine/server/app.ts');
  serve({ fetch: createApp({ distDir }).fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`at http://127.0.0.1:${info.port}\n`);
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** Starts a server process and resolves with its base URL once it listens. */
function start(command: string[]): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, command, { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolveStart, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const base = /at (http:\/\/\S+)/.exec(out)?.[1];
      if (base) resolveStart({ child, base });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

async function load(base: string, path: string) {
  const result = await autocannon({
    url: base + path,
    connections: 50,
    duration: seconds,
    headers: { 'accept-encoding': 'gzip' },
  });
  const failures = result.errors + result.timeouts + result.non2xx;
  const ok =
    result.requests.average >= targets.rps && result.latency.p99 < targets.p99Ms && failures === 0;
  return [
    result.requests.average.toFixed(0),
    `${result.latency.p50} ms`,
    `${result.latency.p99} ms`,
    String(failures),
    ok ? '✓' : '✗',
  ];
}

async function bench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'attest-bench-serve-'));
  const children: ChildProcess[] = [];
  try {
    for (const folder of ['controls', 'policies']) {
      cpSync(join(root, folder), join(work, 'org', folder), { recursive: true });
    }
    execFileSync(
      'node',
      [attest, 'build', '--dir', join(work, 'org'), '--out', join(work, 'static'), '--skip-checks'],
      { stdio: 'ignore' },
    );
    const trust = JSON.parse(readFileSync(join(work, 'static', 'trust.json'), 'utf8')) as {
      controls: Array<{ id: string }>;
    };
    const paths = ['/', `/controls/${trust.controls[0]?.id}/`];

    const port = await freePort();
    const servers = {
      'attest serve': await start([
        attest,
        'serve',
        '--dir',
        join(work, 'org'),
        '--port',
        String(port),
        '--resolve',
        `127.0.0.1:127.0.0.1:${port}`,
      ]),
      'static export': await start([
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--serve',
        join(work, 'static'),
      ]),
    };
    children.push(...Object.values(servers).map((server) => server.child));

    const overview = await fetch(`${servers['attest serve'].base}/`);
    if (overview.status !== 200) throw new Error(`the overview answered ${overview.status}`);
    const overviewBytes = Buffer.byteLength(await overview.text());
    const rows: string[][] = [['server', 'path', 'req/s', 'p50', 'p99', 'errors', 'ok']];
    for (const [name, server] of Object.entries(servers)) {
      for (const path of paths) {
        const status = (await fetch(server.base + path)).status;
        if (status !== 200) throw new Error(`${name} answered ${status} for ${path}`);
        rows.push([name, path, ...(await load(server.base, path))]);
      }
    }
    printTable(rows);
    console.log(`targets: ≥ ${targets.rps} req/s, p99 < ${targets.p99Ms} ms, 0 errors`);
    console.log(`overview: ${overviewBytes} bytes of HTML (uncompressed)`);
  } finally {
    for (const child of children) child.kill();
    rmSync(work, { recursive: true, force: true });
  }
}

await (process.argv[2] === '--serve' ? serveDist(process.argv[3] ?? '') : bench());
