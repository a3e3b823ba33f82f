import type { ControlHistory } from '../evaluate/history.ts';
import type { MeasuredSla } from '../evaluate/sla.ts';
import type { Snapshot } from '../evaluate/snapshot.ts';

/** Everything the pages render: the public view of a snapshot and each control's history. */
export interface SiteData {
  /** Already the public view: no gated or withheld controls, no gated document bodies. */
  snapshot: Snapshot;
  /** Control id → its last 90 days of automated verification. */
  history: Record<string, ControlHistory>;
  /**
   * Where the organisation's logo is published (`/brand/logo.svg`), when it declares a local
   * one. Logos elsewhere are not shown: the page makes no request to another host.
   */
  logo?: string;
  /** Response times measured on the vulnerability reports received in the last 90 days. */
  measuredSla?: MeasuredSla;
  /**
   * The origin the static pages' forms post to (`ATTEST_API_ORIGIN` at `attest build`), e.g.
   * `https://api.trust.example`; absent, they post to the page's own origin.
   */
  apiOrigin?: string;
  /**
   * The publication's place in the signed history, for the "Verify this page" section:
   * its number, chain head and the id of the key that signed it (null when unsigned).
   */
  publication?: { number: number; head: string; keyId: string | null };
}
