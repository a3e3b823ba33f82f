import type { APIRoute, GetStaticPaths } from 'astro';
import { themeStylesheet } from '../lib/accent.ts';
import { getSiteData, notFound } from '../lib/site-data.ts';

/** The organisation's accent colours, as a stylesheet named by its content (`/theme-<hash>.css`). */
export const getStaticPaths: GetStaticPaths = () => {
  const { name } = themeStylesheet(getSiteData().snapshot.organisation.branding.accentColor);
  return [{ params: { theme: name } }];
};

export const GET: APIRoute = ({ params, locals }) => {
  const theme = themeStylesheet(getSiteData(locals).snapshot.organisation.branding.accentColor);
  if (params.theme !== theme.name) return notFound();
  return new Response(theme.css, { headers: { 'Content-Type': 'text/css; charset=utf-8' } });
};
