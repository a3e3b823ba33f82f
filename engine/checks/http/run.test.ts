import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createTestCa, type TestCa } from '../test-support/certificates.ts';
import { testContext } from '../test-support/context.ts';
import {
  startHttpServer,
  startHttpsServer,
  startSilentServer,
  type TestServer,
} from '../test-support/servers.ts';
import { httpCheck } from './run.ts';
import { httpEvidence } from './spec.ts';

type HttpExpect = z.input<typeof httpEvidence>['expect'];

let ca: TestCa;
let plain: TestServer;
let secure: TestServer;
let silent: TestServer;
let closedPort: number;
const hostHeaders: string[] = [];

// Both servers are reached as app.test through --resolve, so "same host" redirects can be real.
const httpOrigin = () => `http://app.test:${plain.port}`;
const httpsOrigin = () => `https://app.test:${secure.port}`;

function redirect(response: ServerResponse, status: number, location: string) {
  response.writeHead(status, { location }).end();
}

function plainRoutes(request: IncomingMessage, response: ServerResponse) {
  hostHeaders.push(request.headers.host ?? '');
  switch (request.url) {
    case '/ok':
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-thing': 'abc' });
      response.end('hello world');
      return;
    case '/upgrade':
      return redirect(response, 301, `${httpsOrigin()}/`);
    case '/elsewhere':
      return redirect(response, 301, `https://other.test:${secure.port}/`);
    case '/sideways':
      return redirect(response, 302, '/ok');
    case '/downgrade':
      return redirect(response, 301, `${httpsOrigin()}/back-to-http`);
    case '/to-docs':
      return redirect(response, 302, `${httpsOrigin()}/docs/page`);
    case '/loop':
      return redirect(response, 302, '/loop-again');
    case '/loop-again':
      return redirect(response, 302, '/loop');
    default:
      response.writeHead(404).end('not found');
  }
}

beforeAll(async () => {
  ca = createTestCa();
  plain = await startHttpServer(plainRoutes);
  secure = await startHttpsServer(ca.issue({ names: ['app.test'] }), (request, response) => {
    if (request.url === '/back-to-http') return redirect(response, 302, `${httpOrigin()}/ok`);
    response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>docs</h1>');
  });
  silent = await startSilentServer();
  const gone = await startSilentServer();
  closedPort = gone.port;
  await gone.close();
});

afterAll(async () => {
  await Promise.all([plain, secure, silent].map((server) => server.close()));
});

