import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/fs/test-organisations.ts';
import { launchBrowser } from './browser.ts';
import { layoutProblems } from './layout-audit.ts';
import { type PublishedSite, publishSite } from './published-site.ts';
import { crawlSite } from './site-pages.ts';

// The bundled organisation and two seed organisations of different shapes: studioflow
// (few controls, role mailboxes) and rowstr (many controls, long subprocessor table).
const organisations = ['.', 'examples/studioflow', 'examples/rowstr'];
const viewports = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

let browser: Browser;
const sites = new Map<string, Promise<PublishedSite>>();

beforeAll(async () => {
  for (const organisation of organisations) {
    const site = publishSite(organisation);
    // A failed build fails that organisation's own test; this only keeps it from being unhandled.
    site.catch(() => {});
    sites.set(organisation, site);
  }
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled([...sites.values()].map(async (site) => (await site).close()));
});

describe.each(organisations)('the layout of %s', (organisation) => {
  // Light only: the dark scheme changes colours and nothing else (asserted below), so its
  // boxes are the light scheme's; the axe audit covers both schemes' contrast.
  it('has no horizontal scroll, text overflow, overlapping boxes or content touching the footer on any page, at 390 and 1280 px', async () => {
    const site = await (sites.get(organisation) as Promise<PublishedSite>);
    const crawler = await browser.newPage();
    const pages = await crawlSite(crawler, site.origin);
    await crawler.close();
    expect(pages.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const colorScheme of ['light'] as const)
      for (const viewport of viewports) {
        const context = await browser.newContext({ viewport, colorScheme });
        const page = await context.newPage();
        for (const path of pages) {
          await page.goto(`${site.origin}${path}`);
          problems.push(
            ...(await layoutProblems(page, `${path} at ${viewport.width} px, ${colorScheme}`)),
          );
        }
        await context.close();
      }
    expect(problems).toEqual([]);
  }, 300_000);
});

describe('the dark colour scheme', () => {
  it('sets colours only, so the light layout audit covers its geometry', () => {
    const css = readFileSync(join(repoRoot, 'site', 'styles', 'site.css'), 'utf8');
    const blocks = [
      ...css.matchAll(/@media[^{]*prefers-color-scheme:\s*dark[^{]*\{([\s\S]*?)\n\}/g),
    ];
    expect(blocks.length).toBeGreaterThan(0);
    for (const [, body] of blocks) {
      const declarations = [...(body ?? '').matchAll(/([a-z-]+)\s*:/g)].map((match) => match[1]);
      expect(declarations.filter((property) => !property?.startsWith('--'))).toEqual([]);
    }
  });
});

describe('the layout audit itself', () => {
  it('reports text overflow, overlapping boxes, horizontal scroll and content touching the footer', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.setContent(`<!doctype html><html><body style="margin:0">
      <main>
        <p style="width:100px;white-space:nowrap">averyveryverylongunbreakableemailaddress@example.com</p>
        <ul style="display:grid;list-style:none;padding:0">
          <li style="grid-area:1/1;height:40px">first card</li>
          <li style="grid-area:1/1;height:40px">second card</li>
        </ul>
        <div style="width:600px">a wide box</div>
      </main>
      <footer>footer</footer>
    </body></html>`);
    const problems = (await layoutProblems(page, 'fixture')).join('\n');
    await context.close();
    expect(problems).toMatch(/horizontal scroll: the page is 600 px wide in a 390 px viewport/);
    expect(problems).toMatch(/text overflow: <p> "averyvery/);
    expect(problems).toMatch(/overlapping boxes: <li> "first card" and <li> "second card"/);
    expect(problems).toMatch(/touching the footer/);
  });
});
