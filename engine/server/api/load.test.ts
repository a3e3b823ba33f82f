import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support.ts';

const unlimited = { max: 1_000_000, windowMs: 60_000 };
let server: TestServer;
let http: ReturnType<typeof serve>;
let base = '';

beforeAll(async () => {
  // The per-IP form limit would (rightly) stop one client sending 10,000 forms; the load
  // test raises it so it measures the write path. The limiter still runs on every request.
  server = await createTestServer({
    rateLimits: { formsPerIp: unlimited, mailsPerAddress: unlimited },
  });
  await new Promise<void>((resolve) => {
    http = serve({ fetch: server.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  void server.close();
});

describe('load', () => {
  it('takes 10,000 concurrent form posts with no 5xx and no lost or duplicated rows', {
    timeout: 120_000,
  }, async () => {
    let subscriptions = 0;
    let reports = 0;
    const form = { 'content-type': 'application/x-www-form-urlencoded', origin: base };
    const result = await autocannon({
      url: base,
      connections: 50,
      amount: 10_000,
      requests: [
        {
          method: 'POST',
          path: '/api/subscribe',
          headers: form,
          // Every address is sent twice: the second sign-up must not add a row.
          setupRequest: (request) => ({
            ...request,
            body: `email=load${subscriptions++ % 2_500}%40customer.example&topic=all`,
          }),
        },
        {
          method: 'POST',
          path: '/api/reports',
          headers: form,
          setupRequest: (request) => ({
            ...request,
            body: `title=load+report+${reports++}&description=d&steps=s&severity=low&contact=r%40research.example`,
          }),
        },
      ],
    });
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result['5xx']).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(result['2xx']).toBe(10_000);

    const subscribers = await server.store.subscribers.list(1_000_000);
    const distinct = <T>(rows: T[], field: (row: T) => string) => new Set(rows.map(field)).size;
    expect({ rows: subscribers.length, emails: distinct(subscribers, (row) => row.email) }).toEqual(
      { rows: 2_500, emails: 2_500 },
    );
    const stored = await server.store.vulnerabilityReports.list(1_000_000);
    expect({
      rows: stored.length,
      titles: distinct(stored, (row) => row.title),
      ids: distinct(stored, (row) => row.trackingId),
    }).toEqual({ rows: 5_000, titles: 5_000, ids: 5_000 });

    // Every confirmation (a repeat sign-up of an unconfirmed address resends it) and every
    // receipt was queued durably; delivery itself is tested with the routes.
    expect(await server.store.mailQueue.list()).toHaveLength(10_000);
  });
});
