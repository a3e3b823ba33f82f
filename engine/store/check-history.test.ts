import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../checks/result.ts';
import { organisationWith } from '../checks/test-support/organisation.ts';
import { passingResults } from '../checks/test-support/passing-results.ts';
import { evaluateOrganisation } from '../evaluate/evaluate.ts';
import type { Organisation } from '../load/model.ts';
import { latestCheckResults } from './check-history.ts';
import { openStore, type Store } from './open-store.ts';

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'attest-history-'));
  store = await openStore(join(dir, 'attest.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = new Date('2026-12-07T12:00:00.000Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

const tlsControl = (expect: string) =>
  organisationWith({
    encryption: {
      evidence: `- check: tls\n  target: https://app.acme.example\n  expect: ${expect}`,
    },
  });

/** Stores one run of `results`, as `attest check` does. */
async function storeRun(results: CheckResult[]): Promise<void> {
  await store.checkHistory.saveRun({
    organisation: 'Acme',
    startedAt: results[0]?.at ?? now.toISOString(),
    finishedAt: results[0]?.at ?? now.toISOString(),
    gitCommit: undefined,
    results,
  });
}

async function statusOf(model: Organisation): Promise<string | undefined> {
  const results = await latestCheckResults(store, model, now);
  const snapshot = evaluateOrganisation(model, results, { now, publishedAt: now.toISOString() });
  return snapshot.controls[0]?.status;
}

describe('stored results count only for what they proved', () => {
  it('a pass of a weaker expectation does not verify a stronger one', async () => {
    const weak = tlsControl('{ minVersion: TLSv1.2 }');
    await storeRun(passingResults(weak, hoursAgo(1)));
    expect(await statusOf(weak)).toBe('verified');

    const strong = tlsControl('{ minVersion: TLSv1.3 }');
    expect(await latestCheckResults(store, strong, now)).toEqual([]);
    expect(await statusOf(strong)).toBe('unverified');
    // Changing it back finds the old proof again: it was run against that definition.
    expect(await statusOf(weak)).toBe('verified');
  });

  it('a result dated in the future neither hides a later real failure nor stays fresh', async () => {
    const model = tlsControl('{ minVersion: TLSv1.2 }');
    const skewed = new Date(now.getTime() + 200 * 86_400_000);
    await storeRun(passingResults(model, skewed));
    expect(await statusOf(model)).toBe('unverified');

    const failing = passingResults(model, hoursAgo(1)).map((result) => ({
      ...result,
      status: 'fail' as const,
      message: 'TLSv1.0 accepted',
    }));
    await storeRun(failing);
    expect(await statusOf(model)).toBe('failing');
  });

  it('the newest run wins by the order it was stored in, not by its own timestamp', async () => {
    const model = tlsControl('{ minVersion: TLSv1.2 }');
    await storeRun(passingResults(model, hoursAgo(1)));
    const olderClock = passingResults(model, hoursAgo(3)).map((result) => ({
      ...result,
      status: 'fail' as const,
    }));
    await storeRun(olderClock);
    expect(await statusOf(model)).toBe('failing');
  });

  it('a result gathered through --resolve never verifies the public claim', async () => {
    const model = tlsControl('{ minVersion: TLSv1.2 }');
    await storeRun(
      passingResults(model, hoursAgo(1)).map((result) => ({
        ...result,
        override: '--resolve app.acme.example:127.0.0.1',
      })),
    );
    expect(await statusOf(model)).toBe('unverified');
    await storeRun(passingResults(model, hoursAgo(0.5)));
    expect(await statusOf(model)).toBe('verified');
  });
});
