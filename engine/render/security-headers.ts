/**
 * The security headers of every trust-center response — one table for `attest serve` (see
 * engine/server/security-headers.ts) and for the static export's `_headers` and nginx
 * snippet (static-host-headers.ts). Pure: no I/O.
 */

/** What varies between deployments: where the forms post. */
export interface SecurityHeaderOptions {
  /**
   * The API origin the static pages' forms post to (`ATTEST_API_ORIGIN`), e.g.
   * `https://api.trust.example`; absent, forms post to the page's own origin.
   */
  formOrigin?: string | undefined;
}

/**
 * The Content-Security-Policy: nothing inline, nothing from elsewhere, no framing. Forms may
 * post to the page's own origin or, with `formOrigin`, to exactly that origin and no other.
 */
export function contentSecurityPolicy({ formOrigin }: SecurityHeaderOptions = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${formOrigin ?? "'self'"}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The policy for a `<meta http-equiv>` tag in the static pages: the same, without
 * `frame-ancestors`, which browsers ignore there (the headers files carry it).
 */
export function metaContentSecurityPolicy(options: SecurityHeaderOptions = {}): string {
  return contentSecurityPolicy(options)
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
}

/** HSTS: sent only over TLS (the server) or by hosts that serve only HTTPS (the CDN files). */
export const strictTransportSecurity = 'max-age=31536000; includeSubDomains';

/** Every security header except HSTS, as `[name, value]` in a stable order. */
export function securityHeaderTable(options: SecurityHeaderOptions = {}): Array<[string, string]> {
  return [
    ['Content-Security-Policy', contentSecurityPolicy(options)],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
  ];
}
