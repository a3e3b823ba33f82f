import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../render/security-headers.ts';
import { createTestServer, type TestServer } from './test-support.ts';

const siteOrigin = 'https://trust.example.com';
const otherOrigin = 'https://evil.example';

let server: TestServer;
let plain: TestServer;
beforeAll(async () => {
  server = await createTestServer({ siteOrigin });
  plain = await createTestServer();
});
afterAll(async () => {
  await server.close();
  await plain.close();
});

/** A browser's preflight for a JSON post to `path` from `origin`. */
const preflight = (target: TestServer, path: string, origin: string) =>
  target.app.request(`${target.origin}${path}`, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type',
    },
  });

/** A cross-origin browser form post (Sec-Fetch-Site: cross-site) from `origin`. */
const crossSiteForm = (target: TestServer, path: string, origin: string, fields: object) =>
  target.postForm(path, fields as Record<string, string>, {
    Origin: origin,
    'Sec-Fetch-Site': 'cross-site',
  });

describe('the static export on another origin (ATTEST_SITE_ORIGIN)', () => {
  it('answers a preflight from the site origin with exactly that origin, the methods and headers', async () => {
    for (const path of ['/api/subscribe', '/api/access-requests', '/api/reports']) {
      const response = await preflight(server, path, siteOrigin);
      expect(response.status, path).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(siteOrigin);
      expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
      expect(response.headers.get('access-control-allow-headers')).toBe('Content-Type,Accept');
      expect(response.headers.get('vary')).toContain('Origin');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('gives any other origin no CORS header at all, preflight or not', async () => {
    const response = await preflight(server, '/api/subscribe', otherOrigin);
    expect(response.status).not.toBe(204);
    for (const name of ['allow-origin', 'allow-methods', 'allow-headers'])
      expect(response.headers.get(`access-control-${name}`)).toBeNull();
    const json = await server.app.request(`${server.origin}/api/subscribe`, {
      method: 'POST',
      headers: { Origin: otherOrigin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'x@customer.example', topic: 'all' }),
    });
    expect(json.headers.get('access-control-allow-origin')).toBeNull();
    expect(json.headers.get('vary')).toContain('Origin');
    // Without ATTEST_SITE_ORIGIN, not even the would-be site origin gets one.
    const unset = await preflight(plain, '/api/subscribe', siteOrigin);
    expect(unset.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("accepts the site origin's cross-site form posts and refuses another origin's as before", async () => {
    const fields = { email: 'buyer@customer.example', topic: 'all' };
    const accepted = await crossSiteForm(server, '/api/subscribe', siteOrigin, fields);
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain('Check your inbox');
    expect(accepted.headers.get('access-control-allow-origin')).toBe(siteOrigin);
    expect(accepted.headers.get('vary')).toContain('Origin');

    const refused = await crossSiteForm(server, '/api/subscribe', otherOrigin, fields);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const refusedReport = await crossSiteForm(server, '/api/reports', otherOrigin, {
      title: 'x',
    });
    expect(refusedReport.status).toBe(403);
    // Unset, the site origin is just another origin.
    expect((await crossSiteForm(plain, '/api/subscribe', siteOrigin, fields)).status).toBe(403);
  });

  it('never lets the site origin post to the admin area', async () => {
    const response = await crossSiteForm(server, '/admin/login', siteOrigin, {
      email: 'a@b.example',
      password: 'x',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("keeps the server's own CSP: forms post to its own origin only", async () => {
    const response = await server.app.request(`${server.origin}/`);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(contentSecurityPolicy()).toContain("form-action 'self'");
  });
});
