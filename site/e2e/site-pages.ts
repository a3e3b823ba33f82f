import type { Page } from 'playwright-core';

/** Files the site links to that are not pages: feeds, JSON, PDFs, security.txt, assets. */
const notAPage = /\.(atom|json|pdf|txt|xml|css|js|svg|png|ico|webmanifest)$/i;

/**
 * The same-origin HTML pages that `page` links to from elements matching `selector`, as
 * paths (query and fragment dropped), in document order without repeats.
 */
export async function linkedPagePaths(
  page: Page,
  origin: string,
  selector = 'a[href]',
): Promise<string[]> {
  const hrefs = await page
    .locator(selector)
    .evaluateAll((links) => links.map((link) => (link as unknown as { href: string }).href));
  const paths = new Set<string>();
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.origin !== origin || notAPage.test(url.pathname)) continue;
    paths.add(url.pathname);
  }
  return [...paths];
}

/**
 * Every HTML page reachable from `start` by following links, breadth first, `start` first.
 * Links to the same page in another language (the switcher's, marked `hreflang`) are not
 * followed: a site is crawled in one language, and each language is tested on its own.
 */
export async function crawlSite(page: Page, origin: string, start = '/'): Promise<string[]> {
  const found = [start];
  for (let next = 0; next < found.length; next++) {
    await page.goto(`${origin}${found[next]}`, { waitUntil: 'domcontentloaded' });
    for (const path of await linkedPagePaths(page, origin, 'a[href]:not([hreflang])'))
      if (!found.includes(path)) found.push(path);
  }
  return found;
}

/** A file-name-safe name for a page path: `/` → `overview`, `/controls/mfa/` → `controls-mfa`. */
export function pageName(path: string): string {
  const name = path.replace(/^\/+|\/+$/g, '').replace(/[^A-Za-z0-9.-]+/g, '-');
  return name === '' ? 'overview' : name;
}

/** What the overview links to: its navigation's pages and its control pages. */
export async function overviewLinks(
  page: Page,
  origin: string,
): Promise<{ nav: string[]; controls: string[] }> {
  await page.goto(`${origin}/`);
  const nav = await linkedPagePaths(page, origin, 'nav a[href]');
  const controls = (await linkedPagePaths(page, origin)).filter((path) =>
    path.startsWith('/controls/'),
  );
  return { nav, controls };
}
