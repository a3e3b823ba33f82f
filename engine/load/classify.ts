import type { FileKind } from '../schema/index.ts';

const policyFiles = new Set<FileKind>([
  'trust-center',
  'subprocessors',
  'certifications',
  'disclosure',
  'policy',
  'processing',
  'faq',
  'access',
]);

/** What an organisation-relative path holds, or `unknown-policy` for a stray YAML file. */
export type Classification = FileKind | 'unknown-policy' | 'data' | 'ignored';

/** Classifies a path relative to the organisation directory (forward slashes). */
export function classifyPath(path: string): Classification {
  if (/^controls\/[^/]+\.ya?ml$/.test(path)) return 'control';
  if (/^policies\/documents\/[^/]+\.md$/.test(path)) return 'document';
  // CSV exports (a CRM's account list for access.yaml), read only when a rule names them.
  if (/^policies\/.+\.csv$/i.test(path)) return 'data';
  const policy = /^policies\/([^/]+)\.ya?ml$/.exec(path);
  if (policy) {
    const kind = policy[1] as FileKind;
    return policyFiles.has(kind) ? kind : 'unknown-policy';
  }
  return 'ignored';
}

/** The file name without directory and extension. */
export function fileStem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
