/** An origin setting read from the environment, or why it cannot be used. */
export type OriginSetting = { ok: true; origin: string } | { ok: false; message: string };

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Reads an origin setting such as `ATTEST_API_ORIGIN=https://api.trust.example`: an https
 * origin (scheme, host, optional port — no path, query or credentials), or http only for
 * localhost/127.0.0.1/[::1]. Returns the normalised origin, or a message that names the
 * variable, the problem and the fix.
 */
export function parseWebOrigin(name: string, value: string): OriginSetting {
  const fail = (problem: string): OriginSetting => ({
    ok: false,
    message: `${name} must be an origin such as https://api.trust.example (http only for localhost or 127.0.0.1): "${value}" ${problem}.`,
  });
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return fail('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail('is not http(s)');
  if (url.protocol === 'http:' && !loopbackHosts.has(url.hostname))
    return fail('uses http for a host other than localhost; use https');
  if (url.username || url.password) return fail('contains credentials');
  if (url.pathname !== '/' || url.search || url.hash)
    return fail('has a path, query or fragment; give the scheme and host only');
  return { ok: true, origin: url.origin };
}
