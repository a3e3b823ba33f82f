#!/usr/bin/env node
// Makes sure the browser the site's end-to-end tests drive (site/e2e/) is installed.
// Playwright's own browser download is not used: the tests launch Debian's chromium through
// playwright-core. Runs before `npm test`; does nothing when the browser is already there.
// It installs a system package only with consent: in CI (`CI` set) or with
// ATTEST_INSTALL_BROWSER=1. Otherwise it stops and prints the command to run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where the e2e tests expect the browser (site/e2e/browser.ts uses the same path). */
const chromium = '/usr/bin/chromium';
const install = 'apt-get install -y --no-install-recommends chromium';
const why = "the browser tests in site/e2e/ drive Debian's Chromium at /usr/bin/chromium";

if (existsSync(chromium)) process.exit(0);

/**
 * Stops with a message that says what is missing and how to provide it.
 * @param {string} reason
 * @returns {never}
 */
function fail(reason) {
  console.error(
    `ensure-chromium: ${chromium} is missing and was not installed: ${reason}.\n` +
      `The ${why.slice(4)}. Install it yourself (Debian/Ubuntu: \`sudo apt-get update && sudo ${install}\`)\n` +
      'and run `npm test` again, or let `npm test` install it as root with\n' +
      '`ATTEST_INSTALL_BROWSER=1 npm test`.',
  );
  process.exit(1);
}

const consent = process.env.ATTEST_INSTALL_BROWSER === '1' || Boolean(process.env.CI);
if (!consent)
  fail('installing a system package needs your consent (ATTEST_INSTALL_BROWSER=1, or CI set)');
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
  console.error(`ensure-chromium: running apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0)
    fail(`\`apt-get ${args.join(' ')}\` exited with ${result.status ?? result.signal}`);
}

const given = process.env.ATTEST_INSTALL_BROWSER === '1' ? 'ATTEST_INSTALL_BROWSER=1' : 'CI';
console.error(
  `ensure-chromium: ${chromium} is missing; ${why}.\n` +
    `ensure-chromium: ${given} is set, so installing Debian's chromium package now: ` +
    `\`apt-get update\`, then \`${install}\`.`,
);
aptGet(['update']);
aptGet(install.split(' ').slice(1));
if (!existsSync(chromium)) fail(`the chromium package installed, but ${chromium} does not exist`);
console.error(`ensure-chromium: installed ${chromium}.`);
