/** How many attempts a key may make within a window. */
export interface RateRule {
  max: number;
  windowMs: number;
}

/** The verdict for one attempt: allowed, or refused with the seconds until one is allowed. */
export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/** One key's counts: attempts in the fixed window starting at `start` (ms), and in the one before. */
export interface RateWindow {
  start: number;
  current: number;
  previous: number;
}

/** The fixed window `now` falls in, with the counts carried over from `window`. */
export function rollWindow(
  window: RateWindow | undefined,
  now: number,
  windowMs: number,
): RateWindow {
  const start = now - (now % windowMs);
  if (!window) return { start, current: 0, previous: 0 };
  if (window.start === start) return { ...window };
  return { start, current: 0, previous: start - window.start === windowMs ? window.current : 0 };
}

/**
 * The sliding-window verdict on one more attempt at `now`, given the key's counts in the
 * window `now` falls in (already rolled, not counting this attempt). The previous fixed
 * window is weighed by how much of it the sliding window still overlaps, so a burst at a
 * window's edge cannot double the allowance.
 */
export function judgeAttempt(window: RateWindow, now: number, rule: RateRule): RateVerdict {
  const { max, windowMs } = rule;
  const elapsed = now - window.start;
  // Weighted count × windowMs, in integer milliseconds, so the refusal and the Retry-After
  // agree exactly (floating-point weights refused attempts the Retry-After had allowed).
  const weighted = window.previous * (windowMs - elapsed) + (window.current + 1) * windowMs;
  if (weighted <= max * windowMs) return { ok: true };
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

/**
 * The verdict on an attempt a database upsert has already counted (`counted` is the row it
 * returned, this attempt included). A refused attempt must not count: `takeBack` removes
 * it again, unless the window moved on meanwhile. Shared by both drivers.
 */
export async function verdictOnCounted(
  counted: RateWindow,
  now: number,
  rule: RateRule,
  takeBack: (start: number) => unknown,
): Promise<RateVerdict> {
  const verdict = judgeAttempt(
    { ...counted, current: counted.current - 1 },
    // A server whose clock is behind counted into the newer window it found.
    Math.max(now, counted.start),
    rule,
  );
  if (!verdict.ok) await takeBack(counted.start);
  return verdict;
}

/**
 * Rate-limit counters kept in the database, so every server on it counts one allowance per
 * key. Only attempts that were allowed count, as with the in-memory limiter.
 */
export interface RateCounters {
  /**
   * Counts one attempt by `key` at `now` (ms) under `rule`, atomically with every other
   * server's attempts on the same key, unless the key is over its limit.
   */
  hit(key: string, now: number, rule: RateRule): Promise<RateVerdict>;
  /** Forgets a key (e.g. after a successful login). */
  reset(key: string): Promise<void>;
  /** Deletes the counters whose windows no longer count at `now` (ms); returns how many. */
  sweep(now: number): Promise<number>;
}
