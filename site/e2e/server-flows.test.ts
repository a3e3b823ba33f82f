import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOrganisation, pointChecksAt } from '../../engine/fs/test-organisations.ts';
import { runAttest } from '../../scripts/cli/test-support/run-attest.ts';
import {
  freePort,
  type ServeProcess,
  startServe,
  stop,
  waitFor,
} from '../../scripts/cli/test-support/serve-process.ts';
import { launchBrowser } from './browser.ts';
import { linksTo, waitForMail } from './outbox.ts';
import { auditPage, inlineCode } from './page-audit.ts';
import { type PageWatch, watchPage } from './page-watch.ts';

/**
 * The server side in a real browser: the real `attest serve` (a child process on a copy of
 * the bundled organisation, its own SQLite file, mail written as .eml files to the outbox
 * because SMTP_URL is unset) driven by Debian's Chromium, one step after the other.
 */

const scratch = mkdtempSync(join(tmpdir(), 'attest-server-flows-'));
const dir = join(scratch, 'organisation');
const outbox = join(dir, 'data', 'outbox');
const adminEmail = 'ada@tallyworks.example';
const adminPassword = 'correct horse battery staple';

let serve: ServeProcess;
let origin: string;
let browser: Browser;
/** Every problem any page had: console errors, other hosts, HTTP errors, missing CSP… */
const problems: string[] = [];
/** Accessibility and inline-code findings, per audited page. */
const findings: string[] = [];
/**
 * Problems that are the point of a step, each as a URL and the words expected with it: the
 * 403 of a refused link, the 404 of a used or mangled link, and downloads (Chromium aborts
 * the navigation a download ends).
 */
const expectedProblems: { url: string; problem: RegExp }[] = [];
const watches: PageWatch[] = [];
/** How many answers of the server were checked for a CSP header. */
let answersChecked = 0;

beforeAll(async () => {
  copyOrganisation('.', dir);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  // The organisation's checks of its own site go to this server.
  pointChecksAt(dir, port);
  [serve, browser] = await Promise.all([
    startServe(['--dir', dir, '--port', String(port)], {
      cwd: scratch,
      env: {
        ATTEST_SECRET: 'e2e secret that is long enough for HMAC keys',
        ATTEST_PUBLIC_URL: origin,
        ATTEST_RESULTS_POLL_MS: '200',
        SMTP_URL: '',
      },
    }),
    launchBrowser(),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (serve) expect(await stop(serve.child)).toBe(0);
  rmSync(scratch, { recursive: true, force: true });
});

/** A page that records its problems, and checks that every answer of the server has a CSP. */
async function openPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  watches.push(watchPage(page, origin));
  page.on('response', (response: Response) => {
    if (!response.url().startsWith(`${origin}/`)) return;
    answersChecked++;
    if (!response.headers()['content-security-policy'])
      problems.push(`no Content-Security-Policy on ${response.url()}`);
  });
  return page;
}

/** Audits the page (axe light and dark, no inline code) under `label`. */
async function audit(page: Page, label: string): Promise<void> {
  findings.push(...(await auditPage(page, label)));
}

function allProblems(): string[] {
  const fromWatches = watches.flatMap((watch) => watch.problems);
  return [...problems, ...fromWatches].filter(
    (line) =>
      !expectedProblems.some(
        ({ url, problem }) => line.includes(new URL(url).pathname) && problem.test(line),
      ),
  );
}

async function heading(page: Page): Promise<string> {
  return ((await page.locator('h1').textContent()) ?? '').trim();
}

/** Fills and submits the access-request form of /documents/ for `documents`. */
async function requestDocuments(
  page: Page,
  who: { name: string; email: string; company: string; reason?: string },
  documents: string[],
): Promise<number> {
  await page.goto(`${origin}/documents/`);
  for (const box of await page.locator('input[name="document"]').all()) {
    const wanted = documents.includes((await box.getAttribute('value')) ?? '');
    await box.setChecked(wanted);
  }
  findings.push(...inlineCode(await page.content(), '/documents/'));
  await page.getByLabel('Your name', { exact: true }).fill(who.name);
  await page.getByLabel('Work email', { exact: true }).fill(who.email);
  await page.getByLabel('Company', { exact: true }).fill(who.company);
  // The reason is optional: the second prospect leaves it empty.
  if (who.reason) await page.getByLabel('Why you need them').fill(who.reason);
  await page.locator('input[name="nda"]').check();
  await page.getByRole('button', { name: 'Request access' }).click();
  await page.waitForLoadState();
  const title = await heading(page);
  expect(title).toMatch(/^Request #\d+ received$/);
  return Number(/#(\d+)/.exec(title)?.[1]);
}

/** Opens `url`, expecting the 403 page that says `why` — and never the file. */
async function expectRefused(page: Page, url: string, why: RegExp): Promise<void> {
  expectedProblems.push({ url, problem: /^HTTP 403 for |^console error on .*status of 403\b/ });
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(403);
  expect(response?.headers()['content-type']).toMatch(/^text\/html/);
  expect((await response?.body())?.subarray(0, 5).toString('latin1')).not.toBe('%PDF-');
  expect(await heading(page)).toBe('Access refused');
  expect(await page.locator('main').textContent()).toMatch(why);
}

/** Opens a signed document link and returns the bytes the browser downloaded. */
async function download(page: Page, link: string): Promise<Buffer> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    // An attachment ends the navigation with "Download is starting"; the download is the result.
    page.goto(link).catch(() => undefined),
  ]);
  return readFileSync(await file.path());
}

