/** How many attempts a key may make within a window. */
export interface RateRule {
  max: number;
  windowMs: number;
}

/** How many keys (addresses, accounts) one limiter tracks at most. */
export const rateLimiterMaxKeys = 100_000;

/** The verdict for one attempt: allowed, or refused with the seconds until one is allowed. */
export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Window {
  /** Start (ms) of the current fixed window. */
  start: number;
  current: number;
  previous: number;
}

/**
 * A sliding-window rate limiter held in memory. Each key keeps two counters — this fixed
 * window and the one before — and weighs the previous one by how much of it still overlaps
 * the sliding window, so a burst at a window's edge cannot double the allowance, and every
 * check costs the same whatever the limit. Keys idle for two windows are swept, and at most
 * `maxKeys` are held: when a new key finds the table full, the key that arrived first goes
 * (a client would need that many addresses of its own to push another out early).
 */
export class RateLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #rule: RateRule;
  readonly #maxKeys: number;
  #lastSweep = 0;

  constructor(rule: RateRule, maxKeys = rateLimiterMaxKeys) {
    this.#rule = rule;
    this.#maxKeys = maxKeys;
  }

  /** How many keys are tracked. */
  get trackedKeys(): number {
    return this.#windows.size;
  }

  /** Records one attempt by `key` at `now` (ms) unless the key is over its limit. */
  hit(key: string, now: number): RateVerdict {
    const { max, windowMs } = this.#rule;
    this.#sweep(now);
    const window = this.#roll(key, now);
    const elapsed = now - window.start;
    // Weighted count × windowMs, in integer milliseconds, so the refusal and the Retry-After
    // agree exactly (floating-point weights refused attempts the Retry-After had allowed).
    const weighted = window.previous * (windowMs - elapsed) + (window.current + 1) * windowMs;
    if (weighted > max * windowMs) {
      // Time until the weighted count leaves room for one more attempt: within this window
      // when the previous one still weighs, else into the next window.
      const room = max - 1 - window.current;
      const wait =
        room >= 0 && window.previous > 0
          ? Math.ceil(
              (windowMs * (window.previous - room) - elapsed * window.previous) / window.previous,
            )
          : windowMs -
            elapsed +
            Math.max(
              0,
              Math.ceil((windowMs * (window.current - (max - 1))) / Math.max(window.current, 1)),
            );
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
    }
    window.current++;
    return { ok: true };
  }

  /** Forgets a key (e.g. after a successful login). */
  reset(key: string): void {
    this.#windows.delete(key);
  }

  #roll(key: string, now: number): Window {
    const { windowMs } = this.#rule;
    const start = now - (now % windowMs);
    let window = this.#windows.get(key);
    if (!window) {
      if (this.#windows.size >= this.#maxKeys) {
        const oldest = this.#windows.keys().next();
        if (!oldest.done) this.#windows.delete(oldest.value);
      }
      window = { start, current: 0, previous: 0 };
      this.#windows.set(key, window);
    } else if (window.start !== start) {
      window.previous = start - window.start === windowMs ? window.current : 0;
      window.current = 0;
      window.start = start;
    }
    return window;
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < this.#rule.windowMs) return;
    this.#lastSweep = now;
    for (const [key, window] of this.#windows) {
      if (now - window.start >= 2 * this.#rule.windowMs) this.#windows.delete(key);
    }
  }
}

/** The limits the server applies; each can be tuned (the load test raises the form limit). */
export interface RateLimits {
  /** Public form posts per client IP. */
  formsPerIp: RateRule;
  /** Confirmation and receipt mails per email address (silently skipped beyond it). */
  mailsPerAddress: RateRule;
  /** Login attempts per client IP. */
  loginPerIp: RateRule;
  /** Login, TOTP and backup-code attempts per account. */
  loginPerAccount: RateRule;
  /** Signed-link and confirmation-token attempts per client IP. */
  tokensPerIp: RateRule;
}

export const defaultRateLimits: RateLimits = {
  formsPerIp: { max: 20, windowMs: 10 * 60_000 },
  mailsPerAddress: { max: 3, windowMs: 60 * 60_000 },
  loginPerIp: { max: 20, windowMs: 15 * 60_000 },
  loginPerAccount: { max: 5, windowMs: 15 * 60_000 },
  tokensPerIp: { max: 60, windowMs: 10 * 60_000 },
};

/** One limiter per rule. */
export type Limiters = { [K in keyof RateLimits]: RateLimiter };

export function createLimiters(limits: RateLimits): Limiters {
  return {
    formsPerIp: new RateLimiter(limits.formsPerIp),
    mailsPerAddress: new RateLimiter(limits.mailsPerAddress),
    loginPerIp: new RateLimiter(limits.loginPerIp),
    loginPerAccount: new RateLimiter(limits.loginPerAccount),
    tokensPerIp: new RateLimiter(limits.tokensPerIp),
  };
}
