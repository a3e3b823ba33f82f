#!/usr/bin/env node
// Makes sure the browser the site's end-to-end tests drive (site/e2e/) is installed.
// Playwright's own browser download is not used: the tests launch Debian's chromium through
// playwright-core. Runs before `npm test`; does nothing when the browser is already there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where the e2e tests expect the browser (site/e2e/browser.ts uses the same path). */
const chromium = '/usr/bin/chromium';

if (existsSync(chromium)) process.exit(0);

/**
 * Stops with a message that says what is missing and how to provide it.
 * @param {string} reason
 * @returns {never}
 */
function fail(reason) {
  console.error(
    `ensure-chromium: ${chromium} is missing and cannot be installed here: ${reason}.\n` +
      'The browser tests in site/e2e/ need it. Install it yourself (Debian/Ubuntu: ' +
      '`sudo apt-get install chromium`) and run `npm test` again.',
  );
  process.exit(1);
}

if (process.platform !== 'linux')
  fail(`automatic installation supports Linux only, not ${process.platform}`);
if (process.getuid?.() !== 0) fail('automatic installation needs root');
if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0)
  fail('apt-get is not available');

/**
 * Runs an apt-get step with its progress on the terminal; stops the test run if it fails.
 * @param {string[]} args
 */
function aptGet(args) {
  console.error(`ensure-chromium: apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0)
    fail(`\`apt-get ${args.join(' ')}\` exited with ${result.status ?? result.signal}`);
}

console.error(`ensure-chromium: ${chromium} is missing; installing Debian's chromium package.`);
aptGet(['update']);
aptGet(['install', '-y', '--no-install-recommends', 'chromium']);
if (!existsSync(chromium)) fail(`the chromium package installed, but ${chromium} does not exist`);
console.error(`ensure-chromium: installed ${chromium}.`);
