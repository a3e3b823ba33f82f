import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.ts';
import type { Store } from '../../store/store.ts';
import { createSession, readSession } from './sessions.ts';
import { createUser } from './users.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-sessions-'));
let store: Store;
beforeAll(async () => {
  store = await openStore(join(scratch, 'sessions.db'));
});
afterAll(async () => {
  await store.close();
  rmSync(scratch, { recursive: true, force: true });
});

const minutes = (start: Date, count: number) => new Date(start.getTime() + count * 60_000);

describe('sessions', () => {
  it('end 12 hours after sign-in even when used every few minutes', async () => {
    const start = new Date('2026-11-23T08:00:00Z');
    const { user } = await createUser(store, {
      email: 'busy@acme.example',
      role: 'viewer',
      now: start,
    });
    const { token } = await createSession(store, {
      userId: user.id,
      verified: true,
      ip: null,
      userAgent: null,
      now: start,
    });
    for (let minute = 20; minute < 12 * 60; minute += 20) {
      expect(
        await readSession(store, token, minutes(start, minute)),
        `minute ${minute}`,
      ).toBeDefined();
    }
    expect(await readSession(store, token, minutes(start, 12 * 60 + 1))).toBeUndefined();
    expect(await store.sessions.ofUser(user.id)).toEqual([]);
  });

  it('end at once when the user is disabled, and never accept an unknown token', async () => {
    const now = new Date('2026-11-23T08:00:00Z');
    const { user } = await createUser(store, { email: 'leaver@acme.example', role: 'sales', now });
    const { token } = await createSession(store, {
      userId: user.id,
      verified: true,
      ip: null,
      userAgent: null,
      now,
    });
    expect((await readSession(store, token, now))?.user.email).toBe('leaver@acme.example');
    await store.users.disable(user.id, now.toISOString());
    expect(await readSession(store, token, now)).toBeUndefined();
    expect(await readSession(store, 'not-a-token', now)).toBeUndefined();
  });
});
