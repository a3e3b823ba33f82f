import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOrganisation, pointChecksAt } from '../../engine/fs/test-organisations.ts';
import { databasePath } from '../../engine/store/database-path.ts';
import { openStore } from '../../engine/store/open-store.ts';
import { runAttest } from './test-support/run-attest.ts';
import {
  freePort,
  type ServeProcess,
  startServe as startServeIn,
  stop,
  waitFor,
} from './test-support/serve-process.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-serve-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What the served trust.json says of each public claim: id → status. */
async function servedStatuses(url: string): Promise<Map<string, string>> {
  const trust = (await (await fetch(new URL('/trust.json', url))).json()) as {
    controls: Array<{ id: string; status: string }>;
  };
  return new Map(trust.controls.map((control) => [control.id, control.status]));
}

/** The keys of the alerts still open in an organisation's database. */
async function openAlertKeys(dir: string): Promise<string[]> {
  const store = await openStore(databasePath(dir));
  try {
    return (await store.alerts.open()).map((alert) => alert.key).sort();
  } finally {
    await store.close();
  }
}

/** Forwards every TCP connection to 127.0.0.1:`from` on to 127.0.0.1:`to`. */
async function relayPort(from: number, to: number): Promise<Server> {
  const relay = createServer((socket) => {
    const upstream = connect(to, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(from, '127.0.0.1', resolve));
  return relay;
}

/** Starts `attest serve` in this file's scratch directory. */
function startServe(args: string[], env: Record<string, string> = {}) {
  return startServeIn(args, { cwd: scratch, env });
}

describe('attest serve', () => {
  /**
   * One server of the bundled organisation, its checks of its own site pointed at it, for the
   * tests below: they run in order against it, and the last stops it.
   */
  describe('the bundled organisation, served', () => {
    let served: ServeProcess;
    beforeAll(async () => {
      const dir = copyOrganisation('.', join(scratch, 'bundled'));
      const port = await freePort();
      pointChecksAt(dir, port);
      served = await startServe(['--dir', dir, '--port', String(port)], {
        ATTEST_RESULTS_POLL_MS: '200',
      });
    }, 120_000);
    afterAll(async () => {
      if (served) await stop(served.child);
    });

    it('publishes and serves it, and proves its checks against itself', async () => {
      const { url, stderr } = served;
      const page = await fetch(url);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<title>Tallyworks Trust Center</title>');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(html).not.toMatch(/<style|style="/);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      const securityTxt = await fetch(new URL('/.well-known/security.txt', url));
      expect(securityTxt.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await securityTxt.text()).toMatch(/^Contact: mailto:security@tallyworks\.example$/m);
      // Document PDFs share their path with the document pages' route, and are served as files.
      for (const path of ['/documents/security-overview.pdf', '/documents/security-policy.pdf']) {
        const pdf = await fetch(new URL(path, url));
        expect(pdf.status, path).toBe(200);
        expect(pdf.headers.get('content-type')).toBe('application/pdf');
        expect(
          Buffer.from(await pdf.arrayBuffer())
            .subarray(0, 5)
            .toString(),
        ).toBe('%PDF-');
      }

      let statuses = new Map<string, string>();
      await waitFor(async () => {
        statuses = await servedStatuses(url);
        return statuses.get('web-security-headers') === 'verified';
      }, stderr);
      expect(statuses.get('web-security-headers'), stderr()).toBe('verified');
      expect(statuses.get('responsible-disclosure')).toBe('verified');
    });

    it('accepts a vulnerability report from the disclosure page form and says it waits for review before it counts', async () => {
      const { url, stderr } = served;
      const disclosure = new URL('/disclosure/', url);
      const before = await (await fetch(disclosure)).text();
      expect(before).toContain('so there is nothing to measure');
      expect(before).toContain('action="/api/reports"');

      const posted = await fetch(new URL('/api/reports', url), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'text/html',
          Origin: url.replace(/\/$/, ''),
        },
        body: new URLSearchParams({
          title: 'Reflected XSS in search',
          description: 'The q parameter is echoed without escaping.',
          steps: 'Open /search?q=<svg onload=alert(1)>',
          severity: 'medium',
          contact: 'researcher@example.org',
        }),
      });
      expect(posted.status, await posted.clone().text()).toBe(200);
      expect(await posted.text()).toMatch(/Your report is \S+/);

      let html = '';
      await waitFor(async () => {
        html = await (await fetch(disclosure)).text();
        return html.includes('1 report is waiting to be reviewed');
      }, stderr);
      // Received but not yet acknowledged by an admin: it does not count in the figures
      // (junk cannot move them), and the page says it is waiting.
      expect(html).toContain('so there is nothing to measure');
    });

    it('stops cleanly', async () => {
      expect(await stop(served.child)).toBe(0);
    });
  });

  it('renders pages from check results another process stores, without a rebuild', async () => {
    const dir = copyOrganisation('.', join(scratch, 'fresh-results'));
    const [port, closed] = [await freePort(), await freePort()];
    // The server's own checks of its web headers go to a closed port, so they error.
    pointChecksAt(dir, closed);
    let relay: Server | undefined;
    const { child, url, stderr, stdout } = await startServe(
      ['--dir', dir, '--port', String(port)],
      { ATTEST_RESULTS_POLL_MS: '200' },
    );
    const page = new URL('/controls/web-security-headers/', url);
    const proof = async () => {
      const response = await fetch(page);
      const html = await response.text();
      return {
        etag: response.headers.get('etag'),
        mark: /class="proof">[\s\S]*?<\/p>/.exec(html)?.[0],
      };
    };
    try {
      // Published from no results at start, then again after the server's own check run.
      await waitFor(() => (stdout().match(/^Published /gm)?.length ?? 0) >= 2, stderr);
      const before = await proof();
      expect(before.mark).toContain('Not verified');
      expect((await proof()).etag).toBe(before.etag);

      // The site comes up where the checks look, and CI runs `attest check` against it, storing
      // its results in the same database.
      relay = await relayPort(closed, port);
      const check = await runAttest(
        ['check', '--dir', dir, '--control', 'web-security-headers'],
        scratch,
      );
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect(check.stdout).toContain('✓ web-security-headers');

      let after = before;
      await waitFor(async () => {
        after = await proof();
        return after.mark?.includes('Verified') ?? false;
      }, stderr);
      expect(after.mark).toContain('by automated checks');
      expect(after.etag).not.toBe(before.etag);
      expect(stderr()).toContain('New check results were stored');
      expect(stderr().match(/Building the trust site/g)?.length ?? 0).toBeLessThanOrEqual(1);
    } finally {
      relay?.close();
      await stop(child);
    }
  });

  it('serves an organisation with an expired attestation, withholding that claim and saying why', async () => {
    const dir = copyOrganisation('.', join(scratch, 'expired'));
    const file = join(dir, 'controls', 'workforce-access.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('expires: 2028-10-14', 'expires: 2026-11-01'),
    );
    const { child, url, stderr } = await startServe(['--dir', dir, '--port', '0']);
    try {
      expect((await fetch(url)).status).toBe(200);
      const statuses = await servedStatuses(url);
      expect(statuses.has('workforce-access')).toBe(false);
      expect(statuses.has('encryption-at-rest')).toBe(true);
      expect((await fetch(new URL('/controls/workforce-access/', url))).status).toBe(404);
      expect(stderr()).toMatch(/Withheld 1 claim[^\n]*\n {2}workforce-access: [^\n]*expired/);
      expect(stderr()).toMatch(/alert \(critical\): "[^"]+" is withdrawn from the trust center/);
    } finally {
      expect(await stop(child)).toBe(0);
    }
    expect(await openAlertKeys(dir)).toEqual(['claim:workforce-access']);
  });

  it('withdraws a verified claim and raises an alert when newer evidence contradicts it, and keeps serving', async () => {
    const dir = copyOrganisation('.', join(scratch, 'drift'));
    const { child, url, stderr } = await startServe(['--dir', dir, '--port', '0'], {
      ATTEST_RESULTS_POLL_MS: '200',
    });
    const status = async () => (await servedStatuses(url)).get('encryption-at-rest');
    try {
      await waitFor(async () => (await status()) === 'verified', stderr);
      // The database configuration drifts; CI's next check run stores the failure.
      const evidence = join(dir, 'policies', 'evidence', 'database.yaml');
      writeFileSync(
        evidence,
        readFileSync(evidence, 'utf8').replace('encrypted: true', 'encrypted: false'),
      );
      const check = await runAttest(
        ['check', '--dir', dir, '--control', 'encryption-at-rest'],
        scratch,
      );
      expect(check.code, check.stdout + check.stderr).toBe(1);
      await waitFor(async () => (await status()) === undefined, stderr);
      expect((await fetch(url)).status).toBe(200);
      expect((await fetch(new URL('/controls/encryption-at-rest/', url))).status).toBe(404);
      expect(stderr()).toMatch(/alert \(critical\): [^\n]*withdrawn[^\n]*storage\.encrypted/);
    } finally {
      expect(await stop(child)).toBe(0);
    }
    expect(await openAlertKeys(dir)).toEqual(['claim:encryption-at-rest']);
  });

  it('escapes what an organisation writes', async () => {
    const dir = copyOrganisation('examples/clientflow', join(scratch, 'hostile'));
    const profile = join(dir, 'policies/trust-center.yaml');
    writeFileSync(
      profile,
      readFileSync(profile, 'utf8').replace(
        /^name: .*$/m,
        'name: "<script>alert(1)</script>ClientFlow"',
      ),
    );
    const { child, url } = await startServe(['--dir', dir, '--port', '0']);
    try {
      const html = await (await fetch(url)).text();
      expect(html).toContain(
        '<title>&lt;script&gt;alert(1)&lt;/script&gt;ClientFlow Trust Center</title>',
      );
      // Inside a double-quoted attribute `<` is inert; outside attributes no tag may appear.
      expect(html.replace(/="[^"]*"/g, '=""')).not.toContain('<script>alert(1)');
    } finally {
      await stop(child);
    }
  });

  it('never touches the site `attest build` wrote, and changes nothing when its port is taken', async () => {
    const dir = copyOrganisation('examples/picsui', join(scratch, 'beside-build'));
    const built = await runAttest(['build', '--dir', dir, '--skip-checks'], scratch);
    expect(built.code, built.stderr).toBe(0);
    const dist = join(dir, 'dist');
    const link = readlinkSync(dist);
    const files = readdirSync(dist, { recursive: true }).sort();
    const taken = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    try {
      await expect(startServe(['--dir', dir, '--port', String(port)])).rejects.toThrow(
        /serve exited 2:[\s\S]*port \d+ on 127\.0\.0\.1 is already in use/,
      );
    } finally {
      taken.close();
    }
    expect(readlinkSync(dist)).toBe(link);
    expect(existsSync(join(dir, 'data', 'serve-dist'))).toBe(false);

    const { child, url } = await startServe(['--dir', dir, '--port', '0']);
    try {
      expect((await fetch(new URL('/trust.json', url))).status).toBe(200);
    } finally {
      expect(await stop(child)).toBe(0);
    }
    expect(readlinkSync(dist)).toBe(link);
    expect(readdirSync(dist, { recursive: true }).sort()).toEqual(files);
    expect(existsSync(join(dir, 'data', 'serve-dist', 'trust.json'))).toBe(true);
  }, 180_000);

  it('starts, and runs the checks at once, when the newest stored result fails', async () => {
    const dir = copyOrganisation('.', join(scratch, 'failing-at-start'));
    const evidence = join(dir, 'policies', 'evidence', 'database.yaml');
    writeFileSync(
      evidence,
      readFileSync(evidence, 'utf8').replace('encrypted: true', 'encrypted: false'),
    );
    const check = await runAttest(
      ['check', '--dir', dir, '--control', 'encryption-at-rest'],
      scratch,
    );
    expect(check.code, check.stdout + check.stderr).toBe(1);
    const { child, url, stderr } = await startServe(['--dir', dir, '--port', '0']);
    try {
      expect((await fetch(url)).status).toBe(200);
      expect(stderr()).toMatch(/Withheld 1 claim[^\n]*\n {2}encryption-at-rest:/);
      await waitFor(() => stderr().includes('Re-running the checks'), stderr);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('refuses to serve an organisation that does not validate', async () => {
    const dir = copyOrganisation('examples/picsui', join(scratch, 'invalid'));
    const profile = join(dir, 'policies/trust-center.yaml');
    writeFileSync(profile, readFileSync(profile, 'utf8').replace(/^website:/m, 'webiste:'));
    await expect(startServe(['--dir', dir, '--port', '0'])).rejects.toThrow(
      /serve exited 1:[\s\S]*unknown key "webiste"[\s\S]*Nothing is served/,
    );
  });
});
