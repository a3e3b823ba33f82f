import type { CheckResult } from '../result.ts';
import type { CheckStatus } from '../types.ts';

/**
 * A stored result of a `tls` check on `https://app.example.com` (evidence item `index` of
 * `controlId`), as the evaluation tests declare it: `definition: 'as declared'` matches
 * the `organisationWith` controls' checks.
 */
export function tlsResult(
  controlId: string,
  index: number,
  status: CheckStatus,
  at = '2026-11-23T10:00:00.000Z',
  extra: Partial<CheckResult> = {},
): CheckResult {
  return {
    status,
    observed: 'TLSv1.2',
    expected: { minVersion: 'TLSv1.2' },
    message:
      status === 'pass' ? 'TLSv1.2 minimum, 83 days to certificate expiry' : `it ${status}ed`,
    controlId,
    visibility: 'public',
    evidenceIndex: index,
    evidenceId: undefined,
    check: 'tls',
    target: 'https://app.example.com',
    description: undefined,
    durationMs: 12,
    at,
    attempts: 1,
    waiver: undefined,
    definition: 'as declared',
    override: undefined,
    ...extra,
  };
}
