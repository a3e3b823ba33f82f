import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOrganisation, pointChecksAt } from '../../engine/fs/test-organisations.ts';
import { type SmtpSink, startSmtpSink } from '../../engine/mail/test-support/smtp-sink.ts';
import { openStore, type Store } from '../../engine/store/open-store.ts';
import { useEmbeddedPostgres } from '../../engine/store/test-support/embedded-postgres.ts';
import { pinnedClockEnv, testNow } from '../../engine/test-support/clock.ts';
import { runAttest } from './test-support/run-attest.ts';
import {
  freePort,
  type ServeProcess,
  startServe,
  stop,
  waitFor,
} from './test-support/serve-process.ts';

// Two real `attest serve` processes on one real PostgreSQL, behind a round-robin proxy like
// a load balancer's, mailing through a real SMTP server: they must behave as one trust center.

const postgres = useEmbeddedPostgres();

/**
 * The tests' pinned clock, the same for every process started from here whenever it starts
 * (leases and claimed mail are judged on it by both replicas).
 */
const clockOffset = testNow.getTime() - Date.now();
const sharedClock = () => pinnedClockEnv(new Date(Date.now() + clockOffset));
const scratch = mkdtempSync(join(tmpdir(), 'attest-replicas-'));

/** A round-robin HTTP proxy: each request goes to the next live replica. */
interface RoundRobin {
  url: string;
  /** Requests each upstream answered. */
  served: number[];
  close(): Promise<void>;
}

/**
 * Forwards each request, body buffered, to the next upstream in turn, appending the
 * connecting address to X-Forwarded-For as a load balancer does. An upstream that refuses
 * the connection (a dead replica) is skipped and the request goes to the next one, since it
 * never reached the dead one; a connection that breaks mid-request is a 502 (the client
 * does not know whether it was handled).
 */
async function startRoundRobin(ports: number[]): Promise<RoundRobin> {
  let next = 0;
  const served = ports.map(() => 0);
  // A fresh connection per request: a kept-alive one the replica is closing would fail a
  // request the replica never saw, which is the proxy's problem, not the replicas'.
  const agent = new Agent({ keepAlive: false });
  const forward = (
    index: number,
    tries: number,
    incoming: import('node:http').IncomingMessage,
    body: Buffer,
    outgoing: import('node:http').ServerResponse,
  ) => {
    const forwardedFor = [incoming.headers['x-forwarded-for'], incoming.socket.remoteAddress]
      .filter(Boolean)
      .join(', ');
    const upstream = request(
      {
        host: '127.0.0.1',
        port: ports[index],
        agent,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, 'x-forwarded-for': forwardedFor },
      },
      (response) => {
        // A replica killed mid-answer breaks the response: the client's connection goes too.
        response.on('error', () => outgoing.destroy());
        served[index] = (served[index] ?? 0) + 1;
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' && tries < ports.length) {
        forward((index + 1) % ports.length, tries + 1, incoming, body, outgoing);
        return;
      }
      if (!outgoing.headersSent) outgoing.writeHead(502).end();
      else outgoing.destroy();
    });
    upstream.end(body);
  };
  const proxy: Server = createServer((incoming, outgoing) => {
    incoming.on('error', () => outgoing.destroy());
    outgoing.on('error', () => {});
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const index = next;
      next = (next + 1) % ports.length;
      forward(index, 1, incoming, Buffer.concat(chunks), outgoing);
    });
  });
  proxy.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    served,
    close: () =>
      new Promise((resolve) => {
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  };
}

