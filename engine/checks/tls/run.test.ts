import { createServer as createNetServer } from 'node:net';
import { connect, createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  createSelfSignedCertificate,
  createTestCa,
  daysFromNow,
  type TestCa,
} from '../test-support/certificates.ts';
import { runCheckInChild } from '../test-support/check-in-child.ts';
import { testContext } from '../test-support/context.ts';
import {
  listen,
  startSilentServer,
  startTlsServer,
  type TestServer,
} from '../test-support/servers.ts';
import type { ResolvedAddress } from '../types.ts';
import { tlsCheck } from './run.ts';
import { tlsEvidence } from './spec.ts';

type TlsExpect = z.input<typeof tlsEvidence>['expect'];
type Started = Awaited<ReturnType<typeof startTlsServer>>;

const legacyCiphers = 'DEFAULT@SECLEVEL=0';
let ca: TestCa;
let modern: Started; // TLS 1.2–1.3, certificate from the test CA
let tls13: Started;
let tls12: Started;
let legacy: Started; // TLS 1.0–1.3
let legacyOnly: Started; // TLS 1.0–1.1
let expired: Started;
let expiringSoon: Started;
let selfSigned: Started;
let wrongHost: Started;
let appTest: Started;
let resetting: TestServer;
let silent: TestServer;
let closedPort: number;

/** Like IIS with old protocols disabled: resets (no alert) a ClientHello capped below TLS 1.2. */
function startResettingServer(tlsOptions: TlsOptions): Promise<TestServer> {
  const tlsServer = createTlsServer(tlsOptions, (socket) => socket.end());
  const server = createNetServer((socket) => {
    socket.once('data', (hello: Buffer) => {
      // 5-byte record header, 4-byte handshake header, then the ClientHello's client_version.
      if (hello.readUInt16BE(9) < 0x0303) return void socket.resetAndDestroy();
      socket.pause();
      socket.unshift(hello);
      tlsServer.emit('connection', socket);
    });
  });
  return listen(server, 'https');
}

beforeAll(async () => {
  ca = createTestCa();
  const valid = ca.issue();
  [
    modern,
    tls13,
    tls12,
    legacy,
    legacyOnly,
    expired,
    expiringSoon,
    selfSigned,
    wrongHost,
    appTest,
  ] = await Promise.all([
    startTlsServer({ ...valid, minVersion: 'TLSv1.2' }),
    startTlsServer({ ...valid, minVersion: 'TLSv1.3' }),
    startTlsServer({ ...valid, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }),
    startTlsServer({ ...valid, minVersion: 'TLSv1', ciphers: legacyCiphers }),
    startTlsServer({
      ...valid,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: legacyCiphers,
    }),
    startTlsServer(ca.issue({ validFrom: daysFromNow(-100), validTo: daysFromNow(-2) })),
    startTlsServer(ca.issue({ validTo: daysFromNow(5.5) })),
    startTlsServer(createSelfSignedCertificate()),
    startTlsServer(ca.issue({ names: ['other.test'] })),
    startTlsServer(ca.issue({ names: ['app.test'] })),
  ]);
  resetting = await startResettingServer(valid);
  silent = await startSilentServer();
  const gone = await startSilentServer();
  closedPort = gone.port;
  await gone.close();
});

afterAll(async () => {
  const servers = [modern, tls13, tls12, legacy, legacyOnly, expired, expiringSoon, selfSigned];
  await Promise.all(
    [...servers, wrongHost, appTest, resetting, silent].map((server) => server.close()),
  );
});

