import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';

const siteDir = mkdtempSync(join(tmpdir(), 'attest-app-'));
writeFileSync(join(siteDir, 'index.html'), '<!doctype html><title>Acme</title>');
afterAll(() => rmSync(siteDir, { recursive: true, force: true }));

describe('trust-center app', () => {
  const app = createApp({ siteDir, securityTxt: 'Contact: mailto:security@acme.example\n' });

  it('serves the site with strict security headers and no inline script allowance', async () => {
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

  it('serves security.txt as plain text, and 404s unknown paths with headers intact', async () => {
    const securityTxt = await app.request('/.well-known/security.txt');
    expect(securityTxt.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await securityTxt.text()).toBe('Contact: mailto:security@acme.example\n');
    const missing = await app.request('/../../etc/passwd');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBeTruthy();
  });

  it('says plainly when there is no disclosure policy', async () => {
    const response = await createApp({ siteDir, securityTxt: undefined }).request(
      '/.well-known/security.txt',
    );
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('has not published a disclosure policy');
  });
});
