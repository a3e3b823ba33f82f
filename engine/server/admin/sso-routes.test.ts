import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../audit/audit-log.ts';
import { ssoCallbackPath } from '../api/context.ts';
import type { SsoSettings } from '../auth/sso-settings.ts';
import { startTestProvider, type TestProvider } from '../auth/test-support/oidc-provider.ts';
import { createUser } from '../auth/users.ts';
import { createTestServer, type TestServer } from '../test-support.ts';

const origin = 'http://trust.test';
let provider: TestProvider;
let server: TestServer;
let ssoOnly: TestServer;

const settings = (overrides: Partial<SsoSettings> = {}): SsoSettings => ({
  issuer: provider.issuer,
  clientId: provider.clientId,
  clientSecret: provider.clientSecret,
  scopes: 'openid email groups',
  roleClaim: 'groups',
  roleMap: new Map([
    ['admins', 'admin'],
    ['sales', 'sales'],
    ['staff', 'viewer'],
  ]),
  allowedDomains: ['acme.example'],
  ssoOnly: false,
  ...overrides,
});

const generous = { loginPerIp: { max: 1_000, windowMs: 60_000 } };

beforeAll(async () => {
  provider = await startTestProvider(
    {
      ada: { email: 'ada@acme.example', groups: ['admins'] },
      sam: { email: 'sam@eu.acme.example', groups: ['staff', 'sales'] },
      both: { email: 'both@acme.example', groups: ['sales', 'admins'] },
      intern: { email: 'ivy@acme.example', groups: ['interns'] },
      eve: { email: 'eve@other.example', groups: ['admins'] },
      olga: { email: 'olga@other.example', groups: ['staff'] },
      unverified: { email: 'uma@acme.example', email_verified: false, groups: ['admins'] },
      vic: { email: 'vic@acme.example', groups: ['admins'] },
      dan: { email: 'dan@acme.example', groups: ['admins'] },
    },
    `${origin}${ssoCallbackPath}`,
  );
  server = await createTestServer({ sso: settings(), rateLimits: generous });
  ssoOnly = await createTestServer({ sso: settings({ ssoOnly: true }), rateLimits: generous });
});
afterAll(async () => {
  await server.close();
  await ssoOnly.close();
  await provider.close();
});

