// Replays of the resilience review's auth-area findings (issue 13: 9, 10, 11) against the
// real code: the audit log on a real SQLite file, the admin and subscription routes through
// an in-process app on an injected clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit, verifyAuditLog } from '../../engine/audit/audit-log.ts';
import { currentTotp } from '../../engine/server/auth/totp.ts';
import { createUser } from '../../engine/server/auth/users.ts';
import {
  createTestServer,
  formBrowser,
  linkIn,
  type TestServer,
} from '../../engine/server/test-support.ts';
import { openStore } from '../../engine/store/open-store.ts';
import { tamperWithSqliteStore } from '../../engine/store/test-support/sqlite-faults.ts';
import type { Finding } from './finding.ts';

let clock = new Date('2026-11-23T10:00:00Z');
const later = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};

/** Runs `replay` against a fresh in-process server, closing it afterwards. */
async function withServer<T>(replay: (server: TestServer) => Promise<T>): Promise<T> {
  const server = await createTestServer({ now: () => clock });
  try {
    return await replay(server);
  } finally {
    await server.close();
  }
}

/** A signed-in user with a password and the account page's enrolment form. */
async function enrolling(server: TestServer, email: string, password: string) {
  const { setupToken } = await createUser(server.store, { email, role: 'admin', now: clock });
  const user = formBrowser(server);
  await user.post(`/admin/setup/${setupToken}`, { password, confirm: password });
  await user.post('/admin/login', { email, password });
  const page = await (await user.get('/admin/account')).text();
  return {
    user,
    secret: /<code>([A-Z2-7]{32})<\/code>/.exec(page)?.[1] ?? '',
    enrolment: /name="enrolment" value="([^"]+)"/.exec(page)?.[1] ?? '',
    csrf: /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '',
  };
}

export const findings: Finding[] = [
  {
    id: '9',
    what: 'deleting the newest audit entries is reported as truncation',
    async replay() {
      const dir = mkdtempSync(join(tmpdir(), 'attest-replay-audit-'));
      const saved = process.env.ATTEST_SECRET;
      process.env.ATTEST_SECRET = 'a replay secret of at least thirty-two characters';
      const store = await openStore(join(dir, 'attest.db'));
      try {
        for (const action of ['login', 'user.create', 'request.approve', 'download', 'logout']) {
          await appendAudit(store, { actor: 'ada@acme.example', action, target: 'x' });
        }
        tamperWithSqliteStore(
          store,
          'DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id > 3',
        );
        const verdict = await verifyAuditLog(store);
        const saw = verdict.ok
          ? `verified ${verdict.count} entries as intact`
          : `the audit log ${verdict.problem}`;
        return { held: !verdict.ok && verdict.missing === 2, saw };
      } finally {
        await store.close();
        if (saved === undefined) delete process.env.ATTEST_SECRET;
        else process.env.ATTEST_SECRET = saved;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    id: '10 (reuse)',
    what: 'a TOTP code signs in once, not again within its window',
    replay: () =>
      withServer(async (server) => {
        const password = 'replay password number one';
        const form = await enrolling(server, 'reuse@acme.example', password);
        await form.user.post('/admin/account/totp', {
          _csrf: form.csrf,
          enrolment: form.enrolment,
          code: currentTotp(form.secret, clock),
          password,
        });
        later(30);
        const code = currentTotp(form.secret, clock);
        const statuses: number[] = [];
        for (let attempt = 0; attempt < 3; attempt++) {
          const attacker = formBrowser(server);
          await attacker.post('/admin/login', { email: 'reuse@acme.example', password });
          statuses.push((await attacker.post('/admin/login/totp', { code })).status);
          later(10);
        }
        const accepted = statuses.filter((status) => status === 303).length;
        return {
          held: accepted === 1,
          saw: `one code accepted ${accepted} times (${statuses.join(', ')})`,
        };
      }),
  },
  {
    id: '10 (re-auth)',
    what: 'turning on 2FA needs the current password',
    replay: () =>
      withServer(async (server) => {
        const form = await enrolling(server, 'reauth@acme.example', 'replay password number two');
        const response = await form.user.post('/admin/account/totp', {
          _csrf: form.csrf,
          enrolment: form.enrolment,
          code: currentTotp(form.secret, clock),
        });
        const row = await server.store.users.byEmail('reauth@acme.example');
        return {
          held: response.status === 400 && !row?.totpSecret,
          saw: `enable without password: ${response.status}, second factor ${row?.totpSecret ? 'on' : 'off'}`,
        };
      }),
  },
  {
    id: '10 (old enrolment)',
    what: 'an enrolment token from before 2FA was on cannot replace the secret',
    replay: () =>
      withServer(async (server) => {
        const password = 'replay password number three';
        const first = await enrolling(server, 'stale@acme.example', password);
        const page = await (await first.user.get('/admin/account')).text();
        const staleEnrolment = /name="enrolment" value="([^"]+)"/.exec(page)?.[1] ?? '';
        const staleSecret = /<code>([A-Z2-7]{32})<\/code>/.exec(page)?.[1] ?? '';
        await first.user.post('/admin/account/totp', {
          _csrf: first.csrf,
          enrolment: first.enrolment,
          code: currentTotp(first.secret, clock),
          password,
        });
        later(30);
        const replaced = await first.user.post('/admin/account/totp', {
          _csrf: first.csrf,
          enrolment: staleEnrolment,
          code: currentTotp(staleSecret, clock),
          password,
        });
        const row = await server.store.users.byEmail('stale@acme.example');
        return {
          held: replaced.status === 400 && row?.totpSecret === first.secret,
          saw: `old enrolment: ${replaced.status}, secret ${row?.totpSecret === first.secret ? 'kept' : 'replaced'}`,
        };
      }),
  },
  {
    id: '11',
    what: 'a confirmation link from before an unsubscribe does not resubscribe',
    replay: () =>
      withServer(async (server) => {
        const confirm = (link: string) =>
          server.app.request(link, {
            method: 'POST',
            headers: { Origin: server.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
          });
        await server.postForm('/api/subscribe', { email: 'lin@customer.example', topic: 'all' });
        const link = linkIn(
          (await server.mails())[0],
          `${server.origin}/api/subscribe/confirm?token=`,
        );
        later(60);
        await confirm(link);
        const token = (await server.store.subscribers.list(1))[0]?.unsubscribeToken;
        later(60);
        await server.app.request(`${server.origin}/api/unsubscribe?token=${token}`, {
          method: 'POST',
          body: 'List-Unsubscribe=One-Click',
        });
        later(60);
        const replayed = await confirm(link);
        const row = (await server.store.subscribers.list(1))[0];
        return {
          held: replayed.status === 404 && row?.unsubscribedAt !== null,
          saw: `old link after unsubscribe: ${replayed.status}, ${row?.unsubscribedAt ? 'still unsubscribed' : 'subscribed again'}`,
        };
      }),
  },
];
