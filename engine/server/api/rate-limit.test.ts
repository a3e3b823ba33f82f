import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support.ts';
import { MemoryRateLimiter } from './rate-limit.ts';

/**
 * The first moment (whole seconds after `from`) at which `attempt` is let through, probing
 * without recording refused tries — what a client obeying Retry-After would see.
 */
function firstAllowedSecond(attempt: (at: number) => boolean, from: number, limit = 400): number {
  for (let second = 0; second <= limit; second++) if (attempt(from + second * 1000)) return second;
  throw new Error('never allowed');
}

describe('sliding-window rate limiter', () => {
  it('allows max attempts per window, then refuses with a Retry-After in the future', () => {
    const limiter = new MemoryRateLimiter({ max: 5, windowMs: 60_000 });
    const t0 = 1_000 * 60_000; // the start of a window
    for (let attempt = 0; attempt < 5; attempt++)
      expect(limiter.hit('ip', t0 + attempt).ok).toBe(true);
    const refused = limiter.hit('ip', t0 + 10);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: expect.any(Number) });
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(limiter.hit('other', t0 + 10).ok).toBe(true);
  });

  it('answers a Retry-After that is exactly the wait until the next attempt is allowed', () => {
    for (const [max, offset] of [
      [5, 0],
      [5, 45_000],
      [3, 59_000],
    ] as const) {
      const limiter = new MemoryRateLimiter({ max, windowMs: 60_000 });
      const start = 1_000 * 60_000 + offset;
      for (let attempt = 0; attempt < max; attempt++) limiter.hit('ip', start);
      const refused = limiter.hit('ip', start);
      if (refused.ok) throw new Error('expected a refusal');
      const waited = firstAllowedSecond((at) => limiter.hit('ip', at).ok, start);
      expect(refused.retryAfterSeconds, `max ${max} at +${offset} ms`).toBe(waited);
    }
  });

  it('does not let a burst at the edge of a window double the allowance', () => {
    const limiter = new MemoryRateLimiter({ max: 10, windowMs: 60_000 });
    const edge = 1_000 * 60_000 - 1_000; // one second before a window ends
    for (let attempt = 0; attempt < 10; attempt++) expect(limiter.hit('ip', edge).ok).toBe(true);
    // Two seconds later a fixed window would start afresh; the sliding window still counts them.
    let allowed = 0;
    for (let attempt = 0; attempt < 10; attempt++)
      if (limiter.hit('ip', edge + 2_000).ok) allowed++;
    expect(allowed).toBeLessThanOrEqual(1);
    // A whole window later, the allowance is back.
    for (let attempt = 0; attempt < 10; attempt++)
      expect(limiter.hit('ip', edge + 121_000).ok).toBe(true);
  });

  it('tracks at most its number of keys, however many addresses ask', () => {
    const limiter = new MemoryRateLimiter({ max: 1, windowMs: 60_000 }, 100);
    const t0 = 1_000 * 60_000;
    for (let index = 0; index < 10_000; index++) limiter.hit(`198.51.${index}`, t0 + 1);
    expect(limiter.trackedKeys).toBe(100);
    // The newest keys are still limited.
    expect(limiter.hit('198.51.9999', t0 + 2).ok).toBe(false);
  });
});

describe('the server’s limits', () => {
  let server: TestServer;
  let clock = new Date('2026-11-23T10:00:00Z');
  const rule = { max: 3, windowMs: 60_000 };
  beforeAll(async () => {
    server = await createTestServer({
      now: () => clock,
      rateLimits: {
        tokensPerIp: rule,
        loginPerIp: rule,
        mailsPerAddress: { max: 2, windowMs: 60_000 },
      },
    });
  });
  afterAll(() => server.close());
  const later = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };

  /** Makes `max` allowed requests, then checks the refusal and that its Retry-After holds. */
  async function expectLimited(send: () => Response | Promise<Response>, allowedStatus: number) {
    for (let attempt = 0; attempt < rule.max; attempt++)
      expect((await send()).status).toBe(allowedStatus);
    const refused = await send();
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(1);
    later(retryAfter - 1);
    expect((await send()).status).toBe(429);
    later(1);
    expect((await send()).status).toBe(allowedStatus);
  }

  it('limits confirmation-token attempts per IP (tokensPerIp)', async () => {
    clock = new Date('2026-11-23T10:00:00Z');
    await expectLimited(
      () => server.app.request(`${server.origin}/api/subscribe/confirm?token=guess.guess`),
      404,
    );
  });

  it('limits sign-in attempts per IP across accounts (loginPerIp)', async () => {
    clock = new Date('2026-11-24T10:00:00Z');
    let account = 0;
    await expectLimited(
      () =>
        server.postForm('/admin/login', {
          email: `guess${++account}@acme.example`,
          password: 'a wrong password',
        }),
      401,
    );
  });

  it('sends at most mailsPerAddress confirmation mails to one address, then again after the window', async () => {
    clock = new Date('2026-11-25T10:00:00Z');
    const signUp = () =>
      server.postForm('/api/subscribe', { email: 'often@customer.example', topic: 'all' });
    const sent = async () =>
      (await server.mails()).filter(
        (mail) => mail.to && 'text' in mail.to && mail.to.text === 'often@customer.example',
      ).length;
    for (let attempt = 0; attempt < 4; attempt++) expect((await signUp()).status).toBe(200);
    expect(await sent()).toBe(2);
    later(59);
    await signUp();
    expect(await sent()).toBe(2);
    later(61);
    await signUp();
    expect(await sent()).toBe(3);
  });
});
