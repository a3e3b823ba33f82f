import { plural } from '../../source/plural.ts';
import { followRedirects } from '../http-client.ts';
import { parseHttpTarget, redactUrl } from '../target-url.ts';
import { CheckError, type CheckModule, type CheckOutcome } from '../types.ts';

const dayMs = 86_400_000;
const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The body of an OpenPGP cleartext-signed file (RFC 4880 §7), or the text itself. */
function stripSignature(text: string): { body: string; signed: boolean } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((line) => line.trim() === '-----BEGIN PGP SIGNED MESSAGE-----');
  if (start === -1) return { body: lines.join('\n'), signed: false };
  const afterHeaders = lines.findIndex((line, index) => index > start && line.trim() === '');
  const end = lines.findIndex((line) => line.trim() === '-----BEGIN PGP SIGNATURE-----');
  const body = lines
    .slice(afterHeaders + 1, end === -1 ? undefined : end)
    .map((line) => (line.startsWith('- ') ? line.slice(2) : line));
  return { body: body.join('\n'), signed: true };
}

/** RFC 9116 fields: lower-case name → values in order. Comments and blank lines are skipped. */
function parseFields(body: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const line of body.split('\n')) {
    const trimmed = line.trim();
    const match = trimmed.startsWith('#') ? null : /^([A-Za-z0-9-]+):\s*(.*)$/.exec(trimmed);
    if (!match?.[1]) continue;
    const name = match[1].toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), match[2] ?? '']);
  }
  return fields;
}

interface Finding {
  problem: string;
  hint: string;
}

/** Problems with the Expires field(s), plus a warning for an expiry far ahead. */
function checkExpires(values: readonly string[], now: Date, minDays: number | undefined) {
  const findings: Finding[] = [];
  const renew = 'set Expires to a date within the next year (and re-sign the file if it is signed)';
  if (values.length !== 1) {
    findings.push({
      problem: values.length
        ? `${values.length} Expires fields (exactly one is allowed)`
        : 'no Expires field',
      hint: 'give the file exactly one Expires field, e.g. Expires: 2027-01-31T23:00:00.000Z',
    });
    return { findings, daysToExpiry: undefined, warning: undefined };
  }
  const value = values[0] ?? '';
  const expires = new Date(value);
  if (!rfc3339.test(value) || Number.isNaN(expires.getTime())) {
    findings.push({ problem: `Expires "${value}" is not an RFC 3339 date-time`, hint: renew });
    return { findings, daysToExpiry: undefined, warning: undefined };
  }
  const daysToExpiry = Math.trunc((expires.getTime() - now.getTime()) / dayMs) || 0;
  if (expires.getTime() <= now.getTime()) {
    findings.push({ problem: `expired on ${expires.toISOString()}`, hint: renew });
  } else if (minDays !== undefined && daysToExpiry < minDays) {
    findings.push({
      problem: `expires in ${plural(daysToExpiry, 'day')}, under the required ${minDays}`,
      hint: renew,
    });
  }
  const warning =
    daysToExpiry > 365 ? 'Expires is more than a year ahead (RFC 9116 recommends less)' : undefined;
  return { findings, daysToExpiry, warning };
}

/**
 * `security-txt`: fetches `/.well-known/security.txt` from the target's origin (following
 * redirects) and validates it per RFC 9116: a 200 text/plain answer, at least one Contact,
 * exactly one Expires, in the future (a warning when more than a year ahead), plus the
 * expected `contact`, `canonical` and `minDaysToExpiry`. A cleartext-signed file is read
 * without its PGP armour. A server error is an error; anything else that is not a valid
 * file fails.
 */
export const securityTxtCheck: CheckModule<'security-txt'> = {
  type: 'security-txt',
  async run(check, context) {
    const url = new URL('/.well-known/security.txt', parseHttpTarget(context.target).origin);
    const expected = check.expect;
    const { final } = await followRedirects(url, context, { maxBodyBytes: 262_144 });
    const where = redactUrl(final.url);
    if (final.status >= 500) {
      throw new CheckError(`${where} answered ${final.status}`, {
        hint: 'the server failed; try again or check its logs',
        observed: { url: where, status: final.status },
      });
    }
    const contentType = final.headers['content-type'] ?? null;
    const fail = (observed: unknown, findings: readonly Finding[]): CheckOutcome => ({
      status: 'fail',
      observed,
      expected,
      message: `${where}: ${findings.map((finding) => finding.problem).join('; ')}`,
      hint: [...new Set(findings.map((finding) => finding.hint))].join('; '),
    });
    const publish = 'publish /.well-known/security.txt as text/plain; charset=utf-8 (RFC 9116)';
    if (final.status !== 200) {
      return fail({ url: where, status: final.status }, [
        { problem: `answered ${final.status}, not 200`, hint: publish },
      ]);
    }
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'text/plain') {
      return fail({ url: where, status: final.status, contentType }, [
        { problem: `served as ${mediaType || 'no Content-Type'}, not text/plain`, hint: publish },
      ]);
    }

    const { body, signed } = stripSignature(final.body);
    const fields = parseFields(body);
    const contacts = fields.get('contact') ?? [];
    const canonical = fields.get('canonical') ?? [];
    const expires = checkExpires(
      fields.get('expires') ?? [],
      context.now,
      check.expect.minDaysToExpiry,
    );
    const findings = [...expires.findings];
    if (!contacts.length) {
      findings.push({
        problem: 'no Contact field',
        hint: 'add a Contact field (mailto: or https: URI)',
      });
    }
    if (check.expect.contact && !contacts.includes(check.expect.contact)) {
      findings.push({
        problem: `Contact ${check.expect.contact} is not listed`,
        hint: `add Contact: ${check.expect.contact}`,
      });
    }
    if (check.expect.canonical && !canonical.includes(check.expect.canonical)) {
      findings.push({
        problem: `Canonical ${check.expect.canonical} is not listed`,
        hint: `add Canonical: ${check.expect.canonical}`,
      });
    }
    const warnings = [
      ...(expires.warning ? [expires.warning] : []),
      ...(/charset\s*=\s*"?utf-8/i.test(contentType ?? '')
        ? []
        : ['Content-Type lacks charset=utf-8']),
    ];
    const expiresValues = fields.get('expires') ?? [];
    const observed = {
      url: where,
      contentType,
      signed,
      contact: contacts,
      expires: expiresValues.length === 1 ? expiresValues[0] : expiresValues,
      daysToExpiry: expires.daysToExpiry ?? null,
      canonical,
    };
    if (findings.length) return fail(observed, findings);
    const warning = warnings.length ? `; warning: ${warnings.join('; ')}` : '';
    return {
      status: 'pass',
      observed,
      expected,
      message: `${where} lists ${plural(contacts.length, 'contact')} and ${expires.daysToExpiry === undefined ? 'no valid Expires' : `expires in ${plural(expires.daysToExpiry, 'day')}`}${warning}`,
    };
  },
};
