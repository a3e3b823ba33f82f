import { type Role, roles } from './users.ts';

/** Single sign-on to the admin area through an OpenID Connect provider. */
export interface SsoSettings {
  /** The provider's issuer identifier; its discovery document is read from there. */
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE alone, no client authentication). */
  clientSecret?: string;
  /** Scopes asked for; always includes `openid`. */
  scopes: string;
  /** The claim (in the ID token or from userinfo) that holds the user's groups or roles. */
  roleClaim: string;
  /** Claim value → admin-area role, e.g. `admins` → `admin`. */
  roleMap: ReadonlyMap<string, Role>;
  /**
   * Email domains whose people get an account the first time they sign in (subdomains
   * included). Empty: only existing users may sign in through the provider.
   */
  allowedDomains: readonly string[];
  /** Password and second-factor sign-in are turned off; single sign-on is the only way in. */
  ssoOnly: boolean;
}

/** A setting that cannot work; `attest serve` stops with this message (exit 2). */
export class SsoSettingsError extends Error {
  override name = 'SsoSettingsError';
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

/** An issuer URL: https, or http on localhost / 127.0.0.1 / ::1 (a provider on the same host). */
function issuerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SsoSettingsError(`ATTEST_OIDC_ISSUER must be a URL, got "${value}".`);
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new SsoSettingsError(
      `ATTEST_OIDC_ISSUER must be an https URL (http only on localhost), got "${value}".`,
    );
  }
  if (url.search || url.hash) {
    throw new SsoSettingsError('ATTEST_OIDC_ISSUER must not carry a query or fragment.');
  }
  return value;
}

/** `ATTEST_OIDC_ROLES="admins=admin,sales=sales"` as a map; every role must be a real one. */
function roleMap(value: string | undefined): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const pair of list(value)) {
    const at = pair.lastIndexOf('=');
    const group = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim() as Role;
    if (at <= 0 || !group || !roles.includes(role)) {
      throw new SsoSettingsError(
        `ATTEST_OIDC_ROLES: "${pair}" is not GROUP=ROLE with ROLE one of ${roles.join(', ')} (e.g. "admins=admin,sales=sales").`,
      );
    }
    map.set(group, role);
  }
  if (map.size === 0) {
    throw new SsoSettingsError(
      'ATTEST_OIDC_ROLES is required with ATTEST_OIDC_ISSUER: map the groups of your identity provider to roles, e.g. "admins=admin,sales=sales".',
    );
  }
  return map;
}

/**
 * Single sign-on from the environment: `ATTEST_OIDC_ISSUER`, `ATTEST_OIDC_CLIENT_ID`,
 * `ATTEST_OIDC_CLIENT_SECRET` (optional), `ATTEST_OIDC_SCOPES` (default `openid email
 * profile`), `ATTEST_OIDC_ROLE_CLAIM` (default `groups`), `ATTEST_OIDC_ROLES`,
 * `ATTEST_OIDC_ALLOWED_DOMAINS` and `ATTEST_SSO_ONLY=1`. Undefined when no issuer is set;
 * a setting that cannot work throws {@link SsoSettingsError} naming the variable.
 */
export function ssoSettingsFromEnv(env: NodeJS.ProcessEnv): SsoSettings | undefined {
  const issuer = env.ATTEST_OIDC_ISSUER?.trim();
  const ssoOnly = ['1', 'true', 'yes'].includes((env.ATTEST_SSO_ONLY ?? '').trim().toLowerCase());
  if (!issuer) {
    if (ssoOnly) {
      throw new SsoSettingsError(
        'ATTEST_SSO_ONLY is set but ATTEST_OIDC_ISSUER is not: nobody could sign in.',
      );
    }
    return undefined;
  }
  const clientId = env.ATTEST_OIDC_CLIENT_ID?.trim();
  if (!clientId) {
    throw new SsoSettingsError('ATTEST_OIDC_CLIENT_ID is required with ATTEST_OIDC_ISSUER.');
  }
  const scopes = new Set(
    list((env.ATTEST_OIDC_SCOPES ?? 'openid email profile').replace(/\s+/g, ',')),
  );
  scopes.add('openid');
  const secret = env.ATTEST_OIDC_CLIENT_SECRET;
  return {
    issuer: issuerUrl(issuer),
    clientId,
    ...(secret ? { clientSecret: secret } : {}),
    scopes: [...scopes].join(' '),
    roleClaim: env.ATTEST_OIDC_ROLE_CLAIM?.trim() || 'groups',
    roleMap: roleMap(env.ATTEST_OIDC_ROLES),
    allowedDomains: list(env.ATTEST_OIDC_ALLOWED_DOMAINS).map((domain) =>
      domain.toLowerCase().replace(/^@/, ''),
    ),
    ssoOnly,
  };
}
