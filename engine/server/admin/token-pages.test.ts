import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type SignedIn, signIn, type TestServer } from '../test-support.ts';

let server: TestServer;
let admin: SignedIn;
let clock = new Date('2026-12-07T12:00:00Z');
beforeAll(async () => {
  server = await createTestServer({ now: () => clock });
  admin = await signIn(server.store, { email: 'ada@acme.example', role: 'admin', now: clock });
});
afterAll(() => server.close());

const page = (path: string) =>
  server.app.request(`${server.origin}${path}`, { headers: { Cookie: admin.cookie } });
const post = (path: string, fields: [string, string][]) =>
  server.app.request(`${server.origin}${path}`, {
    method: 'POST',
    body: new URLSearchParams([['_csrf', admin.csrf], ...fields]),
    headers: {
      Cookie: admin.cookie,
      Origin: server.origin,
      Accept: 'text/html',
      'Content-Type': 'application/x-www-form-urlencoded',
    },
  });
const api = (token: string, path: string) =>
  server.app.request(`${server.origin}${path}`, { headers: { Authorization: `Bearer ${token}` } });

describe('API tokens in the admin area', () => {
  it('creates a token shown once, lists it by its start, and revokes it', async () => {
    const form = await (await page('/admin/tokens')).text();
    for (const scope of [
      'requests:read',
      'requests:write',
      'questionnaires:answer',
      'reports:read',
      'results:write',
      'snapshot:read',
    ])
      expect(form).toContain(`value="${scope}"`);

    const created = await post('/admin/tokens', [
      ['name', 'Ticketing'],
      ['scopes', 'reports:read'],
      ['scopes', 'snapshot:read'],
      ['days', '7'],
    ]);
    expect(created.status).toBe(200);
    const html = await created.text();
    const token = /<code>(attest_[A-Za-z0-9_-]{43})<\/code>/.exec(html)?.[1] ?? '';
    expect(token).not.toBe('');
    expect(html).toContain('it is not shown again');

    const list = await (await page('/admin/tokens')).text();
    expect(list).toContain(token.slice(0, 13));
    expect(list).not.toContain(token);
    expect(list).toContain('reports:read, snapshot:read');
    expect(list).toContain('active until 2026-12-14 12:00');

    expect((await api(token, '/api/v1/reports')).status).toBe(200);
    expect((await api(token, '/api/v1/access-requests')).status).toBe(403);
    expect(await (await page('/admin/tokens')).text()).toContain('2026-12-07 12:00</td><td>active');

    const row = (await server.store.apiTokens.list()).find((entry) => entry.name === 'Ticketing');
    expect((await post(`/admin/tokens/${row?.id}/revoke`, [])).status).toBe(303);
    expect((await post(`/admin/tokens/${row?.id}/revoke`, [])).status).toBe(404);
    expect((await api(token, '/api/v1/reports')).status).toBe(401);
    expect(await (await page('/admin/tokens')).text()).toContain('revoked 2026-12-07 12:00');

    const audit = await server.store.audit.recent(20);
    expect(audit.map((entry) => [entry.actor, entry.action])).toEqual(
      expect.arrayContaining([
        ['ada@acme.example', 'token.create'],
        ['ada@acme.example', 'token.revoke'],
        [`token:${row?.id} Ticketing`, 'token.refused'],
      ]),
    );
  });

  it('says when a token is past its expiry, and the API refuses it', async () => {
    const html = await (
      await post('/admin/tokens', [
        ['name', 'Short'],
        ['scopes', 'snapshot:read'],
        ['days', '1'],
      ])
    ).text();
    const token = /<code>(attest_[A-Za-z0-9_-]{43})<\/code>/.exec(html)?.[1] ?? '';
    clock = new Date(clock.getTime() + 2 * 86_400_000);
    // The session ended while idle; sign in again two days later.
    admin = await signIn(server.store, { email: 'bo@acme.example', role: 'admin', now: clock });
    expect(await (await page('/admin/tokens')).text()).toContain('expired 2026-12-08 12:00');
    const refused = await api(token, '/api/v1/snapshot');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error_description="expired"');
  });

  it('refuses a token without a name, with an unknown scope or an out-of-range validity', async () => {
    const response = await post('/admin/tokens', [
      ['name', ' '],
      ['scopes', 'requests:read'],
      ['scopes', 'admin:everything'],
      ['days', '400'],
    ]);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('give the token a name');
    expect(html).toContain('choose one or more of');
    expect(html).toContain('from 1 to 365');
    expect(await server.store.apiTokens.list()).toHaveLength(2);
  });
});
