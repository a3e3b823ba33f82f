// npm run bench:verify — `attest verify --list` over 20 vendors' trust centers with 10 public
// checks each (tls, http, hsts, headers) on local servers: each trust.json signed, its
// history fetched and linked, every check re-run. The servers run in a child process so the
// time and memory measured are the verifying process's own.
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestCa } from '../engine/checks/test-support/certificates.ts';
import {
  renderAttestKeys,
  renderSealedTrustJson,
  sealTrustJson,
} from '../engine/render/publication-signature.ts';
import type { TrustJson } from '../engine/schema/trust-json.ts';
import { verifyMany } from '../engine/verify/verify-list.ts';
import { printTable } from './cli/print-table.ts';

const vendors = 20;
const checksPerVendor = 10;
const targets = { ms: 3_000, peakMb: 200 };

interface Ports {
  http: number;
  https: number;
  ca: string;
}

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );

/** The public evidence of one vendor's claim number `n`. */
function evidenceOf(vendor: number, n: number) {
  const host = `app-${vendor}.bench`;
  const base = { kind: 'check', description: null, state: 'pass', at: null, waiver: null };
  switch (n % 4) {
    case 0:
      return {
        ...base,
        check: 'tls',
        target: `https://${host}`,
        expect: { minDaysToExpiry: 14, trusted: true },
      };
    case 1:
      return { ...base, check: 'http', target: `https://${host}/`, expect: { status: 200 } };
    case 2:
      return {
        ...base,
        check: 'hsts',
        target: `https://${host}/`,
        expect: { minMaxAge: 31536000 },
      };
    default:
      return {
        ...base,
        check: 'headers',
        target: `https://${host}/`,
        expect: { contentTypeOptions: true, referrerPolicy: true },
      };
  }
}

/** One vendor's signed trust.json, its history entry and key set. */
function vendorFiles(vendor: number): Map<string, string> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const trust = {
    organisation: { name: `Vendor ${vendor}` },
    controls: Array.from({ length: checksPerVendor }, (_, n) => ({
      id: `claim-${n}`,
      title: `Claim ${n}`,
      status: 'verified',
      evidence: [evidenceOf(vendor, n)],
    })),
  } as unknown as TrustJson;
  const text = renderSealedTrustJson(
    sealTrustJson(trust, { number: 1, previous: null }, privateKey),
  );
  return new Map([
    ['/trust.json', text],
    ['/publications/1.json', text],
    ['/.well-known/attest-keys.json', renderAttestKeys(privateKey, [])],
  ]);
}

/** Child mode: start the servers, print their ports and the CA, serve until stdin closes. */
async function serve(): Promise<void> {
  const ca = createTestCa('Attest Bench CA');
  const leaf = ca.issue({ names: Array.from({ length: vendors }, (_, v) => `app-${v}.bench`) });
  const files = new Map(
    Array.from({ length: vendors }, (_, v) => [`vendor-${v}.bench`, vendorFiles(v)]),
  );
  const http = createHttpServer((request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    const body = files.get(host)?.get(request.url ?? '/');
    if (body === undefined) response.writeHead(404).end('not found');
    else response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  const https = createHttpsServer({ ...leaf }, (_, response) => {
    response.writeHead(200, {
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'content-type': 'text/plain',
    });
    response.end('ok');
  });
  const ports: Ports = { http: await listen(http), https: await listen(https), ca: ca.cert };
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

/** Reports the process's peak RSS on stderr as it exits. */
const reportPeak =
  'data:text/javascript,process.on("exit",()=>process.stderr.write(`peak-rss-kb=${process.resourceUsage().maxRSS}\\n`))';

/** Runs `attest verify --list` as a user would, measuring the whole process. */
async function runCli(
  urls: readonly string[],
  resolve: ReadonlyMap<string, { address: string; port: number }>,
  ca: string,
): Promise<{ ms: number; code: number | null; peakMb: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'attest-bench-verify-'));
  try {
    writeFileSync(join(dir, 'vendors.txt'), `${urls.join('\n')}\n`);
    writeFileSync(join(dir, 'ca.pem'), ca);
    const args = [
      '--import',
      reportPeak,
      fileURLToPath(new URL('attest.mjs', import.meta.url)),
      'verify',
      '--list',
      join(dir, 'vendors.txt'),
      '--ca',
      join(dir, 'ca.pem'),
      '--format',
      'json',
      ...[...resolve].flatMap(([host, { address, port }]) => [
        '--resolve',
        `${host}:${address}:${port}`,
      ]),
    ];
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    const ms = performance.now() - started;
    const peakKb = Number(/peak-rss-kb=(\d+)/.exec(stderr)?.[1] ?? Number.NaN);
    return { ms, code, peakMb: peakKb / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function bench(): Promise<void> {
  const { child, ports } = await startServers();
  const resolve = new Map<string, { address: string; port: number }>();
  for (let v = 0; v < vendors; v++) {
    resolve.set(`vendor-${v}.bench`, { address: '127.0.0.1', port: ports.http });
    resolve.set(`app-${v}.bench`, { address: '127.0.0.1', port: ports.https });
  }
  const requests = Array.from({ length: vendors }, (_, v) => ({
    url: `http://vendor-${v}.bench/`,
  }));
  const started = performance.now();
  const reports = await verifyMany(requests, {
    resolve,
    extraCa: [ports.ca],
    timeoutMs: 5_000,
    concurrency: 16,
  });
  const totalMs = performance.now() - started;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const cli = await runCli(
    requests.map((request) => request.url),
    resolve,
    ports.ca,
  );
  child.stdin?.end();
  const verified = reports.filter((report) => report.ok && report.signature.status === 'valid');
  const holding = reports
    .flatMap((report) => report.claims)
    .filter((claim) => claim.verdict === 'holds');
  printTable([
    ['measure', 'value', 'target', 'ok'],
    [
      'trust centers verified (signature, history)',
      String(verified.length),
      `${vendors}`,
      verified.length === vendors ? '✓' : '✗',
    ],
    [
      'public checks re-run and holding',
      String(holding.length),
      `${vendors * checksPerVendor}`,
      holding.length === vendors * checksPerVendor ? '✓' : '✗',
    ],
    [
      'wall time, whole verification',
      `${totalMs.toFixed(0)} ms`,
      `< ${targets.ms} ms`,
      totalMs < targets.ms ? '✓' : '✗',
    ],
    [
      'peak RSS, verifying process',
      `${peakMb.toFixed(0)} MB`,
      `< ${targets.peakMb} MB`,
      peakMb < targets.peakMb ? '✓' : '✗',
    ],
    [
      'attest verify --list, whole CLI process (exit code)',
      `${cli.ms.toFixed(0)} ms (${cli.code})`,
      `< ${targets.ms} ms (0)`,
      cli.ms < targets.ms && cli.code === 0 ? '✓' : '✗',
    ],
    [
      'peak RSS, whole CLI process',
      `${cli.peakMb.toFixed(0)} MB`,
      `< ${targets.peakMb} MB`,
      cli.peakMb < targets.peakMb ? '✓' : '✗',
    ],
  ]);
  const bad = reports
    .flatMap((report) => report.claims.flatMap((claim) => claim.evidence))
    .filter((item) => item.verdict !== 'holds');
  if (bad.length)
    console.log(
      'not holding:',
      bad.slice(0, 3).map((item) => `${item.check} ${item.target}: ${item.message}`),
    );
}

await (process.argv.includes('--serve') ? serve() : bench());
