import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
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

/**
 * Reads files of a published DIST tree into memory once per version. DIST is a link that
 * `attest build` swaps atomically; when it points somewhere new, the cache starts afresh,
 * so a new publication is served at once and never mixed with the old one.
 */
export class DistFiles {
  #version = '';
  #files = new Map<string, Promise<ServedFile | undefined>>();

  constructor(private readonly distDir: string) {}

  /** The file for a URL path (`/` and directories serve index.html), or undefined. */
  async get(urlPath: string): Promise<ServedFile | undefined> {
    const version = await realpath(this.distDir).catch(() => '');
    if (version !== this.#version) {
      this.#version = version;
      this.#files = new Map();
    }
    if (!version) return undefined;
    let cached = this.#files.get(urlPath);
    if (!cached) {
      cached = this.#load(version, urlPath);
      this.#files.set(urlPath, cached);
    }
    return cached;
  }

  async #load(version: string, urlPath: string): Promise<ServedFile | undefined> {
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
    if (info?.isDirectory()) path = join(path, 'index.html');
    const real = await realpath(path).catch(() => undefined);
    if (!real?.startsWith(version + sep)) return undefined;
    const body = await readFile(real).catch(() => undefined);
    if (!body) return undefined;
    return servedFile(body, types[extname(real)] ?? 'application/octet-stream');
  }
}
