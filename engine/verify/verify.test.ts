import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAttest } from '../../scripts/cli/test-support/run-attest.ts';
import { createTestCa, type TestCa } from '../checks/test-support/certificates.ts';
import {
  listen,
  startHttpsServer,
  startSilentServer,
  type TestServer,
} from '../checks/test-support/servers.ts';
import { loadOrganisationFromDir } from '../fs/read-organisation.ts';
import { minimalOrganisation } from '../load/test-fixture.ts';
import { createMailer } from '../mail/mailer.ts';
import { publish } from '../publish/publish.ts';
import type { SigningKeys } from '../publish/signing-key.ts';
import { createApp } from '../server/app.ts';
import { openStore, type Store } from '../store/open-store.ts';
import { parseVendorList } from './verify-list.ts';
import { verifyTrustCenter } from './verify-trust-center.ts';

let dir: string;
let store: Store;
let ca: TestCa;
let publicHost: TestServer;
let hungHost: TestServer;
let trustCenter: TestServer;
/** Whether the public host still sends HSTS. */
let sendsHsts = true;
/** Paths of the trust center answered differently: a body, or null for a 404. */
const tampered = new Map<string, string | null>();
const heads: string[] = [];
let keyA: KeyObject;
let keyB: KeyObject;

function controlYaml(id: string, claim: string, evidence: string): string {
  return `id: ${id}\ntitle: Control ${id}\ncategory: encryption\nversion: 1\nupdated: 2026-01-01\nowner: security@acme.example\nvisibility: public\nstatus: implemented\nclaim: ${claim}\nevidence:\n${evidence.replace(/^/gm, '  ')}\nchangelog:\n  - { version: 1, date: 2026-01-01, note: First }\n`;
}

function writeOrganisation(claim: string) {
  const files = minimalOrganisation().filter((file) => !file.path.startsWith('controls/'));
  files.push(
    {
      path: 'controls/app-hsts.yaml',
      text: controlYaml(
        'app-hsts',
        claim,
        '- check: hsts\n  target: https://app.vendor.test/\n  expect: { minMaxAge: 31536000 }',
      ),
    },
    {
      path: 'controls/status-page.yaml',
      text: controlYaml(
        'status-page',
        'The status page answers.',
        '- check: http\n  target: https://hung.vendor.test/\n  expect: { status: 200 }',
      ),
    },
    {
      path: 'controls/pentest.yaml',
      text: controlYaml(
        'pentest',
        'An external penetration test runs every year.',
        '- attestation:\n    statement: Tested in 2026.\n    by: cto@acme.example\n    date: 2026-11-01\n    expires: 2027-11-01',
      ),
    },
  );
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.text);
  }
}

async function publishWith(claim: string, keys: SigningKeys) {
  writeOrganisation(claim);
  const { model } = await loadOrganisationFromDir(dir);
  if (!model) throw new Error('the test organisation does not load');
  const result = await publish({
    organisation: { dir, model },
    results: [],
    store,
    mailer: createMailer({ outboxDir: join(dir, 'data', 'outbox'), from: 'T <t@acme.example>' }),
    clock: { now: () => new Date() },
    outDir: join(dir, 'dist'),
    mode: 'serve',
    signingKeys: keys,
  });
  if (result.status !== 'published') throw new Error('not published');
  const trust = JSON.parse(String(result.files.get('trust.json'))) as {
    publication: { head: string };
  };
  heads.push(trust.publication.head);
}

const network = () => ({
  resolve: new Map([
    ['app.vendor.test', { address: '127.0.0.1', port: publicHost.port }],
    ['hung.vendor.test', { address: '127.0.0.1', port: hungHost.port }],
  ]),
  extraCa: [ca.cert],
  timeoutMs: 1000,
  concurrency: 8,
});

const verify = (since?: string) => verifyTrustCenter({ url: trustCenter.origin, since }, network());

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'attest-verify-'));
  ca = createTestCa();
  publicHost = await startHttpsServer(ca.issue({ names: ['app.vendor.test'] }), (_, response) => {
    if (sendsHsts) response.setHeader('strict-transport-security', 'max-age=63072000');
    response.writeHead(200).end('app');
  });
  hungHost = await startSilentServer();
  store = await openStore(join(dir, 'data', 'attest.db'));
  const app = createApp({ distDir: join(dir, 'dist') });
  trustCenter = await listen(
    createServer(async (request, response) => {
      const path = request.url ?? '/';
      if (tampered.has(path)) {
        const body = tampered.get(path);
        if (body === null || body === undefined) response.writeHead(404).end('gone');
        else response.writeHead(200, { 'content-type': 'application/json' }).end(body);
        return;
      }
      const answer = await app.fetch(new Request(`http://127.0.0.1${path}`));
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    }),
    'http',
  );
  keyA = generateKeyPairSync('ed25519').privateKey;
  keyB = generateKeyPairSync('ed25519').privateKey;
  // Publication 1 signed with key A; then the key is rotated: 2 and 3 with B, A retired.
  await publishWith('HSTS is on, first wording.', { current: keyA, retired: [] });
  const retired = [createPublicKey(keyA)];
  await publishWith('HSTS is on, second wording.', { current: keyB, retired });
  await publishWith('HSTS is on for every request to the app.', { current: keyB, retired });
}, 120_000);

