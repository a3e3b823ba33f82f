import { readFileSync } from 'node:fs';
import type { ControlHistory } from '../../engine/evaluate/history.ts';
import type { Snapshot } from '../../engine/evaluate/snapshot.ts';

/** Everything the pages render: the public view of a snapshot and each control's history. */
export interface SiteData {
  /** Already the public view: no gated or withheld controls, no gated document bodies. */
  snapshot: Snapshot;
  /** Control id → its last 90 days of automated verification. */
  history: Record<string, ControlHistory>;
}

let cached: { path: string; data: SiteData } | undefined;

/** The site data `attest build` wrote for this Astro build (path in ATTEST_SITE_DATA). */
export function getSiteData(): SiteData {
  const path = process.env.ATTEST_SITE_DATA;
  if (!path)
    throw new Error(
      'ATTEST_SITE_DATA is not set: the site is built by `attest build`, which provides it',
    );
  if (cached?.path !== path)
    cached = { path, data: JSON.parse(readFileSync(path, 'utf8')) as SiteData };
  return cached.data;
}
