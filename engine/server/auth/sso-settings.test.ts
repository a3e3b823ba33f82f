import { describe, expect, it } from 'vitest';
import { mapRole } from './sso-identity.ts';
import { ssoSettingsFromEnv } from './sso-settings.ts';

const base = {
  ATTEST_OIDC_ISSUER: 'https://login.acme.example',
  ATTEST_OIDC_CLIENT_ID: 'attest',
  ATTEST_OIDC_ROLES: 'admins=admin, sales=sales',
};

describe('single sign-on settings from the environment', () => {
  it('is off without an issuer, and reads every variable with its default', () => {
    expect(ssoSettingsFromEnv({})).toBeUndefined();
    const settings = ssoSettingsFromEnv({
      ...base,
      ATTEST_OIDC_ALLOWED_DOMAINS: '@Acme.example, corp.example',
      ATTEST_SSO_ONLY: '1',
    });
    expect(settings).toMatchObject({
      issuer: 'https://login.acme.example',
      clientId: 'attest',
      scopes: 'openid email profile',
      roleClaim: 'groups',
      allowedDomains: ['acme.example', 'corp.example'],
      ssoOnly: true,
    });
    expect(settings?.clientSecret).toBeUndefined();
    expect([...(settings?.roleMap ?? [])]).toEqual([
      ['admins', 'admin'],
      ['sales', 'sales'],
    ]);
    expect(ssoSettingsFromEnv({ ...base, ATTEST_OIDC_SCOPES: 'email groups' })?.scopes).toBe(
      'email groups openid',
    );
  });

  it('names the variable and the fix when a setting cannot work', () => {
    expect(() => ssoSettingsFromEnv({ ATTEST_SSO_ONLY: '1' })).toThrow(
      /ATTEST_OIDC_ISSUER is not: nobody could sign in/,
    );
    expect(() => ssoSettingsFromEnv({ ...base, ATTEST_OIDC_CLIENT_ID: '' })).toThrow(
      /ATTEST_OIDC_CLIENT_ID is required/,
    );
    expect(() =>
      ssoSettingsFromEnv({ ...base, ATTEST_OIDC_ISSUER: 'http://login.acme.example' }),
    ).toThrow(/https URL \(http only on localhost\)/);
    expect(() => ssoSettingsFromEnv({ ...base, ATTEST_OIDC_ROLES: 'admins=root' })).toThrow(
      /"admins=root" is not GROUP=ROLE/,
    );
    expect(() => ssoSettingsFromEnv({ ...base, ATTEST_OIDC_ROLES: '' })).toThrow(
      /ATTEST_OIDC_ROLES is required/,
    );
    expect(
      ssoSettingsFromEnv({ ...base, ATTEST_OIDC_ISSUER: 'http://127.0.0.1:9000' })?.issuer,
    ).toBe('http://127.0.0.1:9000');
  });

  it('maps the most privileged role from a list, a string or nothing', () => {
    const settings = ssoSettingsFromEnv({
      ...base,
      ATTEST_OIDC_ROLES: 'staff=viewer,sales=sales,admins=admin',
      ATTEST_OIDC_ROLE_CLAIM: 'roles',
    });
    if (!settings) throw new Error('settings expected');
    expect(mapRole({ roles: ['staff', 'admins'] }, settings)).toBe('admin');
    expect(mapRole({ roles: 'staff sales' }, settings)).toBe('sales');
    expect(mapRole({ roles: ['interns'] }, settings)).toBeUndefined();
    expect(mapRole({ groups: ['admins'] }, settings)).toBeUndefined();
  });
});
