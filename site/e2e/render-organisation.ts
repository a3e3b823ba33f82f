import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Cookie } from 'playwright-core';
import { expect } from 'vitest';
import { watchPage } from './page-watch.ts';
import type { PublishedSite } from './published-site.ts';
import { screenshotPages, viewports } from './screenshots.ts';
import { overviewLinks } from './site-pages.ts';

/** The sections every trust center's navigation links to (issue #5). */
export const sectionPaths = [
  '/subprocessors/',
  '/documents/',
  '/disclosure/',
  '/changelog/',
  '/faq/',
];

/** What a reader's browser saw while opening an organisation's pages. */
export interface RenderReport {
  /** Pages the overview's navigation links to. */
  nav: string[];
  /** Control pages the overview links to. */
  controls: string[];
  /** A page for each control in the published trust.json. */
  publicControls: string[];
  /** Every page opened (and screenshotted). */
  opened: string[];
  /** Console errors, exceptions, failed requests and requests to other origins. */
  problems: string[];
  /** Hosts of every request made (data: URLs aside). */
  hosts: string[];
  cookies: Cookie[];
}

/**
 * Opens the overview, every page its navigation links to, its control pages (all of them,
 * or only the first with `allControls: false`) and any `alsoOpen` paths in a fresh
 * context, recording everything the pages do and saving desktop and mobile screenshots
 * under `name` (of one control page per language, see screenshotPages).
 */
export async function renderOrganisation(
  browser: Browser,
  site: PublishedSite,
  name: string,
  { allControls, alsoOpen = [] }: { allControls: boolean; alsoOpen?: string[] },
): Promise<RenderReport> {
  const trust = JSON.parse(await readFile(join(site.distDir, 'trust.json'), 'utf8')) as {
    controls: { id: string }[];
  };
  const context = await browser.newContext({ viewport: viewports[0] });
  try {
    const page = await context.newPage();
    const watch = watchPage(page, site.origin);
    const { nav, controls } = await overviewLinks(page, site.origin);
    const opened = [
      ...new Set(['/', ...nav, ...(allControls ? controls : controls.slice(0, 1)), ...alsoOpen]),
    ];
    await screenshotPages(page, site.origin, opened, name);
    const hosts = new Set(
      watch.requests.filter((url) => !url.startsWith('data:')).map((url) => new URL(url).host),
    );
    return {
      nav,
      controls,
      publicControls: trust.controls.map(({ id }) => `/controls/${id}/`),
      opened,
      problems: watch.problems,
      hosts: [...hosts],
      cookies: await context.cookies(),
    };
  } finally {
    await context.close();
  }
}

/**
 * Asserts what every rendered organisation must show: the nav links every section, the
 * overview links each public control, no problems, no other hosts, no cookies.
 */
export function expectCleanRender(report: RenderReport, origin: string): void {
  expect(report.nav, 'the overview nav links every section').toEqual(
    expect.arrayContaining(sectionPaths),
  );
  expect(report.controls.sort(), 'the overview links each public control').toEqual(
    report.publicControls.sort(),
  );
  expect(report.problems).toEqual([]);
  expect(report.hosts, 'every request goes to the test server').toEqual([new URL(origin).host]);
  expect(report.cookies).toEqual([]);
}
