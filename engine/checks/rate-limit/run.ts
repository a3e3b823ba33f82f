import { headerValues, sendRequest } from '../http-client.ts';
import { CheckError, type CheckModule } from '../types.ts';

/** Counts of each status code seen, e.g. `{ "200": 19 }`. */
function tally(statuses: readonly number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/**
 * `rate-limit`: an active probe. Sends up to `expect.within` requests one after another and
 * passes as soon as the throttling status (default 429) arrives. Runs only where the policy
 * sets `allowActiveProbes: true`; otherwise it is `skipped`.
 */
export const rateLimitCheck: CheckModule<'rate-limit'> = {
  type: 'rate-limit',
  async run(check, context) {
    const within = check.expect.within;
    const throttle = check.expect.status ?? 429;
    const method = check.method ?? 'GET';
    const expected = { status: throttle, within, method };
    if (!context.policy.allowActiveProbes) {
      return {
        status: 'skipped',
        observed: null,
        expected,
        message: 'active probes are disabled: set allowActiveProbes: true in policies/policy.yaml',
      };
    }
    let url: URL;
    try {
      url = new URL(context.target);
    } catch (error) {
      throw new CheckError(`"${context.target}" is not a URL`, { cause: error });
    }
    const statuses: number[] = [];
    while (statuses.length < within) {
      const response = await sendRequest(url, context, { method, discardBody: true }).catch(
        (error: unknown) => {
          if (!(error instanceof CheckError) || statuses.length === 0) throw error;
          throw new CheckError(`${error.message} (after ${statuses.length} requests)`, {
            hint: `answer throttled requests with ${throttle} rather than dropping them; raise the timeout if the server is slow`,
            observed: { requests: statuses.length, statuses: tally(statuses) },
            cause: error,
          });
        },
      );
      statuses.push(response.status);
      if (response.status === throttle) {
        const retryAfter = headerValues(response.headers, 'retry-after')[0];
        const observed = {
          requests: statuses.length,
          status: throttle,
          retryAfter: retryAfter ?? null,
        };
        const after = retryAfter === undefined ? '' : ` (Retry-After: ${retryAfter})`;
        return {
          status: 'pass',
          observed,
          expected,
          message: `throttled with ${throttle} after ${statuses.length} of at most ${within} requests${after}`,
        };
      }
    }
    return {
      status: 'fail',
      observed: { requests: statuses.length, statuses: tally(statuses) },
      expected,
      message: `no ${throttle} within ${within} ${method} requests`,
      hint: `rate-limit ${url.pathname} (e.g. per client IP) so that a burst of ${within} requests is throttled`,
    };
  },
};
