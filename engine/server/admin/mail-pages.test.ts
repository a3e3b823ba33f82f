import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, signIn, type TestServer } from '../test-support.ts';

let server: TestServer;
const clock = new Date('2026-11-23T10:00:00Z');
let admin: { cookie: string; csrf: string };
beforeAll(async () => {
  server = await createTestServer({ now: () => clock });
  admin = await signIn(server.store, { email: 'ada@acme.example', role: 'admin', now: clock });
});
afterAll(() => server.close());

const request = (path: string, form?: Record<string, string>) =>
  server.app.request(`${server.origin}${path}`, {
    method: form ? 'POST' : 'GET',
    headers: {
      Origin: server.origin,
      Cookie: admin.cookie,
      ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(form ? { body: new URLSearchParams(form) } : {}),
  });

describe('admin Mail page', () => {
  it('lists waiting and given-up mail, and resends a given-up message', async () => {
    const at = '2026-11-20T10:00:00.000Z';
    const insert = async (to: string, abandonedAt: string | null) => {
      const id = await server.store.mailQueue.enqueue(
        { to, subject: 'Your document access was approved', text: 'links' },
        at,
      );
      await server.store.mailQueue.markFailed(id, {
        attempts: 40,
        nextAttemptAt: '2026-11-23T11:00:00.000Z',
        lastAttemptAt: '2026-11-23T10:00:00.000Z',
        error: '421 Service not available',
        abandonedAt,
      });
      return { id };
    };
    await insert('waiting@customer.example', null);
    const lost = await insert('lost@customer.example', '2026-11-23T10:00:00.000Z');
    const page = await (await request('/admin/mail')).text();
    expect(page).toContain('Waiting to be sent (1)');
    expect(page).toContain('waiting@customer.example');
    expect(page).toContain('2026-11-23 11:00');
    expect(page).toContain('Given up (1)');
    expect(page).toContain('421 Service not available');
    expect(page).toContain(`action="/admin/mail/${lost.id}/resend"`);

    expect((await request(`/admin/mail/${lost.id}/resend`, { _csrf: '' })).status).toBe(403);
    const resent = await request(`/admin/mail/${lost.id}/resend`, { _csrf: admin.csrf });
    expect(resent.status).toBe(303);
    const mails = await server.mails();
    expect(mails.map((mail) => (mail.to && 'text' in mail.to ? mail.to.text : ''))).toContain(
      'lost@customer.example',
    );
    expect(await (await request('/admin/mail')).text()).toContain('Given up (0)');
    // A second resend of the same message has nothing to resend.
    expect((await request(`/admin/mail/${lost.id}/resend`, { _csrf: admin.csrf })).status).toBe(
      400,
    );
  });
});
