/** Lower-case domain of an address. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * The entry of `allow` that `domain` matches — the domain itself or a parent of it
 * (`eu.acme.com` matches `acme.com`) — or undefined. Entries may start with `@`.
 */
export function matchingDomain(domain: string, allow: Iterable<string>): string | undefined {
  for (const entry of allow) {
    const allowed = entry.trim().toLowerCase().replace(/^@/, '');
    if (allowed !== '' && (domain === allowed || domain.endsWith(`.${allowed}`))) return allowed;
  }
  return undefined;
}