/** A browser's cookies over `app.request`, one value per cookie name. */
function browser(target: TestServer) {
  const cookies = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const response = await target.app.request(`${origin}${path}`, {
      ...init,
      headers: {
        Origin: origin,
        Accept: 'text/html',
        Cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(init.headers as Record<string, string>),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (value && !/max-age=0/i.test(line)) cookies.set(pair.slice(0, at), value);
      else cookies.delete(pair.slice(0, at));
    }
    return response;
  };
  return {
    cookies,
    get: (path: string) => request(path),
    post: (path: string, fields: Record<string, string>) =>
      request(path, {
        method: 'POST',
        body: new URLSearchParams(fields),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
    /** Leaves for the provider and returns the callback URL it sends the browser back to. */
    async toProvider(login: string) {
      const start = await request('/admin/sso/start');
      expect(start.status).toBe(303);
      return provider.signIn(start.headers.get('location') ?? '', login);
    },
    async signIn(login: string) {
      const back = await this.toProvider(login);
      return request(`${back.pathname}${back.search}`);
    },
  };
}

const audit = async (target: TestServer) =>
  (await target.store.audit.recent(50)).map((row) => `${row.action} ${row.actor} ${row.target}`);

describe('single sign-on to the admin area', () => {
  it('signs a new admin in from an allowed domain, with the same hardened session as a password sign-in', async () => {
    const ada = browser(server);
    const done = await ada.signIn('ada');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/admin');
    const cookie =
      done.headers.getSetCookie().find((line) => line.startsWith('attest_session=')) ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/admin/);
    const users = await ada.get('/admin/users');
    expect(users.status).toBe(200);
    expect(await users.text()).toContain('Sign out ada@acme.example');
    expect(await server.store.users.byEmail('ada@acme.example')).toMatchObject({
      role: 'admin',
      passwordHash: null,
    });
    const log = await audit(server);
    expect(log).toContain(`login.sso ada@acme.example admin as admin via ${provider.issuer}`);
    expect(log.some((entry) => entry.startsWith('user.create-sso ada@acme.example'))).toBe(true);
    // The session's form token still guards every POST.
    expect((await ada.post('/admin/logout', {})).status).toBe(303);
    expect((await ada.get('/admin')).headers.get('location')).toBe('/admin/login');
  });

  it('maps the most privileged role from the group claim, and follows the provider when groups change', async () => {
    const sam = browser(server);
    expect((await sam.signIn('sam')).status).toBe(303);
    expect((await sam.get('/admin/requests')).status).toBe(200);
    expect((await sam.get('/admin/users')).status).toBe(403);
    expect((await server.store.users.byEmail('sam@eu.acme.example'))?.role).toBe('sales');

    const both = browser(server);
    await both.signIn('both');
    expect((await both.get('/admin/users')).status).toBe(200);

    await createUser(server.store, { email: 'vic@acme.example', role: 'viewer' });
    const vic = browser(server);
    await vic.signIn('vic');
    expect((await server.store.users.byEmail('vic@acme.example'))?.role).toBe('admin');
    expect(
      (await audit(server)).some(
        (entry) =>
          entry.includes('user.role-sso vic@acme.example') && entry.includes('viewer → admin'),
      ),
    ).toBe(true);
  });

  it('refuses a person whose groups map to no role, with the reason on a 403 page', async () => {
    const ivy = browser(server);
    const refused = await ivy.signIn('intern');
    expect(refused.status).toBe(403);
    const page = await refused.text();
    expect(page).toContain('interns');
    expect(page).toContain('admins, sales, staff');
    expect(await server.store.users.byEmail('ivy@acme.example')).toBeUndefined();
    expect(
      (await audit(server)).some((entry) => entry.startsWith('login.sso-refused ivy@acme.example')),
    ).toBe(true);
  });

  it('creates accounts only for allowed domains and verified addresses, and keeps disabled accounts out', async () => {
    const eve = await browser(server).signIn('eve');
    expect(eve.status).toBe(403);
    expect(await eve.text()).toContain('accounts are created only for acme.example');
    expect(await server.store.users.byEmail('eve@other.example')).toBeUndefined();

    // An account an admin created is let in whatever its domain.
    await createUser(server.store, { email: 'olga@other.example', role: 'viewer' });
    expect((await browser(server).signIn('olga')).status).toBe(303);

    const uma = await browser(server).signIn('unverified');
    expect(uma.status).toBe(403);
    expect(await uma.text()).toContain('has not verified uma@acme.example');

    const { user } = await createUser(server.store, { email: 'dan@acme.example', role: 'admin' });
    await server.store.users.disable(user.id, new Date().toISOString());
    const dan = await browser(server).signIn('dan');
    expect(dan.status).toBe(403);
    expect(await dan.text()).toContain('disabled');
  });

  it('answers a bad, replayed, foreign or expired callback with 400 and a reason, never 500', async () => {
    const mallory = browser(server);
    const back = await mallory.toProvider('ada');
    const attempt = mallory.cookies.get('attest_sso') ?? '';

    const tampered = new URL(back);
    tampered.searchParams.set('state', 'not-the-state');
    const badState = await mallory.get(`${tampered.pathname}${tampered.search}`);
    expect(badState.status).toBe(400);
    expect(await badState.text()).toContain('belongs to another sign-in');

    // The attempt is spent once its callback came in, even a bad one.
    const again = await mallory.get(`${back.pathname}${back.search}`);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('expired or was finished already');

    // Replaying a finished sign-in with its cookie: the provider refuses the used code.
    const honest = browser(server);
    const first = await honest.toProvider('ada');
    const saved = honest.cookies.get('attest_sso') ?? '';
    expect((await honest.get(`${first.pathname}${first.search}`)).status).toBe(303);
    honest.cookies.set('attest_sso', saved);
    const replay = await honest.get(`${first.pathname}${first.search}`);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('invalid_grant');

    // An answer that claims to come from another issuer (RFC 9207 `iss`).
    const foreign = browser(server);
    const fromProvider = await foreign.toProvider('ada');
    fromProvider.searchParams.set('iss', 'https://evil.example');
    const wrongIssuer = await foreign.get(`${fromProvider.pathname}${fromProvider.search}`);
    expect(wrongIssuer.status).toBe(400);
    expect(await wrongIssuer.text()).toContain('does not check out');

    // The provider refused (the person cancelled).
    const cancel = browser(server);
    await cancel.get('/admin/sso/start');
    const state = JSON.parse(
      Buffer.from(
        (cancel.cookies.get('attest_sso') ?? '').split('.')[0] ?? '',
        'base64url',
      ).toString(),
    ).state;
    const denied = await cancel.get(
      `${ssoCallbackPath}?error=access_denied&state=${state}&iss=${encodeURIComponent(provider.issuer)}`,
    );
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('access_denied');

    // A code that expired before it was redeemed.
    provider.setCodeTtl(1);
    try {
      const slow = browser(server);
      const late = await slow.toProvider('ada');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const expired = await slow.get(`${late.pathname}${late.search}`);
      expect(expired.status).toBe(400);
      expect(await expired.text()).toContain('invalid_grant');
    } finally {
      provider.setCodeTtl(60);
    }

    // A forged attempt cookie counts as none.
    const forger = browser(server);
    const forged = await forger.toProvider('ada');
    forger.cookies.set('attest_sso', `${attempt.split('.')[0]}.AAAA`);
    expect((await forger.get(`${forged.pathname}${forged.search}`)).status).toBe(400);
    expect((await verifyAuditLog(server.store)).ok).toBe(true);
  });

  it('says so when the identity provider cannot be reached', async () => {
    const offline = await createTestServer({
      sso: settings({ issuer: 'http://127.0.0.1:9' }),
      rateLimits: generous,
    });
    try {
      const start = await offline.app.request(`${origin}/admin/sso/start`, {
        headers: { Accept: 'text/html' },
      });
      expect(start.status).toBe(502);
      expect(await start.text()).toContain('could not be reached');
    } finally {
      await offline.close();
    }
    // No discovery document at the configured issuer.
    const mismatch = await createTestServer({
      sso: settings({ issuer: `${provider.issuer}/tenant-a` }),
      rateLimits: generous,
    });
    try {
      const start = await mismatch.app.request(`${origin}/admin/sso/start`, {
        headers: { Accept: 'text/html' },
      });
      expect(start.status).toBe(502);
      expect(await start.text()).toContain('Check ATTEST_OIDC_ISSUER');
    } finally {
      await mismatch.close();
    }
  });
});

describe('SSO-only mode', () => {
  it('shows only the SSO button and refuses password sign-in, setup links and second-factor pages', async () => {
    const page = await (await ssoOnly.app.request(`${origin}/admin/login`)).text();
    expect(page).toContain('Sign in with SSO');
    expect(page).not.toContain('type="password"');
    expect(page).not.toMatch(/<script/i);

    const { setupToken } = await createUser(ssoOnly.store, {
      email: 'pat@acme.example',
      role: 'admin',
    });
    const pat = browser(ssoOnly);
    expect((await pat.get(`/admin/setup/${setupToken}`)).status).toBe(403);
    const refused = await pat.post('/admin/login', {
      email: 'pat@acme.example',
      password: 'correct horse battery',
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Password sign-in is turned off');
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect((await pat.get('/admin/login/totp')).status).toBe(403);

    const ada = browser(ssoOnly);
    expect((await ada.signIn('ada')).status).toBe(303);
    expect((await ada.get('/admin')).status).toBe(200);
    expect(await (await ada.get('/admin/account')).text()).toContain(
      'its second factor protects this account',
    );
    const users = await (await ada.get('/admin/users')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(users)?.[1] ?? '';
    expect(users).toContain('>Create</button>');
    const created = await ada.post('/admin/users', {
      _csrf: csrf,
      email: 'lee@partner.example',
      role: 'viewer',
    });
    expect(await created.text()).toContain('lee@partner.example can now sign in with SSO');
  });

  it('keeps the password form beside the SSO button when both are on', async () => {
    const page = await (await server.app.request(`${origin}/admin/login`)).text();
    expect(page).toContain('Sign in with SSO');
    expect(page).toContain('type="password"');
  });
});
