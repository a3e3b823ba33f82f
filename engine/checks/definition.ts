import { createHash } from 'node:crypto';
import { canonicalJson } from '../schema/canonical-json.ts';
import type { CheckEvidence, Policy } from '../schema/index.ts';

/**
 * The identity of a check as declared: a hash of its type, target, expectation and every
 * option, plus the policy value a check falls back on (HSTS's minimum max-age). A stored
 * result counts only for the exact definition it ran against, so a stronger `expect` or a
 * new target needs a new run before its claim can be verified. The evidence id and
 * description are labels and do not change what is proven.
 */
export function checkDefinition(evidence: CheckEvidence, policy: Policy): string {
  const { id: _id, description: _description, ...definition } = evidence;
  const fallback =
    evidence.check === 'hsts' && evidence.expect.minMaxAge === undefined
      ? { hstsMinMaxAge: policy.hstsMinMaxAge }
      : {};
  return createHash('sha256')
    .update(canonicalJson({ ...definition, ...fallback }))
    .digest('hex')
    .slice(0, 32);
}
