import type { PeerCertificate } from 'node:tls';
import {
  describeEndpoint,
  type Handshake,
  handshake,
  type ProbeResult,
  parseTlsTarget,
  probeVersions,
  tlsVersions,
} from './tls-handshake.ts';
import { CheckError, type CheckModule, type CheckOutcome } from './types.ts';

const dayMs = 86_400_000;

function formatName(name: PeerCertificate['subject'] | undefined): string {
  return Object.entries(name ?? {})
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
}

function certificateDates(handshake: Handshake, where: string): { validFrom: Date; validTo: Date } {
  const validFrom = new Date(handshake.certificate.valid_from);
  const validTo = new Date(handshake.certificate.valid_to);
  if (Number.isNaN(validFrom.getTime()) || Number.isNaN(validTo.getTime())) {
    throw new CheckError(`${where} presented no certificate with readable validity dates`, {
      observed: { protocol: handshake.protocol },
    });
  }
  return { validFrom, validTo };
}

/** "refused (protocol version alert)" / "accepted (TLSv1.1)" / "untested: …" for observed. */
function describeProbe(probe: ProbeResult): string {
  if (probe.result === 'accepted') {
    return `accepted (${probe.protocol}${probe.detail ? `; ${probe.detail}` : ''})`;
  }
  return probe.result === 'refused' ? `refused (${probe.detail})` : `untested: ${probe.detail}`;
}

const untestableHint =
  'run the check where the TLS library may still offer old protocols (Node’s bundled OpenSSL does; a system OpenSSL config with MinProtocol or a high SECLEVEL may not)';

/**
 * `tls`: handshakes with `https://host[:port]` or `host:port` (through `--resolve`, SNI =
 * declared host, extra CAs trusted) and reports protocol, certificate and chain trust.
 * `minVersion` is proven by a handshake capped just below it that the server must refuse;
 * `maxVersion` by a handshake at exactly that version that it must accept. A version the
 * local TLS library cannot offer makes the result `error`, never `pass`. An expired
 * certificate fails even without `minDaysToExpiry`; one within the policy's warning window
 * passes with a warning in the message.
 */
export const tlsCheck: CheckModule<'tls'> = {
  type: 'tls',
  async run(check, context) {
    const endpoint = parseTlsTarget(context.target);
    const where = describeEndpoint(endpoint);
    const { minVersion, maxVersion, trusted } = check.expect;
    const minDays = check.expect.minDaysToExpiry ?? 0;
    const expected = { ...check.expect, minDaysToExpiry: minDays };

    const result = await handshake(endpoint, context);
    if ('legacyOnly' in result) {
      return {
        status: 'fail',
        observed: { protocol: result.legacyOnly, modernVersions: 'refused' },
        expected,
        message: `${where} refuses TLS 1.2 and 1.3 and only completes a ${result.legacyOnly} handshake`,
        hint: 'enable TLS 1.2 and 1.3 on the server and disable TLS 1.0/1.1',
      };
    }
    const { validFrom, validTo } = certificateDates(result, where);
    const expired = validTo.getTime() <= context.now.getTime();
    // Whole days, rounded toward zero: "expires in 5 days" / "expired 2 days ago".
    const daysToExpiry = Math.trunc((validTo.getTime() - context.now.getTime()) / dayMs) || 0;

    const below = minVersion ? tlsVersions[tlsVersions.indexOf(minVersion) - 1] : undefined;
    const [belowProbe, maxProbe] = await Promise.all([
      below ? probeVersions(endpoint, context, 'TLSv1', below) : undefined,
      maxVersion ? probeVersions(endpoint, context, maxVersion, maxVersion) : undefined,
    ]);

    const problems: string[] = [];
    const hints: string[] = [];
    const untested: string[] = [];
    const probes: Record<string, string> = {};
    if (below && belowProbe) {
      const label = below === 'TLSv1' ? 'TLSv1' : `${below} and older`;
      probes[label] = describeProbe(belowProbe);
      if (belowProbe.result === 'accepted') {
        problems.push(`accepts ${belowProbe.protocol}, older than the required ${minVersion}`);
        hints.push(`disable protocols older than ${minVersion} in the server's TLS configuration`);
      } else if (belowProbe.result === 'untestable') {
        untested.push(`cannot tell whether ${label} is refused: ${belowProbe.detail}`);
      }
    }
    if (maxVersion && maxProbe) {
      probes[maxVersion] = describeProbe(maxProbe);
      if (maxProbe.result === 'refused') {
        problems.push(`refuses ${maxVersion} (${maxProbe.detail})`);
        hints.push(`enable ${maxVersion} in the server's TLS configuration`);
      } else if (maxProbe.result === 'untestable') {
        untested.push(`cannot tell whether ${maxVersion} is accepted: ${maxProbe.detail}`);
      }
    }

    if (expired) {
      problems.push(
        daysToExpiry === 0
          ? 'certificate expired today'
          : `certificate expired ${-daysToExpiry} day(s) ago`,
      );
      hints.push('renew the certificate');
    } else if (daysToExpiry < minDays) {
      problems.push(`certificate expires in ${daysToExpiry} day(s), under the required ${minDays}`);
      hints.push('renew the certificate (or automate renewal, e.g. with ACME)');
    }
    if (trusted && !result.authorized) {
      problems.push(
        `certificate chain is not trusted (${result.authorizationError ?? 'unknown reason'})`,
      );
      hints.push(
        'serve a certificate for this host name with its full chain from a trusted CA (for a private CA, pass it with --ca)',
      );
    }

    const observed = {
      protocol: result.protocol,
      subject: formatName(result.certificate.subject),
      issuer: formatName(result.certificate.issuer),
      validFrom: validFrom.toISOString(),
      validTo: validTo.toISOString(),
      daysToExpiry,
      trusted: result.authorized,
      ...(result.authorizationError ? { authorizationError: result.authorizationError } : {}),
      ...(Object.keys(probes).length ? { probes } : {}),
    };

    const warnDays = context.policy.certificateWarnDays;
    const warning =
      !expired && daysToExpiry >= minDays && daysToExpiry < warnDays
        ? `; warning: the certificate expires in ${daysToExpiry} day(s), within the ${warnDays}-day warning window`
        : '';
    const outcome = (
      status: CheckOutcome['status'],
      message: string,
      hint?: string,
    ): CheckOutcome =>
      hint
        ? { status, observed, expected, message, hint }
        : { status, observed, expected, message };

    if (problems.length) {
      const message = [...problems, ...untested].join('; ');
      return outcome('fail', `${where}: ${message}`, hints.join('; '));
    }
    if (untested.length)
      return outcome('error', `${where}: ${untested.join('; ')}`, untestableHint);
    const refused = below ? `, ${below === 'TLSv1' ? 'TLSv1' : `${below} and older`} refused` : '';
    const trust = result.authorized
      ? 'trusted chain'
      : `untrusted chain (${result.authorizationError})`;
    return outcome(
      'pass',
      `${where} negotiates ${result.protocol}${refused}; certificate valid for ${daysToExpiry} more day(s), ${trust}${warning}`,
    );
  },
};