const prospects = {
  noScript: {
    name: 'Nora Quist',
    email: 'nora@buyer.example',
    company: 'Buyer Ltd',
    reason: 'Vendor review before we sign.',
  },
  script: { name: 'Jon Skript', email: 'jon@another-buyer.example', company: 'Another Buyer' },
};
let admin: BrowserContext;
let adminPage: Page;

describe('attest serve in a browser', () => {
  it('takes access requests from the documents page, without JavaScript and with it', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const page = await openPage(noScript);
    const first = await requestDocuments(page, prospects.noScript, [
      'pentest-summary',
      'soc2-readiness-letter',
    ]);
    // axe runs as a script in the page, so without JavaScript only the markup is checked;
    // the same page is audited with JavaScript below.
    findings.push(...inlineCode(await page.content(), 'request received (no JavaScript)'));
    await noScript.close();

    const script = await browser.newContext();
    const scripted = await openPage(script);
    const second = await requestDocuments(scripted, prospects.script, ['pentest-summary']);
    expect(second).toBe(first + 1);
    await audit(scripted, 'request received');
    await script.close();
  }, 60_000);

  it('sets up the first admin from the CLI link, signs in and approves the requests', async () => {
    const created = await runAttest(
      ['admin', 'create', '--email', adminEmail, '--dir', dir],
      scratch,
      {
        ATTEST_PUBLIC_URL: origin,
      },
    );
    expect(created.code, created.stderr).toBe(0);
    const setup = new RegExp(`${origin}/admin/setup/\\S+`).exec(created.stdout)?.[0];
    expect(setup, created.stdout).toBeDefined();

    admin = await browser.newContext();
    adminPage = await openPage(admin);
    await adminPage.goto(setup as string);
    expect(await heading(adminPage)).toBe('Choose your password');
    await audit(adminPage, 'password setup');
    await adminPage.getByLabel('New password').fill(adminPassword);
    await adminPage.getByLabel('Again').fill(adminPassword);
    await adminPage.getByRole('button', { name: 'Set password' }).click();
    await adminPage.waitForURL(`${origin}/admin/login`);
    expect(await heading(adminPage)).toBe('Sign in');
    await audit(adminPage, 'sign-in');
    await adminPage.getByLabel('Email').fill(adminEmail);
    await adminPage.getByLabel('Password').fill(adminPassword);
    await adminPage.getByRole('button', { name: 'Sign in' }).click();
    await adminPage.waitForURL(`${origin}/admin`);
    expect(await heading(adminPage)).toBe('Dashboard');
    // Both prospects' requests wait on the dashboard, counted in words.
    expect(await adminPage.locator('main').textContent()).toContain('2 access requests');

    // The setup link works once.
    expectedProblems.push({ url: setup as string, problem: /^HTTP 404 for |status of 404\b/ });
    const again = await adminPage.goto(setup as string);
    expect(again?.status()).toBe(404);
    expect(await heading(adminPage)).toBe('Link not valid');
    await audit(adminPage, 'used setup link');

    await adminPage.goto(`${origin}/admin/requests`);
    for (const prospect of Object.values(prospects)) {
      const row = adminPage.locator('tr', { hasText: prospect.email });
      await expect.poll(() => row.textContent()).toContain('pending');
      await row.getByRole('button', { name: 'Approve' }).click();
      await adminPage.waitForURL(`${origin}/admin/requests`);
      expect(await adminPage.locator('tr', { hasText: prospect.email }).textContent()).toContain(
        `approved by ${adminEmail}`,
      );
    }
  }, 60_000);

  it('mails each prospect a link per document that downloads the real PDF; tampered, other-document and revoked links get 403', async () => {
    const mail = await waitForMail(outbox, prospects.noScript.email, /access was approved/);
    const links = linksTo(mail, origin);
    expect(links.map((link) => new URL(link).pathname.split('/')[3]).sort()).toEqual([
      'pentest-summary',
      'soc2-readiness-letter',
    ]);
    const single = await waitForMail(outbox, prospects.script.email, /access was approved/);
    expect(linksTo(single, origin).map((link) => new URL(link).pathname.split('/')[3])).toEqual([
      'pentest-summary',
    ]);
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await openPage(context);
    for (const link of links) {
      expectedProblems.push({ url: link, problem: /^request failed: .*\(net::ERR_ABORTED\)$/ });
      const bytes = await download(page, link);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes) }).promise;
      expect(pdf.numPages).toBeGreaterThan(0);
      // Every page is stamped with who it was sent to.
      for (let number = 1; number <= pdf.numPages; number++) {
        const content = await (await pdf.getPage(number)).getTextContent();
        const text = content.items.map((item) => ('str' in item ? item.str : '')).join('');
        expect(text).toContain(
          `provided to ${prospects.noScript.name} <${prospects.noScript.email}>, ${prospects.noScript.company}`,
        );
      }
      await pdf.destroy();
    }

    // One changed character in the signature: a clear 403 page, never the file.
    const link = links[0] as string;
    const tampered = link.slice(0, -1) + (link.endsWith('A') ? 'B' : 'A');
    await expectRefused(page, tampered, /not valid/);
    await audit(page, '403 link page');
    // The right signature on another document's path: refused too.
    const [, , , document, token] = new URL(link).pathname.split('/');
    const other = document === 'pentest-summary' ? 'soc2-readiness-letter' : 'pentest-summary';
    await expectRefused(page, `${origin}/documents/access/${other}/${token}`, /different document/);

    await adminPage.goto(`${origin}/admin/requests`);
    // biome-ignore lint/performance/useDomNodeTextContent: innerText keeps the line of each grant apart.
    const grants = await adminPage.locator('tr', { hasText: prospects.noScript.email }).innerText();
    expect(grants).toMatch(/^pentest-summary: until [^,]+, 1 download$/m);
    expect(grants).toMatch(/^soc2-readiness-letter: until [^,]+, 1 download$/m);

    // Revoked: the link that worked a moment ago now gets the 403 page.
    await adminPage
      .locator('tr', { hasText: prospects.noScript.email })
      .getByRole('button', { name: 'Revoke links' })
      .click();
    await adminPage.waitForURL(`${origin}/admin/requests`);
    expect(
      await adminPage.locator('tr', { hasText: prospects.noScript.email }).textContent(),
    ).toMatch(/pentest-summary: revoked/);
    await expectRefused(page, link, /withdrawn/);
    await context.close();
  }, 60_000);

  it('subscribes from the subprocessors page with a confirmation link, and unsubscribes', async () => {
    const email = 'watcher@buyer.example';
    const context = await browser.newContext();
    const page = await openPage(context);
    await page.goto(`${origin}/subprocessors/`);
    findings.push(...inlineCode(await page.content(), '/subprocessors/'));
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Subprocessor changes').check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForLoadState();
    expect(await heading(page)).toBe('Check your inbox');
    await audit(page, 'subscribe: check your inbox');

    const mail = await waitForMail(outbox, email, /Confirm your subscription/);
    const [confirm] = linksTo(mail, origin);
    expect(confirm).toContain('/api/subscribe/confirm?token=');
    // A mangled link gets the error page, which says what to do.
    const mangled = `${origin}/api/subscribe/confirm?token=not-a-token`;
    expectedProblems.push({ url: mangled, problem: /^HTTP 404 for |status of 404\b/ });
    expect((await page.goto(mangled))?.status()).toBe(404);
    expect(await page.locator('main').textContent()).toMatch(/Subscribe again/);
    await audit(page, 'error page (404)');
    await page.goto(confirm as string);
    expect(await heading(page)).toBe('Confirm your subscription');
    await audit(page, 'subscribe: confirm');
    await page.getByRole('button', { name: /send me change notices/ }).click();
    await page.waitForLoadState();
    expect(await heading(page)).toBe('Subscription confirmed');
    await audit(page, 'subscribe: confirmed');

    await adminPage.goto(`${origin}/admin/subscribers`);
    const [, topic, , confirmedAt, unsubscribedAt] = await adminPage
      .locator('tr', { hasText: email })
      .locator('td')
      .allTextContents();
    expect({ topic, confirmedAt, unsubscribedAt }).toEqual({
      topic: 'subprocessors',
      confirmedAt: expect.stringMatching(/^\d{4}-\d\d-\d\d/),
      unsubscribedAt: '—',
    });

    // A change for the topic: a new subprocessor, published when CI stores check results.
    appendFileSync(
      join(dir, 'policies', 'subprocessors.yaml'),
      [
        '  - id: mailbird',
        '    name: Mailbird Relay',
        '    entity: Mailbird Relay GmbH',
        '    purpose: Sends the transactional email of the application.',
        '    location: Germany',
        '    dataCategories:',
        '      - Email addresses',
        '    transferMechanism: none',
        '    website: https://mailbird-relay.example/',
        '    since: 2026-11-01',
        '',
      ].join('\n'),
    );
    const check = await runAttest(
      ['check', '--dir', dir, '--control', 'web-security-headers'],
      scratch,
    );
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const notice = await waitForMail(outbox, email, /subprocessor/i, 30_000);
    expect(notice.text).toContain('Mailbird Relay');
    const [unsubscribe] = linksTo(notice, origin).filter((link) =>
      link.includes('/api/unsubscribe?'),
    );
    expect(unsubscribe, notice.text).toBeDefined();
    // RFC 8058: the same link in the List-Unsubscribe header, for the mail client's button.
    const header = notice.mail.headerLines.find(({ key }) => key === 'list-unsubscribe')?.line;
    expect(header?.replace(/\r?\n\s+/g, '')).toContain(`<${unsubscribe}>`);
    await page.goto(unsubscribe as string);
    expect(await heading(page)).toBe('Unsubscribe');
    await audit(page, 'unsubscribe');
    await page.getByRole('button', { name: /Stop sending/ }).click();
    await page.waitForLoadState();
    expect(await heading(page)).toBe('Unsubscribed');
    await audit(page, 'unsubscribed');
    await adminPage.goto(`${origin}/admin/subscribers`);
    // Email, topic, signed up, confirmed, unsubscribed: now both dates are set.
    const [, , , confirmed, unsubscribed] = await adminPage
      .locator('tr', { hasText: email })
      .locator('td')
      .allTextContents();
    expect([confirmed, unsubscribed]).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\d/),
      expect.stringMatching(/^\d{4}-\d\d-\d\d/),
    ]);
    await context.close();
  }, 60_000);

  it('takes a vulnerability report; the admin acknowledges it and the disclosure page measures it', async () => {
    const context = await browser.newContext();
    const page = await openPage(context);
    await page.goto(`${origin}/disclosure/`);
    findings.push(...inlineCode(await page.content(), '/disclosure/'));
    await page.getByLabel('Title').fill('Open redirect after sign-in');
    await page.getByLabel('What is the problem?').fill('The next parameter accepts any host.');
    await page.getByLabel('Steps to reproduce').fill('Sign in with next=https://evil.example');
    await page.getByLabel('Your estimate of the severity').selectOption('medium');
    await page.getByLabel('Your email').fill('finder@research.example');
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.waitForLoadState();
    const title = await heading(page);
    const trackingId = /^Report (\S+) received$/.exec(title)?.[1];
    expect(trackingId, title).toBeDefined();
    await audit(page, 'report received');
    const receipt = await waitForMail(outbox, 'finder@research.example', /received/);
    expect(receipt.text).toContain(trackingId);

    await adminPage.goto(`${origin}/admin/reports`);
    const row = adminPage.locator('tr', { hasText: trackingId as string });
    await row.locator('select[name="status"]').selectOption('acknowledged');
    await row.getByRole('button', { name: 'Move' }).click();
    await adminPage.waitForURL(`${origin}/admin/reports`);
    expect(
      await adminPage.locator('tr', { hasText: trackingId as string }).textContent(),
    ).toContain('acknowledged');

    // serve re-measures every ATTEST_RESULTS_POLL_MS (200 ms): one acknowledged, none open.
    const measured = page.locator('section[aria-labelledby="measured"]');
    const acknowledge = measured
      .locator('tr')
      .filter({ has: page.getByRole('rowheader', { name: 'Acknowledge', exact: true }) });
    let seen = '';
    await waitFor(
      async () => {
        await page.goto(`${origin}/disclosure/`);
        seen = (await measured.textContent()) ?? '';
        const [done, open] = await acknowledge.locator('td').allTextContents();
        return done === '1' && open === '0';
      },
      () => `measured section: ${seen}\n${serve.stderr()}`,
    );
    expect(seen).toMatch(/Computed from the 1 report/);
    await context.close();
  }, 60_000);

  it('has no accessibility violations and no inline code on any admin page, nor on the pages above', async () => {
    const pages: [string, string][] = [
      ['/admin', 'Dashboard'],
      ['/admin/requests', 'Access requests'],
      ['/admin/insight', 'Insight'],
      ['/admin/subscribers', 'Subscribers'],
      ['/admin/reports', 'Vulnerability reports'],
      ['/admin/questionnaires', 'Questionnaires'],
      ['/admin/checks', 'Check results'],
      ['/admin/audit', 'Audit log'],
      ['/admin/users', 'Users'],
      ['/admin/tokens', 'API tokens'],
      ['/admin/account', 'Your account'],
    ];
    for (const [path, title] of pages) {
      await adminPage.goto(`${origin}${path}`);
      expect(await heading(adminPage), path).toBe(title);
      await audit(adminPage, path);
    }
    // The prospects' downloads show on the dashboard and, per company, on the insight page.
    await adminPage.goto(`${origin}/admin`);
    expect(await adminPage.locator('main').textContent()).toContain(prospects.noScript.company);
    await adminPage.goto(`${origin}/admin/insight`);
    expect(await adminPage.locator('svg.chart').count()).toBe(1);
    expect(
      await adminPage.getByRole('region', { name: 'Gated downloads by company' }).textContent(),
    ).toContain(prospects.noScript.company);
    // At a phone's width the admin pages do not scroll sideways (wide tables scroll inside).
    await adminPage.setViewportSize({ width: 390, height: 800 });
    for (const [path] of pages) {
      await adminPage.goto(`${origin}${path}`);
      const overflow = await adminPage.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${path} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
    }
    await adminPage.setViewportSize({ width: 1280, height: 800 });
    expect(findings).toEqual([]);
  }, 90_000);

  it('turns on the second factor in the account page; sign-in then asks for a code, and a backup code works', async () => {
    await adminPage.goto(`${origin}/admin/account`);
    const secret = ((await adminPage.locator('main code').first().textContent()) ?? '').trim();
    // otpauth computes the code as an authenticator app would, independently of the engine.
    // The server runs on the tests' pinned clock, so the code is for its time.
    const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate({
      timestamp: serve.now(),
    });
    await adminPage.getByLabel(/6-digit code/).fill(code);
    await adminPage.getByLabel('Your current password').fill(adminPassword);
    await adminPage.getByRole('button', { name: 'Turn on the second factor' }).click();
    await adminPage.waitForLoadState();
    expect(await heading(adminPage)).toBe('Second factor on');
    await audit(adminPage, 'second factor on');
    const backupCodes = await adminPage.locator('main li code').allTextContents();
    expect(backupCodes).toHaveLength(10);

    await adminPage.getByRole('button', { name: /^Sign out/ }).click();
    await adminPage.waitForURL(`${origin}/admin/login`);
    await adminPage.getByLabel('Email').fill(adminEmail);
    await adminPage.getByLabel('Password').fill(adminPassword);
    await adminPage.getByRole('button', { name: 'Sign in' }).click();
    await adminPage.waitForURL(`${origin}/admin/login/totp`);
    expect(await heading(adminPage)).toBe('Second factor');
    await audit(adminPage, 'second factor sign-in');
    await adminPage.getByLabel(/backup code/).fill(backupCodes[0] as string);
    await adminPage.getByRole('button', { name: 'Continue' }).click();
    await adminPage.waitForURL(`${origin}/admin`);
    await adminPage.goto(`${origin}/admin/account`);
    expect(await adminPage.locator('main').textContent()).toContain('9 backup codes left');
    expect(findings).toEqual([]);
  }, 60_000);

  it('saw no console error, no other host, no failed request and a CSP on every answer', async () => {
    await admin.close();
    expect(allProblems()).toEqual([]);
    expect(answersChecked).toBeGreaterThan(40);
  });
});
