import { isIP, connect as netConnect } from 'node:net';
import {
  type ConnectionOptions,
  type PeerCertificate,
  type TLSSocket,
  connect as tlsConnect,
} from 'node:tls';
import { clientSecureContext, connectPort, networkError } from './net.ts';
import { type CheckContext, CheckError } from './types.ts';

/** TLS protocol versions, oldest first, as OpenSSL names them. */
export const tlsVersions = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof tlsVersions)[number];

/** Where a tls check connects: the declared host (SNI and name checks use it) and port. */
export interface TlsEndpoint {
  host: string;
  port: number;
}

/** What a completed handshake showed. */
export interface Handshake {
  protocol: string;
  certificate: PeerCertificate;
  authorized: boolean;
  authorizationError: string | undefined;
}

/** How a server answered a handshake limited to some protocol versions. */
export type ProbeResult =
  | { result: 'accepted'; protocol: string; detail?: string }
  | { result: 'refused'; detail: string }
  /** The local TLS library could not even offer those versions: no verdict either way. */
  | { result: 'untestable'; detail: string };

type Attempt =
  | { ok: true; socket: TLSSocket }
  | { ok: false; error: NodeJS.ErrnoException; serverBytes: number };

/**
 * Parses `https://host[:port]` or `host:port` (port 443 when omitted). Throws a CheckError
 * for anything else.
 */
export function parseTlsTarget(target: string): TlsEndpoint {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
  let url: URL | undefined;
  try {
    url = new URL(hasScheme ? target : `https://${target}`);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' || !url.hostname) {
    throw new CheckError(`tls target "${target}" is not https://host[:port] or host:port`, {
      hint: 'write the target as https://app.example.com or app.example.com:8443',
    });
  }
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 443) };
}

/** `host:port` for messages. */
export function describeEndpoint(endpoint: TlsEndpoint): string {
  return isIP(endpoint.host) === 6
    ? `[${endpoint.host}]:${endpoint.port}`
    : `${endpoint.host}:${endpoint.port}`;
}

function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  });
}

/**
 * Version limits for a handshake. TLS 1.0/1.1 need OpenSSL security level 0 (their
 * signature algorithms are below level 1), so any range reaching down to them asks for it.
 */
function versionOptions(min: TlsVersion, max: TlsVersion): ConnectionOptions {
  const legacy = tlsVersions.indexOf(min) < tlsVersions.indexOf('TLSv1.2');
  return { minVersion: min, maxVersion: max, ...(legacy ? { ciphers: 'DEFAULT@SECLEVEL=0' } : {}) };
}

/**
 * One handshake attempt through `--resolve`, with SNI set to the declared host, extra CAs
 * trusted and the certificate never rejected (trust is reported, not enforced). Resolves
 * with the error and how many bytes the server sent when the handshake fails; rejects only
 * when the check's signal aborts it.
 */
function attemptHandshake(
  endpoint: TlsEndpoint,
  context: CheckContext,
  options: ConnectionOptions,
): Promise<Attempt> {
  const where = describeEndpoint(endpoint);
  return new Promise<Attempt>((resolve, reject) => {
    if (context.signal.aborted) {
      reject(networkError(abortError(context.signal), where));
      return;
    }
    const raw = netConnect({
      host: endpoint.host,
      port: connectPort(endpoint.host, endpoint.port, context.resolve),
      lookup: context.lookup,
    });
    const socket = tlsConnect({
      socket: raw,
      host: endpoint.host,
      servername: isIP(endpoint.host) ? undefined : endpoint.host,
      rejectUnauthorized: false,
      secureContext: clientSecureContext(context.extraCa, options),
    });
    const onAbort = () => {
      socket.destroy();
      raw.destroy();
      reject(networkError(abortError(context.signal), where));
    };
    const onError = (error: NodeJS.ErrnoException) => {
      context.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      raw.destroy();
      resolve({ ok: false, error, serverBytes: raw.bytesRead });
    };
    context.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    raw.once('error', onError);
    socket.once('secureConnect', () => {
      context.signal.removeEventListener('abort', onAbort);
      resolve({ ok: true, socket });
    });
  });
}

