import { plural } from '../../source/plural.ts';
import {
  followRedirects,
  type HttpResponse,
  headerValues,
  type RedirectHop,
  sendRequest,
} from '../http-client.ts';
import { parseHttpTarget, redactUrl } from '../target-url.ts';
import { type CheckContext, CheckError, type CheckModule, type CheckOutcome } from '../types.ts';

type HttpExpect = Parameters<CheckModule<'http'>['run']>[0]['expect'];

function redactHops(hops: readonly RedirectHop[]): RedirectHop[] {
  return hops.map((hop) => ({ ...hop, url: redactUrl(hop.url) }));
}

/** The hops of a redirect loop, when `error` is the client giving up on one. */
function redirectLoop(error: unknown): RedirectHop[] | undefined {
  if (!(error instanceof CheckError)) return undefined;
  const hops = (error.observed as { hops?: RedirectHop[] } | undefined)?.hops;
  if (!Array.isArray(hops)) return undefined;
  const urls = hops.map((hop) => hop.url);
  return new Set(urls).size < urls.length ? hops : undefined;
}

/** The problem with the first hop for `redirectsTo: https`, if any: it must go to https on the same host. */
function firstHopProblem(start: URL, hop: RedirectHop): string | undefined {
  if (!hop.location)
    return `${redactUrl(start)} answered ${hop.status} instead of redirecting to https`;
  let next: URL;
  try {
    next = new URL(hop.location, start);
  } catch {
    return `${redactUrl(start)} redirects to an invalid Location "${hop.location}"`;
  }
  if (next.protocol !== 'https:')
    return `the first redirect goes to ${redactUrl(next)}, not to https`;
  if (next.hostname !== start.hostname) {
    return `the first redirect leaves the host: ${start.hostname} → ${next.hostname}`;
  }
  return undefined;
}

/** The first response, as a hop, without following it. */
async function firstHop(start: URL, context: CheckContext): Promise<RedirectHop> {
  const response = await sendRequest(start, context, { discardBody: true });
  const location =
    response.status >= 300 && response.status < 400 ? response.headers.location : undefined;
  return location
    ? { url: start.href, status: response.status, location }
    : { url: start.href, status: response.status };
}

/** Follows redirects from `from`; a redirect loop comes back as `{ loop }` rather than an error. */
async function followChain(from: URL, context: CheckContext) {
  try {
    return await followRedirects(from, context);
  } catch (error) {
    const loop = redirectLoop(error);
    if (loop) return { loop };
    throw error;
  }
}

function headerProblems(rules: NonNullable<HttpExpect['headers']>, final: HttpResponse) {
  const problems: string[] = [];
  const seen: Record<string, string | null> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const values = headerValues(final.headers, name);
    seen[name] = values.length ? values.join(', ') : null;
    if (rule === 'present' && !values.length) problems.push(`header ${name} is missing`);
    else if (rule === 'absent' && values.length) problems.push(`header ${name} is present`);
    else if (rule !== 'present' && rule !== 'absent') {
      const pattern = new RegExp(rule);
      if (!values.length) problems.push(`header ${name} is missing (wanted /${rule}/)`);
      else if (!values.some((value) => pattern.test(value))) {
        problems.push(`header ${name} is "${seen[name]}", not matching /${rule}/`);
      }
    }
  }
  return { problems, seen };
}

function statusProblem(expected: HttpExpect['status'], status: number, implicit: boolean) {
  if (expected === undefined) {
    return implicit && status >= 400
      ? `final status ${status} is an error (expected below 400)`
      : undefined;
  }
  const allowed = Array.isArray(expected) ? expected : [expected];
  return allowed.includes(status)
    ? undefined
    : `final status ${status}, expected ${allowed.join(' or ')}`;
}

function redirectPrefix(redirectsTo: string): string {
  try {
    return new URL(redirectsTo).href;
  } catch {
    throw new CheckError(`redirectsTo "${redirectsTo}" is neither \`https\` nor an absolute URL`, {
      hint: 'use `redirectsTo: https` or a URL prefix such as https://app.example.com/',
    });
  }
}

