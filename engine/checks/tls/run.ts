import type { PeerCertificate } from 'node:tls';
import { plural } from '../../source/plural.ts';
import {
  describeEndpoint,
  type Handshake,
  handshake,
  type ProbeResult,
  parseTlsTarget,
  probeVersions,
  type TlsVersion,
  tlsVersions,
} from '../tls-handshake.ts';
import { CheckError, type CheckModule } from '../types.ts';

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

/** What the checks of one handshake found; `untested` items make the result an error. */
interface Findings {
  problems: string[];
  hints: string[];
  untested: string[];
  probes: Record<string, string>;
}

function olderThan(version: TlsVersion): string {
  return version === 'TLSv1' ? 'TLSv1' : `${version} and older`;
}

function versionFindings(
  findings: Findings,
  minVersion: TlsVersion | undefined,
  below: { version: TlsVersion; probe: ProbeResult } | undefined,
  max: { version: TlsVersion; probe: ProbeResult } | undefined,
): void {
  if (below) {
    const label = olderThan(below.version);
    findings.probes[label] = describeProbe(below.probe);
    if (below.probe.result === 'accepted') {
      findings.problems.push(
        `accepts ${below.probe.protocol}, older than the required ${minVersion}`,
      );
      findings.hints.push(
        `disable protocols older than ${minVersion} in the server's TLS configuration`,
      );
    } else if (below.probe.result === 'untestable') {
      findings.untested.push(`cannot tell whether ${label} is refused: ${below.probe.detail}`);
    }
  }
  if (max) {
    findings.probes[max.version] = describeProbe(max.probe);
    if (max.probe.result === 'refused') {
      findings.problems.push(`refuses ${max.version} (${max.probe.detail})`);
      findings.hints.push(`enable ${max.version} in the server's TLS configuration`);
    } else if (max.probe.result === 'untestable') {
      findings.untested.push(`cannot tell whether ${max.version} is accepted: ${max.probe.detail}`);
    }
  }
}

function certificateFindings(
  findings: Findings,
  result: Handshake,
  expiry: { expired: boolean; daysToExpiry: number; minDays: number },
  requireTrust: boolean | undefined,
): void {
  const { expired, daysToExpiry, minDays } = expiry;
  if (expired) {
    findings.problems.push(
      daysToExpiry === 0
        ? 'certificate expired today'
        : `certificate expired ${plural(-daysToExpiry, 'day')} ago`,
    );
    findings.hints.push('renew the certificate');
  } else if (daysToExpiry < minDays) {
    findings.problems.push(
      `certificate expires in ${plural(daysToExpiry, 'day')}, under the required ${minDays}`,
    );
    findings.hints.push('renew the certificate (or automate renewal, e.g. with ACME)');
  }
  if (requireTrust && !result.authorized) {
    findings.problems.push(
      `certificate chain is not trusted (${result.authorizationError ?? 'unknown reason'})`,
    );
    findings.hints.push(
      'serve a certificate for this host name with its full chain from a trusted CA (for a private CA, pass it with --ca)',
    );
  }
}

/**
 * `tls`: handshakes with `https://host[:port]` or `host:port` (through `--resolve`, SNI =
 * declared host, extra CAs trusted) and reports protocol, certificate and chain trust.
 * `minVersion` is proven by a handshake capped just below it that the server must refuse;
 * `maxVersion` by a handshake at exactly that version that it must accept. A version the
 * local TLS library cannot offer makes the result `error`, never `pass` (a definite failure
 * elsewhere still fails). An expired certificate fails even without `minDaysToExpiry`; one
 * within the policy's warning window passes with a warning in the message.
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
    const findings: Findings = { problems: [], hints: [], untested: [], probes: {} };
    versionFindings(
      findings,
      minVersion,
      below && belowProbe ? { version: below, probe: belowProbe } : undefined,
      maxVersion && maxProbe ? { version: maxVersion, probe: maxProbe } : undefined,
    );
    certificateFindings(findings, result, { expired, daysToExpiry, minDays }, trusted);

    const observed = {
      protocol: result.protocol,
      subject: formatName(result.certificate.subject),
      issuer: formatName(result.certificate.issuer),
      validFrom: validFrom.toISOString(),
      validTo: validTo.toISOString(),
      daysToExpiry,
      trusted: result.authorized,
      ...(result.authorizationError ? { authorizationError: result.authorizationError } : {}),
      ...(Object.keys(findings.probes).length ? { probes: findings.probes } : {}),
    };
    const { problems, hints, untested } = findings;
    if (problems.length) {
      const message = `${where}: ${[...problems, ...untested].join('; ')}`;
      return { status: 'fail', observed, expected, message, hint: hints.join('; ') };
    }
    if (untested.length) {
      const message = `${where}: ${untested.join('; ')}`;
      return { status: 'error', observed, expected, message, hint: untestableHint };
    }
    const warnDays = context.policy.certificateWarnDays;
    const warning =
      daysToExpiry < warnDays
        ? `; warning: the certificate expires in ${plural(daysToExpiry, 'day')}, within the ${warnDays}-day warning window`
        : '';
    const refused = below ? `, ${olderThan(below)} refused` : '';
    const trust = result.authorized
      ? 'trusted chain'
      : `untrusted chain (${result.authorizationError})`;
    return {
      status: 'pass',
      observed,
      expected,
      message: `${where} negotiates ${result.protocol}${refused}; certificate valid for ${daysToExpiry} more ${daysToExpiry === 1 ? 'day' : 'days'}, ${trust}${warning}`,
    };
  },
};
