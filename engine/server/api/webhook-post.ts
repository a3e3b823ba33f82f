import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import {
  parseWebhookUrl,
  type ResolveHost,
  resolveWebhookHost,
  type WebhookPolicy,
} from './webhook-target.ts';

/** What a receiver answered: its status and the first characters of its body. */
export interface WebhookResponse {
  status: number;
  excerpt: string;
}

export interface PostOptions {
  policy: WebhookPolicy;
  /** The whole attempt: connecting, sending and reading the answer (default 10 s). */
  timeoutMs?: number;
  /** How much of the answer is read at most; the rest is dropped (default 64 KiB). */
  maxResponseBytes?: number;
  resolve?: ResolveHost;
}

/** How many characters of an answer are kept. */
export const excerptLength = 1_000;

/** A lookup that hands the connection only the addresses checked before. */
function pinnedLookup(addresses: readonly string[]): LookupFunction {
  return (_hostname, options, callback) => {
    const entries = addresses.map((address) => ({ address, family: isIP(address) }));
    if ((options as { all?: boolean }).all) {
      (callback as (error: null, entries: { address: string; family: number }[]) => void)(
        null,
        entries,
      );
      return;
    }
    const first = entries[0] ?? { address: '', family: 4 };
    callback(null, first.address, first.family);
  };
}

/**
 * POSTs `body` to `target` the way a webhook is delivered: the host is resolved and every
 * address checked against the policy at this moment, and the connection goes only to those
 * addresses (no second lookup a DNS answer could change); redirects are not followed; the
 * whole attempt has a deadline; at most `maxResponseBytes` of the answer are read. Resolves
 * with the status (any), rejects with a one-line reason when there was no answer.
 */
export async function postWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: PostOptions,
): Promise<WebhookResponse> {
  const url = parseWebhookUrl(target);
  const addresses = await resolveWebhookHost(url.hostname, options.policy, options.resolve);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 64 * 1024;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<WebhookResponse>((resolve, reject) => {
    const payload = Buffer.from(body, 'utf8');
    const request = send(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(payload.length) },
      lookup: pinnedLookup(addresses),
    });
    const deadline = setTimeout(() => {
      request.destroy(new Error(`no complete answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(deadline);
      reject(new Error(error.message.split('\n')[0] ?? 'the request failed'));
    };
    request.on('error', fail);
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        clearTimeout(deadline);
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, excerpt: text.slice(0, excerptLength) });
      };
      response.on('data', (chunk: Buffer) => {
        if (size >= maxBytes) return;
        chunks.push(chunk.subarray(0, maxBytes - size));
        size += chunk.length;
        // Enough read: the rest of a large answer is never buffered.
        if (size >= maxBytes) {
          response.destroy();
          finish();
        }
      });
      response.on('end', finish);
      response.on('error', fail);
    });
    request.end(payload);
  });
}
