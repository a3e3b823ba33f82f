import { lookup as systemLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import {
  createSecureContext,
  rootCertificates,
  type SecureContext,
  type SecureContextOptions,
} from 'node:tls';
import { CheckError, type ResolvedAddress } from './types.ts';

/**
 * Parses `--resolve HOST:IP[:PORT]` values (IPv6 addresses in brackets) into a map keyed by
 * lower-case host. Throws a plain Error with the offending value for a malformed one.
 */
export function parseResolveOptions(values: readonly string[]): Map<string, ResolvedAddress> {
  const map = new Map<string, ResolvedAddress>();
  for (const value of values) {
    const match = /^([^:\s]+):(\[[0-9a-fA-F:.]+\]|[^:\s]+)(?::(\d{1,5}))?$/.exec(value);
    const address = match?.[2]?.replace(/^\[|\]$/g, '');
    const port = match?.[3] === undefined ? undefined : Number(match[3]);
    if (
      !match?.[1] ||
      !address ||
      !isIP(address) ||
      (port !== undefined && (port < 1 || port > 65_535))
    ) {
      throw new Error(
        `--resolve "${value}" is not HOST:IP[:PORT] (for example app.example.com:127.0.0.1:8443)`,
      );
    }
    map.set(match[1].toLowerCase(), port === undefined ? { address } : { address, port });
  }
  return map;
}

/** A DNS lookup that answers from `--resolve` first and asks the system otherwise. */
export function createLookup(resolve: ReadonlyMap<string, ResolvedAddress>): LookupFunction {
  return (hostname, options, callback) => {
    const override = resolve.get(hostname.toLowerCase());
    if (!override) {
      systemLookup(hostname, options, callback);
      return;
    }
    const family = isIP(override.address);
    if (options.all) callback(null, [{ address: override.address, family }]);
    else callback(null, override.address, family);
  };
}

/** The port to connect to for `hostname`: the `--resolve` override, else `port`. */
export function connectPort(
  hostname: string,
  port: number,
  resolve: ReadonlyMap<string, ResolvedAddress>,
): number {
  return resolve.get(hostname.toLowerCase())?.port ?? port;
}

const retryableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * Turns a socket, DNS or TLS error into a CheckError a person can act on. Connection-level
 * failures are marked retryable; everything here is an `error`, never a pass.
 */
export function networkError(error: unknown, where: string): CheckError {
  if (error instanceof CheckError) return error;
  const code = (error as NodeJS.ErrnoException)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const retryable = retryableCodes.has(code);
  const observed = { code: code || undefined, error: message };
  if (code === 'ENOTFOUND') {
    return new CheckError(`${where} does not resolve (NXDOMAIN)`, {
      hint: 'check the host name, or use --resolve HOST:IP to point it at a server',
      observed,
      cause: error,
    });
  }
  if (code === 'ECONNREFUSED') {
    return new CheckError(`${where} refused the connection`, {
      hint: 'is the service running and listening on that port?',
      retryable,
      observed,
      cause: error,
    });
  }
  const name = (error as Error)?.name;
  if (
    code === 'ABORT_ERR' ||
    code === 'ETIMEDOUT' ||
    name === 'AbortError' ||
    name === 'TimeoutError'
  ) {
    return new CheckError(`${where} did not answer before the timeout`, {
      hint: "raise the timeout (--timeout or the check's timeout:) if the service is slow",
      observed,
      cause: error,
    });
  }
  if (
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_TLS') ||
    /certificate|self.signed|SSL/i.test(message)
  ) {
    return new CheckError(`TLS with ${where} failed: ${message}`, { observed, cause: error });
  }
  return new CheckError(`${where}: ${message}`, { retryable, observed, cause: error });
}

const secureContexts = new Map<string, SecureContext>();

/**
 * A client TLS context that trusts the system roots plus `extraCa` and applies the protocol
 * options, built once per combination: building one per connection parses every root
 * certificate again and dominates the cost of a run.
 */
export function clientSecureContext(
  extraCa: readonly string[],
  options: Pick<SecureContextOptions, 'minVersion' | 'maxVersion' | 'ciphers'> = {},
): SecureContext {
  const key = JSON.stringify([extraCa, options.minVersion, options.maxVersion, options.ciphers]);
  let context = secureContexts.get(key);
  if (!context) {
    context = createSecureContext({
      ...options,
      ...(extraCa.length ? { ca: [...rootCertificates, ...extraCa] } : {}),
    });
    secureContexts.set(key, context);
  }
  return context;
}