function run(
  target: string,
  expectations: TlsExpect,
  options: { trustCa?: boolean; timeoutMs?: number; resolve?: Map<string, ResolvedAddress> } = {},
) {
  const check = tlsEvidence.parse({ check: 'tls', target, expect: expectations });
  const context = testContext(target, {
    extraCa: options.trustCa === false ? [] : [ca.cert],
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  return tlsCheck.run(check, context);
}

const hostPort = (server: TestServer) => `localhost:${server.port}`;

/** Whether this machine's TLS library can complete a TLS 1.1 handshake at all. */
function localClientSpeaksTls11(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: legacyCiphers,
      rejectUnauthorized: false,
    });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('tls check: pass', () => {
  it('reports protocol, certificate and trust of a valid chain and proves older versions are refused', async () => {
    const outcome = await run(modern.origin, {
      minVersion: 'TLSv1.2',
      minDaysToExpiry: 14,
      trusted: true,
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.observed).toMatchObject({
      protocol: 'TLSv1.3',
      subject: 'CN=localhost',
      issuer: 'CN=Attest Test CA',
      trusted: true,
      probes: { 'TLSv1.1 and older': expect.stringMatching(/^refused \(protocol version alert\)/) },
    });
    expect((outcome.observed as { daysToExpiry: number }).daysToExpiry).toBeGreaterThanOrEqual(88);
    expect(outcome.message).toMatch(
      /negotiates TLSv1\.3, TLSv1\.1 and older refused; certificate valid for \d+ more day/,
    );
  });

  it('accepts host:port targets and a TLS 1.3-only server for minVersion and maxVersion TLSv1.3', async () => {
    const outcome = await run(hostPort(tls13), { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
    expect(outcome.status).toBe('pass');
    expect(outcome.observed).toMatchObject({
      probes: {
        'TLSv1.2 and older': expect.stringMatching(/^refused/),
        'TLSv1.3': 'accepted (TLSv1.3)',
      },
    });
  });

  it('passes a certificate inside the warning window but says so', async () => {
    const outcome = await run(expiringSoon.origin, {});
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'warning: the certificate expires in 5 days, within the 30-day warning window',
    );
  });

  it('connects to the --resolve address while SNI and name checks keep the declared host', async () => {
    const resolve = new Map([['app.test', { address: '127.0.0.1', port: appTest.port }]]);
    const outcome = await run('https://app.test', { trusted: true }, { resolve });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toMatch(/^app\.test:443 negotiates/);
    expect(outcome.observed).toMatchObject({ subject: 'CN=app.test', trusted: true });
    expect(appTest.servernames).toContain('app.test');
  });

  it('reports an untrusted chain without failing when trust is not required', async () => {
    const outcome = await run(selfSigned.origin, {});
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('untrusted chain (DEPTH_ZERO_SELF_SIGNED_CERT)');
  });
});

describe('tls check: fail', () => {
  it('fails a server that still accepts TLS 1.2 when TLS 1.3 is the minimum', async () => {
    const outcome = await run(modern.origin, { minVersion: 'TLSv1.3' });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('accepts TLSv1.2, older than the required TLSv1.3');
    expect(outcome.hint).toContain('disable protocols older than TLSv1.3');
  });

  it('fails a server that refuses the required maxVersion', async () => {
    const outcome = await run(tls12.origin, { maxVersion: 'TLSv1.3' });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('refuses TLSv1.3 (protocol version alert)');
  });

  it('fails (or, where the local TLS library cannot offer TLS 1.1, errors) on a server accepting TLS 1.0/1.1', async () => {
    const outcome = await run(legacy.origin, { minVersion: 'TLSv1.2' });
    if (await localClientSpeaksTls11(legacy.port)) {
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain('accepts TLSv1.1, older than the required TLSv1.2');
    } else {
      expect(outcome.status).toBe('error');
      expect(outcome.message).toContain('cannot tell whether TLSv1.1 and older is refused');
    }
  });

  it('fails a server that only speaks TLS 1.0/1.1', async () => {
    const outcome = await run(legacyOnly.origin, {});
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'refuses TLS 1.2 and 1.3 and only completes a TLSv1.1 handshake',
    );
  });

  it('fails an expired certificate even without minDaysToExpiry', async () => {
    const outcome = await run(expired.origin, {});
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('certificate expired 2 days ago');
    expect(outcome.hint).toContain('renew the certificate');
  });

  it('fails a certificate expiring in 5 days against minDaysToExpiry 14', async () => {
    const outcome = await run(expiringSoon.origin, { minDaysToExpiry: 14 });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('certificate expires in 5 days, under the required 14');
  });

  it.each([
    ['a self-signed certificate', () => selfSigned.origin, true, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['an unknown CA', () => modern.origin, false, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['an expired certificate', () => expired.origin, true, 'CERT_HAS_EXPIRED'],
    [
      'a certificate for another host',
      () => wrongHost.origin,
      true,
      'ERR_TLS_CERT_ALTNAME_INVALID',
    ],
  ])('fails trusted: true with %s', async (_name, target, trustCa, reason) => {
    const outcome = await run(target(), { trusted: true }, { trustCa });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(`certificate chain is not trusted (${reason})`);
    expect(outcome.observed).toMatchObject({ trusted: false, authorizationError: reason });
  });
});

describe('tls check: error', () => {
  it('errors, never passes, when the local TLS library refuses to offer TLS 1.0/1.1', async () => {
    // A real child process whose OpenSSL configuration forbids TLS 1.0/1.1, as hardened
    // distributions do; the server would accept them, so a pass here would be a lie.
    const config = fileURLToPath(
      new URL('../test-support/openssl-modern-only.cnf', import.meta.url),
    );
    const evidence = tlsEvidence.parse({
      check: 'tls',
      target: legacy.origin,
      expect: { minVersion: 'TLSv1.2' },
    });
    const result = await runCheckInChild(
      { evidence, target: legacy.origin, extraCa: [ca.cert], timeoutMs: 5_000 },
      { OPENSSL_CONF: config },
    );
    expect(result).toMatchObject({
      outcome: {
        status: 'error',
        message: expect.stringContaining(
          'cannot tell whether TLSv1.1 and older is refused: the local TLS library cannot offer TLSv1–TLSv1.1 (ERR_SSL_NO_PROTOCOLS_AVAILABLE)',
        ),
        hint: expect.stringContaining('old protocols'),
      },
    });
  });

  it('errors when the server resets an old-protocol ClientHello instead of refusing it with an alert', async () => {
    expect((await run(resetting.origin, { maxVersion: 'TLSv1.3' })).status).toBe('pass');
    await expect(run(resetting.origin, { minVersion: 'TLSv1.2' })).rejects.toMatchObject({
      name: 'CheckError',
      message: `localhost:${resetting.port} closed the connection on a TLSv1–TLSv1.1 ClientHello without a TLS alert, so whether it refuses TLSv1–TLSv1.1 is unclear`,
      hint: expect.stringContaining('-tls1_1'),
    });
  });

  it('errors at the timeout, naming it, on a server that accepts and never answers', async () => {
    await expect(run(`localhost:${silent.port}`, {}, { timeoutMs: 300 })).rejects.toMatchObject({
      name: 'CheckError',
      message: expect.stringContaining('did not answer before the timeout'),
    });
  });

  it('errors on a refused connection, retryably', async () => {
    await expect(run(`127.0.0.1:${closedPort}`, {})).rejects.toMatchObject({
      name: 'CheckError',
      message: `127.0.0.1:${closedPort} refused the connection`,
      retryable: true,
    });
  });

  it('errors on a target that is not https://host[:port] or host:port', async () => {
    await expect(run('http://localhost:80', {})).rejects.toThrow(
      'is not https://host[:port] or host:port',
    );
  });
});
