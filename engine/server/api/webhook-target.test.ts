import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../test-support/webhook-receiver.ts';
import { createTestServer, signIn, type TestServer } from '../test-support.ts';
import { createWebhookSender } from './webhook-sender.ts';
import {
  checkWebhookUrl,
  defaultWebhookPolicy,
  isPrivateAddress,
  webhookPolicyFromEnv,
} from './webhook-target.ts';

describe('which addresses webhooks may reach', () => {
  it('calls loopback, private, link-local and reserved addresses private, in every spelling', () => {
    for (const address of [
      '127.0.0.1',
      '127.8.9.10',
      '10.0.0.1',
      '10.255.1.2',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a00:1',
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:5db8:d822'])
      expect(isPrivateAddress(address), address).toBe(false);
  });

  it('refuses 127.0.0.1, 10.x, 169.254.x, ::1 and a name resolving to them by default, saying how to allow them', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'https://10.1.2.3/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:9000/hook',
      'http://[::ffff:127.0.0.1]/hook',
      // Resolved by the system resolver (/etc/hosts): every address it gives is private.
      'http://localhost:8080/hook',
    ]) {
      await expect(checkWebhookUrl(url, defaultWebhookPolicy), url).rejects.toThrow(
        /private, loopback or link-local address.*ATTEST_WEBHOOK_ALLOW/,
      );
    }
    // One private address among public ones refuses the name: a connection could reach it.
    const mixed = async () => ['93.184.216.34', '10.0.0.7'];
    await expect(
      checkWebhookUrl('https://hooks.example.com/x', defaultWebhookPolicy, mixed),
    ).rejects.toThrow('hooks.example.com resolves to 10.0.0.7');
    const linkLocal = async () => ['fe80::1'];
    await expect(
      checkWebhookUrl('https://rebind.example/x', defaultWebhookPolicy, linkLocal),
    ).rejects.toThrow('rebind.example resolves to fe80::1');
    const fine = async () => ['93.184.216.34'];
    await expect(
      checkWebhookUrl('https://hooks.example.com/x', defaultWebhookPolicy, fine),
    ).resolves.toBeInstanceOf(URL);
  });

  it('allows private targets only as configured', async () => {
    expect(webhookPolicyFromEnv({})).toEqual(defaultWebhookPolicy);
    const all = webhookPolicyFromEnv({ ATTEST_WEBHOOK_ALLOW_PRIVATE: '1' });
    await expect(checkWebhookUrl('http://127.0.0.1:1/x', all)).resolves.toBeInstanceOf(URL);
    const named = webhookPolicyFromEnv({ ATTEST_WEBHOOK_ALLOW_HOSTS: 'crm.internal, [::1]' });
    await expect(
      checkWebhookUrl('http://crm.internal/x', named, async () => ['10.0.0.5']),
    ).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://[::1]:1/x', named)).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://10.0.0.9/x', named)).rejects.toThrow(/private/);
  });
});

describe('SSRF refusals in the running server', () => {
  let server: TestServer;
  let receiver: Receiver;
  const clock = new Date('2026-11-23T10:00:00Z');
  beforeAll(async () => {
    server = await createTestServer({ now: () => clock });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  it('refuses to register a loopback endpoint, with the reason', async () => {
    const admin = await signIn(server.store, {
      email: 'ops@acme.example',
      role: 'admin',
      now: clock,
    });
    const form = new URLSearchParams({
      _csrf: admin.csrf,
      url: receiver.url,
      events: 'document.downloaded',
    });
    const response = await server.app.request(`${server.origin}/admin/webhooks`, {
      method: 'POST',
      headers: {
        Origin: server.origin,
        Cookie: admin.cookie,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: form,
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      '127.0.0.1 is a private, loopback or link-local address',
    );
    expect(await server.store.webhooks.listEndpoints()).toEqual([]);
  });

  it('checks again at delivery time: an endpoint that now points at a private address gets nothing', async () => {
    // Registered while allowed (or before its name was moved to a private address).
    const endpoint = await server.store.webhooks.createEndpoint({
      kind: 'webhook',
      url: receiver.url,
      description: '',
      events: ['subscription.confirmed'],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      createdAt: clock.toISOString(),
      createdBy: 'test',
    });
    await server.store.webhooks.enqueue(
      endpoint.id,
      { messageId: 'msg_1', eventType: 'subscription.confirmed', body: '{}' },
      clock.toISOString(),
    );
    await server.webhooks.drain();
    expect(receiver.received).toEqual([]);
    const [row] = await server.store.webhooks.deliveriesOf(endpoint.id, 1);
    expect(row?.lastError).toContain('127.0.0.1 is a private, loopback or link-local address');
    expect(row?.deliveredAt).toBeNull();

    // A name that resolves to loopback when sending is refused the same way…
    const named = await server.store.webhooks.createEndpoint({
      kind: 'webhook',
      url: receiver.url.replace('127.0.0.1', 'receiver.example'),
      description: '',
      events: ['subscription.confirmed'],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      createdAt: clock.toISOString(),
      createdBy: 'test',
    });
    await server.store.webhooks.enqueue(
      named.id,
      { messageId: 'msg_2', eventType: 'subscription.confirmed', body: '{}' },
      clock.toISOString(),
    );
    const sender = (policy: typeof defaultWebhookPolicy) =>
      createWebhookSender({
        store: server.store,
        policy,
        now: () => clock,
        log: () => {},
        pollMs: 3_600_000,
        post: { resolve: async () => ['93.184.216.34', '127.0.0.1'] },
      });
    const refusing = await sender(defaultWebhookPolicy);
    await refusing.drain();
    refusing.close();
    expect(receiver.received).toEqual([]);
    const [refused] = await server.store.webhooks.deliveriesOf(named.id, 1);
    expect(refused?.lastError).toContain('receiver.example resolves to 127.0.0.1');

    // …and reaches it once the name is allowed: the connection goes to the checked address.
    await server.store.webhooks.replay(refused?.id ?? 0, clock.toISOString());
    const allowing = await sender({ allowPrivate: false, allowHosts: ['receiver.example'] });
    await allowing.drain();
    allowing.close();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.headers.host).toMatch(/^receiver\.example:\d+$/);
  });
});
