import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { brokenLinks } from './links.ts';
import { type PublishedSite, publishSite } from './published-site.ts';
import { expectCleanRender, renderOrganisation } from './render-organisation.ts';

// The bundled organisation renders in trust-page.test.ts, which builds it for its other tests.
const examples = ['studioflow', 'fotostudio', 'rowstr', 'clientflow', 'picsui'];

let browser: Browser;
const sites = new Map<string, Promise<PublishedSite>>();

beforeAll(async () => {
  for (const name of examples) {
    const site = publishSite(`examples/${name}`);
    // A failed build fails that organisation's own test; this only keeps it from being unhandled.
    site.catch(() => {});
    sites.set(name, site);
  }
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled([...sites.values()].map(async (site) => (await site).close()));
});

describe.each(examples)('the %s example', (name) => {
  it('opens its overview, every page in its nav and a control page cleanly, with no other hosts and no cookies', async () => {
    const site = await (sites.get(name) as Promise<PublishedSite>);
    const report = await renderOrganisation(browser, site, name, { allControls: false });
    expectCleanRender(report, site.origin);
  }, 180_000);

  it('links only to pages, documents and assets that exist', async () => {
    const site = await (sites.get(name) as Promise<PublishedSite>);
    expect(await brokenLinks(site.distDir, site.origin)).toEqual([]);
  }, 180_000);
});
