import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssoCallbackPath } from '../../engine/server/api/context.ts';
import {
  startTestProvider,
  type TestProvider,
} from '../../engine/server/auth/test-support/oidc-provider.ts';
import { createTestServer, type TestServer } from '../../engine/server/test-support.ts';
import { launchBrowser } from './browser.ts';
import { auditPage } from './page-audit.ts';

let browser: Browser;
let provider: TestProvider;
let trust: TestServer;
let http: Server;
let origin: string;

beforeAll(async () => {
  // The trust center listens first, so the provider can register its real callback URL.
  let fetchApp: (request: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503 });
  http = await new Promise<Server>((resolve) => {
    const started = serve(
      { fetch: (request, env) => fetchApp(request, env), port: 0, hostname: '127.0.0.1' },
      () => resolve(started as Server),
    );
  });
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  provider = await startTestProvider(
    {
      ada: { email: 'ada@acme.example', groups: ['admins'] },
      ivy: { email: 'ivy@acme.example', groups: ['interns'] },
    },
    `${origin}${ssoCallbackPath}`,
  );
  trust = await createTestServer({
    publicUrl: origin,
    sso: {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      scopes: 'openid email groups',
      roleClaim: 'groups',
      roleMap: new Map([['admins', 'admin']]),
      allowedDomains: ['acme.example'],
      ssoOnly: true,
    },
  });
  fetchApp = (request, env) => trust.app.fetch(request, env);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => http?.close(resolve));
  await provider?.close();
  await trust?.close();
});

describe('single sign-on in the browser', () => {
  it('signs in through the identity provider into the admin area, under the strict CSP, and signs out', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && page.url().startsWith(origin))
        problems.push(message.text());
    });
    const login = await page.goto(`${origin}/admin/login`);
    expect(login?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    expect(await page.locator('input[type=password]').count()).toBe(0);
    const findings = await auditPage(page, 'sign-in (SSO only)');

    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.fill('input[name=login]', 'ada');
    await page.fill('input[name=password]', 'any password');
    await page.click('button[type=submit]');
    // The provider asks for consent once; then it sends the browser back.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${origin}/admin`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBeTruthy();
    await expect(
      page.getByRole('button', { name: 'Sign out ada@acme.example' }).count(),
    ).resolves.toBe(1);
    // An admin: the users page is there, listing the account created just in time.
    await page.getByRole('link', { name: 'Users' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('ada@acme.example');
    findings.push(...(await auditPage(page, 'users')));
    expect(findings).toEqual([]);

    await page.getByRole('button', { name: 'Sign out ada@acme.example' }).click();
    await page.waitForURL(`${origin}/admin/login`);
    expect(problems).toEqual([]);
    const actions = (await trust.store.audit.recent(20)).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['user.create-sso', 'login.sso', 'logout']));
    await page.close();
  });

  it('shows a person without a mapped group why they cannot enter', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/admin/login`);
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.fill('input[name=login]', 'ivy');
    await page.fill('input[name=password]', 'any password');
    await page.click('button[type=submit]');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${origin}${ssoCallbackPath}**`);
    await expect(page.locator('main').textContent()).resolves.toContain('None of your groups');
    await expect(page.locator('main').textContent()).resolves.toContain('interns');
    expect(await auditPage(page, 'refusal page')).toEqual([]);
    await page.goto(`${origin}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.close();
  });
});
