import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from './open-store.ts';
import { useEmbeddedPostgres } from './test-support/embedded-postgres.ts';
import { describeStore } from './test-support/store-suite.ts';

const postgres = useEmbeddedPostgres();

describeStore('PostgreSQL', async () => openStore(await postgres.createDatabase()));

describe('the PostgreSQL store', () => {
  it('migrates once when two processes open the same empty database at the same moment', async () => {
    const url = await postgres.createDatabase();
    const [one, two, three] = await Promise.all([openStore(url), openStore(url), openStore(url)]);
    try {
      await one.mailQueue.enqueue({ to: 'a@b.example', subject: 'one', text: '' }, '2026-01-01');
      await two.mailQueue.enqueue({ to: 'a@b.example', subject: 'two', text: '' }, '2026-01-01');
      expect((await three.mailQueue.list()).map((mail) => mail.subject)).toEqual(['one', 'two']);
    } finally {
      await Promise.all([one.close(), two.close(), three.close()]);
    }
  });

  it('gives two servers on one database disjoint mail to send', async () => {
    const url = await postgres.createDatabase();
    const [one, two] = await Promise.all([openStore(url), openStore(url)]);
    try {
      const at = '2026-01-01T00:00:00.000Z';
      for (let n = 0; n < 40; n++)
        await one.mailQueue.enqueue({ to: 'a@b.example', subject: `m${n}`, text: '' }, at);
      const later = '2026-01-01T00:01:00.000Z';
      const lease = '2026-01-01T00:11:00.000Z';
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, n) =>
          (n % 2 ? one : two).mailQueue.claimDue(later, 5, lease),
        ),
      );
      const ids = claims.flat().map((row) => row.id);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('runs transactions on different keys side by side, one per key, and none beside an unkeyed one', async () => {
    const url = await postgres.createDatabase();
    const [one, two] = await Promise.all([openStore(url), openStore(url)]);
    const at = '2026-01-01T00:00:00.000Z';
    try {
      const order: string[] = [];
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const first = one.transaction(
        async (tx) => {
          order.push('a starts');
          await tx.mailQueue.enqueue({ to: 'a@b.example', subject: 'a', text: '' }, at);
          await held;
          order.push('a ends');
        },
        { keys: ['subscriber:a'] },
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Another key, on another server: it commits while the first is still open.
      await two.transaction(
        async (tx) => {
          await tx.mailQueue.enqueue({ to: 'b@b.example', subject: 'b', text: '' }, at);
          order.push('b done');
        },
        { keys: ['subscriber:b'] },
      );
      // The same key, and an unkeyed transaction, both wait for the first.
      const same = two.transaction(async () => void order.push('same key'), {
        keys: ['subscriber:a'],
      });
      const whole = two.transaction(async () => void order.push('unkeyed'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await Promise.all([first, same, whole]);
      expect(order.slice(0, 3)).toEqual(['a starts', 'b done', 'a ends']);
      expect(order.slice(3).sort()).toEqual(['same key', 'unkeyed']);
      // A keyed transaction cannot open one that would need the whole database.
      await expect(
        one.transaction(async (tx) => tx.transaction(async () => 1), { keys: ['k'] }),
      ).rejects.toThrow('must name its keys too');
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('refuses to change, delete or truncate audit log entries', async () => {
    const url = await postgres.createDatabase();
    const store = await openStore(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await store.audit.insert({
        at: '2026-01-01T00:00:00.000Z',
        actor: 'ada@acme.example',
        action: 'user.create',
        target: 'user:1',
        ip: null,
        userAgent: null,
        prevHash: '0'.repeat(64),
        hash: 'a'.repeat(64),
      });
      for (const tamper of [
        "UPDATE audit_log SET actor = 'eve'",
        'DELETE FROM audit_log',
        'TRUNCATE audit_log',
      ]) {
        await expect(client.query(tamper), tamper).rejects.toThrow('the audit log is append-only');
      }
      expect(await store.audit.count()).toBe(1);
    } finally {
      await client.end();
      await store.close();
    }
  });

  it('says which database it could not open, without the password', async () => {
    await expect(openStore('postgres://attest:s3cret@127.0.0.1:1/nowhere')).rejects.toThrow(
      'could not prepare the PostgreSQL database at postgres://attest:***@127.0.0.1:1/nowhere',
    );
  });
});
