import { pathToFileURL } from 'node:url';

/**
 * The moment tests run at. Tests evaluate organisations at this pinned time, never at the
 * wall clock, so dated fixtures (attestations, expiries, announced changes) cannot turn a
 * test red on some later day. The few tests of freshness against the real clock build
 * their own dated inputs.
 */
export const testNow = new Date('2026-12-07T12:00:00.000Z');

const preload = pathToFileURL(new URL('./pinned-clock.mjs', import.meta.url).pathname).href;

/**
 * Environment for an attest process a test starts, so that it runs on the pinned clock
 * (`at`, default `testNow`) instead of the wall clock.
 */
export function pinnedClockEnv(at: Date = testNow): Record<string, string> {
  const inherited = process.env.NODE_OPTIONS ?? '';
  return {
    ATTEST_TEST_CLOCK: at.toISOString(),
    NODE_OPTIONS: `${inherited} --import=${preload}`.trim(),
  };
}
