/**
 * Named leases, so that of several processes sharing the database exactly one runs a piece
 * of work at a time (the replica that runs the scheduled checks, for one). A holder keeps
 * its lease by renewing it before it runs out; a holder that dies loses it when it does.
 */
export interface Leases {
  /**
   * Takes lease `name` for `holder` until `until` (ISO) when nobody holds it, its holder's
   * time ran out by `now`, or `holder` holds it already (a renewal) — in one atomic
   * statement. Returns whether `holder` holds the lease now.
   */
  acquire(name: string, holder: string, now: string, until: string): Promise<boolean>;
  /** Gives lease `name` up when `holder` holds it, so another process can take it at once. */
  release(name: string, holder: string): Promise<void>;
  /** Who holds lease `name` at `now`, if anyone. */
  holder(name: string, now: string): Promise<string | undefined>;
}
