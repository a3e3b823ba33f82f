import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyOrganisation, repoRoot } from '../../engine/fs/test-organisations.ts';

const root = repoRoot;
const scratch = mkdtempSync(join(tmpdir(), 'attest-serve-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Starts `attest serve` on a free port and resolves with its URL once it listens. */
function startServe(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn('node', [join(root, 'scripts/attest.mjs'), 'serve', '--port', '0', ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return new Promise((resolveStart, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const url = /at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) resolveStart({ child, url });
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code)));
}

describe('attest serve', () => {
  it('builds and serves the bundled organisation, then stops cleanly', async () => {
    const { child, url } = await startServe([]);
    try {
      const page = await fetch(url);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<title>Tallyworks Trust Center</title>');
      expect(html).toContain('Not verified');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(html).not.toMatch(/<style|style="/);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");

      const securityTxt = await fetch(new URL('/.well-known/security.txt', url));
      expect(securityTxt.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await securityTxt.text()).toMatch(/^Contact: mailto:security@tallyworks\.example$/m);
    } finally {
      const exited = exitCode(child);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
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
    const { child, url } = await startServe(['--dir', dir]);
    try {
      const html = await (await fetch(url)).text();
      expect(html).toContain(
        '<title>&lt;script&gt;alert(1)&lt;/script&gt;ClientFlow Trust Center</title>',
      );
      // Inside a double-quoted attribute `<` is inert; outside attributes no tag may appear.
      const markup = html.replace(/="[^"]*"/g, '=""');
      expect(markup).not.toContain('<script>alert(1)');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses to serve an organisation that does not validate', async () => {
    const dir = copyOrganisation('examples/picsui', join(scratch, 'invalid'));
    const profile = join(dir, 'policies/trust-center.yaml');
    writeFileSync(profile, readFileSync(profile, 'utf8').replace(/^website:/m, 'webiste:'));
    await expect(startServe(['--dir', dir])).rejects.toThrow(
      /serve exited 1:[\s\S]*unknown key "webiste"[\s\S]*Nothing is served/,
    );
  });
});
