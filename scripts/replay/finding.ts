/**
 * A finding of a review, replayed against the real product by `npm run bench:resilience`:
 * what must hold, and a replay that says whether it held and what it saw. Each area of the
 * review keeps its findings in `scripts/replay/<area>.ts` as `export const findings`.
 */
export interface Finding {
  /** The finding's number or name in the issue, e.g. `1` or `totp`. */
  id: string;
  /** What must hold, in a few words. */
  what: string;
  replay: () => Promise<{ held: boolean; saw: string }>;
}
