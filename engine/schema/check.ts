import { z } from 'zod';
import { httpUrl, regexSource, slug } from './common.ts';

const tlsVersion = z
  .enum(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'])
  .describe('A TLS protocol version as OpenSSL names it.');

const common = {
  id: slug
    .optional()
    .describe('Stable id of this evidence item, referenced by waivers. Unique within the control.'),
  target: z
    .string()
    .min(1, 'must not be empty')
    .describe('What to check. `${ENV_NAME}` is replaced from the environment at run time.'),
  timeout: z
    .number()
    .int()
    .positive()
    .max(300_000)
    .optional()
    .describe('Per-check timeout in milliseconds; overrides the run-wide `--timeout`.'),
  description: z
    .string()
    .optional()
    .describe('What this check proves, in a few words, for reports and the trust page.'),
};

/** `tls`: the handshake a client gets from `https://host[:port]` or `host:port`. */
export const tlsCheck = z.strictObject({
  ...common,
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

/** `http`: status, redirects, headers and body of one URL. */
export const httpCheck = z.strictObject({
  ...common,
  check: z.literal('http').describe('Requests a URL and inspects the response.'),
  expect: z
    .strictObject({
      status: z
        .union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599))])
        .optional()
        .describe('Expected final status code, or a list of acceptable ones.'),
      redirectsTo: z
        .string()
        .optional()
        .describe('`https` (first hop goes to https on the same host) or a URL prefix.'),
      headers: z
        .record(
          z.string().regex(/^[A-Za-z0-9-]+$/, 'not a header name'),
          z.union([z.literal('present'), z.literal('absent'), regexSource]),
        )
        .optional()
        .describe('Header name → `present`, `absent`, or a regular expression its value matches.'),
      bodyContains: z.string().optional().describe('Text the response body must contain.'),
    })
    .default({})
    .describe('Expected response.'),
});

/** `hsts`: the Strict-Transport-Security header of an https URL. */
export const hstsCheck = z.strictObject({
  ...common,
  check: z.literal('hsts').describe('Reads the Strict-Transport-Security header.'),
  expect: z
    .strictObject({
      minMaxAge: z
        .number()
        .int()
        .nonnegative()
        .optional()
        .describe('Smallest acceptable max-age in seconds (default from policy: 31536000).'),
      includeSubDomains: z.boolean().optional().describe('Require includeSubDomains.'),
      preload: z.boolean().optional().describe('Require the preload directive.'),
    })
    .default({})
    .describe('Expected HSTS directives.'),
});

/** `headers`: a security-header profile of one response. */
export const headersCheck = z.strictObject({
  ...common,
  check: z.literal('headers').describe('Checks a response against a security-header profile.'),
  expect: z
    .strictObject({
      csp: z
        .boolean()
        .optional()
        .describe(
          "Require a Content-Security-Policy whose script-src has no 'unsafe-inline'/'unsafe-eval' (unless nonce or hash based).",
        ),
      contentTypeOptions: z
        .boolean()
        .optional()
        .describe('Require X-Content-Type-Options: nosniff.'),
      frameAncestors: z
        .boolean()
        .optional()
        .describe('Require framing protection: CSP frame-ancestors or X-Frame-Options.'),
      referrerPolicy: z
        .union([z.boolean(), z.array(z.string())])
        .optional()
        .describe('Require a Referrer-Policy header, or one of the listed policies.'),
      cookies: z
        .boolean()
        .optional()
        .describe('Require every Set-Cookie to carry Secure, HttpOnly and SameSite.'),
    })
    .default({})
    .describe('Which parts of the profile to require.'),
});

/** `security-txt`: an RFC 9116 file at /.well-known/security.txt. */
export const securityTxtCheck = z.strictObject({
  ...common,
  check: z.literal('security-txt').describe('Fetches and validates /.well-known/security.txt.'),
  expect: z
    .strictObject({
      minDaysToExpiry: z
        .number()
        .int()
        .nonnegative()
        .optional()
        .describe('Fail when Expires is fewer than this many days away.'),
      contact: z
        .string()
        .optional()
        .describe('A Contact value that must be listed, e.g. mailto:security@example.com.'),
      canonical: z.string().optional().describe('A Canonical URL that must be listed.'),
    })
    .default({})
    .describe('Expected security.txt content.'),
});

/** `dns`: records of one domain. */
export const dnsCheck = z.strictObject({
  ...common,
  check: z.literal('dns').describe('Resolves DNS records of a domain.'),
  expect: z
    .strictObject({
      caa: z
        .array(z.string())
        .optional()
        .describe('CA domains that CAA records must authorise (and no others).'),
      spf: z.enum(['-all', '~all']).optional().describe('Required SPF `all` qualifier.'),
      dmarc: z.enum(['reject', 'quarantine']).optional().describe('Minimum DMARC policy.'),
      txt: regexSource.optional().describe('A TXT record must match this regular expression.'),
      mx: z
        .union([z.boolean(), z.array(z.string())])
        .optional()
        .describe('Require MX records, or exactly these mail hosts.'),
    })
    .default({})
    .describe('Expected DNS records.'),
});

