import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../engine/fs/test-organisations.ts';
import { pageName } from './site-pages.ts';

/** Desktop and mobile viewports, in the order pages are shot. */
export const viewports = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

/** Where screenshots go: `test-results/screenshots/<organisation>/<page>-<width>.png`. */
export const screenshotRoot = join(repoRoot, 'test-results/screenshots');

/**
 * A control page after the first of its language (`/controls/<id>/`, `/fr/controls/<id>/`):
 * every control page is the same template, so one picture of it per language is enough to
 * look at, and full-page captures are most of what opening a page costs.
 */
function anotherControlPage(path: string, seen: Set<string>): boolean {
  const control = /^(\/[a-z]{2})?\/controls\/[^/]+\/$/.exec(path);
  if (!control) return false;
  const key = control[1] ?? '';
  if (!seen.has(key)) {
    seen.add(key);
    return false;
  }
  return true;
}

/**
 * Opens each path in `page` at desktop width, resizes it to each viewport width and saves a
 * full-page screenshot there — of every page but the control pages after the first of each
 * language —, replacing the organisation's earlier screenshots.
 */
export async function screenshotPages(
  page: Page,
  origin: string,
  paths: string[],
  organisation: string,
): Promise<void> {
  const directory = join(screenshotRoot, organisation);
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  const controlLanguages = new Set<string>();
  for (const path of paths) {
    const capture = !anotherControlPage(path, controlLanguages);
    await page.setViewportSize(viewports[0]);
    await page.goto(`${origin}${path}`);
    for (const viewport of viewports) {
      await page.setViewportSize(viewport);
      if (!capture) continue;
      const shot = () =>
        page.screenshot({
          path: join(directory, `${pageName(path)}-${viewport.width}.png`),
          fullPage: true,
        });
      // Headless Chromium now and then refuses a capture while the page settles after a
      // resize; the picture is for people to look at, so one more try is enough.
      await shot().catch(async () => {
        await page.waitForTimeout(250);
        await shot();
      });
    }
  }
}
