import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath } from './database-path.ts';
import { openStore } from './open-store.ts';
import { describeStore } from './test-support/store-suite.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-sqlite-store-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let files = 0;

describeStore('SQLite (file)', () => openStore(join(scratch, `store-${++files}.db`)));
describeStore('SQLite (in memory)', () => openStore(':memory:'));

describe('the SQLite store on disk', () => {
  it('keeps what it stored across a reopen, and two stores on one file see each other', async () => {
    const path = databasePath(join(scratch, 'organisation'));
    expect(path).toBe(join(scratch, 'organisation', 'data', 'attest.db'));
    const one = await openStore(path);
    const two = await openStore(path);
    try {
      await one.transaction(async (tx) => {
        await tx.mailQueue.enqueue({ to: 'a@b.example', subject: 'one', text: '' }, '2026-01-01');
      });
      await two.mailQueue.enqueue({ to: 'a@b.example', subject: 'two', text: '' }, '2026-01-01');
      expect((await one.mailQueue.list()).map((mail) => mail.subject)).toEqual(['one', 'two']);
    } finally {
      await one.close();
      await two.close();
    }
    const again = await openStore(path);
    expect(await again.mailQueue.list()).toHaveLength(2);
    await again.close();
  });
});
