import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testContext } from '../test-support/context.ts';
import {
  startDnsServer,
  startSilentDnsServer,
  type TestDnsServer,
} from '../test-support/dns-server.ts';
import { dnsCheck } from './run.ts';
import { dnsEvidence } from './spec.ts';

let server: TestDnsServer;
let silent: TestDnsServer;

beforeAll(async () => {
  server = await startDnsServer({
    'good.test': {
      caa: [
        { tag: 'issue', value: 'letsencrypt.org' },
        { tag: 'issuewild', value: 'letsencrypt.org; validationmethods=dns-01' },
        { tag: 'iodef', value: 'mailto:security@good.test' },
      ],
      txt: [
        ['v=spf1 include:_spf.good.test ', 'ip4:192.0.2.0/24 -all'],
        'google-site-verification=abc123',
      ],
      mx: [
        { exchange: 'mx2.good.test', priority: 20 },
        { exchange: 'mx1.good.test', priority: 10 },
      ],
    },
    '_dmarc.good.test': { txt: ['v=DMARC1; p=reject; rua=mailto:dmarc@good.test'] },
    'app.good.test': {},
    'weak.test': {
      caa: [
        { tag: 'issue', value: 'letsencrypt.org' },
        { tag: 'issue', value: 'pki.goog; cansignhttpexchanges=yes' },
      ],
      txt: ['v=spf1 include:_spf.weak.test ~all'],
    },
    '_dmarc.weak.test': { txt: ['v=DMARC1; p=none'] },
    'plain.test': { txt: ['hello'], mx: [{ exchange: '', priority: 0 }] },
    'two-spf.test': { txt: ['v=spf1 -all', 'v=spf1 include:mail.test -all'] },
    'open.test': { txt: ['v=spf1 a mx ?all'] },
    'redirect.test': { txt: ['v=spf1 redirect=_spf.provider.test'] },
    '_spf.provider.test': { txt: ['v=spf1 ip4:198.51.100.0/24 -all'] },
    'broken.test': { servfail: true },
  });
  silent = await startSilentDnsServer();
});

afterAll(async () => {
  await server.close();
  await silent.close();
});

type DnsExpect = z.input<typeof dnsEvidence>['expect'];

function run(
  domain: string,
  expectations: DnsExpect,
  options: { timeoutMs?: number; servers?: string[] } = {},
) {
  const check = dnsEvidence.parse({ check: 'dns', target: domain, expect: expectations });
  const context = testContext(domain, {
    dnsServers: options.servers ?? [server.address],
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  return dnsCheck.run(check, context);
}

describe('dns check: pass', () => {
  it('passes when CAA, SPF, DMARC, TXT and MX all match', async () => {
    const outcome = await run('good.test', {
      caa: ['letsencrypt.org'],
      spf: '-all',
      dmarc: 'reject',
      txt: '^google-site-verification=',
      mx: ['mx1.good.test', 'MX2.good.test.'],
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe('good.test: CAA, SPF, DMARC, TXT, MX as expected');
    expect(outcome.observed).toMatchObject({
      caa: { at: 'good.test', issue: ['letsencrypt.org'] },
      spf: { record: 'v=spf1 include:_spf.good.test ip4:192.0.2.0/24 -all', all: '-all' },
      dmarc: { policy: 'reject' },
      txt: { matched: 'google-site-verification=abc123' },
      mx: ['10 mx1.good.test', '20 mx2.good.test'],
    });
  });

  it('accepts stricter settings than required: -all for ~all, reject for quarantine', async () => {
    const outcome = await run('good.test', { spf: '~all', dmarc: 'quarantine', mx: true });
    expect(outcome.status).toBe('pass');
  });

  it('uses the nearest ancestor CAA set for a name without its own, as CAs do', async () => {
    const outcome = await run('app.good.test', { caa: ['letsencrypt.org'] });
    expect(outcome.status).toBe('pass');
    expect(outcome.observed).toMatchObject({ caa: { at: 'good.test' } });
  });

  it('follows an SPF redirect= to the record that decides', async () => {
    const outcome = await run('redirect.test', { spf: '-all' });
    expect(outcome.status).toBe('pass');
    expect(outcome.observed).toMatchObject({ spf: { all: '-all', via: ['_spf.provider.test'] } });
  });

  it('passes an expectation-free check when the domain exists, and mx: false with a null MX', async () => {
    expect((await run('app.good.test', {})).message).toBe('app.good.test resolves');
    expect((await run('plain.test', { mx: false })).status).toBe('pass');
  });
});

describe('dns check: fail', () => {
  it('reports every unmet expectation with what was found and a fix', async () => {
    const outcome = await run('weak.test', {
      caa: ['letsencrypt.org'],
      spf: '-all',
      dmarc: 'reject',
      mx: true,
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'CAA also authorises pki.goog; SPF record ends with ~all, expected -all; DMARC policy is p=none, expected reject or stricter; no MX records: the domain receives no mail',
    );
    expect(outcome.observed).toMatchObject({ dmarc: { policy: 'none' }, spf: { all: '~all' } });
    expect(outcome.hint).toContain('-all');
  });

  it('fails when the records are missing altogether', async () => {
    const outcome = await run('plain.test', {
      caa: ['letsencrypt.org'],
      spf: '~all',
      dmarc: 'quarantine',
      mx: true,
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'no CAA issue records: any CA may issue certificates; no SPF record; no DMARC record; no MX records: the domain receives no mail',
    );
  });

  it('fails two SPF records, a neutral ?all, a CA not authorised, other MX hosts, an unmatched TXT', async () => {
    expect((await run('two-spf.test', { spf: '-all' })).message).toBe(
      '2 SPF records (RFC 7208: a permanent error)',
    );
    expect((await run('open.test', { spf: '~all' })).message).toBe(
      'SPF record ends with ?all, expected ~all',
    );
    expect((await run('good.test', { caa: ['digicert.com'] })).message).toBe(
      'CAA does not authorise digicert.com; CAA also authorises letsencrypt.org',
    );
    expect((await run('good.test', { mx: ['mx1.good.test'] })).message).toBe(
      'MX also lists mx2.good.test',
    );
    const txt = await run('good.test', { txt: '^stripe-verification=' });
    expect(txt.status).toBe('fail');
    expect(txt.observed).toMatchObject({ txt: { count: 2 } });
  });
});

describe('dns check: error', () => {
  it('errors on a domain that does not exist (NXDOMAIN), even when only DMARC is asked', async () => {
    await expect(run('missing.test', { caa: ['letsencrypt.org'] })).rejects.toThrow(
      'missing.test does not exist (NXDOMAIN)',
    );
    await expect(run('missing.test', { dmarc: 'reject' })).rejects.toThrow('NXDOMAIN');
  });

  it('errors on SERVFAIL', async () => {
    await expect(run('broken.test', { mx: true })).rejects.toMatchObject({
      name: 'CheckError',
      message: 'DNS lookup of broken.test failed with SERVFAIL',
      retryable: true,
    });
  });

  it('errors at the timeout, naming it, when the DNS server never answers', async () => {
    await expect(
      run('good.test', { mx: true }, { servers: [silent.address], timeoutMs: 400 }),
    ).rejects.toMatchObject({
      name: 'CheckError',
      message: expect.stringMatching(
        /did not finish before the timeout|did not answer for good\.test \(ETIMEOUT\)/,
      ),
    });
  });

  it('errors on a target that is not a domain name', async () => {
    await expect(run('https://good.test/', {})).rejects.toThrow('is not a domain name');
  });
});
