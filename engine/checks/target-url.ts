import { CheckError } from './types.ts';

/**
 * Parses an http(s) check target. Throws a CheckError (the check cannot even start) for
 * anything that is not an absolute http:// or https:// URL.
 */
export function parseHttpTarget(target: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(target);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new CheckError(`target "${redactUrl(target)}" is not an absolute http(s) URL`, {
      hint: 'write the target as https://host[:port]/path',
    });
  }
  return url;
}

/** A URL for reports: a password in it becomes `***` (tokens belong in headers, not URLs). */
export function redactUrl(url: string | URL): string {
  if (typeof url === 'string')
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
  if (!url.password) return url.href;
  const copy = new URL(url.href);
  copy.password = '***';
  return copy.href;
}
