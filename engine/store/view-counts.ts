import type { ViewCountRow } from './schema.ts';

export type { ViewCountRow };

/** Anonymous page views and public file downloads, counted per UTC day and path. */
export interface ViewCounts {
  /**
   * Adds these counts to the stored ones (one upsert increment each, so several servers
   * adding to the same day and path add up). Counts of zero or less are ignored.
   */
  add(counts: readonly ViewCountRow[]): Promise<void>;
  /** Every count from `fromDay` (`YYYY-MM-DD`) on, oldest day first. */
  since(fromDay: string): Promise<ViewCountRow[]>;
}

/**
 * The positive counts, one row per day, path and kind (an upsert may touch a row once per
 * statement), sorted so that two servers adding at once take the rows in the same order.
 */
export function mergeCounts(counts: readonly ViewCountRow[]): ViewCountRow[] {
  const merged = new Map<string, ViewCountRow>();
  for (const row of counts) {
    if (!(row.count > 0)) continue;
    const key = `${row.day}\u0000${row.path}\u0000${row.kind}`;
    const seen = merged.get(key);
    if (seen) seen.count += row.count;
    else merged.set(key, { ...row });
  }
  return [...merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);
}