/**
 * `http`: requests a URL, following redirects hop by hop (every hop is reported), and checks
 * the final response's status (any status below 400 when neither `status` nor `redirectsTo`
 * is given), headers and body. `redirectsTo: https` needs an http:// target whose first
 * answer redirects to https on the same host; a URL prefix needs the final URL to start
 * with it. A redirect loop fails; an unreachable or silent server is an error.
 */
export const httpCheck: CheckModule<'http'> = {
  type: 'http',
  async run(check, context) {
    const start = parseHttpTarget(context.target);
    const { status, redirectsTo, headers, bodyContains } = check.expect;
    const expected = check.expect;
    if (redirectsTo === 'https' && start.protocol !== 'http:') {
      throw new CheckError('`redirectsTo: https` needs an http:// target to prove the upgrade', {
        hint: 'point the check at the http:// URL whose redirect should be proven',
      });
    }
    const prefix = redirectsTo && redirectsTo !== 'https' ? redirectPrefix(redirectsTo) : undefined;

    const hints: string[] = [];
    const fail = (observed: unknown, problems: string[]): CheckOutcome => {
      const outcome: CheckOutcome = {
        status: 'fail',
        observed,
        expected,
        message: problems.join('; '),
      };
      if (hints.length) outcome.hint = hints.join('; ');
      return outcome;
    };
    const upgradeHint =
      'answer every http:// request with a 301 or 308 to the same host over https://';

    // For `redirectsTo: https` the first answer decides; the rest of the chain is then followed.
    const leading: RedirectHop[] = [];
    let from = start;
    if (redirectsTo === 'https') {
      const hop = await firstHop(start, context);
      const problem = firstHopProblem(start, hop);
      if (problem) {
        hints.push(upgradeHint);
        return fail({ status: hop.status, hops: redactHops([hop]) }, [problem]);
      }
      leading.push(hop);
      from = new URL(hop.location ?? '', start);
    }
    const chain = await followChain(from, context);
    if ('loop' in chain) {
      const hops = redactHops([...leading, ...chain.loop]);
      hints.push('fix the redirect rules so the chain ends on a page');
      return fail({ hops }, [`redirect loop: ${hops.map((hop) => hop.url).join(' → ')}`]);
    }
    const hops = [...leading, ...chain.hops];
    const { final } = chain;
    const problems: string[] = [];

    const badStatus = statusProblem(status, final.status, redirectsTo === undefined);
    if (badStatus) {
      problems.push(badStatus);
      hints.push('check the URL and the server’s routing');
    }
    if (redirectsTo === 'https' && new URL(final.url).protocol !== 'https:') {
      problems.push(`the redirects end on ${redactUrl(final.url)}, not https`);
      hints.push(upgradeHint);
    } else if (prefix && !final.url.startsWith(prefix)) {
      problems.push(`ends on ${redactUrl(final.url)}, not under ${prefix}`);
      hints.push(`redirect to ${prefix}`);
    }
    const checkedHeaders = headers ? headerProblems(headers, final) : undefined;
    if (checkedHeaders?.problems.length) {
      problems.push(...checkedHeaders.problems);
      hints.push('set the expected headers in the server or proxy configuration');
    }
    const bodyFound = bodyContains === undefined ? undefined : final.body.includes(bodyContains);
    if (bodyFound === false) {
      const scope = final.truncated ? ' (in the first MiB)' : '';
      problems.push(`body does not contain "${bodyContains}"${scope}`);
    }

    const observed = {
      status: final.status,
      url: redactUrl(final.url),
      ...(hops.length > 1 || redirectsTo ? { hops: redactHops(hops) } : {}),
      ...(checkedHeaders ? { headers: checkedHeaders.seen } : {}),
      ...(bodyFound === undefined ? {} : { bodyContains: bodyFound }),
    };
    if (problems.length) return fail(observed, problems);
    const message =
      hops.length > 1
        ? `${redactUrl(start)} redirects to ${redactUrl(final.url)} (${plural(hops.length - 1, 'hop')}), which answers ${final.status}`
        : `${redactUrl(start)} answered ${final.status}`;
    return { status: 'pass', observed, expected, message };
  },
};
