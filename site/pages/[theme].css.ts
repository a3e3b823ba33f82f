import type { APIRoute, GetStaticPaths } from 'astro';
import { themeStylesheet } from '../lib/accent.ts';
import { getSiteData } from '../lib/site-data.ts';

/** The organisation's accent colours, as a stylesheet named by its content (`/theme-<hash>.css`). */
export const getStaticPaths: GetStaticPaths = () => {
  const { name } = themeStylesheet(getSiteData().snapshot.organisation.branding.accentColor);
  return [{ params: { theme: name } }];
};

export const GET: APIRoute = () =>
  new Response(themeStylesheet(getSiteData().snapshot.organisation.branding.accentColor).css, {
    headers: { 'Content-Type': 'text/css; charset=utf-8' },
  });
