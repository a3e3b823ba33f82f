import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { maxCsvCharacters } from '../load/access-rules.ts';
import {
  type LoadOptions,
  type LoadResult,
  loadOrganisation,
  maxFileCharacters,
  type SourceFile,
} from '../load/load-organisation.ts';
import { type Diagnostic, sortDiagnostics } from '../source/diagnostic.ts';

/** Raised when a directory is not an organisation at all (a usage error, exit 2). */
export class NotAnOrganisationError extends Error {
  override name = 'NotAnOrganisationError';
}

const folders: Array<[string, RegExp]> = [
  ['controls', /\.ya?ml$/],
  ['policies', /\.ya?ml$/],
  ['policies/documents', /\.md$/],
];

async function listFiles(dir: string, folder: string, pattern: RegExp): Promise<string[]> {
  try {
    const entries = await readdir(join(dir, folder), { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && pattern.test(entry.name))
      .map((entry) => `${folder}/${entry.name}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The CSV files anywhere under policies/ (CRM exports that access.yaml may name). */
async function listPolicyCsvFiles(dir: string): Promise<string[]> {
  const policies = join(dir, 'policies');
  const entries = await readdir(policies, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && /\.csv$/i.test(entry.name))
    .map(
      (entry) =>
        `policies/${relative(policies, join(entry.parentPath, entry.name)).split(sep).join('/')}`,
    );
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the files of the organisation in `dir` (controls/, policies/, policies/documents/).
 * Files that cannot be text (too large, not UTF-8) come back as diagnostics instead.
 */
export async function readOrganisationFiles(
  dir: string,
): Promise<{ files: SourceFile[]; diagnostics: Diagnostic[] }> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new NotAnOrganisationError(`${dir} is not a directory`);
  const paths = (
    await Promise.all([
      ...folders.map(([folder, pattern]) => listFiles(dir, folder, pattern)),
      listPolicyCsvFiles(dir),
    ])
  ).flat();
  const hasFolder = await Promise.all(
    ['controls', 'policies'].map((name) =>
      stat(join(dir, name)).then(
        (s) => s.isDirectory(),
        () => false,
      ),
    ),
  );
  if (!hasFolder.some(Boolean)) {
    throw new NotAnOrganisationError(
      `${dir} has neither controls/ nor policies/; is it an organisation directory?`,
    );
  }
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  await Promise.all(
    paths.map(async (path) => {
      const full = join(dir, path);
      const size = (await stat(full)).size;
      const limit = path.endsWith('.csv') ? maxCsvCharacters : maxFileCharacters;
      if (size > limit * 4) {
        diagnostics.push({
          file: path,
          line: 1,
          column: 1,
          code: 'file-too-large',
          severity: 'error',
          message: `file is ${(size / 1_000_000).toFixed(1)} MB; the limit is ${limit / 1_000_000} MB`,
          hint: 'split it up: one control per file',
        });
        return;
      }
      try {
        files.push({ path, text: decoder.decode(await readFile(full)) });
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
        diagnostics.push({
          file: path,
          line: 1,
          column: 1,
          code: 'file-binary',
          severity: 'error',
          message: 'file is binary or not valid UTF-8',
          hint: 'save it as UTF-8 text',
        });
      }
    }),
  );
  return { files, diagnostics };
}

/** The SVG and PNG files under `dir`/policies/, relative to it, with forward slashes. */
async function listPolicyImages(dir: string): Promise<string[]> {
  const policies = join(dir, 'policies');
  const entries = await readdir(policies, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && /\.(?:svg|png)$/i.test(entry.name))
    .map((entry) => relative(policies, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/**
 * Reads and loads the organisation in `dir`. `filesRead` counts every file it read, those
 * refused as unreadable included (as `attest validate` reports them).
 */
export async function loadOrganisationFromDir(
  dir: string,
  options: LoadOptions = {},
): Promise<LoadResult & { filesRead: number }> {
  const { files, diagnostics } = await readOrganisationFiles(dir);
  const result = loadOrganisation(files, {
    images: await listPolicyImages(dir),
    ...options,
  });
  return {
    model: result.model,
    diagnostics: sortDiagnostics([...diagnostics, ...result.diagnostics]),
    filesRead: files.length + diagnostics.length,
  };
}
