import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testContext } from '../test-support/context.ts';
import { startHttpServer, startSilentServer, type TestServer } from '../test-support/servers.ts';
import { headersCheck } from './run.ts';
import { headersEvidence } from './spec.ts';

type HeadersExpect = z.input<typeof headersEvidence>['expect'];

const csp = 'content-security-policy';
type Headers = Record<string, string | string[]>;

const strict: Headers = {
  [csp]: "default-src 'self'; script-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'set-cookie': [
    'sid=secret-session-token; Path=/; Secure; HttpOnly; SameSite=Lax',
    'pref=1; Secure; HttpOnly; SameSite=Strict',
  ],
};

const pages: Record<string, Headers> = {
  '/strict': strict,
  '/nonce': {
    [csp]: "script-src 'nonce-r4nd0m' 'unsafe-inline' 'strict-dynamic'; object-src 'none'",
  },
  '/hash': { [csp]: "default-src 'self' 'sha256-abc123=' 'unsafe-inline'" },
  '/unsafe-inline': { [csp]: "default-src 'self'; script-src 'self' 'unsafe-inline'" },
  '/default-inline': { [csp]: "default-src 'self' 'unsafe-inline'" },
  '/unsafe-eval': { [csp]: "script-src 'nonce-r4nd0m' 'unsafe-eval'" },
  '/no-script-rules': { [csp]: "img-src 'self'" },
  '/report-only': { 'content-security-policy-report-only': "script-src 'self'" },
  '/two-policies': { [csp]: ["script-src 'self' 'unsafe-inline'", "script-src 'self'"] },
  '/bare': {},
  '/bad-cookies': {
    'set-cookie': [
      'session=abc; Path=/',
      'csrf=x; Secure; HttpOnly; SameSite=None',
      'ok=1; Secure; HttpOnly; SameSite=Lax',
    ],
  },
  '/leaky-referrer': { 'referrer-policy': 'unsafe-url' },
  '/referrer-fallback': { 'referrer-policy': 'no-referrer, strict-origin, made-up' },
  '/open-framing': {
    [csp]: "script-src 'self'; frame-ancestors *",
    'x-frame-options': 'ALLOW-FROM https://x.test',
  },
  '/xfo': { 'x-frame-options': 'SAMEORIGIN' },
  '/sniff': { 'x-content-type-options': 'sniff' },
};

let server: TestServer;
let silent: TestServer;

beforeAll(async () => {
  server = await startHttpServer((request, response) => {
    if (request.url === '/go') return void response.writeHead(302, { location: '/strict' }).end();
    response
      .writeHead(200, { 'content-type': 'text/html', ...pages[request.url ?? ''] })
      .end('<p>hi</p>');
  });
  silent = await startSilentServer();
});

afterAll(async () => {
  await Promise.all([server.close(), silent.close()]);
});

function run(target: string, expectations: HeadersExpect, options: { timeoutMs?: number } = {}) {
  const check = headersEvidence.parse({ check: 'headers', target, expect: expectations });
  const context = testContext(target, options.timeoutMs ? { timeoutMs: options.timeoutMs } : {});
  return headersCheck.run(check, context);
}

const page = (path: string) => `${server.origin}${path}`;

describe('headers check: pass', () => {
  it('applies the whole profile when no item is given, following redirects', async () => {
    const outcome = await run(page('/go'), {});
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      `${page('/strict')} meets the header profile (csp, contentTypeOptions, frameAncestors, referrerPolicy, cookies)`,
    );
    expect(outcome.observed).toMatchObject({
      url: page('/strict'),
      contentTypeOptions: 'nosniff',
      frameAncestors: { frameAncestors: "'none'", xFrameOptions: null },
      cookies: {
        sid: ['Secure', 'HttpOnly', 'SameSite=Lax'],
        pref: ['Secure', 'HttpOnly', 'SameSite=Strict'],
      },
    });
    expect(JSON.stringify(outcome)).not.toContain('secret-session-token');
  });

  it.each([
    ['a nonce beside unsafe-inline', '/nonce'],
    ['a hash in default-src', '/hash'],
    ['a second policy that forbids inline scripts', '/two-policies'],
  ])('accepts a CSP with %s', async (_name, path) => {
    expect((await run(page(path), { csp: true })).status).toBe('pass');
  });

  it('accepts X-Frame-Options SAMEORIGIN and a referrer policy from the list', async () => {
    expect((await run(page('/xfo'), { frameAncestors: true })).status).toBe('pass');
    const outcome = await run(page('/referrer-fallback'), { referrerPolicy: ['strict-origin'] });
    expect(outcome.status).toBe('pass');
  });
});

describe('headers check: fail', () => {
  it.each([
    ['/unsafe-inline', "CSP script-src allows 'unsafe-inline' without a nonce or hash"],
    ['/default-inline', "CSP default-src allows 'unsafe-inline' without a nonce or hash"],
    ['/unsafe-eval', "CSP script-src allows 'unsafe-eval'"],
    [
      '/no-script-rules',
      'Content-Security-Policy does not restrict scripts (no script-src or default-src)',
    ],
    ['/report-only', 'only Content-Security-Policy-Report-Only is sent, which enforces nothing'],
    ['/bare', 'Content-Security-Policy is missing'],
  ])('fails the CSP of %s', async (path, message) => {
    const outcome = await run(page(path), { csp: true });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(message);
    expect(outcome.hint).toContain('nonces or hashes');
  });

  it('names every offending cookie', async () => {
    const outcome = await run(page('/bad-cookies'), { cookies: true });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'cookie session lacks Secure, HttpOnly, SameSite; cookie csrf has SameSite=None (Lax or Strict needed)',
    );
  });

  it('reports each failed item of the full profile', async () => {
    const outcome = await run(page('/bare'), {});
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'Content-Security-Policy is missing; X-Content-Type-Options is missing; no framing protection (neither CSP frame-ancestors nor X-Frame-Options); Referrer-Policy is missing',
    );
    expect(outcome.hint).toContain('X-Content-Type-Options: nosniff');
  });

  it.each<[string, HeadersExpect, string]>([
    ['/leaky-referrer', { referrerPolicy: true }, 'Referrer-Policy unsafe-url leaks full URLs'],
    [
      '/referrer-fallback',
      { referrerPolicy: ['no-referrer'] },
      'Referrer-Policy is strict-origin, not one of no-referrer',
    ],
    ['/open-framing', { frameAncestors: true }, 'framing is not restricted'],
    ['/sniff', { contentTypeOptions: true }, 'X-Content-Type-Options is "sniff", not nosniff'],
  ])('fails %s', async (path, expectations, message) => {
    const outcome = await run(page(path), expectations);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(message);
  });
});

describe('headers check: skipped and error', () => {
  it('skips when every item is switched off', async () => {
    const outcome = await run(page('/bare'), { csp: false, cookies: false });
    expect(outcome.status).toBe('skipped');
  });

  it('errors at the timeout, naming it, on a server that accepts and never answers', async () => {
    await expect(run(silent.origin, { csp: true }, { timeoutMs: 300 })).rejects.toMatchObject({
      name: 'CheckError',
      message: expect.stringContaining('did not answer before the timeout'),
    });
  });

  it('errors on a target that is not an http(s) URL', async () => {
    await expect(run('localhost:8080', { csp: true })).rejects.toThrow(
      'is not an absolute http(s) URL',
    );
  });
});
