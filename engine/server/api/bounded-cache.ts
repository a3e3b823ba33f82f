/**
 * A cache that holds at most `limit` entries and, when full, forgets the one used least
 * recently. A `Map` keeps insertion order, so moving an entry to the end on every read
 * makes its first key the least recently used one.
 *
 * Kept here rather than taken from a library because none is a direct dependency yet
 * (`lru-cache` is only present as a dependency of a dependency).
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`limit must be ≥ 1 (got ${limit})`);
  }

  /** The value for `key`, marked as the most recently used one. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** Stores `value` under `key`, forgetting the least recently used entry when full. */
  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.limit) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  /** How many entries are held (never more than `limit`). */
  get size(): number {
    return this.#entries.size;
  }
}