/**
 * The handshake a default modern client (TLS 1.2–1.3) gets. When the server refuses both
 * but completes a TLS 1.0/1.1 handshake, returns `{ legacyOnly }` with that protocol.
 * Throws a CheckError for every other failure.
 */
export async function handshake(
  endpoint: TlsEndpoint,
  context: CheckContext,
): Promise<Handshake | { legacyOnly: string }> {
  const attempt = await attemptHandshake(endpoint, context, {});
  if (!attempt.ok) {
    const code = attempt.error.code ?? '';
    if (
      attempt.serverBytes > 0 &&
      /PROTOCOL_VERSION|HANDSHAKE_FAILURE|UNSUPPORTED_PROTOCOL/.test(code)
    ) {
      const legacy = await probeVersions(endpoint, context, 'TLSv1', 'TLSv1.1');
      if (legacy.result === 'accepted') return { legacyOnly: legacy.protocol };
    }
    throw networkError(attempt.error, describeEndpoint(endpoint));
  }
  const { socket } = attempt;
  const result: Handshake = {
    protocol: socket.getProtocol() ?? 'unknown',
    certificate: socket.getPeerCertificate(),
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
  };
  socket.destroy();
  return result;
}

function alertName(code: string): string {
  return `${code
    .replace(/^ERR_SSL_(?:TLSV1_|SSLV3_)?ALERT_/, '')
    .toLowerCase()
    .replaceAll('_', ' ')} alert`;
}

/**
 * Attempts a handshake offering only `min`…`max` and says whether the server accepted it,
 * refused it, or whether the local TLS library could not even offer those versions.
 * Connection-level failures and timeouts throw a CheckError: they say nothing either way.
 */
export async function probeVersions(
  endpoint: TlsEndpoint,
  context: CheckContext,
  min: TlsVersion,
  max: TlsVersion,
): Promise<ProbeResult> {
  const attempt = await attemptHandshake(endpoint, context, versionOptions(min, max));
  if (attempt.ok) {
    const protocol = attempt.socket.getProtocol() ?? max;
    attempt.socket.destroy();
    return { result: 'accepted', protocol };
  }
  const { error, serverBytes } = attempt;
  const code = error.code ?? '';
  const range = min === max ? min : `${min}–${max}`;
  if (serverBytes === 0 && /^ERR_(SSL|TLS)_/.test(code) && !code.includes('EOF')) {
    // OpenSSL gave up before the server said anything: it would not build this ClientHello.
    return {
      result: 'untestable',
      detail: `the local TLS library cannot offer ${range} (${code})`,
    };
  }
  if (serverBytes === 0 && /ECONNRESET|EPIPE|EOF/.test(code)) {
    throw new CheckError(
      `${describeEndpoint(endpoint)} closed the connection on a ${range} ClientHello without a TLS alert, so whether it refuses ${range} is unclear`,
      {
        hint: `some servers reset connections for disabled protocols; confirm by hand, e.g. openssl s_client -connect HOST:PORT -${max.replace('TLSv', 'tls').replace('.', '_')}`,
        retryable: true,
        observed: { code },
      },
    );
  }
  if (serverBytes === 0) throw networkError(error, describeEndpoint(endpoint));
  if (code.includes('_ALERT_')) return { result: 'refused', detail: alertName(code) };
  if (/VERSION|UNSUPPORTED_PROTOCOL/.test(code)) {
    return { result: 'refused', detail: 'answered with another protocol version' };
  }
  if (code.startsWith('ERR_SSL_')) {
    // The server went on with the handshake at an offered version; only the local client balked.
    return {
      result: 'accepted',
      protocol: max,
      detail: `the server answered; the local client then stopped (${code})`,
    };
  }
  throw networkError(error, describeEndpoint(endpoint));
}
