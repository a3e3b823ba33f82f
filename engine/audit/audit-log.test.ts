import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runAttest } from '../../scripts/cli/test-support/run-attest.ts';
import { openStore } from '../store/open-store.ts';
import { appendAudit, recentAudit, verifyAuditLog } from './audit-log.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-audit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('audit log', () => {
  it('chains entries so that altering, deleting or reordering one is detected', () => {
    const path = join(scratch, 'chain.db');
    const store = openStore(path);
    for (const action of ['login', 'request.approve', 'download', 'user.create']) {
      appendAudit(store, { actor: 'ada@acme.example', action, target: 'x', ip: '127.0.0.1' });
    }
    expect(verifyAuditLog(store)).toEqual({ ok: true, count: 4 });
    expect(recentAudit(store).map((row) => row.action)[0]).toBe('user.create');
    // The log refuses ordinary edits…
    expect(() =>
      store.sqlite.prepare("UPDATE audit_log SET actor = 'eve' WHERE id = 2").run(),
    ).toThrow(/append-only/);
    store.close();
    // …so an attacker with the file drops the guard first; the chain still shows it.
    const raw = new Database(path);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET actor = 'eve@acme.example' WHERE id = 2").run();
    raw.close();
    const reopened = openStore(path);
    expect(verifyAuditLog(reopened)).toMatchObject({ ok: false, entryId: 2 });
    reopened.close();
  });

  it('notices a removed entry', () => {
    const path = join(scratch, 'removed.db');
    const store = openStore(path);
    for (const action of ['a', 'b', 'c']) appendAudit(store, { actor: 'cli', action, target: 't' });
    store.sqlite.exec('DROP TRIGGER audit_log_no_delete');
    store.sqlite.prepare('DELETE FROM audit_log WHERE id = 2').run();
    expect(verifyAuditLog(store)).toMatchObject({ ok: false, entryId: 3 });
    store.close();
  });

  it('attest admin create prints a setup link and attest audit verify checks the chain', async () => {
    const db = join(scratch, 'cli.db');
    const created = await runAttest(
      ['admin', 'create', '--email', 'Ada@Acme.example', '--db', db],
      scratch,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created admin ada@acme\.example/);
    expect(created.stdout).toMatch(/^http:\/\/[^/]+\/admin\/setup\/[A-Za-z0-9_-]{43}$/m);
    const bad = await runAttest(['admin', 'create', '--email', 'nope', '--db', db], scratch);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--email must be an email address');

    const ok = await runAttest(['audit', 'verify', '--db', db], scratch);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Audit log intact: 1 entries');

    const raw = new Database(db);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET target = 'someone else' WHERE id = 1").run();
    raw.close();
    const broken = await runAttest(['audit', 'verify', '--db', db], scratch);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('Audit log broken at entry #1');
  });
});
