import { commandSpec } from './command/spec.ts';
import { configSpec } from './config/spec.ts';
import { dnsSpec } from './dns/spec.ts';
import { fileSpec } from './file/spec.ts';
import { headersSpec } from './headers/spec.ts';
import { hstsSpec } from './hsts/spec.ts';
import { httpSpec } from './http/spec.ts';
import { postgresSpec } from './postgres/spec.ts';
import { rateLimitSpec } from './rate-limit/spec.ts';
import { s3Spec } from './s3/spec.ts';
import { securityTxtSpec } from './security-txt/spec.ts';
import { tlsSpec } from './tls/spec.ts';

/**
 * Every check type's spec, in the order of the contract table (ARCHITECTURE.md, "Check
 * types"). The evidence schema, target rules, published-target rule and labels are built
 * from this list; the runner registry (registry.ts) must name a `run` for each entry.
 * Pure like the schema layer it counts as (scripts/lint/import-rules.ts).
 */
export const checkSpecs = [
  tlsSpec,
  httpSpec,
  hstsSpec,
  headersSpec,
  securityTxtSpec,
  dnsSpec,
  postgresSpec,
  s3Spec,
  fileSpec,
  configSpec,
  commandSpec,
  rateLimitSpec,
] as const;
