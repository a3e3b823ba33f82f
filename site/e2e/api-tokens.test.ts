import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOrganisation } from '../../engine/fs/test-organisations.ts';
import { runAttest } from '../../scripts/cli/test-support/run-attest.ts';
import {
  freePort,
  type ServeProcess,
  startServe,
  stop,
} from '../../scripts/cli/test-support/serve-process.ts';
import { launchBrowser } from './browser.ts';
import { auditPage } from './page-audit.ts';

/**
 * An admin creates an API token in the admin area of a real `attest serve`, in Chromium;
 * another system uses it over HTTP for what its scopes allow, until the admin revokes it.
 */

const scratch = mkdtempSync(join(tmpdir(), 'attest-api-tokens-'));
const dir = join(scratch, 'organisation');
const adminEmail = 'ada@tallyworks.example';
const adminPassword = 'correct horse battery staple';

let serve: ServeProcess;
let origin: string;
let browser: Browser;
let page: Page;
let token = '';

beforeAll(async () => {
  copyOrganisation('.', dir);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  [serve, browser] = await Promise.all([
    startServe(['--dir', dir, '--port', String(port)], {
      cwd: scratch,
      env: {
        ATTEST_SECRET: 'e2e secret that is long enough for HMAC keys',
        ATTEST_PUBLIC_URL: origin,
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

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${origin}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });

describe('API tokens from the admin area', () => {
  it('an admin creates a token with two scopes and sees it once', async () => {
    const created = await runAttest(
      ['admin', 'create', '--email', adminEmail, '--dir', dir],
      scratch,
      {
        ATTEST_PUBLIC_URL: origin,
      },
    );
    expect(created.code, created.stderr).toBe(0);
    const setup = new RegExp(`${origin}/admin/setup/\\S+`).exec(created.stdout)?.[0] ?? '';
    page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(setup);
    await page.getByLabel('New password').fill(adminPassword);
    await page.getByLabel('Again').fill(adminPassword);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL(`${origin}/admin/login`);
    await page.getByLabel('Email').fill(adminEmail);
    await page.getByLabel('Password').fill(adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/admin`);

    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.waitForURL(`${origin}/admin/tokens`);
    expect(await auditPage(page, 'API tokens')).toEqual([]);
    await page.getByLabel('Name').fill('CRM sync');
    await page.getByLabel('snapshot:read').check();
    await page.getByLabel('requests:read').check();
    await page.getByLabel('Valid for').fill('30');
    await page.getByRole('button', { name: 'Create and show the token' }).click();
    expect(await page.locator('h1').textContent()).toBe('Token created');
    expect(await auditPage(page, 'token created')).toEqual([]);
    token = (await page.locator('main code').textContent()) ?? '';
    expect(token).toMatch(/^attest_[A-Za-z0-9_-]{43}$/);

    // The list shows the token's start and scopes, never the token.
    await page.goto(`${origin}/admin/tokens`);
    const row = page.locator('tr', { hasText: 'CRM sync' });
    expect(await row.textContent()).toContain(`${token.slice(0, 13)}…`);
    expect(await row.textContent()).toContain('requests:read, snapshot:read');
    expect(await page.content()).not.toContain(token);
  }, 90_000);

  it('the token reads what its scopes allow and nothing else', async () => {
    const snapshot = await api('/api/v1/snapshot');
    expect(snapshot.status).toBe(200);
    expect(
      ((await snapshot.json()) as { organisation: { name: string } }).organisation.name,
    ).toBeTruthy();
    expect((await api('/api/v1/access-requests')).status).toBe(200);
    const reports = await api('/api/v1/reports');
    expect(reports.status).toBe(403);
    expect(reports.headers.get('www-authenticate')).toContain('scope="reports:read"');

    await page.goto(`${origin}/admin/tokens`);
    expect(await page.locator('tr', { hasText: 'CRM sync' }).textContent()).not.toContain('—');
  });

  it('once revoked, the token is refused, and the audit log shows each step', async () => {
    await page.goto(`${origin}/admin/tokens`);
    await page
      .locator('tr', { hasText: 'CRM sync' })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await page.waitForURL(`${origin}/admin/tokens`);
    expect(await page.locator('tr', { hasText: 'CRM sync' }).textContent()).toContain('revoked');
    const refused = await api('/api/v1/snapshot');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');

    await page.goto(`${origin}/admin/audit`);
    const log = (await page.locator('main').textContent()) ?? '';
    for (const action of ['token.create', 'token.refused', 'token.revoke'])
      expect(log).toContain(action);
  });
});
