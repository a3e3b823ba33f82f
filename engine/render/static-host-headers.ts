import {
  type SecurityHeaderOptions,
  securityHeaderTable,
  strictTransportSecurity,
} from './security-headers.ts';

/** Where the headers for static hosts are written in DIST. */
export const netlifyHeadersPath = '_headers';
export const nginxHeadersPath = 'attest-headers.nginx.conf';

/** Published files whose type a static host may not know from the extension. */
const contentTypes: Array<[string, string]> = [
  ['/.well-known/security.txt', 'text/plain; charset=utf-8'],
  ['/changes.atom', 'application/atom+xml; charset=utf-8'],
  ['/subprocessors.atom', 'application/atom+xml; charset=utf-8'],
  ['/trust.json', 'application/json; charset=utf-8'],
  ['/subprocessors.json', 'application/json; charset=utf-8'],
  ['/snapshot.json', 'application/json; charset=utf-8'],
];

/** The server's security headers plus HSTS: a static host serves the export over HTTPS. */
function staticHostHeaders(options: SecurityHeaderOptions): Array<[string, string]> {
  return [...securityHeaderTable(options), ['Strict-Transport-Security', strictTransportSecurity]];
}

/**
 * `_headers` for Netlify and Cloudflare Pages: the security headers `attest serve` sends on
 * every path, then the content types of the machine-readable files.
 */
export function renderNetlifyHeaders(options: SecurityHeaderOptions): string {
  const lines = ['# Written by `attest build`: the headers `attest serve` sends.', '/*'];
  for (const [name, value] of staticHostHeaders(options)) lines.push(`  ${name}: ${value}`);
  for (const [path, type] of contentTypes) lines.push(path, `  Content-Type: ${type}`);
  return `${lines.join('\n')}\n`;
}

/**
 * An nginx snippet to `include` in the `server` block that serves DIST: the same headers as
 * `add_header … always;`, and `location` blocks that set the content types by `default_type`
 * (an `add_header` inside a location would drop the server's headers there), and 404s
 * for the two headers files themselves.
 */
export function renderNginxHeaders(options: SecurityHeaderOptions): string {
  const lines = [
    '# Written by `attest build`: the headers `attest serve` sends.',
    '# Include it in the server block that serves DIST: include attest-headers.nginx.conf;',
  ];
  for (const [name, value] of staticHostHeaders(options))
    lines.push(`add_header ${name} "${value}" always;`);
  for (const [path, type] of contentTypes)
    lines.push(`location = ${path} {`, '  types { }', `  default_type "${type}";`, '}');
  // The headers files are for the host, not for visitors.
  for (const path of [netlifyHeadersPath, nginxHeadersPath])
    lines.push(`location = /${path} {`, '  return 404;', '}');
  return `${lines.join('\n')}\n`;
}

/** Both header files of the static export, path → content. */
export function renderStaticHostHeaders(options: SecurityHeaderOptions): Map<string, string> {
  return new Map([
    [netlifyHeadersPath, renderNetlifyHeaders(options)],
    [nginxHeadersPath, renderNginxHeaders(options)],
  ]);
}