/** `postgres`: server settings read over a real connection. */
export const postgresCheck = z.strictObject({
  ...common,
  check: z.literal('postgres').describe('Connects to PostgreSQL and reads settings with SHOW.'),
  expect: z
    .strictObject({
      settings: z
        .record(z.string().regex(/^[a-z_.]+$/, 'not a setting name'), z.string())
        .optional()
        .describe('Setting name → expected value, e.g. `ssl: "on"`.'),
      tls: z.boolean().optional().describe('Require the connection itself to use TLS.'),
    })
    .default({})
    .describe('Expected server settings.'),
});

/** `s3`: bucket configuration through the S3 API. */
export const s3Check = z.strictObject({
  ...common,
  check: z.literal('s3').describe('Reads bucket encryption, versioning and public-access block.'),
  endpoint: httpUrl.optional().describe('S3-compatible endpoint (R2, MinIO, …); AWS when omitted.'),
  region: z.string().optional().describe('Bucket region; `auto` for R2.'),
  expect: z
    .strictObject({
      encryption: z
        .enum(['AES256', 'aws:kms', 'aws:kms:dsse'])
        .optional()
        .describe('Required default encryption algorithm.'),
      versioning: z.literal('Enabled').optional().describe('Require versioning to be enabled.'),
      publicAccessBlocked: z
        .boolean()
        .optional()
        .describe('Require all four public-access-block settings to be on.'),
    })
    .default({})
    .describe('Expected bucket configuration.'),
});

/** `file`: a file or glob in the organisation's repository. */
export const fileCheck = z.strictObject({
  ...common,
  check: z.literal('file').describe('Looks at a file or glob relative to the organisation.'),
  expect: z
    .strictObject({
      exists: z.boolean().optional().describe('Require at least one match (or none, with false).'),
      maxAgeHours: z
        .number()
        .positive()
        .optional()
        .describe('The newest match must be modified within this many hours.'),
      minBytes: z.number().int().nonnegative().optional().describe('Smallest acceptable size.'),
    })
    .default({})
    .describe('Expected file properties.'),
});

/** `config`: one value inside a json, yaml, toml or .env file. */
export const configCheck = z.strictObject({
  ...common,
  check: z.literal('config').describe('Reads one value from a configuration file.'),
  expect: z
    .strictObject({
      path: z
        .string()
        .min(1)
        .describe('Dotted path to the value, e.g. `server.tls.minVersion`; a key for .env.'),
      equals: z
        .union([z.string(), z.number(), z.boolean(), z.null()])
        .optional()
        .describe('The value must equal this.'),
      matches: regexSource.optional().describe('The value, as text, must match this.'),
      gte: z.number().optional().describe('The value must be a number ≥ this.'),
      lte: z.number().optional().describe('The value must be a number ≤ this.'),
      maxAgeDays: z
        .number()
        .positive()
        .optional()
        .describe('The value is a date (YYYY-MM-DD or ISO timestamp) at most this many days old.'),
    })
    .describe('Which value to read and what it must be.'),
});

/** `command`: a command's exit code and output; runs only where policy allows commands. */
export const commandCheck = z.strictObject({
  ...common,
  check: z.literal('command').describe('Runs a command (only with `allowCommands: true`).'),
  expect: z
    .strictObject({
      exitCode: z.number().int().optional().describe('Expected exit code (default 0).'),
      stdout: regexSource.optional().describe('Standard output must match this.'),
    })
    .default({})
    .describe('Expected result of the command.'),
});

/** `rate-limit`: an active probe that must be throttled; runs only where policy allows probes. */
export const rateLimitCheck = z.strictObject({
  ...common,
  check: z
    .literal('rate-limit')
    .describe('Sends requests until throttled (only with `allowActiveProbes: true`).'),
  method: z
    .enum(['GET', 'POST', 'HEAD'])
    .optional()
    .describe('HTTP method of each probe request (default GET).'),
  expect: z
    .strictObject({
      within: z
        .number()
        .int()
        .min(1)
        .max(10_000)
        .describe('A throttling status must arrive within this many requests.'),
      status: z.number().int().optional().describe('The throttling status (default 429).'),
    })
    .describe('How quickly the endpoint must throttle.'),
});

/** Every check type, keyed by the `check:` field. */
export const checkEvidence = z.discriminatedUnion('check', [
  tlsCheck,
  httpCheck,
  hstsCheck,
  headersCheck,
  securityTxtCheck,
  dnsCheck,
  postgresCheck,
  s3Check,
  fileCheck,
  configCheck,
  commandCheck,
  rateLimitCheck,
]);

export type CheckEvidence = z.output<typeof checkEvidence>;
export type CheckType = CheckEvidence['check'];

/** The names of all check types, in the order of the contract table. */
export const checkTypes = checkEvidence.options.map((option) => option.shape.check.value);
