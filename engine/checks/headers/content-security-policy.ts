/** One enforced policy: lower-case directive name → its sources, lower-cased. */
export type CspPolicy = ReadonlyMap<string, readonly string[]>;

/**
 * Parses Content-Security-Policy header values. Each value may hold several policies
 * separated by commas (that is also how Node joins repeated headers); all are enforced. A
 * repeated directive within a policy is ignored, as browsers do.
 */
export function parseContentSecurityPolicy(values: readonly string[]): CspPolicy[] {
  return values
    .flatMap((value) => value.split(','))
    .map((text) => {
      const policy = new Map<string, string[]>();
      for (const directive of text.split(';')) {
        const [name, ...sources] = directive.trim().toLowerCase().split(/\s+/);
        if (name && !policy.has(name)) policy.set(name, sources);
      }
      return policy;
    })
    .filter((policy) => policy.size > 0);
}

interface ScriptRules {
  /** `script-src`, else `default-src`; undefined when the policy does not govern scripts. */
  directive: 'script-src' | 'default-src' | undefined;
  allowsInline: boolean;
  allowsEval: boolean;
}

function scriptRules(policy: CspPolicy): ScriptRules {
  const directive = policy.has('script-src')
    ? 'script-src'
    : policy.has('default-src')
      ? 'default-src'
      : undefined;
  if (!directive) return { directive, allowsInline: true, allowsEval: true };
  const sources = policy.get(directive) ?? [];
  // A nonce or hash makes browsers ignore 'unsafe-inline' (it is kept only for old browsers).
  const nonceOrHash = sources.some((source) => /^'(nonce-|sha(256|384|512)-)/.test(source));
  return {
    directive,
    allowsInline: sources.includes("'unsafe-inline'") && !nonceOrHash,
    allowsEval: sources.includes("'unsafe-eval'"),
  };
}

/**
 * What is wrong with the script rules of a set of enforced policies. A script runs only
 * if every policy allows it, so inline scripts (or eval) are allowed only when every
 * policy allows them.
 */
export function scriptProblems(policies: readonly CspPolicy[]): string[] {
  const rules = policies.map(scriptRules);
  if (rules.every((rule) => !rule.directive)) {
    return ['Content-Security-Policy does not restrict scripts (no script-src or default-src)'];
  }
  const problems: string[] = [];
  const inline = rules.every((rule) => rule.allowsInline);
  const evaluation = rules.every((rule) => rule.allowsEval);
  const named = rules.find((rule) => rule.directive)?.directive;
  if (inline) problems.push(`CSP ${named} allows 'unsafe-inline' without a nonce or hash`);
  if (evaluation) problems.push(`CSP ${named} allows 'unsafe-eval'`);
  return problems;
}

/** Whether some policy limits who may frame the page (`frame-ancestors` without a wildcard). */
export function restrictsFraming(policies: readonly CspPolicy[]): boolean {
  return policies.some((policy) => {
    const sources = policy.get('frame-ancestors');
    return (
      sources !== undefined && !sources.some((source) => ['*', 'http:', 'https:'].includes(source))
    );
  });
}
