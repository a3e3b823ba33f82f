import type { Disclosure } from '../schema/index.ts';

/**
 * RFC 9116 wants Expires as a full timestamp: a bare date means the end of that day (UTC);
 * `expiresInDays` counts from the publication.
 */
function expiresTimestamp(
  securityTxt: Disclosure['securityTxt'],
  publishedAt: string | undefined,
): string {
  const { expires, expiresInDays } = securityTxt;
  if (expires !== undefined && expires.length === 10) return `${expires}T23:59:59Z`;
  const time =
    expires !== undefined
      ? new Date(expires)
      : new Date(Date.parse(publishedAt ?? '') + (expiresInDays ?? 0) * 86_400_000);
  if (Number.isNaN(time.getTime()))
    throw new Error('security.txt with expiresInDays needs the publication time');
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Renders `/.well-known/security.txt` (RFC 9116) from the disclosure policy: Contact,
 * Expires, Encryption, Acknowledgments, Preferred-Languages, Canonical, Policy, Hiring.
 * When the trust center is marked a draft (`draft`, its reason), a comment line (which
 * parsers ignore) says so first.
 */
export function renderSecurityTxt(
  disclosure: Disclosure,
  options: { policyUrl?: string; publishedAt?: string; draft?: string } = {},
): string {
  const lines: string[] = [];
  if (options.draft !== undefined)
    lines.push(`# Draft: ${options.draft.replace(/\s+/g, ' ').trim()}`);
  const { contact, securityTxt } = disclosure;
  if (contact.email) lines.push(`Contact: mailto:${contact.email}`);
  if (contact.url) lines.push(`Contact: ${contact.url}`);
  lines.push(`Expires: ${expiresTimestamp(securityTxt, options.publishedAt)}`);
  if (disclosure.pgpKey) lines.push(`Encryption: ${disclosure.pgpKey}`);
  if (disclosure.acknowledgmentsUrl)
    lines.push(`Acknowledgments: ${disclosure.acknowledgmentsUrl}`);
  if (securityTxt.preferredLanguages.length)
    lines.push(`Preferred-Languages: ${securityTxt.preferredLanguages.join(', ')}`);
  for (const canonical of securityTxt.canonical) lines.push(`Canonical: ${canonical}`);
  const policy = disclosure.policyUrl ?? options.policyUrl;
  if (policy) lines.push(`Policy: ${policy}`);
  if (securityTxt.hiring) lines.push(`Hiring: ${securityTxt.hiring}`);
  return `${lines.join('\n')}\n`;
}
