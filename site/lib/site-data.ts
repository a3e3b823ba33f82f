import { readFileSync } from 'node:fs';
import type { ControlHistory } from '../../engine/evaluate/history.ts';
import type { Snapshot } from '../../engine/evaluate/snapshot.ts';
import type { MeasuredSla } from '../../engine/server/reports/sla.ts';

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
}

/** What `attest serve` passes each server-rendered page as `Astro.locals`. */
export interface SiteLocals {
  attest?: SiteData;
}

let cached: { path: string; data: SiteData } | undefined;

/**
 * The data a page renders. Server-rendered (`attest serve`): the current snapshot the server
 * put in `Astro.locals`. Static export (`attest build`): the file in ATTEST_SITE_DATA.
 */
export function getSiteData(locals?: object): SiteData {
  const served = (locals as SiteLocals | undefined)?.attest;
  if (served) return served;
  const path = process.env.ATTEST_SITE_DATA;
  if (!path)
    throw new Error(
      'ATTEST_SITE_DATA is not set: the site is built by `attest build`, which provides it',
    );
  if (cached?.path !== path)
    cached = { path, data: JSON.parse(readFileSync(path, 'utf8')) as SiteData };
  return cached.data;
}

/** The 404 a server-rendered page answers for an id the snapshot does not hold. */
export function notFound(): Response {
  return new Response('Not found\n', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