/** Posts JSON to the proxy as a client at `clientIp` (behind a CDN that says so). */
async function postJson(base: string, path: string, clientIp: string, body: object) {
  try {
    const response = await fetch(new URL(path, base), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-forwarded-for': clientIp,
      },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** Runs `work(i)` for i in 0..count-1, `concurrency` at a time; resolves with every result. */
async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>) {
  const results = new Array<T>(count);
  let cursor = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (cursor < count) {
        const i = cursor++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}

/**
 * GETs a page, once more when the connection fails: a kept-alive connection the server is
 * just closing fails a request it never saw (the client's problem, not the server's).
 */
async function getText(url: string): Promise<string> {
  try {
    return await (await fetch(url)).text();
  } catch {
    return (await fetch(url, { headers: { connection: 'close' } })).text();
  }
}

/** How many messages each recipient received. */
function receivedPerRecipient(sink: SmtpSink): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of sink.received)
    for (const to of mail.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

describe('two attest serve replicas on one PostgreSQL database', () => {
  let url = '';
  let dir = '';
  let sink: SmtpSink;
  let proxy: RoundRobin;
  let store: Store;
  const replicas: ServeProcess[] = [];
  const ports: number[] = [];

  const startReplica = async (port: number) => {
    const replica = await startServe(['--dir', dir, '--port', String(port), '--db', url], {
      cwd: scratch,
      env: {
        SMTP_URL: sink.url,
        ATTEST_SECRET: 'replicas-share-this-secret-of-forty-characters',
        ATTEST_PUBLIC_URL: 'https://trust.tallyworks.example',
        // A CDN in front of the load balancer: the client is the address the CDN appended.
        ATTEST_TRUST_PROXY: '2',
        // Far beyond one SMTP attempt on a busy machine, short enough for the kill test to wait.
        ATTEST_MAIL_LEASE_MS: '15000',
        ATTEST_SCHEDULER_LEASE_MS: '8000',
        ATTEST_RESULTS_POLL_MS: '300',
        ...sharedClock(),
      },
    });
    replicas.push(replica);
    return replica;
  };
  const log = () => replicas.map((replica) => replica.stderr()).join('\n---\n');

  beforeAll(async () => {
    if (!postgres.running) return;
    url = await postgres.createDatabase();
    dir = copyOrganisation('.', join(scratch, 'org'));
    sink = await startSmtpSink();
    ports.push(await freePort(), await freePort());
    proxy = await startRoundRobin(ports);
    pointChecksAt(dir, Number(new URL(proxy.url).port));
    // One at a time: the first builds the server bundle the second then reuses.
    await startReplica(ports[0] as number);
    await startReplica(ports[1] as number);
    store = await openStore(url);
  }, 240_000);

  afterAll(async () => {
    if (!postgres.running) return;
    await Promise.all(replicas.map((replica) => stop(replica.child as ChildProcess)));
    await proxy?.close();
    await sink?.close();
    await store?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('elects one replica to run the checks; the other serves its publication', async () => {
    const [first, second] = replicas;
    await waitFor(
      () => /now runs the scheduled checks|Re-running the checks/.test(first?.stderr() ?? ''),
      log,
    );
    expect(second?.stderr()).toContain('Another server on this database runs the scheduled checks');
    expect(second?.stderr()).not.toContain('Re-running the checks');
    const [a, b] = await Promise.all(
      ports.map((port) => getText(`http://127.0.0.1:${port}/trust.json`)),
    );
    expect(b).toBe(a);
  });

  it('stores 2,000 form posts through the proxy once each, and mails each confirmation once', async () => {
    const mailsBefore = sink.received.length;
    const statuses = await pool(2000, 32, (i) =>
      i % 4 === 3
        ? postJson(proxy.url, '/api/access-requests', `10.1.${i >> 8}.${i & 255}`, {
            document: 'pentest-summary',
            name: `Buyer ${i}`,
            email: `buyer${i}@prospect.example`,
            company: 'Prospect Ltd',
            reason: 'vendor review',
            nda: true,
          })
        : postJson(proxy.url, '/api/subscribe', `10.1.${i >> 8}.${i & 255}`, {
            email: `reader${i}@prospect.example`,
            topic: 'all',
          }),
    );
    expect(statuses.filter((status) => status !== 202)).toEqual([]);
    expect(Math.min(...proxy.served)).toBeGreaterThan(900);

    const subscribers = await store.subscribers.list(100_000);
    const readers = subscribers.filter((row) => row.email.startsWith('reader'));
    expect(readers).toHaveLength(1500);
    expect(new Set(readers.map((row) => row.email)).size).toBe(1500);
    const requests = (await store.accessRequests.list(100_000)).filter((row) =>
      row.email.startsWith('buyer'),
    );
    expect(requests).toHaveLength(500);
    expect(new Set(requests.map((row) => row.email)).size).toBe(500);

    await waitFor(() => sink.received.length - mailsBefore >= 2000, log, 120_000);
    // A moment more, in case a second copy of anything were on its way.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const counts = receivedPerRecipient(sink);
    const ours = [...counts].filter(([to]) => /^(reader|buyer)\d+@/.test(to));
    expect(ours).toHaveLength(2000);
    expect(ours.filter(([, count]) => count !== 1)).toEqual([]);
  }, 300_000);

  it('holds one allowance per client across both replicas', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push(
        await postJson(proxy.url, '/api/subscribe', '10.9.9.9', {
          email: `limited${i}@prospect.example`,
          topic: 'all',
        }),
      );
    // Twenty form posts per address per ten minutes, whichever replica answers.
    expect(statuses.filter((status) => status === 202)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
  });

  it('shows a new publication on both replicas', async () => {
    const page = async (port: number) =>
      (await getText(`http://127.0.0.1:${port}/`)).replace(/nonce-[^"']+/g, '');
    const [first, second] = ports as [number, number];
    const shown = await page(first);
    const before = await store.publications.latestId();
    // New check results stored by CI: the replica running the schedule publishes them.
    const check = await runAttest(['check', '--dir', dir, '--db', url], scratch, sharedClock());
    expect(check.code, check.stderr).toBe(0);
    await waitFor(
      async () => ((await store.publications.latestId()) ?? 0) > (before ?? 0),
      log,
      60_000,
    );
    // Whichever replica published it, both show the same new page (nonces differ per
    // response). How soon is measured by `npm run bench:api` on a quiet machine; here, on a
    // machine busy with other tests, it only has to happen.
    await waitFor(
      async () => {
        const [a, b] = await Promise.all([page(first), page(second)]);
        return a === b && a !== shown;
      },
      log,
      60_000,
    );
    const [trustA, trustB] = await Promise.all(
      ports.map((port) => getText(`http://127.0.0.1:${port}/trust.json`)),
    );
    expect(trustB).toBe(trustA);
  }, 120_000);

  it('loses nothing acknowledged when a replica is killed mid-load; the other sends its mail and takes over the schedule', async () => {
    // The replica holding the scheduler lease now (on a busy machine it may have changed).
    const holder = await store.leases.holder(
      'scheduled-checks',
      new Date(Date.now() + clockOffset).toISOString(),
    );
    const leader = replicas.find((replica) => holder?.includes(`:${replica.child.pid}:`));
    const follower = replicas.find((replica) => replica !== leader);
    expect(leader, `no replica holds the lease (${holder})`).toBeDefined();
    const takeovers = () =>
      (follower?.stderr().match(/now runs the scheduled checks/g) ?? []).length;
    const takenBefore = takeovers();
    const mailsBefore = sink.received.length;
    let acknowledged = 0;
    const statuses = await pool(600, 16, async (i) => {
      if (acknowledged === 150) leader?.child.kill('SIGKILL');
      const status = await postJson(proxy.url, '/api/subscribe', `10.2.${i >> 8}.${i & 255}`, {
        email: `late${i}@prospect.example`,
        topic: 'subprocessors',
      });
      if (status === 202) acknowledged++;
      return status;
    });
    expect(leader?.child.signalCode).toBe('SIGKILL');
    const acked = statuses.flatMap((status, i) =>
      status === 202 ? [`late${i}@prospect.example`] : [],
    );
    // Only requests in flight on the killed replica may go unanswered.
    expect(acked.length).toBeGreaterThan(560);
    expect(statuses.filter((status) => status !== 202 && status !== 502 && status !== 0)).toEqual(
      [],
    );

    const stored = new Set((await store.subscribers.list(100_000)).map((row) => row.email));
    expect(acked.filter((email) => !stored.has(email))).toEqual([]);

    // Every acknowledged subscription gets its confirmation: the killed replica's claimed
    // messages come due again when their lease runs out, and the survivor sends them.
    await waitFor(
      () => {
        const counts = receivedPerRecipient(sink);
        return acked.every((email) => (counts.get(email) ?? 0) >= 1);
      },
      log,
      60_000,
    );
    expect(sink.received.length - mailsBefore).toBeGreaterThanOrEqual(acked.length);
    // The survivor took the schedule over once the dead one's lease ran out.
    await waitFor(() => takeovers() > takenBefore, log, 30_000);
  }, 180_000);
});
