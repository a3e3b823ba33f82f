import { relative, resolve, sep } from 'node:path';

/** The organisation directory: `--dir`, else the current directory. */
export function organisationDir(dir: unknown): string {
  return resolve(typeof dir === 'string' ? dir : '.');
}

/** Prefix that turns an organisation-relative path into one relative to the working directory. */
export function displayPrefix(dir: string): string {
  const path = relative(process.cwd(), dir);
  return path === '' ? '' : `${path.split(sep).join('/')}/`;
}
