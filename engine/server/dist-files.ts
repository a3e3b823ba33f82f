import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** One published file, ready to send: bytes, compressed variants, validator and type. */
export interface DistFile {
  body: Uint8Array;
  gzip: Uint8Array | undefined;
  brotli: Uint8Array | undefined;
  etag: string;
  contentType: string;
}

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
const compressible = /^(text\/|application\/(json|atom\+xml)|image\/svg)/;

/**
 * Reads files of a published DIST tree into memory once per version. DIST is a link that
 * `attest build` swaps atomically; when it points somewhere new, the cache starts afresh,
 * so a new publication is served at once and never mixed with the old one.
 */
export class DistFiles {
  #version = '';
  #files = new Map<string, Promise<DistFile | undefined>>();

  constructor(private readonly distDir: string) {}

  /** The file for a URL path (`/` and directories serve index.html), or undefined. */
  async get(urlPath: string): Promise<DistFile | undefined> {
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

  async #load(version: string, urlPath: string): Promise<DistFile | undefined> {
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
    const contentType = types[extname(real)] ?? 'application/octet-stream';
    const worthIt = compressible.test(contentType) && body.length > 512;
    return {
      body,
      gzip: worthIt ? gzipSync(body, { level: 9 }) : undefined,
      brotli: worthIt
        ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
        : undefined,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      contentType,
    };
  }
}
