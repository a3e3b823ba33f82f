import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { maxFileCharacters, type SourceFile } from '../load/load-organisation.ts';
import { createSourceLocator, type SourceLinesOptions } from './source-lines.ts';
import type { SourceLocator } from './source-locator.ts';

const policyNames = [
  'trust-center',
  'subprocessors',
  'certifications',
  'disclosure',
  'processing',
  'faq',
];

/** Names in `folder` matching `pattern`, or none when the folder does not exist. */
async function namesIn(folder: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => pattern.test(name));
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

async function readText(dir: string, path: string): Promise<SourceFile | undefined> {
  try {
    const text = await readFile(join(dir, path), 'utf8');
    // The loader refuses a file this large, so it declares nothing an answer could cite.
    return text.length > maxFileCharacters ? undefined : { path, text };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/**
 * Reads the organisation in `dir` (its `controls/*.yaml` and the policy files answers rest
 * on) and returns a locator of the file and line of each control's `claim`, each FAQ entry,
 * certification and subprocessor, and each top-level field of the disclosure, processing and
 * trust-center files. Missing files and folders locate nothing; other read errors throw.
 * Pass `faq: snapshot.faq` so FAQ indexes count the entries the answer engine sees.
 */
export async function locateSources(
  dir: string,
  options: SourceLinesOptions = {},
): Promise<SourceLocator> {
  const controls = (await namesIn(join(dir, 'controls'), /\.ya?ml$/)).map(
    (name) => `controls/${name}`,
  );
  const policies = (await namesIn(join(dir, 'policies'), /\.ya?ml$/))
    .filter((name) => policyNames.includes(name.replace(/\.ya?ml$/, '')))
    .map((name) => `policies/${name}`);
  const files = await Promise.all([...controls, ...policies].map((path) => readText(dir, path)));
  return createSourceLocator(
    files.filter((file) => file !== undefined),
    options,
  );
}
