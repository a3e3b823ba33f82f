import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyOrganisation } from '../../engine/fs/test-organisations.ts';
import { runAttest } from './test-support/run-attest.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-serve-sso-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('attest serve with single sign-on settings', () => {
  it('refuses settings that cannot work with exit 2, naming the variable, before publishing anything', async () => {
    const dir = copyOrganisation('.', join(scratch, 'org'));
    const cases: Array<[Record<string, string>, string]> = [
      [{ ATTEST_SSO_ONLY: '1' }, 'ATTEST_SSO_ONLY is set but ATTEST_OIDC_ISSUER is not'],
      [
        {
          ATTEST_OIDC_ISSUER: 'https://login.acme.example',
          ATTEST_OIDC_CLIENT_ID: 'attest',
          ATTEST_OIDC_ROLES: 'admins=owner',
        },
        'ATTEST_OIDC_ROLES: "admins=owner" is not GROUP=ROLE',
      ],
    ];
    for (const [env, message] of cases) {
      const run = await runAttest(['serve', '--dir', dir, '--port', '0'], scratch, env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toContain('Publishing');
    }
    expect(existsSync(join(dir, 'data', 'serve-dist'))).toBe(false);
  });
});
