import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium, which `scripts/ensure-chromium.mjs` installs before `npm test`. */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Launches headless Chromium for one test file. Playwright gives every launch its own
 * temporary profile (user-data-dir), so no state carries over between files or runs.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
