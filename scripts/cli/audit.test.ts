import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tamperWithSqliteFile } from '../../engine/store/test-support/sqlite-faults.ts';
import { runAttest } from './test-support/run-attest.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-audit-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const secret = 'an audit anchor secret of at least 32 characters';

describe('attest audit verify', () => {
  it('attest admin create prints a setup link and attest audit verify checks chain and anchor', async () => {
    const db = join(scratch, 'cli.db');
    const env = { ATTEST_SECRET: secret };
    const created = await runAttest(
      ['admin', 'create', '--email', 'Ada@Acme.example', '--db', db],
      scratch,
      env,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created admin ada@acme\.example/);
    expect(created.stdout).toMatch(/^http:\/\/[^/]+\/admin\/setup\/[A-Za-z0-9_-]{43}$/m);
    const bad = await runAttest(['admin', 'create', '--email', 'nope', '--db', db], scratch, env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--email must be an email address');
    await runAttest(['admin', 'create', '--email', 'bo@acme.example', '--db', db], scratch, env);
    await runAttest(['admin', 'create', '--email', 'cy@acme.example', '--db', db], scratch, env);

    const ok = await runAttest(['audit', 'verify', '--db', db], scratch, env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(
      'Audit log intact: 3 entries, hash chain verified, anchor verified',
    );
    const unkeyed = await runAttest(['audit', 'verify', '--db', db], scratch, {
      ATTEST_SECRET: '',
    });
    expect(unkeyed.code).toBe(0);
    expect(unkeyed.stderr).toContain(
      'ATTEST_SECRET is not set, so the anchor’s MAC cannot be verified',
    );

    tamperWithSqliteFile(
      db,
      'DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id > 1',
    );
    const truncated = await runAttest(['audit', 'verify', '--db', db], scratch, env);
    expect(truncated.code).toBe(1);
    expect(truncated.stdout).toContain(
      'Audit log truncated: it was truncated: 2 entries are missing',
    );

    tamperWithSqliteFile(
      db,
      "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET target = 'someone else' WHERE id = 1",
    );
    const broken = await runAttest(['audit', 'verify', '--db', db], scratch, env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('Audit log broken at entry #1');
  });
});
