// @ts-check
// Plain JavaScript (typed with JSDoc) so that the process that builds the static site
// (site-build-process.mjs) starts without a TypeScript loader.

/** The module id the site imports its data from (site/lib/site-data.ts). */
export const siteDataModuleId = 'virtual:attest/site-data';

/**
 * A Vite plugin that provides {@link siteDataModuleId}: `data` as the module's default
 * export for a static build, or `null` for the server build, whose pages get their data
 * from `Astro.locals` on each request instead.
 * @param {import('../render/site-data.ts').SiteData | null} data
 */
export function siteDataModule(data) {
  const resolved = `\0${siteDataModuleId}`;
  return {
    name: 'attest-site-data',
    /** @param {string} source */
    resolveId: (source) => (source === siteDataModuleId ? resolved : undefined),
    /** @param {string} id */
    load: (id) => (id === resolved ? `export default ${JSON.stringify(data)};` : undefined),
  };
}

/**
 * Runs `astro build` for the project in `root` into `outDir`, the pages reading `data` (null
 * for the server build) from the site-data module, with `config` merged over astro.config.mjs.
 * @param {{ root: string, outDir: string, data: import('../render/site-data.ts').SiteData | null, config?: Record<string, unknown> }} options
 */
export async function astroBuild({ root, outDir, data, config = {} }) {
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const { build } = await import('astro');
  await build({
    root,
    outDir,
    logLevel: 'error',
    vite: { plugins: [siteDataModule(data)] },
    ...config,
  });
}
