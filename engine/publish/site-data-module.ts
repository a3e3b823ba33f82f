import type { SiteData } from '../render/site-data.ts';

/** The module id the site imports its data from (site/lib/site-data.ts). */
export const siteDataModuleId = 'virtual:attest/site-data';

/** A Vite plugin, kept to the shape Astro's inline config accepts. */
export interface SiteDataPlugin {
  name: string;
  resolveId(source: string): string | undefined;
  load(id: string): string | undefined;
}

/**
 * A Vite plugin that provides {@link siteDataModuleId}: `data` as the module's default
 * export for a static build, or `null` for the server build, whose pages get their data
 * from `Astro.locals` on each request instead.
 */
export function siteDataModule(data: SiteData | null): SiteDataPlugin {
  const resolved = `\0${siteDataModuleId}`;
  return {
    name: 'attest-site-data',
    resolveId: (source) => (source === siteDataModuleId ? resolved : undefined),
    load: (id) => (id === resolved ? `export default ${JSON.stringify(data)};` : undefined),
  };
}
