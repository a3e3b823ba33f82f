import { headerValues, sendRequest } from '../http-client.ts';
import { parseHttpTarget, redactUrl } from '../target-url.ts';
import { CheckError, type CheckModule } from '../types.ts';

/** The directives of one Strict-Transport-Security header (RFC 6797 §6.1). */
interface HstsPolicy {
  maxAge: number | undefined;
  includeSubDomains: boolean;
  preload: boolean;
  /** Why browsers would ignore the header, if they would. */
  invalid: string | undefined;
}

/**
 * Splits a header value that Node joined from several Strict-Transport-Security headers
 * (with ", ") back into one value per header; a comma can only appear inside quotes.
 */
function splitHeaders(joined: string): string[] {
  return (joined.match(/(?:[^,"]|"[^"]*")+/g) ?? []).map((part) => part.trim()).filter(Boolean);
}

/** Parses one Strict-Transport-Security value; directive names are case-insensitive. */
function parseHsts(value: string): HstsPolicy {
  const policy: HstsPolicy = {
    maxAge: undefined,
    includeSubDomains: false,
    preload: false,
    invalid: undefined,
  };
  const seen = new Set<string>();
  for (const directive of value.split(';')) {
    const [rawName = '', ...rest] = directive.split('=');
    const name = rawName.trim().toLowerCase();
    if (!name) continue;
    if (seen.has(name)) policy.invalid ??= `directive ${name} appears twice`;
    seen.add(name);
    const argument = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name === 'max-age') {
      if (/^\d+$/.test(argument)) policy.maxAge = Number(argument);
      else policy.invalid ??= `max-age "${argument}" is not a number of seconds`;
    } else if (name === 'includesubdomains') policy.includeSubDomains = true;
    else if (name === 'preload') policy.preload = true;
  }
  if (policy.maxAge === undefined) policy.invalid ??= 'max-age is missing';
  return policy;
}

/**
 * `hsts`: reads Strict-Transport-Security from the response of the https URL itself (a
 * redirect's header counts, as it does in browsers) and checks max-age (default:
 * `policy.hstsMinMaxAge`), includeSubDomains and preload. No header fails; with several,
 * browsers use the first, and so does this check (saying so). An http:// target is an
 * error: browsers ignore the header there.
 */
export const hstsCheck: CheckModule<'hsts'> = {
  type: 'hsts',
  async run(check, context) {
    const url = parseHttpTarget(context.target);
    if (url.protocol !== 'https:') {
      throw new CheckError(
        'HSTS cannot be checked on an http:// URL: browsers ignore the header there',
        {
          hint: 'point the hsts check at the https:// URL',
        },
      );
    }
    const minMaxAge = check.expect.minMaxAge ?? context.policy.hstsMinMaxAge;
    const expected = { ...check.expect, minMaxAge };
    const response = await sendRequest(url, context, { discardBody: true });
    const headers = headerValues(response.headers, 'strict-transport-security').flatMap(
      splitHeaders,
    );
    const where = redactUrl(url);
    const [first] = headers;
    if (first === undefined) {
      return {
        status: 'fail',
        observed: { status: response.status, header: null },
        expected,
        message: `${where} sends no Strict-Transport-Security header`,
        hint: `send Strict-Transport-Security: max-age=${minMaxAge}; includeSubDomains on every https response`,
      };
    }
    const policy = parseHsts(first);
    const problems: string[] = [];
    if (policy.invalid)
      problems.push(`the header is invalid (${policy.invalid}), so browsers ignore it`);
    else if ((policy.maxAge ?? 0) < minMaxAge) {
      problems.push(`max-age ${policy.maxAge} is below ${minMaxAge}`);
    }
    if (check.expect.includeSubDomains && !policy.includeSubDomains)
      problems.push('includeSubDomains is missing');
    if (check.expect.preload && !policy.preload) problems.push('preload is missing');

    const observed = {
      status: response.status,
      header: first,
      maxAge: policy.maxAge ?? null,
      includeSubDomains: policy.includeSubDomains,
      preload: policy.preload,
      ...(headers.length > 1 ? { headerCount: headers.length } : {}),
    };
    const several =
      headers.length > 1 ? ` (${headers.length} headers sent; browsers use the first)` : '';
    if (problems.length) {
      return {
        status: 'fail',
        observed,
        expected,
        message: `${where}: ${problems.join('; ')}${several}`,
        hint: `send one header: Strict-Transport-Security: max-age=${Math.max(minMaxAge, 31_536_000)}; includeSubDomains${check.expect.preload ? '; preload' : ''}`,
      };
    }
    return {
      status: 'pass',
      observed,
      expected,
      message: `${where} sends HSTS "${first}" (max-age ≥ ${minMaxAge})${several}`,
    };
  },
};
