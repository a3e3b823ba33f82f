import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { publicSnapshot } from '../evaluate/public-view.ts';
import { createSnapshotFixture } from '../evaluate/test-support/snapshot-fixture.ts';
import { createApp } from './app.ts';
import { buildServerBundle } from './astro/server-bundle.ts';
import { loadAstroRenderer, SitePages } from './site-pages.ts';

// The real Astro server build of site/ (built once per version of the site, then cached).
let pages: SitePages;
let assetsDir: string;
beforeAll(async () => {
  const bundle = await buildServerBundle();
  assetsDir = bundle.clientDir;
  pages = new SitePages(await loadAstroRenderer(bundle.entry));
}, 120_000);

function siteData(name: string) {
  const snapshot = createSnapshotFixture();
  snapshot.organisation.name = name;
  return { snapshot: publicSnapshot(snapshot), history: {} };
}

describe('server-rendered pages', () => {
  it('render the current snapshot, keep a page until the snapshot changes, then show the new one', async () => {
    const app = createApp({ distDir: '/nonexistent', pages, assetsDir });
    expect((await app.request('/')).status).toBe(404);

    pages.update(siteData('Acme'));
    const first = await app.request('/controls/encryption-in-transit/');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(first.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await first.text();
    expect(html).toContain('<title>Encryption in transit · Acme Trust Center</title>');
    const etag = first.headers.get('etag') ?? '';
    const again = await app.request('/controls/encryption-in-transit/', {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);

    pages.update(siteData('Acme Renamed'));
    const after = await app.request('/controls/encryption-in-transit/', {
      headers: { 'if-none-match': etag },
    });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Acme Renamed Trust Center');
  });

  it('show the publication number, chain head and a "Verify this page" section with the command and key id', async () => {
    const app = createApp({ distDir: '/nonexistent', pages, assetsDir });
    const head = 'ab'.repeat(32);
    pages.update({
      ...siteData('Acme Verified'),
      publication: { number: 7, head, keyId: '0123456789abcdef' },
    });
    const html = await (await app.request('/')).text();
    expect(html).toContain('Verify this page');
    expect(html).toContain('This is publication 7');
    expect(html).toMatch(/<code>attest verify https?:\/\//);
    expect(html).not.toContain('npx attest');
    expect(html).toContain(`<code>${head}</code>`);
    expect(html).toContain('<code>0123456789abcdef</code>');
    expect(html).toContain('href="/.well-known/attest-keys.json"');
    const other = await (await app.request('/faq/')).text();
    expect(other).toMatch(/Publication 7<\/a>, chain head/);
  });

  it('serve published files whose paths also fit a page route, such as a document PDF', async () => {
    const distDir = mkdtempSync(join(tmpdir(), 'attest-pages-dist-'));
    try {
      mkdirSync(join(distDir, 'documents'));
      writeFileSync(join(distDir, 'documents', 'security-overview.pdf'), '%PDF-1.7\n%%EOF\n');
      const app = createApp({ distDir, pages, assetsDir });
      pages.update(siteData('Acme'));
      const pdf = await app.request('/documents/security-overview.pdf');
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect((await app.request('/documents/missing.pdf')).status).toBe(404);
    } finally {
      rmSync(distDir, { recursive: true, force: true });
    }
  });

  it('link stylesheets the app serves, and answer 404 for controls the public view does not hold', async () => {
    const app = createApp({ distDir: '/nonexistent', pages, assetsDir });
    pages.update(siteData('Acme'));
    const html = await (await app.request('/')).text();
    const stylesheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map(
      (match) => match[1] ?? '',
    );
    expect(stylesheets.length).toBeGreaterThan(1);
    for (const href of stylesheets) {
      const response = await app.request(href);
      expect(response.status, href).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    }
    const gated = createSnapshotFixture().controls.find(
      (control) => control.visibility === 'gated',
    );
    expect(gated).toBeDefined();
    expect((await app.request(`/controls/${gated?.id}/`)).status).toBe(404);
    expect((await app.request('/controls/no-such-control/')).status).toBe(404);
    expect((await app.request('/theme-0000000000.css')).status).toBe(404);
  });

  it('render a page once for all its spellings with doubled slashes, and keep at most the limit', async () => {
    const app = createApp({ distDir: '/nonexistent', pages, assetsDir });
    pages.update(siteData('Acme'));
    expect((await app.request('/controls/encryption-in-transit/')).status).toBe(200);
    const rendered = pages.cachedPages;
    for (let index = 0; index < 20; index++) {
      const response = await app.request(`//host-${index}.example/controls/encryption-in-transit/`);
      expect(response.status).toBe(301);
      expect(response.headers.get('location')).toBe(
        `/host-${index}.example/controls/encryption-in-transit/`,
      );
    }
    expect(pages.cachedPages).toBe(rendered);

    const small = new SitePages(await loadAstroRenderer((await buildServerBundle()).entry), 2);
    small.update(siteData('Acme'));
    const bounded = createApp({ distDir: '/nonexistent', pages: small, assetsDir });
    for (const path of ['/', '/controls/encryption-in-transit/', '/controls/backups/', '/faq/']) {
      await bounded.request(path);
    }
    expect(small.cachedPages).toBeLessThanOrEqual(2);
    expect((await bounded.request('/controls/backups/')).status).toBe(200);
  });
});
