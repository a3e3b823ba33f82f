import { sendRequest } from '../checks/http-client.ts';
import { createLookup } from '../checks/net.ts';
import type { CheckContext, ResolvedAddress } from '../checks/types.ts';
import { policy } from '../schema/policy.ts';

/** How the verifier reaches a trust center and its hosts. */
export interface VerifyNetwork {
  /** `--resolve` overrides, keyed by lower-case host name. */
  resolve: ReadonlyMap<string, ResolvedAddress>;
  /** Extra trusted CA certificates (PEM) from `--ca`. */
  extraCa: readonly string[];
  /** Timeout of each fetch and each check in milliseconds. */
  timeoutMs: number;
}

/** The engine's default rules: what a buyer's verifier judges with (no active probes). */
export const verifierPolicy = policy.parse({});

/** A check context for a fetch or a check made by the verifier. */
export function verifierContext(target: string, network: VerifyNetwork): CheckContext {
  return {
    target,
    signal: AbortSignal.timeout(network.timeoutMs),
    timeoutMs: network.timeoutMs,
    resolve: network.resolve,
    lookup: createLookup(network.resolve),
    extraCa: network.extraCa,
    dnsServers: [],
    orgDir: process.cwd(),
    policy: verifierPolicy,
    now: new Date(),
  };
}

/** Largest JSON document the verifier reads (a trust.json is tens of KiB). */
const maxDocumentBytes = 8 * 1024 * 1024;

/**
 * Fetches a JSON document (no redirects followed but for the same origin) and parses it.
 * Throws an Error whose message says what went wrong (status, network, not JSON).
 */
export async function fetchJson(url: URL, network: VerifyNetwork): Promise<unknown> {
  let current = url;
  for (let hop = 0; hop < 5; hop++) {
    const response = await sendRequest(current, verifierContext(current.href, network), {
      headers: { accept: 'application/json' },
      maxBodyBytes: maxDocumentBytes,
    });
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, current);
      if (next.origin !== url.origin)
        throw new Error(`${current.href} redirects to another origin (${next.origin})`);
      current = next;
      continue;
    }
    if (response.status !== 200)
      throw new Error(`${current.href} answered HTTP ${response.status}`);
    if (response.truncated) throw new Error(`${current.href} is larger than 8 MiB`);
    try {
      return JSON.parse(response.body);
    } catch {
      throw new Error(`${current.href} is not JSON`);
    }
  }
  throw new Error(`${url.href} redirects too often`);
}
