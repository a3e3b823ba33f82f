import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createApp } from './app.ts';
import { DistFiles } from './dist-files.ts';

const distDir = mkdtempSync(join(tmpdir(), 'attest-app-'));
writeFileSync(
  join(distDir, 'index.html'),
  `<!doctype html><title>Acme</title>${'<p>claim</p>'.repeat(400)}`,
);
mkdirSync(join(distDir, '.well-known'));
writeFileSync(
  join(distDir, '.well-known', 'security.txt'),
  'Contact: mailto:security@acme.example\n',
);
writeFileSync(join(distDir, 'changes.atom'), '<feed xmlns="http://www.w3.org/2005/Atom"/>');
afterAll(() => rmSync(distDir, { recursive: true, force: true }));

describe('trust-center app', () => {
  const app = createApp({ distDir });

  it('serves the published site with strict security headers and no inline script allowance', async () => {
    const response = await app.request('/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Acme</title>');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('adds HSTS only when the request came over TLS', async () => {
    const response = await app.request('https://trust.acme.example/');
    expect(response.headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
  });

  it('serves security.txt as UTF-8 plain text and feeds as Atom', async () => {
    const securityTxt = await app.request('/.well-known/security.txt');
    expect(securityTxt.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await securityTxt.text()).toBe('Contact: mailto:security@acme.example\n');
    expect((await app.request('/changes.atom')).headers.get('content-type')).toBe(
      'application/atom+xml; charset=utf-8',
    );
  });

  it('answers a repeated request with 304 via its ETag, and compresses for clients that ask', async () => {
    const first = await app.request('/');
    const tag = first.headers.get('etag');
    expect(tag).toBeTruthy();
    const again = await app.request('/', { headers: { 'if-none-match': tag ?? '' } });
    expect(again.status).toBe(304);
    const gzipped = await app.request('/', { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
  });

  it('404s unknown paths and path traversal, with headers intact', async () => {
    for (const path of ['/nope', '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd']) {
      const missing = await app.request(path);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-security-policy')).toBeTruthy();
    }
  });

  it('serves a new publication as soon as DIST is swapped, never a mix', async () => {
    const root = mkdtempSync(join(tmpdir(), 'attest-swap-'));
    for (const version of ['one', 'two']) {
      mkdirSync(join(root, version));
      writeFileSync(join(root, version, 'index.html'), `<title>${version}</title>`);
    }
    symlinkSync('one', join(root, 'dist'));
    const swapping = createApp({ distDir: join(root, 'dist') });
    expect(await (await swapping.request('/')).text()).toBe('<title>one</title>');
    symlinkSync('two', join(root, 'next'));
    renameSync(join(root, 'next'), join(root, 'dist'));
    expect(await (await swapping.request('/')).text()).toBe('<title>two</title>');
    rmSync(root, { recursive: true, force: true });
  });

  it('prefers brotli when the client accepts it', async () => {
    const response = await app.request('/', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
  });

  it('does not remember a missing path: a file that appears later in the same publication is served', async () => {
    const root = mkdtempSync(join(tmpdir(), 'attest-late-'));
    writeFileSync(join(root, 'index.html'), '<title>late</title>');
    const late = createApp({ distDir: root });
    expect((await late.request('/late.txt')).status).toBe(404);
    writeFileSync(join(root, 'late.txt'), 'here now\n');
    const found = await late.request('/late.txt');
    expect(found.status).toBe(200);
    expect(await found.text()).toBe('here now\n');
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps no entry for missing paths and one per file however it is spelt, never more than its limit', async () => {
    const files = new DistFiles(distDir, 2);
    for (let index = 0; index < 2_000; index++) {
      expect(await files.get(`/x${index}`)).toBeUndefined();
    }
    expect(files.cachedFiles).toBe(0);
    for (const spelling of ['/', '/index.html', '/%69ndex.html', '/./index.html']) {
      expect(await files.get(spelling)).toBeDefined();
    }
    expect(files.cachedFiles).toBe(1);
    await files.get('/changes.atom');
    await files.get('/.well-known/security.txt');
    expect(files.cachedFiles).toBe(2);
    expect((await files.get('/'))?.contentType).toBe('text/html; charset=utf-8');
  });

  it('redirects a path with doubled slashes to its single-slash form, on this host', async () => {
    for (const [path, location] of [
      ['//evil.example/controls/x', '/evil.example/controls/x'],
      ['/controls//x/?a=1', '/controls/x/?a=1'],
      ['///changes.atom', '/changes.atom'],
    ] as const) {
      const response = await app.request(path);
      expect(response.status).toBe(301);
      expect(response.headers.get('location')).toBe(location);
    }
  });

  it('answers a failure with one error path: an HTML page for pages, JSON for /api, logged once, no internals', async () => {
    const broken = createApp({
      distDir,
      pages: {
        get: async () => {
          throw new Error('snapshot /secret/path is corrupt');
        },
      },
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const page = await broken.request('/controls/x', { headers: { accept: 'text/html' } });
      expect(page.status).toBe(500);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toBeTruthy();
      const html = await page.text();
      expect(html).toContain('Something went wrong on our side.');
      expect(html).not.toContain('/secret/path');
      expect(html).not.toMatch(/at .*\.ts:\d+/);
      expect(logged).toHaveBeenCalledTimes(1);

      const api = await broken.request('/api/anything');
      expect(api.status).toBe(500);
      const body = await api.text();
      expect(JSON.parse(body)).toEqual({
        error: { code: 'internal', message: 'Something went wrong on our side.' },
      });
      expect(body).not.toContain('/secret/path');
      expect(logged).toHaveBeenCalledTimes(2);
    } finally {
      logged.mockRestore();
    }
  });
});
