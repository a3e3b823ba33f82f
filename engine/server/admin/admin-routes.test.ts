import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../audit/audit-log.ts';
import { currentTotp } from '../auth/totp.ts';
import { createUser, type Role, roles } from '../auth/users.ts';
import { createTestServer, formBrowser, signIn, type TestServer } from '../test-support.ts';
import { adminRouteTable } from './admin-routes.ts';

let server: TestServer;
let clock = new Date('2026-11-23T10:00:00Z');
beforeAll(async () => {
  server = await createTestServer({ now: () => clock });
});
afterAll(() => server.close());

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('admin sign-in', () => {
  it('sets a password from the one-time link, signs in with a hardened cookie, and refuses the link twice', async () => {
    const { setupToken } = await createUser(server.store, {
      email: 'ada@acme.example',
      role: 'admin',
      now: clock,
    });
    const ada = formBrowser(server);
    expect((await ada.get(`/admin/setup/${setupToken}`)).status).toBe(200);
    const short = await ada.post(`/admin/setup/${setupToken}`, {
      password: 'short',
      confirm: 'short',
    });
    expect(short.status).toBe(400);
    const set = await ada.post(`/admin/setup/${setupToken}`, {
      password: 'correct horse battery',
      confirm: 'correct horse battery',
    });
    expect(set.status).toBe(303);
    expect((await server.store.users.byEmail('ada@acme.example'))?.passwordHash).toMatch(
      /^scrypt\$32768\$8\$1\$/,
    );
    expect((await ada.get(`/admin/setup/${setupToken}`)).status).toBe(404);

    expect((await ada.get('/admin')).headers.get('location')).toBe('/admin/login');
    const wrong = await ada.post('/admin/login', {
      email: 'ada@acme.example',
      password: 'wrong password!',
    });
    expect(wrong.status).toBe(401);
    const unknown = await ada.post('/admin/login', {
      email: 'nobody@acme.example',
      password: 'wrong password!',
    });
    expect(await unknown.text()).toBe(
      await (await ada.post('/admin/login', { email: 'ada@acme.example', password: 'x' })).text(),
    );

    const ok = await ada.post('/admin/login', {
      email: 'ada@acme.example',
      password: 'correct horse battery',
    });
    expect(ok.status).toBe(303);
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toMatch(/Secure/);
    const overview = await ada.get('/admin');
    expect(overview.status).toBe(200);
    expect(await overview.text()).toContain('Sign out ada@acme.example');

    // Idle timeout: 31 minutes later the session is gone.
    clock = new Date(clock.getTime() + 31 * 60_000);
    expect((await ada.get('/admin')).headers.get('location')).toBe('/admin/login');
  });

  it('redirects paths typed with a trailing slash to the admin page', async () => {
    for (const [typed, page] of [
      ['/admin/', '/admin'],
      ['/admin/login/', '/admin/login'],
    ]) {
      const response = await server.app.request(`${server.origin}${typed}`);
      expect(response.status, typed).toBe(301);
      expect(new URL(response.headers.get('location') ?? '', server.origin).pathname).toBe(page);
    }
    expect((await server.app.request(`${server.origin}/admin/no-such-page/`)).status).toBe(301);
    expect((await server.app.request(`${server.origin}/admin/no-such-page`)).status).toBe(404);
  });

  it('marks the cookie Secure when the sign-in came over TLS', async () => {
    const response = await server.app.request('https://trust.test/admin/login', {
      method: 'POST',
      headers: {
        Origin: 'https://trust.test',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ email: 'ada@acme.example', password: 'correct horse battery' }),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('rate-limits password guessing per account with 429 and Retry-After', async () => {
    const mallory = formBrowser(server);
    let last: Response | undefined;
    for (let attempt = 0; attempt < 6; attempt++) {
      last = await mallory.post('/admin/login', {
        email: 'victim@acme.example',
        password: `guess number ${attempt}`,
      });
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('names the organisation, escaped, in the brand header of the signed-out pages', async () => {
    const { organisation } = server.snapshot;
    const name = organisation.name;
    organisation.name = 'Zürich & <i>Røde</i> Ltd';
    try {
      const visitor = formBrowser(server);
      const header =
        'Zürich &amp; &lt;i&gt;Røde&lt;/i&gt; Ltd <span class="brand-sub">· admin</span>';
      const pages = [
        await visitor.get('/admin/login'),
        await visitor.post('/admin/login', { email: 'nobody@acme.example', password: 'nope' }),
        await visitor.get('/admin/setup/not-a-token'),
      ];
      expect(pages.map((page) => page.status)).toEqual([200, 401, 404]);
      for (const page of pages) {
        const html = await page.text();
        expect(html).toContain(header);
        expect(/<title>[^<]*<\/title>/.exec(html)?.[0]).toContain(
          '· Zürich &amp; &lt;i&gt;Røde&lt;/i&gt; Ltd Attest admin</title>',
        );
        expect(html).not.toContain('<i>Røde</i>');
        expect(html).not.toContain('>Trust center <span');
      }
    } finally {
      organisation.name = name;
    }
  });

  it('turns on TOTP with backup codes; sign-in then needs a code, and each backup code works once', async () => {
    clock = new Date('2026-11-24T10:00:00Z');
    const ada = formBrowser(server);
    await ada.post('/admin/login', {
      email: 'ada@acme.example',
      password: 'correct horse battery',
    });
    const page = await (await ada.get('/admin/account')).text();
    const secret = /<code>([A-Z2-7]{32})<\/code>/.exec(page)?.[1] ?? '';
    const enrolment = /name="enrolment" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const enabled = await ada.post('/admin/account/totp', {
      _csrf: csrfIn(page),
      enrolment,
      code: currentTotp(secret, clock),
      password: 'correct horse battery',
    });
    expect(enabled.status).toBe(200);
    const backup = [
      ...(await enabled.text()).matchAll(/<code>([0-9a-f]{8}-[0-9a-f]{8})<\/code>/g),
    ].map((match) => match[1] ?? '');
    expect(backup).toHaveLength(10);

    clock = new Date(clock.getTime() + 30_000); // the enrolment code is spent; wait for the next
    const again = formBrowser(server);
    expect(
      (
        await again.post('/admin/login', {
          email: 'ada@acme.example',
          password: 'correct horse battery',
        })
      ).headers.get('location'),
    ).toBe('/admin/login/totp');
    expect((await again.get('/admin')).headers.get('location')).toBe('/admin/login/totp');
    // The second-factor page (where backup codes are entered too) names the organisation.
    expect(await (await again.get('/admin/login/totp')).text()).toContain(
      `${server.snapshot.organisation.name} <span class="brand-sub">· admin</span>`,
    );
    expect((await again.post('/admin/login/totp', { code: '000000' })).status).toBe(401);
    expect(
      (await again.post('/admin/login/totp', { code: currentTotp(secret, clock) })).headers.get(
        'location',
      ),
    ).toBe('/admin');
    expect((await again.get('/admin')).status).toBe(200);

    const third = formBrowser(server);
    await third.post('/admin/login', {
      email: 'ada@acme.example',
      password: 'correct horse battery',
    });
    expect((await third.post('/admin/login/totp', { code: backup[0] ?? '' })).status).toBe(303);
    const fourth = formBrowser(server);
    await fourth.post('/admin/login', {
      email: 'ada@acme.example',
      password: 'correct horse battery',
    });
    expect((await fourth.post('/admin/login/totp', { code: backup[0] ?? '' })).status).toBe(401);
    expect((await verifyAuditLog(server.store)).ok).toBe(true);
    const actions = (await server.store.audit.page(0, 1_000)).map((entry) => entry.action);
    expect(actions).toContain('user.totp-enabled');
    expect(actions).toContain('login.second-factor');
  });
});

/** A user with a password set through the setup link, signed in (no second factor yet). */
async function signedInUser(email: string, password: string) {
  const { setupToken } = await createUser(server.store, { email, role: 'viewer', now: clock });
  const user = formBrowser(server);
  await user.post(`/admin/setup/${setupToken}`, { password, confirm: password });
  await user.post('/admin/login', { email, password });
  return user;
}

/** The enrolment form of the account page: secret, sealed token and form token. */
async function enrolmentForm(user: ReturnType<typeof formBrowser>) {
  const page = await (await user.get('/admin/account')).text();
  return {
    secret: /<code>([A-Z2-7]{32})<\/code>/.exec(page)?.[1] ?? '',
    enrolment: /name="enrolment" value="([^"]+)"/.exec(page)?.[1] ?? '',
    csrf: csrfIn(page),
  };
}

const totpSecretOf = async (email: string) => (await server.store.users.byEmail(email))?.totpSecret;

describe('second factor', () => {
  it('accepts each TOTP code once, also within its window and also after enrolment', async () => {
    clock = new Date('2026-11-26T10:00:00Z');
    const password = 'grace hopper compiler';
    const grace = await signedInUser('grace@acme.example', password);
    const form = await enrolmentForm(grace);
    const code = currentTotp(form.secret, clock);
    const enabled = await grace.post('/admin/account/totp', {
      _csrf: form.csrf,
      enrolment: form.enrolment,
      code,
      password,
    });
    expect(enabled.status).toBe(200);

    const signIn = async () => {
      const session = formBrowser(server);
      await session.post('/admin/login', { email: 'grace@acme.example', password });
      return session;
    };
    // The code used to enrol cannot sign in, even a few seconds later.
    clock = new Date(clock.getTime() + 5_000);
    expect((await (await signIn()).post('/admin/login/totp', { code })).status).toBe(401);
    // A fresh code works once; replaying it within its window is refused.
    clock = new Date(clock.getTime() + 30_000);
    const fresh = currentTotp(form.secret, clock);
    expect((await (await signIn()).post('/admin/login/totp', { code: fresh })).status).toBe(303);
    clock = new Date(clock.getTime() + 10_000);
    const replay = await signIn();
    expect((await replay.post('/admin/login/totp', { code: fresh })).status).toBe(401);
    expect((await replay.get('/admin')).headers.get('location')).toBe('/admin/login/totp');
  });

  it('needs the current password to turn on the second factor', async () => {
    clock = new Date('2026-11-27T10:00:00Z');
    const password = 'katherine johnson orbits';
    const kate = await signedInUser('kate@acme.example', password);
    const form = await enrolmentForm(kate);
    expect(await (await kate.get('/admin/account')).text()).toContain('name="password"');
    const fields = {
      _csrf: form.csrf,
      enrolment: form.enrolment,
      code: currentTotp(form.secret, clock),
    };
    expect((await kate.post('/admin/account/totp', fields)).status).toBe(400);
    expect(
      (await kate.post('/admin/account/totp', { ...fields, password: 'not my password!' })).status,
    ).toBe(400);
    expect(await totpSecretOf('kate@acme.example')).toBeNull();
    expect((await kate.post('/admin/account/totp', { ...fields, password })).status).toBe(200);
    expect(await totpSecretOf('kate@acme.example')).toBe(form.secret);
  });

  it('refuses an older enrolment once the second factor is on, keeping secret and backup codes', async () => {
    clock = new Date('2026-11-28T10:00:00Z');
    const password = 'margaret hamilton apollo';
    const margaret = await signedInUser('margaret@acme.example', password);
    const first = await enrolmentForm(margaret);
    const stale = await enrolmentForm(margaret); // e.g. a second tab, or a leaked page
    const on = await margaret.post('/admin/account/totp', {
      _csrf: first.csrf,
      enrolment: first.enrolment,
      code: currentTotp(first.secret, clock),
      password,
    });
    expect(on.status).toBe(200);
    const codesBefore = (await server.store.users.byEmail('margaret@acme.example'))?.backupCodes;

    clock = new Date(clock.getTime() + 30_000);
    const replaced = await margaret.post('/admin/account/totp', {
      _csrf: stale.csrf,
      enrolment: stale.enrolment,
      code: currentTotp(stale.secret, clock),
      password,
    });
    expect(replaced.status).toBe(400);
    const after = await server.store.users.byEmail('margaret@acme.example');
    expect(after?.totpSecret).toBe(first.secret);
    expect(after?.backupCodes).toEqual(codesBefore);
  });
});

describe('authorisation on every admin route × role', () => {
  const sessions = new Map<Role, { cookie: string; csrf: string }>();
  beforeAll(async () => {
    clock = new Date('2026-11-25T10:00:00Z');
    await createUser(server.store, { email: 'bystander@acme.example', role: 'viewer', now: clock });
    for (const role of roles) {
      sessions.set(
        role,
        await signIn(server.store, { email: `${role}-matrix@acme.example`, role, now: clock }),
      );
    }
  });

  const call = (method: string, path: string, who?: { cookie: string; csrf: string }) =>
    server.app.request(`${server.origin}${path.replace(':id', '1')}`, {
      method,
      headers: {
        Origin: server.origin,
        ...(who ? { Cookie: who.cookie } : {}),
        ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(method === 'POST'
        ? {
            body: new URLSearchParams({
              _csrf: who?.csrf ?? '',
              days: '3',
              status: 'acknowledged',
            }),
          }
        : {}),
    });

  for (const route of adminRouteTable()) {
    it(`${route.method} ${route.path}: ${route.roles.join(', ')} only`, async () => {
      const anonymous = await call(route.method, route.path);
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get('location')).toBe('/admin/login');
      for (const role of roles) {
        const response = await call(route.method, route.path, sessions.get(role));
        if (route.roles.includes(role)) {
          expect(response.status, `${role} should be allowed`).not.toBe(403);
          expect(response.headers.get('location') ?? '').not.toBe('/admin/login');
        } else {
          expect(response.status, `${role} should be refused`).toBe(403);
        }
        expect(response.status).toBeLessThan(500);
      }
    });
  }

  it('refuses an admin POST without the session form token, or from another origin', async () => {
    const admin = sessions.get('admin');
    const noToken = await server.app.request(`${server.origin}/admin/users`, {
      method: 'POST',
      headers: {
        Origin: server.origin,
        Cookie: admin?.cookie ?? '',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ email: 'eve@evil.example', role: 'admin' }),
    });
    expect(noToken.status).toBe(403);
    const crossSite = await server.app.request(`${server.origin}/admin/users`, {
      method: 'POST',
      headers: {
        Origin: 'https://evil.example',
        Cookie: admin?.cookie ?? '',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        _csrf: admin?.csrf ?? '',
        email: 'eve@evil.example',
        role: 'admin',
      }),
    });
    expect(crossSite.status).toBe(403);
    expect(await server.store.users.byEmail('eve@evil.example')).toBeUndefined();
  });
});
