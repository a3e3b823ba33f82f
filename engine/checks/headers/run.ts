import type { IncomingHttpHeaders } from 'node:http';
import { followRedirects, headerValues } from '../http-client.ts';
import { parseHttpTarget, redactUrl } from '../target-url.ts';
import type { CheckModule } from '../types.ts';
import {
  type CspPolicy,
  parseContentSecurityPolicy,
  restrictsFraming,
  scriptProblems,
} from './content-security-policy.ts';

type HeadersExpect = Parameters<CheckModule<'headers'>['run']>[0]['expect'];
type Item = keyof HeadersExpect;

/** The outcome of one profile item: what was seen, and problems (none when it holds). */
interface ItemResult {
  observed: unknown;
  problems: string[];
}

const profile: readonly Item[] = [
  'csp',
  'contentTypeOptions',
  'frameAncestors',
  'referrerPolicy',
  'cookies',
];

const hints: Record<Item, string> = {
  csp: "send a Content-Security-Policy whose script-src uses nonces or hashes instead of 'unsafe-inline', without 'unsafe-eval'",
  contentTypeOptions: 'send X-Content-Type-Options: nosniff',
  frameAncestors: "send Content-Security-Policy: frame-ancestors 'none' (or X-Frame-Options: DENY)",
  referrerPolicy: 'send Referrer-Policy: strict-origin-when-cross-origin',
  cookies: 'set Secure; HttpOnly; SameSite=Lax (or Strict) on every cookie',
};

const referrerPolicies = new Set([
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
]);
const leakyReferrerPolicies = new Set(['unsafe-url', 'no-referrer-when-downgrade']);

function joined(headers: IncomingHttpHeaders, name: string): string | null {
  const values = headerValues(headers, name);
  return values.length ? values.join(', ') : null;
}

function checkCsp(headers: IncomingHttpHeaders, policies: readonly CspPolicy[]): ItemResult {
  const observed = joined(headers, 'content-security-policy');
  if (!policies.length) {
    const reportOnly = headerValues(headers, 'content-security-policy-report-only').length > 0;
    return {
      observed,
      problems: [
        reportOnly
          ? 'only Content-Security-Policy-Report-Only is sent, which enforces nothing'
          : 'Content-Security-Policy is missing',
      ],
    };
  }
  return { observed, problems: scriptProblems(policies) };
}

function checkContentTypeOptions(headers: IncomingHttpHeaders): ItemResult {
  const observed = joined(headers, 'x-content-type-options');
  if (observed === null) return { observed, problems: ['X-Content-Type-Options is missing'] };
  const ok = observed.split(',')[0]?.trim().toLowerCase() === 'nosniff';
  return { observed, problems: ok ? [] : [`X-Content-Type-Options is "${observed}", not nosniff`] };
}

function checkFraming(headers: IncomingHttpHeaders, policies: readonly CspPolicy[]): ItemResult {
  const frameOptions = joined(headers, 'x-frame-options');
  const frameAncestors = policies
    .find((policy) => policy.has('frame-ancestors'))
    ?.get('frame-ancestors');
  const observed = {
    frameAncestors: frameAncestors ? frameAncestors.join(' ') || "'none'" : null,
    xFrameOptions: frameOptions,
  };
  const values = frameOptions?.split(',').map((value) => value.trim().toLowerCase()) ?? [];
  const xfoProtects =
    values.length > 0 && values.every((value) => value === 'deny' || value === 'sameorigin');
  if (restrictsFraming(policies) || xfoProtects) return { observed, problems: [] };
  return {
    observed,
    problems: [
      frameAncestors || frameOptions
        ? 'framing is not restricted (frame-ancestors allows any site and X-Frame-Options is not DENY or SAMEORIGIN)'
        : 'no framing protection (neither CSP frame-ancestors nor X-Frame-Options)',
    ],
  };
}

function checkReferrerPolicy(
  headers: IncomingHttpHeaders,
  allowed: boolean | string[],
): ItemResult {
  const observed = joined(headers, 'referrer-policy');
  if (observed === null) return { observed, problems: ['Referrer-Policy is missing'] };
  // Browsers use the last policy they recognise.
  const tokens = observed.split(',').map((token) => token.trim().toLowerCase());
  const effective = tokens.filter((token) => referrerPolicies.has(token)).at(-1);
  if (!effective)
    return { observed, problems: [`Referrer-Policy "${observed}" names no known policy`] };
  if (Array.isArray(allowed)) {
    const ok = allowed.some((policy) => policy.toLowerCase() === effective);
    return {
      observed,
      problems: ok ? [] : [`Referrer-Policy is ${effective}, not one of ${allowed.join(', ')}`],
    };
  }
  return {
    observed,
    problems: leakyReferrerPolicies.has(effective)
      ? [`Referrer-Policy ${effective} leaks full URLs`]
      : [],
  };
}

