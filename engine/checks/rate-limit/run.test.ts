import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { policy } from '../../schema/policy.ts';
import { testContext } from '../test-support/context.ts';
import { rateLimitCheck } from './run.ts';
import { rateLimitEvidence } from './spec.ts';

/**
 * Requests seen per "METHOD path"; /limited/* answers 429 from the fourth request on, /drops
 * closes the connection from the third on.
 */
const seen = new Map<string, number>();
let server: Server;
let origin = '';
let closedOrigin = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const key = `${request.method} ${request.url}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (request.url === '/drops' && count > 2) {
      request.socket.destroy();
      return;
    }
    if (request.url?.startsWith('/limited') && count > 3) {
      response.writeHead(429, { 'retry-after': '30' }).end('slow down');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedOrigin = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const probesAllowed = policy.parse({ allowActiveProbes: true });

function run(target: string, evidence: Partial<z.input<typeof rateLimitEvidence>>, allow = true) {
  const check = rateLimitEvidence.parse({
    check: 'rate-limit',
    target,
    expect: { within: 10 },
    ...evidence,
  });
  return rateLimitCheck.run(check, testContext(target, allow ? { policy: probesAllowed } : {}));
}

describe('rate-limit check', () => {
  it('passes as soon as the endpoint throttles, naming the request count and Retry-After', async () => {
    const outcome = await run(`${origin}/limited/login`, { method: 'POST' });
    expect(outcome).toMatchObject({
      status: 'pass',
      message: 'throttled with 429 after 4 of at most 10 requests (Retry-After: 30)',
      observed: { requests: 4, status: 429, retryAfter: '30' },
    });
    expect(seen.get('POST /limited/login')).toBe(4);
  });

  it('fails when no throttling status arrives within the limit, and stops there', async () => {
    const outcome = await run(`${origin}/open`, { expect: { within: 6 } });
    expect(outcome).toMatchObject({
      status: 'fail',
      message: 'no 429 within 6 GET requests',
      observed: { requests: 6, statuses: { '200': 6 } },
    });
    expect(outcome.hint).toContain('/open');
    expect(seen.get('GET /open')).toBe(6);
  });

  it('fails when the endpoint throttles later than allowed, or with another status', async () => {
    expect((await run(`${origin}/limited/late`, { expect: { within: 3 } })).status).toBe('fail');
    const other = await run(`${origin}/limited/other`, { expect: { within: 10, status: 503 } });
    expect(other).toMatchObject({ status: 'fail', observed: { statuses: { '200': 3, '429': 7 } } });
  });

  it('is skipped, sending nothing, unless the policy allows active probes', async () => {
    const outcome = await run(`${origin}/limited/skipped`, {}, false);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain('allowActiveProbes: true');
    expect(seen.has('GET /limited/skipped')).toBe(false);
  });

  it('errors, saying how far it got, when the endpoint drops connections instead', async () => {
    await expect(run(`${origin}/drops`, {})).rejects.toMatchObject({
      name: 'CheckError',
      message: expect.stringContaining('(after 2 requests)'),
      observed: { requests: 2, statuses: { '200': 2 } },
    });
  });

  it('errors when the connection is refused', async () => {
    await expect(run(`${closedOrigin}/login`, {})).rejects.toMatchObject({
      name: 'CheckError',
      message: expect.stringContaining('refused the connection'),
    });
  });
});
