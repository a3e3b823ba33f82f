import type { CheckType } from '../schema/index.ts';
import { commandCheck } from './command/run.ts';
import { configCheck } from './config/run.ts';
import { dnsCheck } from './dns/run.ts';
import { fileCheck } from './file/run.ts';
import { headersCheck } from './headers/run.ts';
import { hstsCheck } from './hsts/run.ts';
import { httpCheck } from './http/run.ts';
import { postgresCheck } from './postgres/run.ts';
import { rateLimitCheck } from './rate-limit/run.ts';
import { s3Check } from './s3/run.ts';
import { securityTxtCheck } from './security-txt/run.ts';
import { tlsCheck } from './tls/run.ts';
import type { CheckModule } from './types.ts';

/**
 * How to run each check type, keyed by the `check:` value. Every type in specs.ts needs an
 * entry here: the compiler refuses a type without one.
 */
export const checkModules = {
  tls: tlsCheck,
  http: httpCheck,
  hsts: hstsCheck,
  headers: headersCheck,
  'security-txt': securityTxtCheck,
  dns: dnsCheck,
  postgres: postgresCheck,
  s3: s3Check,
  file: fileCheck,
  config: configCheck,
  command: commandCheck,
  'rate-limit': rateLimitCheck,
} satisfies { [T in CheckType]: CheckModule<T> };
