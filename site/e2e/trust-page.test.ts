import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../../engine/render/pdf/test-support/read-pdf.ts';
import { launchBrowser } from './browser.ts';
import { layoutProblems } from './layout-audit.ts';
import { brokenLinks } from './links.ts';
import { axeViolations } from './page-audit.ts';
import { type PublishedSite, publishSite } from './published-site.ts';
import { expectCleanRender, renderOrganisation, sectionPaths } from './render-organisation.ts';
import { crawlSite } from './site-pages.ts';

let browser: Browser;
let site: PublishedSite;
let pages: string[];
let controls: { id: string; title: string; claim: string; attesters: string[] }[];

beforeAll(async () => {
  [site, browser] = await Promise.all([publishSite('.'), launchBrowser()]);
  const trust = JSON.parse(await readFile(join(site.distDir, 'trust.json'), 'utf8')) as {
    controls: {
      id: string;
      title: string;
      claim: string;
      evidence: { kind: string; by?: string }[];
    }[];
  };
  controls = trust.controls.map(({ id, title, claim, evidence }) => ({
    id,
    title,
    claim,
    attesters: evidence.flatMap((item) =>
      item.kind === 'attestation' && item.by ? [item.by] : [],
    ),
  }));
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
    expect(pages.filter((path) => path.startsWith('/controls/'))).toHaveLength(controls.length);
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

describe('the words on the pages', () => {
  it('says each thing once: no status word twice, one bounty sentence, no "Yes." above an answer opening "Yes."', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    for (const path of pages) {
      await page.goto(`${site.origin}${path}`);
      const text = await visibleText(page);
      const repeated = text.match(/\b(In progress|Planned|Not verified|Attested|Verified) \1\b/);
      if (repeated) problems.push(`${path}: "${repeated[0]}"`);
      if ((text.match(/paid (bug )?bounty/gi) ?? []).length > 1)
        problems.push(`${path}: the bounty sentence more than once`);
      const doubled = text.match(/\b(Yes|No)\. \1\b/);
      if (doubled) problems.push(`${path}: "${doubled[0]}"`);
      if (/Last updated now|Published now/.test(text)) problems.push(`${path}: "now" as a time`);
    }
    await page.close();
    expect(problems).toEqual([]);
  });

  it('links to anchors on its own pages only where the anchor exists', async () => {
    const page = await browser.newPage();
    const missing: string[] = [];
    const ownHosts = new Set([new URL(site.origin).host, 'trust.tallyworks.example']);
    for (const path of pages) {
      await page.goto(`${site.origin}${path}`);
      const hrefs = await page
        .locator('a[href*="#"]')
        .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
      for (const href of hrefs) {
        const url = new URL(href);
        if (!ownHosts.has(url.host) || url.hash.length < 2) continue;
        const target = await fetch(`${site.origin}${url.pathname.replace(/\/?$/, '/')}`);
        const html = await target.text();
        if (!html.includes(`id="${decodeURIComponent(url.hash.slice(1))}"`))
          missing.push(`${path} → ${href}`);
      }
    }
    await page.close();
    expect(missing).toEqual([]);
  });
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

  it('lists every public control by title, one line each linking to its page, with JavaScript disabled', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.origin}/`);
    const rows = await page.locator('li.claim-row').evaluateAll((items) =>
      items.map((item) => {
        const link = item.querySelector('a');
        return {
          href: link?.getAttribute('href'),
          title: link?.textContent?.trim(),
          visible: item.checkVisibility(),
        };
      }),
    );
    expect(
      rows.filter(({ visible }) => !visible),
      'rows hidden without JavaScript',
    ).toEqual([]);
    expect(rows.map(({ href, title }) => `${href} ${title}`).sort()).toEqual(
      controls.map(({ id, title }) => `/controls/${id}/ ${title}`).sort(),
    );
    expect(
      await page.locator('form[data-claim-filter]').isVisible(),
      'no filter without JavaScript',
    ).toBe(false);
    await context.close();
  });

  it('states each claim on its control page, naming attesters without their email addresses', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const problems: string[] = [];
    for (const control of controls) {
      await page.goto(`${site.origin}/controls/${control.id}/`);
      const text = await visibleText(page);
      if (!text.includes(collapse(control.claim))) problems.push(`${control.id}: claim missing`);
      for (const by of control.attesters)
        if (text.includes(by)) problems.push(`${control.id}: shows the attester's address ${by}`);
    }
    const overview = await page.goto(`${site.origin}/`);
    const overviewText = await overview?.text();
    for (const by of controls.flatMap(({ attesters }) => attesters))
      if (overviewText?.includes(by)) problems.push(`/: shows the attester's address ${by}`);
    await context.close();
    expect(controls.some(({ attesters }) => attesters.length > 0)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('filters the control list as one types, announcing the count, and applies ?q= from the address', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    const input = page.getByLabel('Filter controls');
    await expect.poll(() => input.isVisible()).toBe(true);
    const status = page.locator('#claim-filter-count');
    expect(await status.getAttribute('role')).toBe('status');
    const total = controls.length;
    expect(await status.textContent()).toBe(`${total} controls`);

    const target = controls.find(({ title }) => title.toLowerCase().includes('encryption'));
    if (!target) throw new Error('the bundled organisation has an encryption control');
    const word = 'encryption';
    const expected = controls.filter(({ title, claim }) =>
      `${title} ${claim}`.toLowerCase().includes(word),
    );
    await input.fill(word);
    const shown = await page.locator('li.claim-row:visible a').allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(total);
    expect(shown).toContain(target.title);
    expect(shown.length).toBeGreaterThanOrEqual(expected.length);
    expect(await status.textContent()).toBe(
      `${shown.length} of ${total} controls ${shown.length === 1 ? 'matches' : 'match'}`,
    );

    await input.fill('zzzz-no-such-control');
    expect(await page.locator('li.claim-row:visible').count()).toBe(0);
    expect(await page.locator('[data-claim-filter-empty]').isVisible()).toBe(true);
    expect(await page.locator('section[data-claim-group]:visible').count()).toBe(0);

    await page.goto(`${site.origin}/?q=${encodeURIComponent(word)}`);
    expect(await page.locator('li.claim-row:visible a').allTextContents()).toEqual(shown);
    await page.close();
  });

  it('prints as a handout: navigation and forms hidden, every control still listed, what is folded printed unfolded', async () => {
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
    expect(controls.filter(({ title }) => !text.includes(collapse(title)))).toEqual([]);

    // What is folded on screen (certification notes and scope) prints unfolded: checked in
    // a real print to PDF, since browsers do not open a closed <details> for print.
    const folded = await page.locator('details').evaluateAll((elements) =>
      elements.map((details) =>
        [...details.children]
          .filter((child) => child.tagName !== 'SUMMARY')
          .map((child) => child.textContent ?? '')
          .join(' '),
      ),
    );
    expect(folded.length, 'the overview folds certification notes').toBeGreaterThan(0);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('details:not([open]) > p').first().isVisible()).toBe(false);
    await page.emulateMedia({ media: null });
    const printed = collapse((await readPdf(await page.pdf({ format: 'A4' }))).text);
    expect(folded.map(collapse).filter((note) => !printed.includes(note))).toEqual([]);

    // The agreement folded inside the (unprinted) access request form prints too.
    await page.goto(`${site.origin}/documents/`);
    const terms = (await page.locator('details.terms :is(h4, p, li)').allTextContents()).map(
      collapse,
    );
    expect(terms.length, 'the documents page folds the agreement').toBeGreaterThan(3);
    const documents = collapse((await readPdf(await page.pdf({ format: 'A4' }))).text);
    expect(terms.filter((line) => !documents.includes(line))).toEqual([]);
    expect(documents).not.toContain('Work email');
    await page.close();
  });
});

