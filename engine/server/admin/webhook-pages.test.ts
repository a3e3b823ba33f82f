import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../audit/audit-log.ts';
import { webhookEventTypes } from '../../store/webhooks.ts';
import { firstWebhookRetryMs } from '../api/webhook-sender.ts';
import {
  type Receiver,
  standardWebhooksProblem,
  startReceiver,
} from '../test-support/webhook-receiver.ts';
import { createTestServer, linkIn, signIn, type TestServer } from '../test-support.ts';

let server: TestServer;
let receiver: Receiver;
let admin: { cookie: string; csrf: string };
let clock = new Date('2026-11-23T10:00:00Z');

beforeAll(async () => {
  // Loopback receivers need the private-address allowance; the SSRF tests use the default.
  server = await createTestServer({
    now: () => clock,
    webhookPolicy: { allowPrivate: true, allowHosts: [] },
  });
  receiver = await startReceiver();
  admin = await signIn(server.store, { email: 'ops@acme.example', role: 'admin', now: clock });
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

const adminRequest = (path: string, init: { method?: string; body?: URLSearchParams } = {}) =>
  server.app.request(`${server.origin}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Origin: server.origin,
      Cookie: admin.cookie,
      ...(init.body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(init.body ? { body: init.body } : {}),
  });

function endpointForm(url: string, events: string[]): URLSearchParams {
  const form = new URLSearchParams({ _csrf: admin.csrf, url, description: 'CRM' });
  for (const event of events) form.append('events', event);
  return form;
}

const accessRequest = (email: string) =>
  server.postForm('/api/access-requests', {
    document: 'pentest-summary',
    name: 'Grace Hopper',
    email,
    company: 'Customer Ltd',
    reason: 'Vendor review',
    nda: 'accept',
  });

describe('outbound webhooks', () => {
  let secret = '';
  let endpointId = 0;

  it('registers an endpoint from the admin area and shows its signing secret once', async () => {
    const page = await adminRequest('/admin/webhooks');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('access_request.created');
    expect(html).not.toMatch(/<script/i);

    const created = await adminRequest('/admin/webhooks', {
      method: 'POST',
      body: endpointForm(receiver.url, ['access_request.created', 'access_request.approved']),
    });
    expect(created.status).toBe(200);
    secret = /<code id="secret">(whsec_[^<]+)<\/code>/.exec(await created.text())?.[1] ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    const [endpoint] = await server.store.webhooks.listEndpoints();
    endpointId = endpoint?.id ?? 0;
    expect(endpoint?.events).toEqual(['access_request.created', 'access_request.approved']);
    // The list shows the endpoint, never the secret again.
    const list = await (await adminRequest('/admin/webhooks')).text();
    expect(list).toContain(receiver.url);
    expect(list).not.toContain(secret);
  });

  it('refuses a registration with no event, an unknown event or a malformed URL, with reasons', async () => {
    const none = await adminRequest('/admin/webhooks', {
      method: 'POST',
      body: endpointForm(receiver.url, []),
    });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('choose at least one event');
    const unknown = await adminRequest('/admin/webhooks', {
      method: 'POST',
      body: endpointForm(receiver.url, ['everything']),
    });
    expect(await unknown.text()).toContain('unknown event types: everything');
    const ftp = await adminRequest('/admin/webhooks', {
      method: 'POST',
      body: endpointForm('ftp://files.example', ['document.downloaded']),
    });
    expect(ftp.status).toBe(400);
    expect(await ftp.text()).toContain('must start with https://');
  });

  it('queues the delivery with the request and delivers it signed per Standard Webhooks', async () => {
    const response = await accessRequest('grace@customer.example');
    expect(response.status).toBe(200);
    // Queued in the request's own transaction: the row is there before any sending.
    const [queued] = await server.store.webhooks.deliveriesOf(endpointId, 10);
    expect(queued?.eventType).toBe('access_request.created');
    expect(queued?.deliveredAt).toBeNull();

    await server.webhooks.drain();
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(got?.headers['content-type']).toBe('application/json');
    expect(
      standardWebhooksProblem(secret, got?.headers ?? {}, got?.body ?? '', clock),
    ).toBeUndefined();
    expect(
      standardWebhooksProblem(
        `whsec_${Buffer.alloc(24, 1).toString('base64')}`,
        got?.headers ?? {},
        got?.body ?? '',
        clock,
      ),
    ).toBe('no signature matches');
    const event = JSON.parse(got?.body ?? '{}');
    expect(event.type).toBe('access_request.created');
    expect(event.data).toMatchObject({
      status: 'pending',
      name: 'Grace Hopper',
      email: 'grace@customer.example',
      company: 'Customer Ltd',
      documents: ['pentest-summary'],
      reason: 'Vendor review',
      nda: { version: expect.any(String) },
    });
    const [delivered] = await server.store.webhooks.deliveriesOf(endpointId, 10);
    expect(delivered?.deliveredAt).not.toBeNull();
    expect(delivered?.lastStatus).toBe(200);
  });

  it('retries a receiver that answered 500 after the back-off, with the same webhook-id, and shows every attempt', async () => {
    receiver.received.length = 0;
    receiver.answers.push(500);
    const requestId = (await server.store.accessRequests.list(1))[0]?.id;
    const approve = await adminRequest(`/admin/requests/${requestId}/approve`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: admin.csrf, days: '5' }),
    });
    expect(approve.status).toBe(303);
    await server.webhooks.drain();
    expect(receiver.received).toHaveLength(1);
    const [failed] = await server.store.webhooks.deliveriesOf(endpointId, 1);
    expect(failed).toMatchObject({
      eventType: 'access_request.approved',
      lastStatus: 500,
      attempts: 1,
      deliveredAt: null,
    });
    expect(failed?.lastError).toBe('the receiver answered 500');

    // Not before the back-off has passed…
    clock = new Date(clock.getTime() + firstWebhookRetryMs - 1_000);
    await server.webhooks.drain();
    expect(receiver.received).toHaveLength(1);
    // …then again, and the receiver takes it.
    clock = new Date(clock.getTime() + 2_000);
    await server.webhooks.drain();
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect(Number(second?.headers['webhook-timestamp'])).toBeGreaterThan(
      Number(first?.headers['webhook-timestamp']),
    );
    expect(
      standardWebhooksProblem(secret, second?.headers ?? {}, second?.body ?? '', clock),
    ).toBeUndefined();
    expect(JSON.parse(second?.body ?? '{}').data).toMatchObject({
      status: 'approved',
      decidedBy: 'ops@acme.example',
    });

    const page = await (await adminRequest(`/admin/webhooks/${endpointId}`)).text();
    expect(page).toContain('500 in');
    expect(page).toContain('receiver broke (500)');
    expect(page).toContain('200 in');
    expect(page).toContain('ok thanks');
  });

  it('replays a delivery from the admin area', async () => {
    receiver.received.length = 0;
    const [latest] = await server.store.webhooks.deliveriesOf(endpointId, 1);
    const page = await (await adminRequest(`/admin/webhooks/${endpointId}`)).text();
    expect(page).toContain(`/admin/webhooks/deliveries/${latest?.id}/replay`);
    const replay = await adminRequest(`/admin/webhooks/deliveries/${latest?.id}/replay`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: admin.csrf }),
    });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe(`/admin/webhooks/${endpointId}`);
    await server.webhooks.drain();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.headers['webhook-id']).toBe(latest?.messageId);
    expect(
      standardWebhooksProblem(
        secret,
        receiver.received[0]?.headers ?? {},
        receiver.received[0]?.body ?? '',
        clock,
      ),
    ).toBeUndefined();
    expect(
      (await server.store.webhooks.attemptsOf([latest?.id ?? 0])).map((a) => a.statusCode),
    ).toEqual([500, 200, 200]);
    const audit = await server.store.audit.recent(500);
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(['webhook.create', 'webhook.replay']),
    );
    expect((await verifyAuditLog(server.store)).ok).toBe(true);
  });

  it('queues nothing for a disabled endpoint, and only the event types it chose', async () => {
    const before = (await server.store.webhooks.deliveriesOf(endpointId, 100)).length;
    await server.postForm('/api/subscribe', { email: 'sub@customer.example', topic: 'all' });
    expect((await server.store.webhooks.deliveriesOf(endpointId, 100)).length).toBe(before);
    const disable = await adminRequest(`/admin/webhooks/${endpointId}/disable`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: admin.csrf }),
    });
    expect(disable.status).toBe(303);
    await accessRequest('linus@example.org');
    expect((await server.store.webhooks.deliveriesOf(endpointId, 100)).length).toBe(before);
    expect(await (await adminRequest(`/admin/webhooks/${endpointId}`)).text()).toContain(
      'disabled',
    );
  });

  it('gives up after the attempt limit and records why', async () => {
    const down = await startReceiver();
    await down.close();
    const form = endpointForm(down.url, ['vulnerability_report.received']);
    expect((await adminRequest('/admin/webhooks', { method: 'POST', body: form })).status).toBe(
      200,
    );
    const endpoint = (await server.store.webhooks.listEndpoints()).at(-1);
    const report = await server.postForm('/api/reports', {
      title: 'XSS in search',
      description: 'Reflected script in the q parameter.',
      steps: 'Open /search?q=<script>',
      severity: 'high',
      contact: 'finder@example.org',
    });
    expect(report.status).toBeLessThan(300);
    for (let attempt = 0; attempt < 10; attempt++) {
      await server.webhooks.drain();
      clock = new Date(clock.getTime() + 3 * 3_600_000);
    }
    const [row] = await server.store.webhooks.deliveriesOf(endpoint?.id ?? 0, 1);
    expect(row?.attempts).toBe(10);
    expect(row?.abandonedAt).not.toBeNull();
    expect(row?.lastError).toMatch(/ECONNREFUSED|connect/);
    const body = JSON.parse(row?.body ?? '{}');
    expect(body.data.title).toBe('XSS in search');
    expect(JSON.stringify(body)).not.toContain('finder@example.org');
    // Raised as an alert until the delivery is replayed.
    const alert = (await server.store.alerts.open()).find(
      (open) => open.key === 'webhooks:abandoned',
    );
    expect(alert?.message).toBe(
      '1 webhook or Slack delivery was given up on; see Admin → Webhooks to replay.',
    );
    await server.store.webhooks.replay(row?.id ?? 0, clock.toISOString());
    await server.webhooks.drain();
    expect(
      (await server.store.alerts.open()).some((open) => open.key === 'webhooks:abandoned'),
    ).toBe(false);
  });

  it('sends every event type the server causes, each once, signed', async () => {
    const all = await startReceiver('/all');
    // The clock moved on a day and more: a fresh session.
    admin = await signIn(server.store, { email: 'ops2@acme.example', role: 'admin', now: clock });
    try {
      const form = endpointForm(all.url, Object.keys(webhookEventTypes));
      const created = await adminRequest('/admin/webhooks', { method: 'POST', body: form });
      expect(created.status).toBe(200);
      const allSecret =
        /<code id="secret">(whsec_[^<]+)<\/code>/.exec(await created.text())?.[1] ?? '';
      const post = (path: string, fields: Record<string, string> = {}) =>
        adminRequest(path, {
          method: 'POST',
          body: new URLSearchParams({ _csrf: admin.csrf, ...fields }),
        });

      // Requested, rejected; requested, approved, downloaded, revoked.
      await accessRequest('first@prospect.example');
      const first = (await server.store.accessRequests.list(1))[0]?.id;
      expect((await post(`/admin/requests/${first}/reject`)).status).toBe(303);
      await accessRequest('second@prospect.example');
      const second = (await server.store.accessRequests.list(1))[0]?.id;
      expect((await post(`/admin/requests/${second}/approve`, { days: '3' })).status).toBe(303);
      const folder = join(server.dir, 'data', 'gated-documents');
      mkdirSync(folder, { recursive: true });
      const pdf = await PDFDocument.create();
      pdf.addPage();
      writeFileSync(join(folder, 'pentest-summary.pdf'), await pdf.save());
      const approval = (await server.mails())
        .filter((mail) => mail.subject === 'Your document access was approved')
        .at(-1);
      const download = await server.app.request(
        linkIn(approval, `${server.origin}/documents/access/pentest-summary/`),
      );
      expect(download.status).toBe(200);
      expect((await post(`/admin/requests/${second}/revoke`)).status).toBe(303);

      // A subscriber confirms.
      await server.postForm('/api/subscribe', { email: 'reader@prospect.example', topic: 'all' });
      const confirmation = (await server.mails()).find((mail) =>
        mail.subject?.toLowerCase().includes('confirm'),
      );
      const confirmed = await server.app.request(
        linkIn(confirmation, `${server.origin}/api/subscribe/confirm?token=`),
        {
          method: 'POST',
          headers: { Origin: server.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
        },
      );
      expect(confirmed.status).toBe(200);

      // A report arrives and is triaged.
      await server.postForm('/api/reports', {
        title: 'Open redirect',
        description: 'The next parameter redirects anywhere.',
        steps: 'Open /login?next=https://evil.example',
        severity: 'medium',
        contact: 'finder@example.org',
      });
      const report = (await server.store.vulnerabilityReports.list(1))[0]?.id;
      expect((await post(`/admin/reports/${report}/status`, { status: 'triaged' })).status).toBe(
        303,
      );

      await server.webhooks.drain();
      const types = all.received.map((got) => JSON.parse(got.body).type);
      expect(types).toEqual([
        'access_request.created',
        'access_request.rejected',
        'access_request.created',
        'access_request.approved',
        'document.downloaded',
        'access_request.revoked',
        'subscription.confirmed',
        'vulnerability_report.received',
        'vulnerability_report.triaged',
      ]);
      for (const got of all.received)
        expect(standardWebhooksProblem(allSecret, got.headers, got.body, clock)).toBeUndefined();
      expect(new Set(all.received.map((got) => got.headers['webhook-id'])).size).toBe(types.length);
    } finally {
      await all.close();
    }
  });
});
