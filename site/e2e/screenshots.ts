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
 * Opens each path in `page` at desktop width and saves a full-page screenshot at each
 * viewport width, replacing the organisation's earlier screenshots.
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
  for (const path of paths) {
    await page.setViewportSize(viewports[0]);
    await page.goto(`${origin}${path}`);
    for (const viewport of viewports) {
      await page.setViewportSize(viewport);
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
