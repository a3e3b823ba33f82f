// Findings of the resilience review (issue 13) about `attest serve`, replayed against a real
// server: `attest serve` on a copy of the bundled organisation, behind one pretend proxy
// (ATTEST_TRUST_PROXY=1), reached over HTTP. Run with `npm run bench:resilience server`.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyOrganisation } from '../../engine/fs/test-organisations.ts';
import type { Finding } from './finding.ts';
import { type Served, serveForReplay } from './serve-once.ts';

/** A check target carrying a user name, a password, a query-string token and a fragment. */
const secretTarget = 'http://ops:hunter2@127.0.0.1:4321/.well-known/security.txt?token=s3cr3t#frag';

let served: Promise<Served> | undefined;

/** Starts `attest serve` once for every finding; it is stopped when this process exits. */
function server(): Promise<Served> {
  served ??= startServer();
  return served;
}

async function startServer(): Promise<Served> {
  const dir = copyOrganisation('.', mkdtempSync(join(tmpdir(), 'attest-replay-server-')));
  const control = join(dir, 'controls', 'responsible-disclosure.yaml');
  writeFileSync(
    control,
    readFileSync(control, 'utf8').replace(
      'target: http://127.0.0.1:4321/.well-known/security.txt',
      `target: ${secretTarget}`,
    ),
  );
  return serveForReplay(dir, { ATTEST_TRUST_PROXY: '1' });
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One raw HTTP request: the path is sent exactly as given (`//host/…` stays as it is) and
 * any header may be set, Host included.
 */
function send(
  origin: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** The resident memory of a process, in MB (Linux). */
function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kilobytes / 1024);
}

/** Requests `count` distinct paths made by `pathOf`, `concurrency` at a time. */
async function flood(
  origin: string,
  count: number,
  pathOf: (index: number) => string,
): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const { status } = await send(origin, pathOf(index));
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return statuses;
}

function describeStatuses(statuses: Map<number, number>): string {
  return [...statuses].map(([status, count]) => `${count}×${status}`).join(', ');
}

export const findings: Finding[] = [
  {
    id: '1',
    what: 'distinct missing paths and //host/ paths do not grow memory or render pages',
    async replay() {
      const { origin, pid } = await server();
      await flood(origin, 2_000, (index) => `/warm-up-${index}`);
      const before = residentMb(pid);
      const missing = await flood(origin, 20_000, (index) => `/x${index}-${Math.random()}`);
      const after = residentMb(pid);
      const slashes = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          send(origin, `//host-${index}.example/controls/encryption-in-transit/`),
        ),
      );
      const redirected = slashes.filter(
        (answer) => answer.status === 301 && /^\/[^/]/.test(String(answer.headers.location ?? '')),
      ).length;
      const grew = after - before;
      return {
        held: grew < 60 && redirected === slashes.length,
        saw: `20k missing paths (${describeStatuses(missing)}): RSS ${before} → ${after} MB; ${redirected}/50 //host/ paths redirected to a single-slash path`,
      };
    },
  },
  {
    id: '6',
    what: 'behind a proxy, a spoofed X-Forwarded-For does not reset per-IP limits',
    async replay() {
      const { origin } = await server();
      const statuses = new Map<number, number>();
      for (let attempt = 0; attempt < 25; attempt++) {
        const answer = await send(origin, '/api/subscribe', {
          method: 'POST',
          headers: {
            Origin: origin,
            Accept: 'application/json',
            'Content-Type': 'application/x-www-form-urlencoded',
            'X-Forwarded-For': `198.51.100.${attempt}, 203.0.113.77`,
          },
          body: new URLSearchParams({
            email: `replay${attempt}@customer.example`,
            topic: 'all',
          }).toString(),
        });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      }
      return {
        held: (statuses.get(429) ?? 0) > 0,
        saw: `25 form posts, each with a new left-hand X-Forwarded-For: ${describeStatuses(statuses)}`,
      };
    },
  },
  {
    id: '12',
    what: 'no user name, password, query or fragment of a check target is published',
    async replay() {
      const { origin } = await server();
      const places = ['/snapshot.json', '/trust.json', '/controls/responsible-disclosure/'];
      const leaks: string[] = [];
      let shown = 0;
      for (const place of places) {
        const { body } = await send(origin, place);
        if (body.includes('127.0.0.1:4321/.well-known/security.txt')) shown++;
        for (const secret of ['ops:', '//ops', 'hunter2', 's3cr3t', '#frag']) {
          if (body.includes(secret)) leaks.push(`${place} shows ${secret}`);
        }
      }
      return {
        held: leaks.length === 0 && shown === places.length,
        saw: leaks.length
          ? leaks.join('; ')
          : `the target is shown in ${shown} of ${places.length} places, without its secrets`,
      };
    },
  },
  {
    id: '13',
    what: 'snapshot.json publishes no owners, engine settings or gated claims',
    async replay() {
      const { origin, dir } = await server();
      const { body } = await send(origin, '/snapshot.json');
      const published = JSON.parse(body) as { controls: Array<{ id: string }> };
      const ids = new Set(published.controls.map((control) => control.id));
      const controlsDir = join(dir, 'controls');
      const hidden = readdirSync(controlsDir)
        .filter((name) => name.endsWith('.yaml'))
        .filter((name) =>
          /^visibility: (gated|internal)/m.test(readFileSync(join(controlsDir, name), 'utf8')),
        )
        .map((name) => name.slice(0, -5));
      const problems = [
        ...(body.includes('"owner"') ? ['owners'] : []),
        ...(body.includes('allowCommands') ? ['the policy'] : []),
        ...hidden.filter((id) => ids.has(id)).map((id) => `the ${id} control`),
      ];
      return {
        held: problems.length === 0,
        saw: problems.length
          ? `snapshot.json shows ${problems.join(', ')}`
          : `${ids.size} public controls; no owners, policy, or any of ${hidden.length} gated/internal controls`,
      };
    },
  },
  {
    id: '14',
    what: 'behind a TLS proxy: HSTS is sent; redirects never use the Host header',
    async replay() {
      const { origin } = await server();
      const page = await send(origin, '/', { headers: { 'X-Forwarded-Proto': 'https' } });
      const hsts = page.headers['strict-transport-security'];
      const redirect = await send(origin, '/admin/users/', { headers: { Host: 'evil.example' } });
      const location = String(redirect.headers.location ?? '');
      return {
        held: Boolean(hsts) && !location.includes('evil.example') && location.startsWith('/'),
        saw: `HSTS over forwarded https: ${hsts ?? 'none'}; /admin/users/ with Host evil.example → ${redirect.status} ${location}`,
      };
    },
  },
];
