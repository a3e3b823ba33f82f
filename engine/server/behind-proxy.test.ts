import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNow } from '../test-support/clock.ts';
import { trustProxyFromEnv } from './api/server-options.ts';
import { createUser } from './auth/users.ts';
import { createTestServer, type TestServer } from './test-support.ts';

// A server behind one TLS-terminating reverse proxy of the operator's (ATTEST_TRUST_PROXY=1).
let proxied: TestServer;
// The same server reached directly, trusting no proxy.
let direct: TestServer;
beforeAll(async () => {
  const rateLimits = { formsPerIp: { max: 3, windowMs: 10 * 60_000 } };
  proxied = await createTestServer({ trustProxy: 1, rateLimits, now: () => testNow });
  direct = await createTestServer({ rateLimits, now: () => testNow });
});
afterAll(() => {
  void proxied.close();
  void direct.close();
});

/** Posts a subscription as a client whose request went through proxies adding `forwardedFor`. */
function subscribe(server: TestServer, forwardedFor: string, email: string) {
  return server.postForm(
    '/api/subscribe',
    { email, topic: 'all' },
    {
      'X-Forwarded-For': forwardedFor,
    },
  );
}

describe('behind a reverse proxy', () => {
  it('limits a client by the address its proxy appended, whatever it writes to the left', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await subscribe(
        proxied,
        `198.51.100.${attempt}, 203.0.113.9`,
        `spoof${attempt}@customer.example`,
      );
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // Another client behind the same proxy is not held back by the first.
    expect((await subscribe(proxied, '203.0.113.10', 'other@customer.example')).status).toBe(200);
  });

  it('counts hops from the right with ATTEST_TRUST_PROXY=2 (a CDN in front of the proxy)', async () => {
    const twoHops = await createTestServer({
      trustProxy: 2,
      rateLimits: { formsPerIp: { max: 2, windowMs: 10 * 60_000 } },
      now: () => testNow,
    });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt++) {
        const forwarded = `10.9.9.${attempt}, 192.0.2.44, 172.16.0.${attempt}`;
        statuses.push(
          (await subscribe(twoHops, forwarded, `hop${attempt}@customer.example`)).status,
        );
      }
      expect(statuses).toEqual([200, 200, 429, 429]);
    } finally {
      void twoHops.close();
    }
  });

  it('sends HSTS and a Secure session cookie when the proxy says the client used https', async () => {
    const page = await proxied.app.request(`${proxied.origin}/`, {
      headers: { 'X-Forwarded-Proto': 'https' },
    });
    expect(page.headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
    const { setupToken } = await createUser(proxied.store, {
      email: 'ada@acme.example',
      role: 'admin',
      now: testNow,
    });
    const password = 'correct horse battery';
    await proxied.postForm(`/admin/setup/${setupToken}`, { password, confirm: password });
    const signIn = await proxied.postForm(
      '/admin/login',
      { email: 'ada@acme.example', password },
      { 'X-Forwarded-Proto': 'https' },
    );
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('ignores X-Forwarded-Proto from clients when no proxy is trusted', async () => {
    const page = await direct.app.request(`${direct.origin}/`, {
      headers: { 'X-Forwarded-Proto': 'https' },
    });
    expect(page.headers.get('strict-transport-security')).toBeNull();
  });

  it('redirects a trailing slash to a path on this site, never to the Host a client sent', async () => {
    const response = await direct.app.request('http://evil.example/admin/users/');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/admin/users');
  });

  it('reads ATTEST_TRUST_PROXY as a hop count and trusts no proxy on anything else, saying so', () => {
    const warnings: string[] = [];
    const log = (line: string) => warnings.push(line);
    expect([undefined, '', '0', '1', '2'].map((value) => trustProxyFromEnv(value, log))).toEqual([
      0, 0, 0, 1, 2,
    ]);
    expect(warnings).toEqual([]);
    expect(trustProxyFromEnv('yes', log)).toBe(0);
    expect(warnings[0]).toContain('ATTEST_TRUST_PROXY must be the number of your proxies');
  });
});
