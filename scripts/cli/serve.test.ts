import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyOrganisation, repoRoot } from '../../engine/fs/test-organisations.ts';
import { pinnedClockEnv } from '../../engine/test-support/clock.ts';
import {
  freePort,
  startServe as startServeIn,
  stop,
  waitFor,
} from './test-support/serve-process.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-serve-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Starts `attest serve` in this file's scratch directory. */
function startServe(args: string[], env: Record<string, string> = {}) {
  return startServeIn(args, { cwd: scratch, env });
}

describe('attest serve', () => {
  it('publishes and serves the bundled organisation, proves its checks against itself, and stops cleanly', async () => {
    const dir = copyOrganisation('.', join(scratch, 'bundled'));
    const port = await freePort();
    const { child, url, stderr } = await startServe([
      '--dir',
      dir,
      '--port',
      String(port),
      '--resolve',
      `127.0.0.1:127.0.0.1:${port}`,
    ]);
    try {
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

      const deadline = Date.now() + 30_000;
      let trust: { controls: Array<{ id: string; status: string }> } = { controls: [] };
      while (Date.now() < deadline) {
        trust = (await (await fetch(new URL('/trust.json', url))).json()) as typeof trust;
        if (
          trust.controls.find((control) => control.id === 'web-security-headers')?.status ===
          'verified'
        )
          break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(
        trust.controls.find((control) => control.id === 'web-security-headers')?.status,
        stderr(),
      ).toBe('verified');
      expect(
        trust.controls.find((control) => control.id === 'responsible-disclosure')?.status,
      ).toBe('verified');
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('renders pages from check results another process stores, without a rebuild', async () => {
    const dir = copyOrganisation('.', join(scratch, 'fresh-results'));
    const [port, closed] = [await freePort(), await freePort()];
    // The server's own checks of its web headers go to a closed port, so they error.
    const { child, url, stderr, stdout } = await startServe(
      ['--dir', dir, '--port', String(port), '--resolve', `127.0.0.1:127.0.0.1:${closed}`],
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

      // CI runs `attest check` against the real site and stores its results in the same database.
      const check = spawnSync(
        'node',
        [
          join(repoRoot, 'scripts/attest.mjs'),
          'check',
          '--dir',
          dir,
          '--control',
          'web-security-headers',
          '--resolve',
          `127.0.0.1:127.0.0.1:${port}`,
        ],
        { encoding: 'utf8', env: { ...process.env, ...pinnedClockEnv() } },
      );
      expect(check.status, check.stdout + check.stderr).toBe(0);

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
      await stop(child);
    }
  });

  it('accepts a vulnerability report from the disclosure page form and shows it in the measured response times', async () => {
    const dir = copyOrganisation('.', join(scratch, 'reports'));
    const { child, url, stderr } = await startServe(['--dir', dir, '--port', '0'], {
      ATTEST_RESULTS_POLL_MS: '200',
    });
    const disclosure = new URL('/disclosure/', url);
    try {
      const before = await (await fetch(disclosure)).text();
      expect(before).toContain('nothing to measure yet');
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
        return html.includes('Computed from the 1 report');
      }, stderr);
      // Received, not yet acknowledged: one report waiting at each step.
      expect(html).toMatch(/<th scope="row">Acknowledge<\/th>\s*<td>0<\/td>\s*<td>1<\/td>/);
    } finally {
      await stop(child);
    }
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

  it('refuses to serve an organisation that does not validate', async () => {
    const dir = copyOrganisation('examples/picsui', join(scratch, 'invalid'));
    const profile = join(dir, 'policies/trust-center.yaml');
    writeFileSync(profile, readFileSync(profile, 'utf8').replace(/^website:/m, 'webiste:'));
    await expect(startServe(['--dir', dir, '--port', '0'])).rejects.toThrow(
      /serve exited 1:[\s\S]*unknown key "webiste"[\s\S]*Nothing is served/,
    );
  });
});
