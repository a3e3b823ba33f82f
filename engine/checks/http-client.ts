import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { clientSecureContext, connectPort, networkError } from './net.ts';
import { type CheckContext, CheckError } from './types.ts';

/** One HTTP response as checks see it: lower-case headers, a size-capped text body. */
export interface HttpResponse {
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** True when the body was longer than the cap and cut off. */
  truncated: boolean;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Read at most this many bytes of body (default 1 MiB); the rest is discarded. */
  maxBodyBytes?: number;
  /** Skip reading the body entirely (HEAD-like probes). */
  discardBody?: boolean;
}

const userAgent = 'attest-check/1';

/**
 * Sends one request (no redirects) honouring `--resolve`, extra CAs and the check's abort
 * signal. A hung or slow server costs at most the check's timeout.
 */
export function sendRequest(
  url: URL,
  context: CheckContext,
  options: RequestOptions = {},
): Promise<HttpResponse> {
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') {
    return Promise.reject(new CheckError(`${url.href} is not an http(s) URL`));
  }
  const defaultPort = secure ? 443 : 80;
  const port = connectPort(url.hostname, Number(url.port || defaultPort), context.resolve);
  const where = url.host;
  const maxBody = options.maxBodyBytes ?? 1_048_576;
  const send = secure ? httpsRequest : httpRequest;
  return new Promise<HttpResponse>((resolve, reject) => {
    const request = send(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? 'GET',
        headers: { 'user-agent': userAgent, accept: '*/*', ...options.headers, host: url.host },
        lookup: context.lookup,
        signal: context.signal,
        agent: false,
        ...(secure
          ? { servername: url.hostname, secureContext: clientSecureContext(context.extraCa) }
          : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const finish = () =>
          resolve({
            url: url.href,
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            truncated,
          });
        if (options.discardBody) {
          response.destroy();
          finish();
          return;
        }
        response.on('data', (chunk: Buffer) => {
          if (size + chunk.length > maxBody) {
            chunks.push(chunk.subarray(0, maxBody - size));
            truncated = true;
            response.destroy();
            finish();
            return;
          }
          size += chunk.length;
          chunks.push(chunk);
        });
        response.on('end', finish);
        response.on('error', (error) => reject(networkError(error, where)));
      },
    );
    request.on('error', (error) => reject(networkError(error, where)));
    request.end();
  });
}

/** One step of a redirect chain. */
export interface RedirectHop {
  url: string;
  status: number;
  location?: string;
}

/**
 * Follows redirects hop by hop (at most `maxHops`), recording every hop, and returns the
 * chain with the final response.
 */
export async function followRedirects(
  start: URL,
  context: CheckContext,
  options: RequestOptions & { maxHops?: number } = {},
): Promise<{ hops: RedirectHop[]; final: HttpResponse }> {
  const hops: RedirectHop[] = [];
  let url = start;
  for (let hop = 0; hop <= (options.maxHops ?? 10); hop++) {
    const response = await sendRequest(url, context, options);
    const location = response.headers.location;
    if (response.status < 300 || response.status >= 400 || !location) {
      hops.push({ url: url.href, status: response.status });
      return { hops, final: response };
    }
    hops.push({ url: url.href, status: response.status, location });
    try {
      url = new URL(location, url);
    } catch {
      throw new CheckError(`${url.href} redirects to an invalid Location "${location}"`, {
        observed: { hops },
      });
    }
  }
  throw new CheckError(`more than ${options.maxHops ?? 10} redirects from ${start.href}`, {
    hint: 'look for a redirect loop',
    observed: { hops },
  });
}

/** A header's values as a list (Set-Cookie arrives as a list; others as one string). */
export function headerValues(headers: IncomingHttpHeaders, name: string): string[] {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
