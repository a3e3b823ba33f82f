import type { UserRow } from '../../store/users.ts';
import { emailDomain, matchingDomain } from './email-domain.ts';
import type { SsoSettings } from './sso-settings.ts';
import { type Role, roles } from './users.ts';

/** What the identity provider says about the person (ID token claims merged with userinfo). */
export type SsoClaims = Record<string, unknown>;

/** The outcome of a sign-in through the provider, before anything is stored. */
export type SsoDecision =
  | { ok: true; email: string; role: Role; create: boolean; roleChanged: boolean }
  | { ok: false; email: string | undefined; reason: string };

/** The claim's values as strings: a list, one string, or space/comma-separated text. */
function claimValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * The most privileged role the claim's values map to (admin before sales before viewer), or
 * undefined when none is mapped.
 */
export function mapRole(
  claims: SsoClaims,
  settings: Pick<SsoSettings, 'roleClaim' | 'roleMap'>,
): Role | undefined {
  const mapped = claimValues(claims[settings.roleClaim])
    .map((value) => settings.roleMap.get(value))
    .filter((role): role is Role => role !== undefined);
  return roles.find((role) => mapped.includes(role));
}

/**
 * Decides whether the person behind `claims` may enter the admin area, with which role, and
 * whether an account is created for them. The address must be verified by the provider; a
 * role must be mapped from the role claim; a new account only for an allowed domain; a
 * disabled account stays out. Pure: the caller stores and audits.
 */
export function decideSsoSignIn(
  claims: SsoClaims,
  existing: UserRow | undefined,
  settings: SsoSettings,
): SsoDecision {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : undefined;
  if (!email?.includes('@')) {
    return {
      ok: false,
      email: undefined,
      reason:
        'The identity provider did not share an email address. Ask your administrator to release the "email" claim to Attest.',
    };
  }
  if (claims.email_verified !== true) {
    return {
      ok: false,
      email,
      reason: `The identity provider has not verified ${email}, so it cannot be used to sign in here.`,
    };
  }
  const role = mapRole(claims, settings);
  if (!role) {
    const groups = claimValues(claims[settings.roleClaim]);
    return {
      ok: false,
      email,
      reason:
        `None of your groups (claim "${settings.roleClaim}": ${groups.length ? groups.join(', ') : 'none'}) ` +
        `gives a role here. Ask an administrator to add you to one of: ${[...settings.roleMap.keys()].join(', ')}.`,
    };
  }
  if (existing?.disabledAt) {
    return {
      ok: false,
      email,
      reason: `The account ${email} is disabled. Ask an admin to restore it.`,
    };
  }
  if (!existing && matchingDomain(emailDomain(email), settings.allowedDomains) === undefined) {
    return {
      ok: false,
      email,
      reason: settings.allowedDomains.length
        ? `${email} has no account here, and accounts are created only for ${settings.allowedDomains.join(', ')}. Ask an admin to add you.`
        : `${email} has no account here. Ask an admin to add you.`,
    };
  }
  return {
    ok: true,
    email,
    role,
    create: !existing,
    roleChanged: existing !== undefined && existing.role !== role,
  };
}
