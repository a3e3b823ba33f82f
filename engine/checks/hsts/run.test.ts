import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { policy } from '../../schema/index.ts';
import { createTestCa, type TestCa } from '../test-support/certificates.ts';
import { testContext } from '../test-support/context.ts';
import { startHttpsServer, startSilentServer, type TestServer } from '../test-support/servers.ts';
import { hstsCheck } from './run.ts';
import { hstsEvidence } from './spec.ts';

type HstsExpect = z.input<typeof hstsEvidence>['expect'];

const headersByPath: Record<string, string | string[]> = {
  '/preload': 'max-age=63072000; includeSubDomains; preload',
  '/year': 'max-age=31536000',
  '/day': 'max-age=86400',
  '/quoted': 'MAX-AGE="31536000"; INCLUDESUBDOMAINS',
  '/two': ['max-age=300', 'max-age=31536000; includeSubDomains'],
  '/no-max-age': 'includeSubDomains; preload',
  '/twice': 'max-age=31536000; max-age=0',
};

let ca: TestCa;
let server: TestServer;
let silent: TestServer;

beforeAll(async () => {
  ca = createTestCa();
  server = await startHttpsServer(ca.issue(), (request, response) => {
    const path = request.url ?? '/';
    const header = headersByPath[path] ?? headersByPath[path.replace('/redirect', '')];
    if (header) response.setHeader('strict-transport-security', header);
    if (path.startsWith('/redirect')) response.writeHead(301, { location: '/elsewhere' }).end();
    else response.writeHead(200).end('ok');
  });
  silent = await startSilentServer();
});

afterAll(async () => {
  await Promise.all([server.close(), silent.close()]);
});

function run(
  target: string,
  expectations: HstsExpect,
  options: { timeoutMs?: number; hstsMinMaxAge?: number } = {},
) {
  const check = hstsEvidence.parse({ check: 'hsts', target, expect: expectations });
  return hstsCheck.run(
    check,
    testContext(target, {
      extraCa: [ca.cert],
      policy: policy.parse(
        options.hstsMinMaxAge === undefined ? {} : { hstsMinMaxAge: options.hstsMinMaxAge },
      ),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    }),
  );
}

describe('hsts check: pass', () => {
  it('passes a year-plus max-age with includeSubDomains and preload', async () => {
    const outcome = await run(`${server.origin}/preload`, {
      includeSubDomains: true,
      preload: true,
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.observed).toEqual({
      status: 200,
      header: 'max-age=63072000; includeSubDomains; preload',
      maxAge: 63_072_000,
      includeSubDomains: true,
      preload: true,
    });
    expect(outcome.expected).toMatchObject({ minMaxAge: 31_536_000 });
  });

  it('reads directives case-insensitively and unquotes max-age', async () => {
    const outcome = await run(`${server.origin}/quoted`, { includeSubDomains: true });
    expect(outcome.status).toBe('pass');
    expect(outcome.observed).toMatchObject({ maxAge: 31_536_000, includeSubDomains: true });
  });

  it('reads the header of the response itself, even a redirect', async () => {
    const outcome = await run(`${server.origin}/redirect/year`, {});
    expect(outcome.status).toBe('pass');
    expect(outcome.observed).toMatchObject({ status: 301, maxAge: 31_536_000 });
  });

  it('takes its default minimum from the policy, and an explicit one over it', async () => {
    expect((await run(`${server.origin}/day`, {}, { hstsMinMaxAge: 3_600 })).status).toBe('pass');
    expect((await run(`${server.origin}/day`, { minMaxAge: 86_400 })).status).toBe('pass');
  });
});

describe('hsts check: fail', () => {
  it('fails without the header', async () => {
    const outcome = await run(`${server.origin}/none`, {});
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(`${server.origin}/none sends no Strict-Transport-Security header`);
    expect(outcome.hint).toContain('max-age=31536000');
  });

  it('fails a max-age under the policy default', async () => {
    const outcome = await run(`${server.origin}/day`, {});
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('max-age 86400 is below 31536000');
  });

  it('fails missing includeSubDomains and preload when required', async () => {
    const outcome = await run(`${server.origin}/year`, { includeSubDomains: true, preload: true });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('includeSubDomains is missing; preload is missing');
  });

  it('uses the first of several headers and says so', async () => {
    const outcome = await run(`${server.origin}/two`, {});
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'max-age 300 is below 31536000 (2 headers sent; browsers use the first)',
    );
    expect(outcome.observed).toMatchObject({ header: 'max-age=300', headerCount: 2 });
  });

  it.each([
    ['/no-max-age', 'max-age is missing'],
    ['/twice', 'directive max-age appears twice'],
  ])('fails a header browsers ignore (%s)', async (path, reason) => {
    const outcome = await run(`${server.origin}${path}`, {});
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(`the header is invalid (${reason}), so browsers ignore it`);
  });
});

describe('hsts check: error', () => {
  it('errors on an http:// target, where browsers ignore HSTS', async () => {
    await expect(run('http://127.0.0.1:1/', {})).rejects.toThrow(
      'browsers ignore the header there',
    );
  });

  it('errors at the timeout, naming it, on a server that accepts and never answers', async () => {
    await expect(
      run(`https://localhost:${silent.port}/`, {}, { timeoutMs: 300 }),
    ).rejects.toMatchObject({
      name: 'CheckError',
      message: expect.stringContaining('did not answer before the timeout'),
    });
  });

  it('errors when the certificate is not trusted', async () => {
    const check = hstsEvidence.parse({ check: 'hsts', target: `${server.origin}/year` });
    await expect(hstsCheck.run(check, testContext(`${server.origin}/year`))).rejects.toThrow(
      /TLS with localhost:\d+ failed/,
    );
  });
});
