/** How many attempts a key may make within a window. */
export interface RateRule {
  max: number;
  windowMs: number;
}

/** The verdict for one attempt: allowed, or refused with the seconds until one is allowed. */
export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A sliding-window rate limiter held in memory: each key keeps the times of its attempts
 * inside the window, so a burst at a window's edge cannot double the allowance. Keys idle
 * for a whole window are swept.
 */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();
  readonly #rule: RateRule;
  #lastSweep = 0;

  constructor(rule: RateRule) {
    this.#rule = rule;
  }

  /** Records one attempt by `key` at `now` (ms) unless the key is over its limit. */
  hit(key: string, now: number): RateVerdict {
    const { max, windowMs } = this.#rule;
    this.#sweep(now);
    const since = now - windowMs;
    const times = (this.#hits.get(key) ?? []).filter((time) => time > since);
    if (times.length >= max) {
      this.#hits.set(key, times);
      const oldest = times[0] ?? now;
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)),
      };
    }
    times.push(now);
    this.#hits.set(key, times);
    return { ok: true };
  }

  /** Forgets a key (e.g. after a successful login). */
  reset(key: string): void {
    this.#hits.delete(key);
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < this.#rule.windowMs) return;
    this.#lastSweep = now;
    const since = now - this.#rule.windowMs;
    for (const [key, times] of this.#hits) {
      if ((times.at(-1) ?? 0) <= since) this.#hits.delete(key);
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
