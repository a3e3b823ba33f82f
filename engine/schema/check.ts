import { z } from 'zod';
import { checkSpecs } from '../checks/specs.ts';
import type { CheckExposure, CheckSpec } from './check-spec.ts';

/** The schemas of a tuple of specs, as a tuple of the same length and order. */
type SchemasOf<T extends readonly CheckSpec[]> = { [K in keyof T]: T[K]['schema'] };

/** The evidence schema of each spec, in the order of the list (a tuple, as zod wants it). */
function schemasOf<T extends readonly CheckSpec[]>(specs: T): SchemasOf<T> {
  return specs.map((spec) => spec.schema) as SchemasOf<T>;
}

/** Every check type, keyed by the `check:` field; built from engine/checks/specs.ts. */
export const checkEvidence = z.discriminatedUnion('check', schemasOf(checkSpecs));

export type CheckEvidence = z.output<typeof checkEvidence>;
export type CheckType = CheckEvidence['check'];

/** The names of all check types, in the order of the contract table. */
export const checkTypes: CheckType[] = checkSpecs.map((spec) => spec.type);

const specsByType = new Map<string, CheckSpec>(checkSpecs.map((spec) => [spec.type, spec]));

/** The spec of a check type: label, exposure, target rule. */
export function checkSpecOf(type: CheckType): CheckSpec {
  const spec = specsByType.get(type);
  if (!spec) throw new Error(`no spec for check type ${JSON.stringify(type)}`);
  return spec;
}

/**
 * Whether a check's target may be published. A type Attest does not know (from an old
 * stored snapshot) counts as internal: when in doubt, publish less.
 */
export function checkExposure(type: string): CheckExposure {
  return specsByType.get(type)?.exposure ?? 'internal';
}

/** What a person calls a check type, e.g. `TLS configuration` for `tls`; unknown ones as is. */
export function checkLabel(type: string): string {
  return specsByType.get(type)?.label ?? type;
}
