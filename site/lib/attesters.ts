import type { Snapshot } from '../../engine/evaluate/snapshot.ts';

type Organisation = Pick<Snapshot['organisation'], 'contacts' | 'name'>;

/**
 * Role mailboxes, by local part, and how the page names the people behind them. An address
 * such as `security@…` is a team, not a person: the page says "the security team".
 */
const roleMailboxes: Record<string, string> = {
  security: 'the security team',
  secops: 'the security team',
  infosec: 'the security team',
  privacy: 'the privacy team',
  dpo: 'the data protection officer',
  legal: 'the legal team',
  compliance: 'the compliance team',
  trust: 'the trust team',
  'trust-and-safety': 'the trust and safety team',
  trustandsafety: 'the trust and safety team',
  abuse: 'the trust and safety team',
  support: 'the support team',
  help: 'the support team',
  people: 'the people team',
  hr: 'the people team',
  it: 'the IT team',
  ops: 'the operations team',
  operations: 'the operations team',
  engineering: 'the engineering team',
  platform: 'the platform team',
  infra: 'the infrastructure team',
  infrastructure: 'the infrastructure team',
  sre: 'the site reliability team',
  finance: 'the finance team',
  sales: 'the sales team',
  ciso: 'the CISO',
  cto: 'the CTO',
  ceo: 'the CEO',
  cfo: 'the CFO',
};

/** The organisation's own contact roles, e.g. `contacts.privacy` → "the privacy team". */
const contactRoles: Record<string, string> = {
  security: 'the security team',
  privacy: 'the privacy team',
  support: 'the support team',
  sales: 'the sales team',
  legal: 'the legal team',
  trustAndSafety: 'the trust and safety team',
};

function capitalise(word: string): string {
  return word.charAt(0).toLocaleUpperCase('en') + word.slice(1);
}

/**
 * Who attested, as the public page names them: a named role as written, a role mailbox as
 * its team ("the security team"), a personal address `first.last@…` as the person's name
 * ("Niamh Gallagher"). The address itself is never shown: it is an employee's inbox, not a
 * contact point, and it wraps mid-word on a phone.
 */
export function attesterName(by: string, organisation?: Organisation): string {
  const value = by.trim();
  const at = value.lastIndexOf('@');
  if (at <= 0) return value;
  const address = value.toLowerCase();
  for (const [role, contact] of Object.entries(organisation?.contacts ?? {}))
    if (typeof contact === 'string' && contact.toLowerCase() === address && contactRoles[role])
      return contactRoles[role];
  const local = address.slice(0, at).replace(/\+.*$/, '');
  const role = roleMailboxes[local];
  if (role) return role;
  const parts = local.split(/[._-]+/).filter((part) => part.length > 0);
  if (parts.length >= 2 && parts.every((part) => /^\p{L}+$/u.test(part)))
    return parts.map(capitalise).join(' ');
  return organisation ? `a member of the ${organisation.name} team` : 'a member of the team';
}

/** Several attesters, named once each, in the order given. */
export function attesterNames(by: readonly string[], organisation?: Organisation): string[] {
  return [...new Set(by.map((item) => attesterName(item, organisation)))];
}
