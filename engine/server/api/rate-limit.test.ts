import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('sliding-window rate limiter', () => {
  it('allows max attempts per window, then refuses with a Retry-After in the future', () => {
    const limiter = new RateLimiter({ max: 5, windowMs: 60_000 });
    const t0 = 1_000 * 60_000; // the start of a window
    for (let attempt = 0; attempt < 5; attempt++)
      expect(limiter.hit('ip', t0 + attempt).ok).toBe(true);
    const refused = limiter.hit('ip', t0 + 10);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: expect.any(Number) });
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(limiter.hit('other', t0 + 10).ok).toBe(true);
  });

  it('does not let a burst at the edge of a window double the allowance', () => {
    const limiter = new RateLimiter({ max: 10, windowMs: 60_000 });
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
    const limiter = new RateLimiter({ max: 1, windowMs: 60_000 }, 100);
    const t0 = 1_000 * 60_000;
    for (let index = 0; index < 10_000; index++) limiter.hit(`198.51.${index}`, t0 + 1);
    expect(limiter.trackedKeys).toBe(100);
    // The newest keys are still limited.
    expect(limiter.hit('198.51.9999', t0 + 2).ok).toBe(false);
  });
});