describe('the bundled organisation in French (languages: [en, fr])', () => {
  it('serves /fr/ in French: html lang, navigation, switcher links and hreflang alternates', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/fr/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    const text = await visibleText(page);
    expect(text).toContain('Centre de confiance de Tallyworks');
    expect(text).toContain('En un coup d’œil');
    expect(
      await page.getByRole('navigation', { name: 'Centre de confiance' }).textContent(),
    ).toContain('Sous-traitants');
    const switcher = page.getByRole('navigation', { name: 'Langue' });
    expect(await switcher.getByRole('link', { name: 'English' }).getAttribute('href')).toBe('/');
    const french = switcher.getByRole('link', { name: 'Français' });
    expect(await french.getAttribute('href')).toBe('/fr/');
    expect(await french.getAttribute('aria-current')).toBe('true');
    const alternates = await page
      .locator('link[rel="alternate"][hreflang]')
      .evaluateAll((links) =>
        links.map((link) => `${link.getAttribute('hreflang')} ${link.getAttribute('href')}`),
      );
    expect(alternates).toEqual([
      'en https://trust.tallyworks.example/',
      'fr https://trust.tallyworks.example/fr/',
      'x-default https://trust.tallyworks.example/',
    ]);
    // The English overview links to its French twin, and says it is English.
    await page.goto(`${site.origin}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(
      await page
        .getByRole('navigation', { name: 'Language' })
        .getByRole('link', { name: 'Français' })
        .getAttribute('href'),
    ).toBe('/fr/');
    await page.close();
  });

  it('shows a translated claim in French, and an untranslated one in English, marked lang="en" and "(en anglais)"', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/fr/controls/encryption-in-transit/`);
    expect(await page.locator('h1').textContent()).toBe('Chiffrement en transit');
    expect(await page.locator('.lead').textContent()).toMatch(/^Toute connexion à Tallyworks/);
    expect(await page.locator('.lead [lang="en"]').count()).toBe(0);
    expect(await visibleText(page)).toContain('Historique des versions');

    await page.goto(`${site.origin}/fr/controls/multi-factor-authentication/`);
    const title = page.locator('h1 [lang="en"]');
    expect(await title.textContent()).toBe('Multi-factor authentication for users');
    expect(collapse((await page.locator('h1').textContent()) ?? '')).toBe(
      'Multi-factor authentication for users (en anglais)',
    );
    expect(await page.locator('.lead [lang="en"]').textContent()).toMatch(/^Every Tallyworks user/);
    // Attest's own words around it are French all the same.
    expect(await visibleText(page)).toContain('Preuves');
    await page.close();
  });

  it('posts the subscribe form with the page language, links the French PDFs, and the overview PDF is French with /Lang fr', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/fr/subprocessors/`);
    expect(await page.locator('form input[name="language"]').getAttribute('value')).toBe('fr');
    expect(await visibleText(page)).toContain('Être prévenu par e-mail');
    await page.close();
    const response = await fetch(`${site.origin}/fr/documents/security-overview.pdf`);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/Lang \(fr\)/);
    const text = (await readPdf(bytes)).text.replace(/\s+/g, ' ');
    expect(text).toContain('Présentation de la sécurité');
    expect(text).toContain('Chiffrement en transit');
  });

  it('is axe-clean and fits a 390 px phone, switcher included, in French', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const problems: string[] = [];
    for (const path of ['/fr/', '/fr/controls/multi-factor-authentication/', '/fr/faq/']) {
      await page.goto(`${site.origin}${path}`);
      problems.push(...(await axeViolations(page, path)));
      problems.push(...(await layoutProblems(page, `${path} at 390 px`)));
    }
    await context.close();
    expect(problems).toEqual([]);
  }, 60_000);
});
