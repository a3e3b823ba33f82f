import { policy } from '../../schema/index.ts';
import { createLookup } from '../net.ts';
import type { CheckContext, ResolvedAddress } from '../types.ts';

/** A CheckContext for tests: real lookup (with overrides), a real timeout, default policy. */
export function testContext(
  target: string,
  overrides: Partial<Omit<CheckContext, 'target'>> & {
    resolve?: Map<string, ResolvedAddress>;
  } = {},
): CheckContext {
  const timeoutMs = overrides.timeoutMs ?? 5_000;
  const resolve = overrides.resolve ?? new Map<string, ResolvedAddress>();
  return {
    target,
    signal: overrides.signal ?? AbortSignal.timeout(timeoutMs),
    timeoutMs,
    resolve,
    lookup: overrides.lookup ?? createLookup(resolve),
    extraCa: overrides.extraCa ?? [],
    dnsServers: overrides.dnsServers ?? [],
    orgDir: overrides.orgDir ?? process.cwd(),
    policy: overrides.policy ?? policy.parse({}),
    now: overrides.now ?? new Date(),
  };
}
