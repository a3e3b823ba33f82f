import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyOrganisation, repoRoot } from '../../engine/fs/test-organisations.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-serve-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `attest serve` and resolves with its URL once it listens; collects stderr. */
function startServe(
  args: string[],
): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn('node', [join(repoRoot, 'scripts/attest.mjs'), 'serve', ...args], {
    cwd: scratch,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolveStart, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const url = /at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) resolveStart({ child, url, stderr: () => stderr });
    });
    child.on('close', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  return exited;
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
