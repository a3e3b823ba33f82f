import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../audit/audit-log.ts';
import { useEmbeddedPostgres } from '../store/test-support/embedded-postgres.ts';
import { createServerContext } from './api/context.ts';
import { approveRequest, rejectRequest, revokeRequest } from './gated/access.ts';
import { createTestServer, linkIn, type TestServer } from './test-support.ts';

// The public forms and the decisions an admin takes, on a server whose store is a real
// PostgreSQL database: the keyed transactions of the form posts, the audit chain and the
// shared rate limits must hold there as they do on SQLite.

const postgres = useEmbeddedPostgres();
let server: TestServer;

beforeAll(async () => {
  if (!postgres.running) return;
  server = await createTestServer(
    { allowDomains: ['customer.example'], trustProxy: 1 },
    await postgres.createDatabase(),
  );
});
afterAll(async () => {
  await server?.close();
});

const post = async (path: string, body: object, ip = '203.0.113.9'): Promise<Response> =>
  server.app.request(`${server.origin}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      Origin: server.origin,
      'X-Forwarded-For': ip,
    },
    body: JSON.stringify(body),
  });

const request = {
  document: 'pentest-summary',
  name: 'Grace Hopper',
  company: 'Customer Ltd',
  reason: 'Vendor review',
  nda: 'accept',
};

describe('the trust center on PostgreSQL', () => {
  it('subscribes and confirms, with one row and one mail per address however often it is posted', async () => {
    const posts = await Promise.all(
      Array.from({ length: 6 }, () =>
        post('/api/subscribe', { email: 'Ada@Reader.example', topic: 'all' }),
      ),
    );
    expect(posts.map((response) => response.status)).toEqual([202, 202, 202, 202, 202, 202]);
    const rows = (await server.store.subscribers.list(10)).filter((row) =>
      row.email.startsWith('ada@'),
    );
    expect(rows).toHaveLength(1);
    // Three confirmation mails per address per hour, whichever request sent them. Under a
    // loaded machine the last may still be on its way when the queue first looks idle.
    let mails: Awaited<ReturnType<typeof server.mails>> = [];
    for (let tries = 0; tries < 50 && mails.length < 3; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 200));
      mails = (await server.mails()).filter((mail) => mail.subject === 'Confirm your subscription');
    }
    expect(mails).toHaveLength(3);
    const link = linkIn(mails[0], `${server.origin}/api/subscribe/confirm?token=`);
    const confirmed = await server.app.request(link, {
      method: 'POST',
      headers: { Origin: server.origin, Accept: 'application/json' },
    });
    expect(confirmed.status).toBeLessThan(400);
    expect(
      (await server.store.subscribers.list(10)).find((row) => row.email === 'ada@reader.example')
        ?.confirmedAt,
    ).not.toBeNull();
  });

  it('stores requests, approves an allow-listed one at once, and lets an admin decide and revoke the rest', async () => {
    const auto = await post('/api/access-requests', {
      ...request,
      email: 'grace@customer.example',
    });
    expect(await auto.json()).toMatchObject({ status: 'approved' });
    const pending = await Promise.all(
      ['lin', 'mo', 'ny'].map((name) =>
        post('/api/access-requests', { ...request, email: `${name}@elsewhere.example` }),
      ),
    );
    const ids = await Promise.all(
      pending.map(async (response) => ((await response.json()) as { id: number }).id),
    );
    const context = createServerContext(server.options);
    const admin = { actor: 'ada@acme.example' };
    const [first, second, third] = ids as [number, number, number];
    // Decisions taken at the same moment: each applies once.
    const [granted, again] = await Promise.all([
      approveRequest(context, first, admin),
      approveRequest(context, first, admin),
    ]);
    expect([granted, again].filter(Boolean)).toHaveLength(1);
    expect(await rejectRequest(context, second, admin)).toBe(true);
    expect(await rejectRequest(context, second, admin)).toBe(false);
    await approveRequest(context, third, admin);
    expect(await revokeRequest(context, third, admin)).toBe(1);
    const audit = await verifyAuditLog(server.store);
    expect(audit.ok).toBe(true);
  });

  it('takes reports side by side and answers 429 past one address’s form allowance', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 24 }, (_, index) =>
        post(
          '/api/reports',
          {
            title: `Finding ${index}`,
            description: 'Steps to reproduce are attached to this report for the team.',
            contact: `researcher${index}@finder.example`,
          },
          '198.51.100.7',
        ).then((response) => response.status),
      ),
    );
    expect(statuses.filter((status) => status === 202)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(4);
  });
});