function checkCookies(headers: IncomingHttpHeaders): ItemResult {
  const observed: Record<string, string[]> = {};
  const problems: string[] = [];
  for (const cookie of headerValues(headers, 'set-cookie')) {
    const [pair = '', ...parts] = cookie.split(';');
    const name = pair.split('=')[0]?.trim() || '(unnamed)';
    const attributes = new Map(
      parts.map((part) => {
        const [key = '', ...value] = part.split('=');
        return [key.trim().toLowerCase(), value.join('=').trim()] as const;
      }),
    );
    const sameSite = attributes.get('samesite');
    // Attribute flags only: a cookie's value may be a session secret.
    observed[name] = [
      ...(attributes.has('secure') ? ['Secure'] : []),
      ...(attributes.has('httponly') ? ['HttpOnly'] : []),
      ...(sameSite !== undefined ? [`SameSite=${sameSite}`] : []),
    ];
    const missing = [
      ...(attributes.has('secure') ? [] : ['Secure']),
      ...(attributes.has('httponly') ? [] : ['HttpOnly']),
      ...(sameSite === undefined ? ['SameSite'] : []),
    ];
    if (missing.length) problems.push(`cookie ${name} lacks ${missing.join(', ')}`);
    if (sameSite !== undefined && !['lax', 'strict'].includes(sameSite.toLowerCase())) {
      problems.push(`cookie ${name} has SameSite=${sameSite || '(empty)'} (Lax or Strict needed)`);
    }
  }
  return { observed, problems };
}

type Checker = (
  headers: IncomingHttpHeaders,
  policies: readonly CspPolicy[],
  expectations: HeadersExpect,
) => ItemResult;

const checkers: Record<Item, Checker> = {
  csp: (headers, policies) => checkCsp(headers, policies),
  contentTypeOptions: (headers) => checkContentTypeOptions(headers),
  frameAncestors: (headers, policies) => checkFraming(headers, policies),
  referrerPolicy: (headers, _policies, expectations) =>
    checkReferrerPolicy(headers, expectations.referrerPolicy ?? true),
  cookies: (headers) => checkCookies(headers),
};

/**
 * `headers`: follows redirects and checks the final response against the security-header
 * profile: `csp` (enforced policy whose script-src — or default-src — allows neither
 * 'unsafe-inline' without a nonce/hash nor 'unsafe-eval'), `contentTypeOptions` (nosniff),
 * `frameAncestors` (CSP frame-ancestors or X-Frame-Options DENY/SAMEORIGIN),
 * `referrerPolicy` (present and not leaking, or one of a list), `cookies` (every Set-Cookie
 * Secure, HttpOnly, SameSite Lax/Strict). With no item given the whole profile applies;
 * with only `false` items nothing does, and the check is skipped.
 */
export const headersCheck: CheckModule<'headers'> = {
  type: 'headers',
  async run(check, context) {
    const url = parseHttpTarget(context.target);
    const expectations = check.expect;
    const noneGiven = profile.every((item) => expectations[item] === undefined);
    const selected = profile.filter((item) => (noneGiven ? true : Boolean(expectations[item])));
    const expected = noneGiven
      ? Object.fromEntries(profile.map((item) => [item, true]))
      : expectations;
    if (!selected.length) {
      return {
        status: 'skipped',
        observed: null,
        expected,
        message: 'every item of the header profile is switched off',
      };
    }
    const { final } = await followRedirects(url, context, { discardBody: true });
    const policies = parseContentSecurityPolicy(
      headerValues(final.headers, 'content-security-policy'),
    );
    const results = new Map(
      selected.map(
        (item) => [item, checkers[item](final.headers, policies, expectations)] as const,
      ),
    );
    const failed = selected.filter((item) => results.get(item)?.problems.length);
    const observed = {
      url: redactUrl(final.url),
      status: final.status,
      ...Object.fromEntries(selected.map((item) => [item, results.get(item)?.observed])),
    };
    if (!failed.length) {
      return {
        status: 'pass',
        observed,
        expected,
        message: `${redactUrl(final.url)} meets the header profile (${selected.join(', ')})`,
      };
    }
    return {
      status: 'fail',
      observed,
      expected,
      message: failed.flatMap((item) => results.get(item)?.problems ?? []).join('; '),
      hint: failed.map((item) => hints[item]).join('; '),
    };
  },
};
