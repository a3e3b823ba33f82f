import type { Disclosure } from '../schema/index.ts';

/** RFC 9116 wants Expires as a full timestamp; a bare date means the end of that day (UTC). */
function expiresTimestamp(expires: string): string {
  return expires.length === 10
    ? `${expires}T23:59:59Z`
    : new Date(expires).toISOString().replace('.000Z', 'Z');
}

/**
 * Renders `/.well-known/security.txt` (RFC 9116) from the disclosure policy: Contact,
 * Expires, Encryption, Acknowledgments, Preferred-Languages, Canonical, Policy, Hiring.
 */
export function renderSecurityTxt(
  disclosure: Disclosure,
  options: { policyUrl?: string } = {},
): string {
  const lines: string[] = [];
  const { contact, securityTxt } = disclosure;
  if (contact.email) lines.push(`Contact: mailto:${contact.email}`);
  if (contact.url) lines.push(`Contact: ${contact.url}`);
  lines.push(`Expires: ${expiresTimestamp(securityTxt.expires)}`);
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
