import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { withoutAttributeValues } from './html-markup.ts';
import { watchPage } from './page-watch.ts';
import { type PublishedSite, publishSite } from './published-site.ts';
import { crawlSite } from './site-pages.ts';
import { type Injection, injectXssPayloads } from './xss-payloads.ts';

let browser: Browser;
let site: PublishedSite;
let injections: Injection[] = [];
let pages: string[];

beforeAll(async () => {
  [site, browser] = await Promise.all([
    publishSite('.', {
      prepare: async (dir) => {
        injections = await injectXssPayloads(dir);
      },
    }),
    launchBrowser(),
  ]);
  const page = await browser.newPage();
  // The French pages where the bundled organisation's translations (payloads too) show.
  pages = [
    ...(await crawlSite(page, site.origin)),
    '/fr/',
    '/fr/controls/encryption-in-transit/',
    '/fr/faq/',
  ];
  await page.close();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/**
 * A context without the site's CSP, so the test sees what the HTML itself would do: the
 * CSP is a second line of defence, not the escaping.
 */
function contextWithoutCsp(): Promise<BrowserContext> {
  return browser.newContext({ bypassCSP: true });
}

describe('an organisation with XSS payloads in every text field', () => {
  it('carries payloads in every kind of free text and still builds', () => {
    const keys = new Set(injections.map(({ path }) => path.split('.').at(-1)));
    for (const key of [
      'name',
      'legalName',
      'intro',
      'claim',
      'details',
      'title',
      'statement',
      'note',
      'purpose',
      'description',
      'question',
      'answer',
      'comment',
      'instructions',
      'rules',
      'safeHarbour',
      '(body)',
    ])
      expect(keys).toContain(key);
    expect(pages).toContain('/');
    expect(pages.filter((path) => path.startsWith('/controls/')).length).toBeGreaterThan(0);
  });

  it('runs no payload and opens no dialog on any page', async () => {
    const context = await contextWithoutCsp();
    const page = await context.newPage();
    const watch = watchPage(page, site.origin);
    const ran: string[] = [];
    for (const path of pages) {
      await page.goto(`${site.origin}${path}`, { waitUntil: 'load' });
      if (await page.evaluate(() => '__xss' in window)) ran.push(path);
    }
    await context.close();
    expect(ran, 'pages where a payload ran').toEqual([]);
    expect(watch.problems).toEqual([]);
  });

  it('shows the payloads as text', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text a reader sees, without hidden elements.
    const text = await page.locator('body').innerText();
    expect(text).toContain('<script>window.__xss=1</script>');
    expect(text).toContain('{{7*7}}');
    await page.close();
  });

  it('serves no payload unescaped in any page’s HTML', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    const found: string[] = [];
    for (const path of pages) {
      const html = await (await fetch(`${site.origin}${path}`)).text();
      const markup = withoutAttributeValues(html);
      for (const raw of ['<script>window.__xss', '<img src=x', '<svg onload', '</title><script>'])
        if (markup.includes(raw)) found.push(`${path}: unescaped ${raw}`);
      const handler = /<[a-z][^>]*\son(?:error|load)\s*=/i.exec(markup);
      if (handler) found.push(`${path}: unescaped event handler ${handler[0].slice(-40)}`);
      // Parsed, not executed: whatever became markup instead of text.
      const parsed = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, 'text/html');
        const problems: string[] = [];
        for (const element of Array.from(doc.querySelectorAll('*'))) {
          for (const attribute of Array.from(element.attributes)) {
            if (/^on/i.test(attribute.name))
              problems.push(`${element.tagName} has ${attribute.name}="${attribute.value}"`);
            if (/^\s*javascript:/i.test(attribute.value))
              problems.push(`${element.tagName} has ${attribute.name}="${attribute.value}"`);
          }
          if (element.tagName === 'SCRIPT' && !element.hasAttribute('src'))
            problems.push(`inline script: ${element.textContent?.slice(0, 80)}`);
        }
        return problems;
      }, html);
      found.push(...parsed.map((problem) => `${path}: ${problem}`));
    }
    await page.close();
    expect(found).toEqual([]);
  });
});
