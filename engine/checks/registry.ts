import type { CheckType } from '../schema/index.ts';
import { commandCheck } from './command.ts';
import { configCheck } from './config.ts';
import { dnsCheck } from './dns.ts';
import { fileCheck } from './file.ts';
import { headersCheck } from './headers.ts';
import { hstsCheck } from './hsts.ts';
import { httpCheck } from './http.ts';
import { postgresCheck } from './postgres.ts';
import { rateLimitCheck } from './rate-limit.ts';
import { s3Check } from './s3.ts';
import { securityTxtCheck } from './security-txt.ts';
import { tlsCheck } from './tls.ts';
import type { CheckModule } from './types.ts';

/** Every check type's module, keyed by the `check:` value. */
export const checkModules: { [T in CheckType]: CheckModule<T> } = {
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
};
