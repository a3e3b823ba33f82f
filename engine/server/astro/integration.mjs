// @ts-check
import { fileURLToPath } from 'node:url';

/**
 * The Astro adapter `attest serve` renders pages with: Astro's own Node app
 * (`astro/app/node`, the one @astrojs/node wraps), exported as a plain
 * `render(request, locals)` so the Hono server keeps control of headers, compression, ETags
 * and caching, and hands every page the current snapshot through `Astro.locals`.
 * @returns {import('astro').AstroIntegration}
 */
export function attestServerAdapter() {
  return {
    name: 'attest-server',
    hooks: {
      'astro:config:done': ({ setAdapter }) => {
        setAdapter({
          name: 'attest-server',
          serverEntrypoint: fileURLToPath(new URL('./entry.mjs', import.meta.url)),
          exports: ['render', 'match'],
          adapterFeatures: { buildOutput: 'server', edgeMiddleware: false },
          supportedAstroFeatures: {
            serverOutput: 'stable',
            staticOutput: 'stable',
            hybridOutput: 'stable',
            sharpImageService: 'stable',
          },
        });
      },
    },
  };
}
