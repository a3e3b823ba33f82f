import { readFileSync } from 'node:fs';
import type { SiteData } from '../../engine/render/site-data.ts';

export type { SiteData };

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
