import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { brokenLinks } from './links.ts';
import { axeViolations } from './page-audit.ts';
import { type PublishedSite, publishSite } from './published-site.ts';
import { expectCleanRender, renderOrganisation, sectionPaths } from './render-organisation.ts';
import { crawlSite } from './site-pages.ts';

let browser: Browser;
let site: PublishedSite;
let pages: string[];
let claims: string[];

beforeAll(async () => {
  [site, browser] = await Promise.all([publishSite('.'), launchBrowser()]);
  const trust = JSON.parse(await readFile(join(site.distDir, 'trust.json'), 'utf8')) as {
    controls: { claim: string }[];
  };
  claims = trust.controls.map(({ claim }) => claim);
  const page = await browser.newPage();
  pages = await crawlSite(page, site.origin);
  await page.close();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Text as a reader sees it (hidden elements left out), whitespace collapsed. */
async function visibleText(page: Page): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text a reader sees, without hidden elements.
  return collapse(await page.locator('body').innerText());
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

describe('the bundled organisation', () => {
  it('opens every page (nav, controls, documents) cleanly, with no other hosts and no cookies', async () => {
    const report = await renderOrganisation(browser, site, 'bundled', {
      allControls: true,
      alsoOpen: pages,
    });
    expectCleanRender(report, site.origin);
  }, 120_000);

  it('reaches the overview, every section and a page per public control by following links', () => {
    for (const path of ['/', ...sectionPaths]) expect(pages).toContain(path);
    expect(pages.filter((path) => path.startsWith('/controls/'))).toHaveLength(claims.length);
  });

  it('links only to pages, documents (HTML and PDF) and assets that exist', async () => {
    expect(await brokenLinks(site.distDir, site.origin)).toEqual([]);
  });

  it('has no axe-core WCAG 2.2 A/AA violations on any page, in light and dark colour schemes', async () => {
    const context = await browser.newContext();
    const violations: string[] = [];
    // Two pages audit in turn from one queue: axe is CPU-bound and there are two cores.
    const queue = [...pages];
    const audit = async () => {
      const page = await context.newPage();
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        await page.goto(`${site.origin}${path}`);
        violations.push(...(await axeViolations(page, path)));
      }
    };
    await Promise.all([audit(), audit()]);
    await context.close();
    expect(violations.sort()).toEqual([]);
  }, 180_000);
});

describe('keyboard use of the overview', () => {
  it('focuses the skip link first, and the skip link moves focus to the main content', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const focused = document.activeElement;
      const href = focused?.getAttribute('href') ?? '';
      const target = href.startsWith('#') ? document.getElementById(href.slice(1)) : null;
      return { tag: focused?.tagName, href, targetsMain: target?.tagName === 'MAIN' };
    });
    expect(skip).toMatchObject({ tag: 'A', targetsMain: true });
    await page.keyboard.press('Enter');
    const movedToMain = await page.evaluate(() =>
      Boolean(document.querySelector('main')?.contains(document.activeElement)),
    );
    await page.keyboard.press('Tab');
    const nextInMain = await page.evaluate(() =>
      Boolean(document.querySelector('main')?.contains(document.activeElement)),
    );
    expect(movedToMain, 'after Enter on the skip link, focus is in <main>').toBe(true);
    expect(nextInMain, 'the Tab after the skip link lands in <main>').toBe(true);
    await page.close();
  });

  it('reaches every interactive element by Tab, each with a visible focus indicator', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    // Every element a keyboard user should reach, labelled in document order, with the
    // outline and shadow it shows while not focused.
    const elements = await page.evaluate(() => {
      const selector =
        'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex], [contenteditable="true"]';
      return Array.from(document.querySelectorAll<HTMLElement>(selector))
        .filter(
          (element) =>
            element.tabIndex >= 0 &&
            !element.matches(':disabled') &&
            element.checkVisibility({ visibilityProperty: true }),
        )
        .map((element, index) => {
          element.dataset.e2eTab = String(index);
          const style = getComputedStyle(element);
          return {
            index,
            html: element.outerHTML.slice(0, 120),
            outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
            shadow: style.boxShadow,
          };
        });
    });
    expect(elements.length).toBeGreaterThan(0);

    const reached = new Map<number, { outline: string; shadow: string; visible: boolean }>();
    for (let press = 0; press < elements.length + 5; press++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element?.dataset.e2eTab) return null;
        const style = getComputedStyle(element);
        return {
          index: Number(element.dataset.e2eTab),
          outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
          shadow: style.boxShadow,
          visible:
            (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0) ||
            style.boxShadow !== 'none',
        };
      });
      if (focused) reached.set(focused.index, focused);
    }

    const unreachable = elements.filter(({ index }) => !reached.has(index)).map(({ html }) => html);
    expect(unreachable, 'elements Tab never reaches').toEqual([]);
    const withoutIndicator = elements
      .filter(({ index, outline, shadow }) => {
        const focused = reached.get(index);
        return (
          focused &&
          (!focused.visible || (focused.outline === outline && focused.shadow === shadow))
        );
      })
      .map(({ html }) => html);
    expect(withoutIndicator, 'elements without a visible focus indicator').toEqual([]);
    await page.close();
  });
});

describe('the overview as a plain document', () => {
  it('weighs under 60 KB of HTML and CSS, uncompressed, with no web fonts', async () => {
    const page = await browser.newPage();
    const fonts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'font') fonts.push(request.url());
    });
    await page.goto(`${site.origin}/`);
    const stylesheets = await page
      .locator('link[rel~="stylesheet"]')
      .evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
    await page.close();
    const sizes: Record<string, number> = {};
    for (const url of [`${site.origin}/`, ...stylesheets]) {
      const response = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
      expect(response.status, url).toBe(200);
      sizes[new URL(url).pathname] = (await response.arrayBuffer()).byteLength;
    }
    const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
    expect(total, `HTML + CSS bytes: ${JSON.stringify(sizes)}`).toBeLessThan(60_000);
    expect(fonts).toEqual([]);
  });

  it('shows every public claim with JavaScript disabled', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.origin}/`);
    const text = await visibleText(page);
    expect(claims.filter((claim) => !text.includes(collapse(claim)))).toEqual([]);
    await context.close();
  });

  it('prints as a handout: navigation and forms hidden, every claim still there', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    await page.emulateMedia({ media: 'print' });
    const navs = page.locator('nav');
    expect(await navs.count(), 'the overview has navigation to hide').toBeGreaterThan(0);
    const shown: string[] = [];
    for (const element of [...(await navs.all()), ...(await page.locator('form').all())])
      if (await element.isVisible())
        shown.push(await element.evaluate((node) => node.outerHTML.slice(0, 120)));
    expect(shown, 'navigation and forms visible in print').toEqual([]);
    const text = await visibleText(page);
    expect(claims.filter((claim) => !text.includes(collapse(claim)))).toEqual([]);
    await page.close();
  });
});
