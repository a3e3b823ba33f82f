import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.ts';
import { sessions, users } from '../../store/schema.ts';
import { createSession, readSession } from './sessions.ts';
import { createUser } from './users.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-sessions-'));
const store = openStore(join(scratch, 'sessions.db'));
afterAll(() => {
  store.close();
  rmSync(scratch, { recursive: true, force: true });
});

const minutes = (start: Date, count: number) => new Date(start.getTime() + count * 60_000);

describe('sessions', () => {
  it('end 12 hours after sign-in even when used every few minutes', () => {
    const start = new Date('2026-11-23T08:00:00Z');
    const { user } = createUser(store, { email: 'busy@acme.example', role: 'viewer', now: start });
    const { token } = createSession(store, {
      userId: user.id,
      verified: true,
      ip: null,
      userAgent: null,
      now: start,
    });
    for (let minute = 20; minute < 12 * 60; minute += 20) {
      expect(readSession(store, token, minutes(start, minute)), `minute ${minute}`).toBeDefined();
    }
    expect(readSession(store, token, minutes(start, 12 * 60 + 1))).toBeUndefined();
    expect(store.db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toEqual([]);
  });

  it('end at once when the user is disabled, and never accept an unknown token', () => {
    const now = new Date('2026-11-23T08:00:00Z');
    const { user } = createUser(store, { email: 'leaver@acme.example', role: 'sales', now });
    const { token } = createSession(store, {
      userId: user.id,
      verified: true,
      ip: null,
      userAgent: null,
      now,
    });
    expect(readSession(store, token, now)?.user.email).toBe('leaver@acme.example');
    store.db
      .update(users)
      .set({ disabledAt: now.toISOString() })
      .where(eq(users.id, user.id))
      .run();
    expect(readSession(store, token, now)).toBeUndefined();
    expect(readSession(store, 'not-a-token', now)).toBeUndefined();
  });
});
