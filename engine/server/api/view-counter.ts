import type { ViewCountRow, ViewCounts } from '../../store/view-counts.ts';

/** How often the counts in memory are added to the store (one write per path and day). */
export const viewFlushMs = 60_000;

/** Longest path counted; longer ones are counted under their first characters. */
const maxPath = 300;

/**
 * Anonymous viewer insight at almost no cost per request: a view adds one to a number in
 * memory, keyed by day, path and kind; every minute (and on close) the numbers are added to
 * the store as increments, so replicas sharing a database add up. Nothing about the viewer
 * is kept: no cookie, no address, no user agent.
 */
export class ViewCounter {
  readonly #store: Pick<ViewCounts, 'add'>;
  readonly #now: () => Date;
  #pending = new Map<string, ViewCountRow>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    store: Pick<ViewCounts, 'add'>,
    options: { now?: () => Date; flushMs?: number } = {},
  ) {
    this.#store = store;
    this.#now = options.now ?? (() => new Date());
    const flushMs = options.flushMs ?? viewFlushMs;
    if (flushMs > 0) {
      this.#timer = setInterval(() => void this.flush().catch(() => {}), flushMs);
      this.#timer.unref();
    }
  }

  /** Counts one view of a page or download of a public file. */
  count(path: string, kind: ViewCountRow['kind']): void {
    const day = this.#now().toISOString().slice(0, 10);
    const counted = path.slice(0, maxPath);
    const key = `${day} ${kind} ${counted}`;
    const row = this.#pending.get(key);
    if (row) row.count += 1;
    else this.#pending.set(key, { day, path: counted, kind, count: 1 });
  }

  /**
   * Adds the counts in memory to the store. Flushes run one after another; counts that
   * could not be written are kept for the next flush.
   */
  flush(): Promise<void> {
    this.#flushing = this.#flushing
      .catch(() => {})
      .then(async () => {
        if (this.#pending.size === 0) return;
        const batch = this.#pending;
        this.#pending = new Map();
        try {
          await this.#store.add([...batch.values()]);
        } catch (error) {
          for (const [key, row] of batch) {
            const later = this.#pending.get(key);
            if (later) later.count += row.count;
            else this.#pending.set(key, row);
          }
          throw error;
        }
      });
    return this.#flushing;
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }
}
