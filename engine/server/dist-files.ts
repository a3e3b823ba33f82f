import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { BoundedCache } from './api/bounded-cache.ts';
import { type ServedFile, servedFile } from './served-file.ts';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.eml': 'message/rfc822',
};

/** How many distinct files of one DIST tree are kept in memory at most. */
export const distFilesCacheLimit = 1000;

/**
 * Reads files of a published DIST tree into memory once per version. DIST is a link that
 * `attest build` swaps atomically; when it points somewhere new, the cache starts afresh,
 * so a new publication is served at once and never mixed with the old one.
 *
 * The cache is keyed by the file a URL path resolves to, never by the URL path itself, and
 * a path that resolves to no file is not remembered: however many distinct addresses
 * clients ask for, memory holds at most the tree's files (and never more than
 * {@link distFilesCacheLimit} of them).
 */
export class DistFiles {
  #version = '';
  readonly #files: BoundedCache<string, Promise<ServedFile | undefined>>;

  constructor(
    private readonly distDir: string,
    limit = distFilesCacheLimit,
  ) {
    this.#files = new BoundedCache(limit);
  }

  /** How many files are held in memory. */
  get cachedFiles(): number {
    return this.#files.size;
  }

  /** The file for a URL path (`/` and directories serve index.html), or undefined. */
  async get(urlPath: string): Promise<ServedFile | undefined> {
    const version = await realpath(this.distDir).catch(() => '');
    if (version !== this.#version) {
      this.#version = version;
      this.#files.clear();
    }
    if (!version) return undefined;
    const file = await this.#resolve(version, urlPath);
    if (!file) return undefined;
    let cached = this.#files.get(file);
    if (!cached) {
      cached = this.#load(file);
      this.#files.set(file, cached);
      // A read that fails is not kept: the next request tries again.
      cached.then(
        (loaded) => loaded ?? this.#files.delete(file),
        () => this.#files.delete(file),
      );
    }
    return cached;
  }

  /** The real path of the file a URL path names inside `version`, or undefined. */
  async #resolve(version: string, urlPath: string): Promise<string | undefined> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0') || decoded.split('/').some((segment) => segment === '..'))
      return undefined;
    let path = join(version, decoded);
    if (!path.startsWith(version + sep) && path !== version) return undefined;
    const info = await stat(path).catch(() => undefined);
    if (!info) return undefined;
    if (info.isDirectory()) path = join(path, 'index.html');
    const real = await realpath(path).catch(() => undefined);
    if (!real?.startsWith(version + sep)) return undefined;
    return real;
  }

  async #load(real: string): Promise<ServedFile | undefined> {
    const body = await readFile(real).catch(() => undefined);
    if (!body) return undefined;
    return servedFile(body, types[extname(real)] ?? 'application/octet-stream');
  }
}
