import {
  judgeAttempt,
  type RateCounters,
  type RateRule,
  type RateVerdict,
  type RateWindow,
  rollWindow,
} from '../../store/rate-counters.ts';
import type { Repositories } from '../../store/store.ts';

export type { RateRule, RateVerdict };

/** How many keys (addresses, accounts) one in-memory limiter tracks at most. */
export const rateLimiterMaxKeys = 100_000;

/** Counts attempts per key and refuses those over the allowance. */
export interface RateLimiter {
  /**
   * Records one attempt by `key` at `now` (ms) unless the key is over its limit. Inside a
   * store transaction, pass its repositories as `within`: a database-backed limiter then
   * counts through the transaction rather than waiting beside it for another connection.
   */
  hit(key: string, now: number, within?: Repositories): RateVerdict | Promise<RateVerdict>;
  /** Forgets a key (e.g. after a successful login). */
  reset(key: string): void | Promise<void>;
}

/**
 * A sliding-window rate limiter held in memory, for one server process. Each key keeps two
 * counters — this fixed window and the one before — and weighs the previous one by how much
 * of it still overlaps the sliding window, so a burst at a window's edge cannot double the
 * allowance, and every check costs the same whatever the limit. Keys idle for two windows
 * are swept, and at most `maxKeys` are held: when a new key finds the table full, the key
 * that arrived first goes (a client would need that many addresses of its own to push
 * another out early).
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, RateWindow>();
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

  hit(key: string, now: number): RateVerdict {
    this.#sweep(now);
    const known = this.#windows.get(key);
    if (!known && this.#windows.size >= this.#maxKeys) {
      const oldest = this.#windows.keys().next();
      if (!oldest.done) this.#windows.delete(oldest.value);
    }
    const window = rollWindow(known, now, this.#rule.windowMs);
    this.#windows.set(key, window);
    const verdict = judgeAttempt(window, now, this.#rule);
    if (verdict.ok) window.current++;
    return verdict;
  }

  reset(key: string): void {
    this.#windows.delete(key);
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < this.#rule.windowMs) return;
    this.#lastSweep = now;
    for (const [key, window] of this.#windows) {
      if (now - window.start >= 2 * this.#rule.windowMs) this.#windows.delete(key);
    }
  }
}

/** How often (ms) a process deletes the database's counters that no longer count. */
const sweepEveryMs = 60_000;

/**
 * A rate limiter whose counts live in the database, so every replica serving from it
 * shares one allowance per key. `name` keeps the limiters' keys apart in the one table.
 */
export class StoreRateLimiter implements RateLimiter {
  #lastSweep = 0;

  constructor(
    private readonly counters: RateCounters,
    private readonly name: string,
    private readonly rule: RateRule,
  ) {}

  async hit(key: string, now: number, within?: Repositories): Promise<RateVerdict> {
    if (!within && now - this.#lastSweep >= sweepEveryMs) {
      this.#lastSweep = now;
      // Housekeeping only: a failed sweep is retried a minute later.
      await this.counters.sweep(now).catch(() => 0);
    }
    return (within?.rateCounters ?? this.counters).hit(`${this.name}:${key}`, now, this.rule);
  }

  reset(key: string): Promise<void> {
    return this.counters.reset(`${this.name}:${key}`);
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

/**
 * One limiter per rule: in memory, or — with `shared` counters (a database several replicas
 * use) — in the database, so the allowance holds across replicas.
 */
export function createLimiters(limits: RateLimits, shared?: RateCounters): Limiters {
  const limiter = (name: keyof RateLimits): RateLimiter =>
    shared ? new StoreRateLimiter(shared, name, limits[name]) : new MemoryRateLimiter(limits[name]);
  return {
    formsPerIp: limiter('formsPerIp'),
    mailsPerAddress: limiter('mailsPerAddress'),
    loginPerIp: limiter('loginPerIp'),
    loginPerAccount: limiter('loginPerAccount'),
    tokensPerIp: limiter('tokensPerIp'),
  };
}
