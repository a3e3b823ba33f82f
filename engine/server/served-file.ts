import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** One response body ready to send: bytes, compressed variants, validator and type. */
export interface ServedFile {
  body: Uint8Array;
  gzip: Uint8Array | undefined;
  brotli: Uint8Array | undefined;
  etag: string;
  contentType: string;
}

const compressible = /^(text\/|application\/(json|atom\+xml|javascript)|image\/svg)/;

/** Prepares `body` for serving: compressed once (when worth it) and given a strong ETag. */
export function servedFile(body: Uint8Array, contentType: string): ServedFile {
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
