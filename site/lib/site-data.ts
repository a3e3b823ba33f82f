import staticSiteData from 'virtual:attest/site-data';
import type { SiteData } from '../../engine/render/site-data.ts';

export type { SiteData };

/** What `attest serve` passes each server-rendered page as `Astro.locals`. */
export interface SiteLocals {
  attest?: SiteData;
}

/**
 * The data a page renders. Server-rendered (`attest serve`): the current snapshot the server
 * put in `Astro.locals`. Static export (`attest build`): the data the build was given, as
 * the `virtual:attest/site-data` module (engine/publish/astro-build.mjs).
 */
export function getSiteData(locals?: object): SiteData {
  const served = (locals as SiteLocals | undefined)?.attest;
  if (served) return served;
  if (!staticSiteData)
    throw new Error(
      'the site has no data: it is built by `attest build`, which hands the build its data',
    );
  return staticSiteData;
}

/**
 * Where a form posts `path` (`/api/…`): on the API origin the static export was built for,
 * else on the page's own origin.
 */
export function apiAction(data: SiteData, path: string): string {
  return data.apiOrigin ? `${data.apiOrigin}${path}` : path;
}

/** The 404 a server-rendered page answers for an id the snapshot does not hold. */
export function notFound(): Response {
  return new Response('Not found\n', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
