import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, linkIn, type TestServer } from '../test-support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

describe('subscriptions', () => {
  it('double opt-in: a sign-up mails a confirmation link, and only the confirm button confirms', async () => {
    const response = await server.postForm('/api/subscribe', {
      email: ' Ada@Customer.example ',
      topic: 'all',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Check your inbox');
    const [mail] = await server.mails();
    expect(mail?.to).toMatchObject({ text: 'ada@customer.example' });
    const link = linkIn(mail, `${server.origin}/api/subscribe/confirm?token=`);
    const rows = async () => (await server.store.subscribers.list(100)).reverse();
    expect(await rows()).toMatchObject([{ email: 'ada@customer.example', confirmedAt: null }]);

    // Opening the link (as a mail scanner would) changes nothing; the button does.
    const page = await server.app.request(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    expect((await rows())[0]?.confirmedAt).toBeNull();
    const confirmed = await server.app.request(link, {
      method: 'POST',
      headers: { Origin: server.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(confirmed.status).toBe(200);
    expect((await rows())[0]?.confirmedAt).not.toBeNull();

    const tampered = await server.app.request(`${link.slice(0, -3)}abc`, {
      method: 'POST',
      headers: { Origin: server.origin },
    });
    expect(tampered.status).toBe(404);
  });

  it('answers a repeat sign-up exactly like a new one and never adds a row', async () => {
    const json = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      Origin: server.origin,
    };
    const send = (email: string) =>
      server.app.request(`${server.origin}/api/subscribe`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email, topic: 'all' }),
      });
    const known = await send('ada@customer.example');
    const unknown = await send('brand-new@customer.example');
    expect(known.status).toBe(unknown.status);
    expect(await known.json()).toEqual(await unknown.json());
    const again = await send('brand-new@customer.example');
    expect(again.status).toBe(202);
    const emails = (await server.store.subscribers.list(100)).map((row) => row.email);
    expect(emails.sort()).toEqual(['ada@customer.example', 'brand-new@customer.example']);
  });

  it('rejects bad input with field errors and cross-site posts with 403', async () => {
    const bad = await server.app.request(`${server.origin}/api/subscribe`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.origin },
      body: JSON.stringify({ email: 'not-an-address', topic: 'everything' }),
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as {
      error: { code: string; fields: Record<string, string[]> };
    };
    expect(body.error.code).toBe('invalid_request');
    expect(Object.keys(body.error.fields).sort()).toEqual(['email', 'topic']);

    const forged = await server.postForm(
      '/api/subscribe',
      { email: 'x@y.example', topic: 'all' },
      { Origin: 'https://evil.example' },
    );
    expect(forged.status).toBe(403);
    expect(await forged.text()).not.toMatch(/at .*\.ts/);

    // Behind a proxy the request URL is internal; the public origin is accepted too. A client
    // that does not ask for HTML (no Accept) gets JSON.
    const proxied = await server.app.request('http://10.0.0.7:4321/api/subscribe', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.origin },
      body: 'email=proxied%40customer.example&topic=all',
    });
    expect(proxied.status).toBe(202);
    expect(proxied.headers.get('content-type')).toContain('application/json');

    const huge = await server.postForm('/api/subscribe', {
      email: 'x@y.example',
      topic: 'all',
      pad: 'x'.repeat(40_000),
    });
    expect(huge.status).toBe(413);
  });

  it('unsubscribes with one click (RFC 8058), cross-site and without a session', async () => {
    const row = (await server.store.subscribers.list(100)).reverse()[0];
    const response = await server.app.request(
      `${server.origin}/api/unsubscribe?token=${row?.unsubscribeToken}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      },
    );
    expect(response.status).toBe(200);
    expect((await server.store.subscribers.list(100)).reverse()[0]?.unsubscribedAt).not.toBeNull();
    const unknown = await server.app.request(`${server.origin}/api/unsubscribe?token=nope`, {
      method: 'POST',
    });
    expect(unknown.status).toBe(404);
  });

  it('never lets a confirmation link from before an unsubscribe resubscribe; a new sign-up does', async () => {
    let clock = new Date('2026-11-23T10:00:00Z');
    const own = await createTestServer({ now: () => clock });
    try {
      const confirm = (link: string) =>
        own.app.request(link, {
          method: 'POST',
          headers: { Origin: own.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
        });
      const row = async () => (await own.store.subscribers.list(100)).reverse()[0];
      await own.postForm('/api/subscribe', { email: 'lin@customer.example', topic: 'all' });
      const oldLink = linkIn((await own.mails())[0], `${own.origin}/api/subscribe/confirm?token=`);
      clock = new Date(clock.getTime() + 60_000);
      expect((await confirm(oldLink)).status).toBe(200);

      clock = new Date(clock.getTime() + 60_000);
      const unsubscribed = await own.app.request(
        `${own.origin}/api/unsubscribe?token=${(await row())?.unsubscribeToken}`,
        { method: 'POST', body: 'List-Unsubscribe=One-Click' },
      );
      expect(unsubscribed.status).toBe(200);

      clock = new Date(clock.getTime() + 60_000);
      expect((await confirm(oldLink)).status).toBe(404);
      expect((await row())?.unsubscribedAt).not.toBeNull();

      await own.postForm('/api/subscribe', { email: 'lin@customer.example', topic: 'all' });
      const newLink = linkIn((await own.mails())[1], `${own.origin}/api/subscribe/confirm?token=`);
      clock = new Date(clock.getTime() + 60_000);
      expect((await confirm(newLink)).status).toBe(200);
      expect((await row())?.unsubscribedAt).toBeNull();
    } finally {
      void own.close();
    }
  });

  it('describes every route in an OpenAPI 3.1 document and answers unknown /api paths with a uniform 404', async () => {
    const doc = (await (await server.app.request('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/access-requests',
      '/api/reports',
      '/api/reports/sla',
      '/api/subscribe',
      '/api/subscribe/confirm',
      '/api/unsubscribe',
      '/api/v1/access-requests',
      '/api/v1/access-requests/{id}/approve',
      '/api/v1/access-requests/{id}/reject',
      '/api/v1/access-requests/{id}/revoke',
      '/api/v1/check-results',
      '/api/v1/questionnaires/answer',
      '/api/v1/reports',
      '/api/v1/snapshot',
    ]);
    expect(
      Object.keys(doc.paths['/api/access-requests']?.post?.requestBody?.content ?? {}).sort(),
    ).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    const missing = await server.app.request('/api/nothing-here', {
      headers: { Accept: 'application/json' },
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'not_found', message: 'There is nothing at this address.' },
    });
  });

  it('answers malformed JSON and unsupported bodies with a uniform 4xx', async () => {
    const malformed = await server.app.request(`${server.origin}/api/subscribe`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.origin },
      body: '{"email": ',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe(
      'invalid_request',
    );
    const xml = await server.app.request(`${server.origin}/api/subscribe`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/xml',
        Origin: server.origin,
        Accept: 'application/json',
      },
      body: '<email/>',
    });
    expect(xml.status).toBe(415);
    expect(((await xml.json()) as { error: { code: string } }).error.code).toBe(
      'unsupported_media_type',
    );
  });
});
