import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { daysFromNow } from '../test-support/certificates.ts';
import { testContext } from '../test-support/context.ts';
import { startHttpServer, startSilentServer, type TestServer } from '../test-support/servers.ts';
import { securityTxtCheck } from './run.ts';
import { securityTxtEvidence } from './spec.ts';

type SecurityTxtExpect = z.input<typeof securityTxtEvidence>['expect'];

const plain = 'text/plain; charset=utf-8';
const inDays = (days: number) => daysFromNow(days).toISOString();

function file(...lines: string[]) {
  return `${lines.join('\n')}\n`;
}

const good = file(
  '# Our disclosure policy',
  'contact: mailto:security@good.test',
  'Contact: https://good.test/report',
  `EXPIRES: ${inDays(200)}`,
  'Canonical: https://good.test/.well-known/security.txt',
  'Preferred-Languages: en, de',
);

const signed = [
  '-----BEGIN PGP SIGNED MESSAGE-----',
  'Hash: SHA512',
  '',
  'Contact: mailto:security@signed.test',
  `Expires: ${inDays(100)}`,
  '- -- an escaped line that starts with a dash',
  '-----BEGIN PGP SIGNATURE-----',
  '',
  'iHUEARYKAB0WIQTexample=',
  '-----END PGP SIGNATURE-----',
  '',
].join('\r\n');

/** Host name → how that host answers /.well-known/security.txt. */
const sites: Record<string, (response: ServerResponse) => void> = {
  good: (response) => response.writeHead(200, { 'content-type': plain }).end(good),
  signed: (response) => response.writeHead(200, { 'content-type': plain }).end(signed),
  far: (response) =>
    response
      .writeHead(200, { 'content-type': 'text/plain' })
      .end(file('Contact: mailto:a@far.test', `Expires: ${inDays(500)}`)),
  moved: (response) =>
    response
      .writeHead(301, { location: `http://good.test:${server.port}/.well-known/security.txt` })
      .end(),
  expired: (response) =>
    response
      .writeHead(200, { 'content-type': plain })
      .end(file('Contact: mailto:a@expired.test', `Expires: ${inDays(-10)}`)),
  soon: (response) =>
    response
      .writeHead(200, { 'content-type': plain })
      .end(file('Contact: mailto:a@soon.test', `Expires: ${inDays(10.5)}`)),
  nocontact: (response) =>
    response
      .writeHead(200, { 'content-type': plain })
      .end(file('# Contact: mailto:commented@out.test', `Expires: ${inDays(90)}`)),
  twoexpires: (response) =>
    response
      .writeHead(200, { 'content-type': plain })
      .end(file('Contact: mailto:a@two.test', `Expires: ${inDays(90)}`, `Expires: ${inDays(120)}`)),
  baddate: (response) =>
    response
      .writeHead(200, { 'content-type': plain })
      .end(file('Contact: mailto:a@bad.test', 'Expires: next year')),
  html: (response) =>
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><p>${good}</p>`),
  missing: (response) => response.writeHead(404, { 'content-type': 'text/plain' }).end('not found'),
  broken: (response) => response.writeHead(503).end(),
};

let server: TestServer;
let silent: TestServer;

beforeAll(async () => {
  server = await startHttpServer((request, response) => {
    const site = request.headers.host?.split('.')[0] ?? '';
    const answer = request.url === '/.well-known/security.txt' ? sites[site] : undefined;
    if (answer) answer(response);
    else response.writeHead(404).end();
  });
  silent = await startSilentServer();
});

afterAll(async () => {
  await Promise.all([server.close(), silent.close()]);
});

function run(
  site: string,
  expectations: SecurityTxtExpect,
  options: { timeoutMs?: number; target?: string } = {},
) {
  const target = options.target ?? `http://${site}.test:${server.port}/some/page`;
  const check = securityTxtEvidence.parse({ check: 'security-txt', target, expect: expectations });
  const resolve = new Map(
    Object.keys(sites).map((name) => [`${name}.test`, { address: '127.0.0.1' }]),
  );
  return securityTxtCheck.run(
    check,
    testContext(target, {
      resolve,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    }),
  );
}

describe('security-txt check: pass', () => {
  it('validates the file at the origin, with case-insensitive fields and comments ignored', async () => {
    const outcome = await run('good', {
      minDaysToExpiry: 30,
      contact: 'mailto:security@good.test',
      canonical: 'https://good.test/.well-known/security.txt',
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.observed).toMatchObject({
      url: `http://good.test:${server.port}/.well-known/security.txt`,
      signed: false,
      contact: ['mailto:security@good.test', 'https://good.test/report'],
      daysToExpiry: 199,
    });
    expect(outcome.message).toMatch(/lists 2 contacts and expires in 199 days$/);
  });

  it('reads a PGP cleartext-signed file without its armour', async () => {
    const outcome = await run('signed', { contact: 'mailto:security@signed.test' });
    expect(outcome.status).toBe('pass');
    expect(outcome.observed).toMatchObject({
      signed: true,
      contact: ['mailto:security@signed.test'],
    });
  });

  it('follows redirects', async () => {
    const outcome = await run('moved', {});
    expect(outcome.status).toBe('pass');
    expect(outcome.observed).toMatchObject({
      url: `http://good.test:${server.port}/.well-known/security.txt`,
    });
  });

  it('warns, without failing, about an expiry more than a year ahead and a missing charset', async () => {
    const outcome = await run('far', {});
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'warning: Expires is more than a year ahead (RFC 9116 recommends less); Content-Type lacks charset=utf-8',
    );
  });
});

describe('security-txt check: fail', () => {
  it.each([
    ['expired', {}, /: expired on \d{4}-/],
    ['soon', { minDaysToExpiry: 30 }, /: expires in 10 days, under the required 30$/],
    ['nocontact', {}, /: no Contact field$/],
    ['twoexpires', {}, /: 2 Expires fields \(exactly one is allowed\)$/],
    ['baddate', {}, /: Expires "next year" is not an RFC 3339 date-time$/],
    ['html', {}, /: served as text\/html, not text\/plain$/],
    ['missing', {}, /: answered 404, not 200$/],
    [
      'good',
      { contact: 'mailto:other@good.test' },
      /: Contact mailto:other@good.test is not listed$/,
    ],
    [
      'good',
      { canonical: 'https://elsewhere.test/.well-known/security.txt' },
      /Canonical .* is not listed$/,
    ],
  ] as [string, SecurityTxtExpect, RegExp][])(
    'fails %s with %j',
    async (site, expectations, message) => {
      const outcome = await run(site, expectations);
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toMatch(message);
      expect(outcome.hint).toBeTruthy();
    },
  );
});

describe('security-txt check: error', () => {
  it('errors on a server error', async () => {
    await expect(run('broken', {})).rejects.toMatchObject({
      name: 'CheckError',
      message: expect.stringContaining('answered 503'),
    });
  });

  it('errors at the timeout, naming it, on a server that accepts and never answers', async () => {
    await expect(
      run('silent', {}, { timeoutMs: 300, target: silent.origin }),
    ).rejects.toMatchObject({
      name: 'CheckError',
      message: expect.stringContaining('did not answer before the timeout'),
    });
  });
});
