import { isAbsolute, relative, resolve, sep } from 'node:path';
import { CheckError } from './types.ts';

/** True when `path` (absolute) is `orgDir` itself or inside it. */
function isInside(path: string, orgDir: string): boolean {
  const fromOrg = relative(orgDir, path);
  return (
    fromOrg === '' || (!fromOrg.startsWith(`..${sep}`) && fromOrg !== '..' && !isAbsolute(fromOrg))
  );
}

/**
 * Resolves a `file` or `config` target to an absolute path. An absolute target is used as it
 * is; a relative one is resolved against the organisation directory and must stay inside it,
 * so a control cannot reach `../../etc/passwd` by accident.
 */
export function resolveOrgPath(target: string, orgDir: string): string {
  if (isAbsolute(target)) return resolve(target);
  const path = resolve(orgDir, target);
  if (!isInside(path, orgDir)) {
    throw new CheckError(`${target} leaves the organisation directory through ".."`, {
      hint: 'write the path relative to the organisation directory without leaving it, or use an absolute path',
    });
  }
  return path;
}

/** How a path appears in reports: relative to the organisation when inside it, else absolute. */
export function displayPath(path: string, orgDir: string): string {
  return isInside(path, orgDir) ? relative(orgDir, path).split(sep).join('/') || '.' : path;
}
