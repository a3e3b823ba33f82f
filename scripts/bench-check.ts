// npm run bench:check — 490 healthy tls/http/hsts checks against local servers plus 10
// endpoints that accept and never answer, through the real runner. The servers run in a
// child process so the memory measured is the checking process's own.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { CheckResult } from '../engine/checks/result.ts';
import { runChecks } from '../engine/checks/runner.ts';
import { createTestCa } from '../engine/checks/test-support/certificates.ts';
import { organisationWith } from '../engine/checks/test-support/organisation.ts';
import { printTable } from './cli/print-table.ts';

const hosts = 10;
const hungTimeoutMs = 2_000;
const targets = { healthyMs: 5_000, peakMb: 250 };

interface Ports {
  https: number;
  http: number;
  silent: number;
  ca: string;
}

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );

/** Child mode: start the servers, print their ports and the CA, serve until stdin closes. */
async function serve(): Promise<void> {
  const ca = createTestCa('Attest Bench CA');
  const names = Array.from({ length: hosts }, (_, index) => `svc-${index}.bench`);
  const leaf = ca.issue({ names });
  const https = createHttpsServer({ ...leaf }, (_, response) => {
    response.writeHead(200, {
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'content-type': 'text/plain',
    });
    response.end('ok');
  });
  const http = createHttpServer((_, response) => {
    response.writeHead(200, { 'x-content-type-options': 'nosniff' });
    response.end('ok');
  });
  const sockets = new Set<Socket>();
  const silent = createNetServer((socket) => sockets.add(socket));
  const ports: Ports = {
    https: await listen(https),
    http: await listen(http),
    silent: await listen(silent),
    ca: ca.cert,
  };
  process.stdout.write(`${JSON.stringify(ports)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

function startServers(): Promise<{ child: ChildProcess; ports: Ports }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve({ child, ports: JSON.parse(out) as Ports });
    });
    child.on('exit', (code) => reject(new Error(`bench servers exited ${code}`)));
  });
}

async function bench(): Promise<void> {
  const { child, ports } = await startServers();
  const resolve = new Map<string, { address: string; port: number }>();
  const controls: Record<string, { evidence: string }> = {};
  for (let host = 0; host < hosts; host++) {
    resolve.set(`svc-${host}.bench`, { address: '127.0.0.1', port: ports.https });
    resolve.set(`web-${host}.bench`, { address: '127.0.0.1', port: ports.http });
    resolve.set(`hang-${host}.bench`, { address: '127.0.0.1', port: ports.silent });
  }
  const healthy = (n: number) => {
    const host = n % hosts;
    if (n % 3 === 0)
      return `- check: tls\n  target: https://svc-${host}.bench\n  expect: { minDaysToExpiry: 14, trusted: true }`;
    if (n % 3 === 1)
      return `- check: http\n  target: http://web-${host}.bench/\n  expect: { status: 200, headers: { X-Content-Type-Options: nosniff } }`;
    return `- check: hsts\n  target: https://svc-${host}.bench/\n  expect: { minMaxAge: 31536000, includeSubDomains: true }`;
  };
  for (let control = 0; control < 50; control++) {
    const items = Array.from({ length: 10 }, (_, index) => {
      const n = control * 10 + index;
      return n % 50 === 25
        ? `- check: http\n  target: http://hang-${(n / 50) | 0}.bench/\n  timeout: ${hungTimeoutMs}\n  expect: { status: 200 }`
        : healthy(n);
    });
    controls[`control-${control}`] = { evidence: items.join('\n') };
  }
  const model = organisationWith(controls);
  const finished: Array<{ result: CheckResult; at: number }> = [];
  const started = performance.now();
  const results = await runChecks(model, {
    orgDir: process.cwd(),
    resolve,
    extraCa: [ports.ca],
    onResult: (result) => finished.push({ result, at: performance.now() - started }),
  });
  const totalMs = performance.now() - started;
  child.stdin?.end();

  const isHung = (result: CheckResult) => result.target.includes('hang-');
  const healthyDone = finished.filter(({ result }) => !isHung(result));
  const healthyMs = Math.max(...healthyDone.map(({ at }) => at));
  const hung = results.filter(isHung);
  const slowestHungMs = Math.max(...hung.map((result) => result.durationMs));
  const notPassing = results.filter((result) => !isHung(result) && result.status !== 'pass');
  const hungNotError = hung.filter((result) => result.status !== 'error');
  const peakMb = process.resourceUsage().maxRSS / 1024;
  printTable([
    ['measure', 'value', 'target', 'ok'],
    [
      'healthy checks (tls/http/hsts)',
      String(healthyDone.length),
      '490 pass',
      notPassing.length === 0 && healthyDone.length === 490 ? '✓' : '✗',
    ],
    ['hung endpoints', String(hung.length), '10 error', hungNotError.length === 0 ? '✓' : '✗'],
    [
      'wall time, healthy checks',
      `${healthyMs.toFixed(0)} ms`,
      `< ${targets.healthyMs} ms`,
      healthyMs < targets.healthyMs ? '✓' : '✗',
    ],
    ['healthy checks per second', (healthyDone.length / (healthyMs / 1000)).toFixed(0), '', ''],
    [
      'slowest hung check',
      `${slowestHungMs.toFixed(0)} ms`,
      `≤ ${hungTimeoutMs} ms timeout (+ margin)`,
      slowestHungMs < hungTimeoutMs + 500 ? '✓' : '✗',
    ],
    ['wall time, whole run', `${totalMs.toFixed(0)} ms`, '', ''],
    [
      'peak RSS, checking process',
      `${peakMb.toFixed(0)} MB`,
      `< ${targets.peakMb} MB`,
      peakMb < targets.peakMb ? '✓' : '✗',
    ],
  ]);
  if (notPassing.length)
    console.log(
      'not passing:',
      notPassing.slice(0, 3).map((result) => `${result.target}: ${result.message}`),
    );
}

await (process.argv.includes('--serve') ? serve() : bench());
