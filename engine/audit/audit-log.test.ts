import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSnapshotFixture } from '../evaluate/test-support/snapshot-fixture.ts';
import { openStore, type Store } from '../store/open-store.ts';
import { tamperWithSqliteStore } from '../store/test-support/sqlite-faults.ts';
import { appendAudit, recentAudit, verifyAuditLog } from './audit-log.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-audit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const secret = 'an audit anchor secret of at least 32 characters';
const key = Buffer.from(secret);
beforeEach(() => vi.stubEnv('ATTEST_SECRET', secret));
afterEach(() => vi.unstubAllEnvs());

let dbCount = 0;
/** A fresh log of five entries (ids 1–5), every field set. */
async function logOfFive(): Promise<{ path: string; store: Store }> {
  const path = join(scratch, `log-${++dbCount}.db`);
  const store = await openStore(path);
  for (const [index, action] of [
    'login',
    'request.approve',
    'download',
    'user.create',
    'logout',
  ].entries()) {
    await appendAudit(store, {
      at: `2026-11-23T10:0${index}:00.000Z`,
      actor: 'ada@acme.example',
      action,
      target: `thing ${index}`,
      ip: `10.0.0.${index}`,
      userAgent: `browser ${index}`,
    });
  }
  return { path, store };
}

/** Runs SQL on the file the way an attacker with the file would: guards dropped first. */
function tamper(store: Store, sql: string): void {
  tamperWithSqliteStore(
    store,
    `DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; ${sql}`,
  );
}

describe('audit log chain', () => {
  it('verifies an untouched log, refuses ordinary edits, and lists the newest first', async () => {
    const { store } = await logOfFive();
    expect(await verifyAuditLog(store, { key })).toEqual({ ok: true, count: 5 });
    expect((await recentAudit(store)).map((row) => row.action)[0]).toBe('logout');
    expect(() =>
      tamperWithSqliteStore(store, "UPDATE audit_log SET actor = 'eve' WHERE id = 2"),
    ).toThrow(/append-only/);
    await store.close();
  });

  const edits: Record<string, string> = {
    at: "at = '2026-11-23T09:00:00.000Z'",
    actor: "actor = 'eve@acme.example'",
    action: "action = 'nothing'",
    target: "target = 'someone else'",
    ip: "ip = '192.0.2.66'",
    'user agent': "user_agent = 'curl'",
  };
  for (const [field, assignment] of Object.entries(edits)) {
    it(`detects an altered ${field}`, async () => {
      const { store } = await logOfFive();
      tamper(store, `UPDATE audit_log SET ${assignment} WHERE id = 3`);
      expect(await verifyAuditLog(store, { key })).toMatchObject({
        ok: false,
        entryId: 3,
        problem: expect.stringMatching(/altered/),
      });
      await store.close();
    });
  }

  it('detects two entries swapped', async () => {
    const { store } = await logOfFive();
    tamper(
      store,
      `UPDATE audit_log SET id = 100 WHERE id = 2;
       UPDATE audit_log SET id = 2 WHERE id = 3;
       UPDATE audit_log SET id = 3 WHERE id = 100;`,
    );
    expect(await verifyAuditLog(store, { key })).toMatchObject({
      ok: false,
      entryId: 2,
      problem: expect.stringMatching(/removed or reordered/),
    });
    await store.close();
  });

  it('detects a middle entry deleted', async () => {
    const { store } = await logOfFive();
    tamper(store, 'DELETE FROM audit_log WHERE id = 3');
    expect(await verifyAuditLog(store, { key })).toMatchObject({
      ok: false,
      entryId: 4,
      problem: expect.stringMatching(/removed or reordered/),
    });
    await store.close();
  });

  it('detects a middle entry deleted and the next one re-pointed at its predecessor', async () => {
    const { store } = await logOfFive();
    tamper(
      store,
      `DELETE FROM audit_log WHERE id = 3;
       UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log WHERE id = 2) WHERE id = 4;`,
    );
    expect(await verifyAuditLog(store, { key })).toMatchObject({ ok: false, entryId: 4 });
    await store.close();
  });
});

describe('audit log anchor', () => {
  it('detects the newest entries deleted and says how many are missing', async () => {
    const { store } = await logOfFive();
    tamper(store, 'DELETE FROM audit_log WHERE id > 3');
    expect(await verifyAuditLog(store, { key })).toMatchObject({
      ok: false,
      count: 3,
      missing: 2,
      problem: expect.stringMatching(/truncated: 2 entries are missing/),
    });
    // The next append does not hide the gap.
    await appendAudit(store, { actor: 'cli', action: 'later', target: 't' });
    expect(await verifyAuditLog(store, { key })).toMatchObject({ ok: false, missing: 2 });
    await store.close();
  });

  it('detects an anchor rewritten to match a truncated log, unless the MAC cannot be checked', async () => {
    const { store } = await logOfFive();
    tamper(
      store,
      `DELETE FROM audit_log WHERE id > 3;
       UPDATE audit_anchor SET count = 3, head_hash = (SELECT hash FROM audit_log WHERE id = 3);`,
    );
    expect(await verifyAuditLog(store, { key })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/MAC does not match/),
    });
    // A later append keeps the forged anchor's bad MAC rather than signing over it.
    await appendAudit(store, { actor: 'cli', action: 'later', target: 't' });
    expect(await verifyAuditLog(store, { key })).toMatchObject({ ok: false });
    // Without the key the verdict passes only with a warning that says so.
    expect(await verifyAuditLog(store, { key: undefined })).toMatchObject({
      ok: true,
      warning: expect.stringMatching(/ATTEST_SECRET is not set/),
    });
    await store.close();
  });

  it('detects a deleted anchor row and an unsigned anchor', async () => {
    const { store } = await logOfFive();
    tamper(store, "UPDATE audit_anchor SET mac = ''");
    expect(await verifyAuditLog(store, { key })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/unsigned/),
    });
    tamper(store, 'DELETE FROM audit_anchor');
    expect(await verifyAuditLog(store, { key })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/no anchor/),
    });
    await store.close();
  });

  it('records the audit head in each publication and notices when it leaves the chain', async () => {
    vi.stubEnv('ATTEST_SECRET', '');
    const { store } = await logOfFive();
    const id = await store.publications.save(
      createSnapshotFixture({ contentHash: 'c'.repeat(64) }),
      { builtAt: '2026-11-23T11:00:00.000Z' },
    );
    expect(await store.publications.auditHeads()).toEqual([
      { publicationId: id, count: 5, head: (await store.audit.page(4, 1))[0]?.hash },
    ]);
    // Without a key an attacker can rewrite the anchor; the publication still remembers.
    tamper(
      store,
      `DELETE FROM audit_log WHERE id > 3;
       UPDATE audit_anchor SET count = 3, head_hash = (SELECT hash FROM audit_log WHERE id = 3);`,
    );
    expect(await verifyAuditLog(store, { key: undefined })).toMatchObject({
      ok: false,
      missing: 2,
      problem: expect.stringMatching(/publication #1 recorded 5 entries/),
    });
    await store.close();
  });
});