afterAll(async () => {
  await Promise.all([publicHost?.close(), hungHost?.close(), trustCenter?.close()]);
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('attest verify', () => {
  it('verifies signature and history, and re-runs the public checks: HSTS holds, the hung host could not be checked, the attestation is not checkable', async () => {
    tampered.clear();
    const report = await verify();
    expect(report.fetchError).toBeUndefined();
    expect(report.signature).toMatchObject({ status: 'valid', retired: false });
    expect(report.history).toMatchObject({ ok: true, number: 3, head: heads[2], walked: 3 });
    const verdicts = Object.fromEntries(report.claims.map((claim) => [claim.id, claim.verdict]));
    expect(verdicts).toEqual({
      'app-hsts': 'holds',
      'status-page': 'could-not-check',
      pentest: 'not-checkable',
    });
    expect(report.ok).toBe(true);
    expect(report.overrides.some((override) => override.includes('app.vendor.test'))).toBe(true);
  });

  it('proves continuity from a head seen earlier, through a publication signed with the retired key', async () => {
    tampered.clear();
    const report = await verify(heads[0]);
    expect(report.history).toMatchObject({ ok: true, since: { found: true, number: 1 } });
    const forked = await verify('f'.repeat(64));
    expect(forked.ok).toBe(false);
    expect(forked.history.problem).toMatch(/not in this history/);
  });

  it('reports a tampered trust.json as a bad signature', async () => {
    tampered.clear();
    const original = await (await fetch(`${trustCenter.origin}/trust.json`)).text();
    tampered.set(
      '/trust.json',
      original.replace('for every request to the app', 'always, everywhere'),
    );
    const report = await verify();
    expect(report.signature).toMatchObject({ status: 'invalid' });
    expect(report.ok).toBe(false);
  });

  it('refuses a trust.json stripped of its signature while the key set lists a current key', async () => {
    tampered.clear();
    const original = JSON.parse(await (await fetch(`${trustCenter.origin}/trust.json`)).text());
    tampered.set('/trust.json', JSON.stringify({ ...original, signature: null }));
    const report = await verify();
    expect(report.signature).toMatchObject({ status: 'invalid', reason: /unsigned/ });
    expect(report.ok).toBe(false);
  });

  it('reports a removed middle publication as a broken history', async () => {
    tampered.clear();
    tampered.set('/publications/2.json', null);
    const report = await verify();
    expect(report.history.ok).toBe(false);
    expect(report.history.problem).toMatch(/publication 2 cannot be read/);
    expect(report.ok).toBe(false);
  });

  it('reports a claim contradicted when the public host stops sending HSTS after publication', async () => {
    tampered.clear();
    sendsHsts = false;
    try {
      const report = await verify();
      const claim = report.claims.find((item) => item.id === 'app-hsts');
      expect(claim?.verdict).toBe('contradicted');
      expect(report.ok).toBe(false);
    } finally {
      sendsHsts = true;
    }
  });

  it('gives up on a hung host within the timeout, as could-not-check', async () => {
    tampered.clear();
    const started = Date.now();
    const report = await verify();
    const claim = report.claims.find((item) => item.id === 'status-page');
    expect(claim?.verdict).toBe('could-not-check');
    expect(claim?.evidence[0]?.message).toMatch(/time|verdict/i);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('exits 0 when verified, 1 on a contradiction or bad signature, 2 on usage errors, from the command line', async () => {
    tampered.clear();
    writeFileSync(join(dir, 'ca.pem'), ca.cert);
    const args = [
      'verify',
      trustCenter.origin,
      '--resolve',
      `app.vendor.test:127.0.0.1:${publicHost.port}`,
      '--resolve',
      `hung.vendor.test:127.0.0.1:${hungHost.port}`,
      '--ca',
      join(dir, 'ca.pem'),
      '--timeout',
      '1000',
    ];
    const ok = await runAttest([...args, '--format', 'json'], dir);
    expect(ok.code).toBe(0);
    const json = JSON.parse(ok.stdout) as { reports: Array<{ ok: boolean }> };
    expect(json.reports[0]?.ok).toBe(true);
    sendsHsts = false;
    try {
      const contradicted = await runAttest(args, dir);
      expect(contradicted.code).toBe(1);
      expect(contradicted.stdout).toMatch(/CONTRADICTED\s+app-hsts/);
      expect(contradicted.stdout).toMatch(/used the override --resolve app\.vendor\.test/);
    } finally {
      sendsHsts = true;
    }
    expect((await runAttest(['verify'], dir)).code).toBe(2);
    expect((await runAttest(['verify', 'ftp://x'], dir)).code).toBe(2);
  }, 60_000);

  it('reads a vendors list with optional heads and refuses a bad line', () => {
    expect(
      parseVendorList(`# vendors\nhttps://a.example\nhttps://b.example ${'a'.repeat(64)}\n`),
    ).toEqual([
      { url: 'https://a.example', since: undefined },
      { url: 'https://b.example', since: 'a'.repeat(64) },
    ]);
    expect(() => parseVendorList('not a url')).toThrow(/line 1/);
  });
});
