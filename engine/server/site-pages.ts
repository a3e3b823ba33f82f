import type { SiteData } from '../render/site-data.ts';
import { BoundedCache } from './api/bounded-cache.ts';
import { type ServedFile, servedFile } from './served-file.ts';

/** What the Astro server entry exports (engine/server/astro/entry.mjs). */
export interface AstroRenderer {
  match(request: Request): boolean;
  render(request: Request, locals: object): Promise<Response>;
}

/** A rendered page, or the response the site gave instead (a 404 for an unknown id). */
export type RenderedPage = { ok: true; file: ServedFile } | { ok: false; response: Response };

/** How many rendered pages are kept in memory at most. */
export const sitePagesCacheLimit = 500;

/**
 * The trust site rendered on request by Astro from the current snapshot, each page once per
 * snapshot: `update` hands in a new snapshot and forgets every rendered page, so the next
 * request shows the newest evidence without a rebuild. Only pages that rendered are kept,
 * at most {@link sitePagesCacheLimit} of them (the least recently asked for go first).
 */
export class SitePages {
  #data: SiteData | undefined;
  #version = 0;
  readonly #cache: BoundedCache<string, Promise<RenderedPage>>;

  constructor(
    private readonly renderer: AstroRenderer,
    limit = sitePagesCacheLimit,
  ) {
    this.#cache = new BoundedCache(limit);
  }

  /** Serves `data` from now on. */
  update(data: SiteData): void {
    this.#data = data;
    this.#version += 1;
    this.#cache.clear();
  }

  /** How many rendered pages are held in memory. */
  get cachedPages(): number {
    return this.#cache.size;
  }

  /** The snapshot pages are rendered from, if one was handed in. */
  get data(): SiteData | undefined {
    return this.#data;
  }

  /**
   * The page for a GET or HEAD request, or undefined when no page of the site has this
   * path (or no snapshot was handed in yet).
   */
  async get(url: URL): Promise<RenderedPage | undefined> {
    const data = this.#data;
    if (!data) return undefined;
    const path = url.pathname;
    // `//host/page` is no page of this site (and, resolved against the request, would name
    // another host): the app redirects such paths before they get here.
    if (path.includes('//')) return undefined;
    let page = this.#cache.get(path);
    if (!page) {
      const request = new Request(`${url.origin}${path}`, { method: 'GET' });
      if (!this.renderer.match(request)) return undefined;
      const version = this.#version;
      page = this.#render(request, data);
      // Only successful renders are kept, and only for the snapshot they were made from; a
      // render that throws is forgotten too (the caller, awaiting it, answers with a 500).
      const forget = () => {
        if (this.#version === version) this.#cache.delete(path);
      };
      page.then((result) => (result.ok ? undefined : forget()), forget);
      this.#cache.set(path, page);
    }
    return page;
  }

  async #render(request: Request, data: SiteData): Promise<RenderedPage> {
    const response = await this.renderer.render(request, { attest: data });
    if (response.status !== 200) return { ok: false, response };
    const body = new Uint8Array(await response.arrayBuffer());
    let type = response.headers.get('content-type') ?? 'text/html';
    if (/^text\//.test(type) && !/charset=/i.test(type)) type = `${type}; charset=utf-8`;
    return { ok: true, file: servedFile(body, type) };
  }
}

/** Loads the Astro server entry built by `buildServerBundle` (engine/server/astro/server-bundle.ts). */
export async function loadAstroRenderer(entry: string): Promise<AstroRenderer> {
  const module = (await import(entry)) as AstroRenderer;
  return { match: module.match, render: module.render };
}
