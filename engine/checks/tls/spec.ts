import { z } from 'zod';
import { checkFields, defineCheckSpec, hostPort, isUrl } from '../../schema/check-spec.ts';

const tlsVersion = z
  .enum(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'])
  .describe('A TLS protocol version as OpenSSL names it.');

/** `tls`: the handshake a client gets from `https://host[:port]` or `host:port`. */
export const tlsEvidence = z.strictObject({
  ...checkFields,
  check: z.literal('tls').describe('Connects with TLS and inspects protocol and certificate.'),
  expect: z
    .strictObject({
      minVersion: tlsVersion.optional().describe('Oldest protocol the server may accept.'),
      maxVersion: tlsVersion.optional().describe('Newest protocol the server must accept.'),
      minDaysToExpiry: z
        .number()
        .int()
        .nonnegative()
        .optional()
        .describe('Fail when the certificate expires in fewer days than this.'),
      trusted: z
        .boolean()
        .optional()
        .describe('Require a certificate chain that validates against the system trust store.'),
    })
    .default({})
    .describe('Expected TLS properties.'),
});

export const tlsSpec = defineCheckSpec(tlsEvidence, {
  label: 'TLS configuration',
  exposure: 'public',
  targetProblem: (target) =>
    isUrl(target, ['https:']) || hostPort.test(target)
      ? undefined
      : 'a tls target is https://host[:port] or host:port',
});
