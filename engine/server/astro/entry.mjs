// @ts-check
import { NodeApp } from 'astro/app/node';

/**
 * Server entry of the Astro build `attest serve` uses (see integration.mjs).
 * @param {import('astro').SSRManifest} manifest
 */
export function createExports(manifest) {
  const app = new NodeApp(manifest, false);
  return {
    /** Whether a page or endpoint of the site answers this request. */
    match: (/** @type {Request} */ request) => app.match(request) !== undefined,
    /** Renders the page for `request` with `locals` as `Astro.locals`. */
    render: (/** @type {Request} */ request, /** @type {object} */ locals) =>
      app.render(request, { locals, addCookieHeader: false }),
  };
}