function run(target: string, expectations: HttpExpect, options: { timeoutMs?: number } = {}) {
  const check = httpEvidence.parse({ check: 'http', target, expect: expectations });
  const context = testContext(target, {
    extraCa: [ca.cert],
    resolve: new Map([
      ['app.test', { address: '127.0.0.1' }],
      ['other.test', { address: '127.0.0.1' }],
    ]),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  return httpCheck.run(check, context);
}

describe('http check: pass', () => {
  it('checks status, headers and body of a direct answer, keeping the declared Host', async () => {
    const outcome = await run(`${httpOrigin()}/ok`, {
      status: 200,
      headers: { 'X-Thing': 'present', Server: 'absent', 'Content-Type': '^text/plain' },
      bodyContains: 'hello',
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(`${httpOrigin()}/ok answered 200`);
    expect(outcome.observed).toMatchObject({
      status: 200,
      headers: { 'X-Thing': 'abc', Server: null, 'Content-Type': 'text/plain; charset=utf-8' },
      bodyContains: true,
    });
    expect(hostHeaders).toContain(`app.test:${plain.port}`);
  });

  it('proves http → https on the same host and records every hop', async () => {
    const outcome = await run(`${httpOrigin()}/upgrade`, { redirectsTo: 'https', status: 200 });
    expect(outcome.status).toBe('pass');
    expect(outcome.observed).toMatchObject({
      url: `${httpsOrigin()}/`,
      hops: [
        { url: `${httpOrigin()}/upgrade`, status: 301, location: `${httpsOrigin()}/` },
        { url: `${httpsOrigin()}/`, status: 200 },
      ],
    });
    expect(outcome.message).toBe(
      `${httpOrigin()}/upgrade redirects to ${httpsOrigin()}/ (1 hop), which answers 200`,
    );
  });

  it('accepts a final URL under the expected prefix, and a listed status', async () => {
    const toDocs = await run(`${httpOrigin()}/to-docs`, { redirectsTo: `${httpsOrigin()}/docs/` });
    expect(toDocs.status).toBe('pass');
    const missing = await run(`${httpOrigin()}/nothing`, { status: [401, 404] });
    expect(missing.status).toBe('pass');
  });
});

describe('http check: fail', () => {
  it.each([
    ['no redirect at all', '/ok', 'answered 200 instead of redirecting to https'],
    [
      'a redirect to another host',
      '/elsewhere',
      'the first redirect leaves the host: app.test → other.test',
    ],
    ['a redirect that stays on http', '/sideways', 'the first redirect goes to http://app.test'],
    ['a chain that ends on http', '/downgrade', 'the redirects end on http://app.test'],
  ])('fails redirectsTo: https on %s', async (_name, path, message) => {
    const outcome = await run(`${httpOrigin()}${path}`, { redirectsTo: 'https' });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(message);
    expect(outcome.hint).toContain('301 or 308');
    expect((outcome.observed as { hops: unknown[] }).hops.length).toBeGreaterThanOrEqual(1);
  });

  it('fails a redirect loop and shows it', async () => {
    const outcome = await run(`${httpOrigin()}/loop`, { status: 200 });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(/^redirect loop: .*\/loop → .*\/loop-again → .*\/loop/);
  });

  it('fails a final URL outside the expected prefix', async () => {
    const outcome = await run(`${httpOrigin()}/to-docs`, { redirectsTo: `${httpsOrigin()}/api/` });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      `ends on ${httpsOrigin()}/docs/page, not under ${httpsOrigin()}/api/`,
    );
  });

  it('fails a wrong status, and an error status when no status is given', async () => {
    const wrong = await run(`${httpOrigin()}/ok`, { status: [201, 204] });
    expect(wrong.message).toBe('final status 200, expected 201 or 204');
    const notFound = await run(`${httpOrigin()}/nothing`, {});
    expect(notFound.status).toBe('fail');
    expect(notFound.message).toBe('final status 404 is an error (expected below 400)');
  });

  it('names every header and body problem', async () => {
    const outcome = await run(`${httpOrigin()}/ok`, {
      headers: { 'X-Missing': 'present', 'X-Thing': 'absent', 'Content-Type': '^application/json' },
      bodyContains: 'goodbye',
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'header X-Missing is missing; header X-Thing is present; header Content-Type is "text/plain; charset=utf-8", not matching /^application/json/; body does not contain "goodbye"',
    );
  });
});

describe('http check: error', () => {
  it('errors at the timeout, naming it, on a server that accepts and never answers', async () => {
    await expect(
      run(`http://127.0.0.1:${silent.port}/`, {}, { timeoutMs: 300 }),
    ).rejects.toMatchObject({
      name: 'CheckError',
      message: expect.stringContaining('did not answer before the timeout'),
    });
  });

  it('errors on a refused connection', async () => {
    await expect(run(`http://127.0.0.1:${closedPort}/`, { status: 200 })).rejects.toThrow(
      'refused the connection',
    );
  });

  it('errors when it cannot prove an upgrade or parse the target', async () => {
    await expect(run(`${httpsOrigin()}/`, { redirectsTo: 'https' })).rejects.toThrow(
      'needs an http:// target',
    );
    await expect(run('ftp://app.test/file', {})).rejects.toThrow('is not an absolute http(s) URL');
    await expect(run(`${httpOrigin()}/ok`, { redirectsTo: '/relative' })).rejects.toThrow(
      'is neither `https` nor an absolute URL',
    );
  });
});
