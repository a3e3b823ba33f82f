import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isContradiction } from './result.ts';
import { runChecks } from './runner.ts';
import { organisationWith } from './test-support/organisation.ts';

const orgDir = mkdtempSync(join(tmpdir(), 'attest-runner-'));
writeFileSync(join(orgDir, 'settings.json'), JSON.stringify({ tls: { min: 'TLSv1.2' } }));

/** A TCP server that accepts connections and never answers: the worst endpoint there is. */
let hung: Server;
let hungPort = 0;
const sockets = new Set<Socket>();
/** A port nothing listens on. */
let closedPort = 0;

beforeAll(async () => {
  hung = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  hungPort = (hung.address() as { port: number }).port;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => hung.close(resolve));
  rmSync(orgDir, { recursive: true, force: true });
});

const configCheck = (equals: string, id = 'min-tls') =>
  `- id: ${id}\n  check: config\n  target: settings.json\n  expect: { path: tls.min, equals: ${equals} }`;

describe('runChecks', () => {
  it('errors, without running anything, when a ${ENV} credential is missing', async () => {
    const model = organisationWith({
      db: {
        evidence:
          '- check: postgres\n  target: ${ATTEST_TEST_UNSET_DB_URL}\n  expect: { tls: true }',
      },
    });
    const [result] = await runChecks(model, { orgDir, env: {} });
    expect(result).toMatchObject({
      status: 'error',
      attempts: 0,
      target: '${ATTEST_TEST_UNSET_DB_URL}',
    });
    expect(result?.message).toBe('environment variable ATTEST_TEST_UNSET_DB_URL is not set');
  });

  it('marks a waived failure as waived, and counts it again once the waiver expires', async () => {
    const waivers = (expires: string) =>
      `- evidence: min-tls\n  reason: Migration to TLS 1.3 under way\n  expires: ${expires}`;
    const model = organisationWith({
      active: { evidence: configCheck('TLSv1.3'), waivers: waivers('2027-01-31') },
      expired: { evidence: configCheck('TLSv1.3'), waivers: waivers('2026-11-01') },
    });
    const [active, expired] = await runChecks(model, {
      orgDir,
      now: new Date('2026-11-23T12:00:00Z'),
    });
    expect(active).toMatchObject({
      status: 'fail',
      waiver: { active: true, reason: 'Migration to TLS 1.3 under way' },
    });
    expect(active && isContradiction(active)).toBe(false);
    expect(expired).toMatchObject({ status: 'fail', waiver: { active: false } });
    expect(expired?.message).toContain('waiver expired on 2026-11-01; the failure counts');
    expect(expired && isContradiction(expired)).toBe(true);
  });

  it('lets a hung endpoint cost only its timeout while other checks finish', async () => {
    const hungChecks = Array.from(
      { length: 4 },
      (_, index) =>
        `- id: hung-${index}\n  check: http\n  target: http://127.0.0.1:${hungPort}/\n  timeout: 300\n  expect: { status: 200 }`,
    );
    const model = organisationWith({
      hung: { evidence: hungChecks.join('\n') },
      quick: {
        evidence: Array.from({ length: 8 }, (_, index) =>
          configCheck('TLSv1.2', `quick-${index}`),
        ).join('\n'),
      },
    });
    const results = await runChecks(model, { orgDir, concurrency: 4 });
    const hungResults = results.filter((result) => result.controlId === 'hung');
    expect(hungResults.map((result) => result.status)).toEqual([
      'error',
      'error',
      'error',
      'error',
    ]);
    for (const result of hungResults) {
      expect(result.message).toMatch(/did not answer before the timeout|no verdict within 300 ms/);
    }
    expect(
      results
        .filter((result) => result.controlId === 'quick')
        .every((result) => result.status === 'pass'),
    ).toBe(true);
  });

  it('retries a refused connection once, then reports an error, never a pass', async () => {
    const model = organisationWith({
      refused: {
        evidence: `- check: http\n  target: http://127.0.0.1:${closedPort}/\n  expect: { status: 200 }`,
      },
    });
    const [result] = await runChecks(model, { orgDir });
    expect(result).toMatchObject({ status: 'error', attempts: 2 });
    expect(result?.message).toContain('refused the connection');
  });

  it('stops at the run deadline: checks not yet started error instead of waiting', async () => {
    const evidence = Array.from(
      { length: 6 },
      (_, index) =>
        `- id: slow-${index}\n  check: http\n  target: http://127.0.0.1:${hungPort}/\n  timeout: 5000\n  expect: { status: 200 }`,
    ).join('\n');
    const model = organisationWith({ slow: { evidence } });
    const results = await runChecks(model, { orgDir, concurrency: 2, deadlineMs: 400 });
    expect(results.every((result) => result.status === 'error')).toBe(true);
    // At most `concurrency` checks started before the deadline; the rest never did.
    const notStarted = results.filter((result) =>
      result.message.includes('the run deadline passed before this check could start'),
    );
    expect(notStarted.length).toBeGreaterThanOrEqual(results.length - 2);
  });

  it('keeps concurrency within the limit, and within the per-host limit', async () => {
    // The server holds every request until three are open at once (or five seconds have
    // passed), then a moment longer before it answers them all: the runner must overlap
    // requests to the host to get answers, and one that starts a fourth beside three held ones
    // breaks the per-host limit. On a loaded machine the pause can only miss a fourth request,
    // never make a correct runner fail.
    let open = 0;
    let peak = 0;
    const held: Socket[] = [];
    const answer = (socket: Socket) => {
      const index = held.indexOf(socket);
      if (index < 0) return;
      held.splice(index, 1);
      open--;
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    };
    const server = createServer((socket) => {
      open++;
      peak = Math.max(peak, open);
      held.push(socket);
      if (held.length === 3) setTimeout(() => held.slice().forEach(answer), 50);
      else setTimeout(() => answer(socket), 5_000);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const evidence = Array.from(
      { length: 12 },
      (_, index) =>
        `- id: c-${index}\n  check: http\n  target: http://127.0.0.1:${port}/\n  expect: { status: 200 }`,
    ).join('\n');
    const model = organisationWith({ many: { evidence } });
    const results = await runChecks(model, { orgDir, concurrency: 8, perHost: 3 });
    server.close();
    expect(results.every((result) => result.status === 'pass')).toBe(true);
    expect(peak).toBe(3);
  });
});
