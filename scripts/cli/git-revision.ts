import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { SourceFile } from '../../engine/load/load-organisation.ts';

const run = promisify(execFile);

/** A commit of the repository that holds an organisation directory. */
export interface GitRevision {
  commit: string;
  committedAt: string;
}

/** The `git` output of a command run in `dir`, or undefined when git refuses it. */
async function git(dir: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch {
    return undefined;
  }
}

/** Whether `dir` lies inside a git work tree. */
export async function isInGitRepository(dir: string): Promise<boolean> {
  return (await git(dir, ['rev-parse', '--is-inside-work-tree']))?.trim() === 'true';
}

/** The commit `rev` names in the repository of `dir`, or undefined if it names none. */
export async function resolveRevision(dir: string, rev: string): Promise<GitRevision | undefined> {
  if (rev.startsWith('-')) return undefined;
  const commit = (await git(dir, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]))?.trim();
  if (!commit) return undefined;
  const time = (await git(dir, ['show', '-s', '--format=%cI', commit]))?.trim();
  return { commit, committedAt: time ? new Date(time).toISOString() : new Date(0).toISOString() };
}

/** Files `loadOrganisation` reads, relative to the organisation directory. */
const organisationFile =
  /^(?:controls\/[^/]+\.ya?ml|policies\/[^/]+\.ya?ml|policies\/documents\/[^/]+\.md|policies\/.+\.csv)$/i;

/** Reads blobs through one `git cat-file --batch` process: one spawn for any number of files. */
function catFiles(dir: string, objects: readonly string[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: dir });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file exited with code ${code}`));
      const output = Buffer.concat(chunks);
      const blobs: Buffer[] = [];
      let offset = 0;
      for (const object of objects) {
        const end = output.indexOf(0x0a, offset);
        const header = output.subarray(offset, end).toString();
        const size = Number(/^\S+ blob (\d+)$/.exec(header)?.[1]);
        if (!Number.isInteger(size))
          return reject(new Error(`git cannot read ${object}: ${header}`));
        blobs.push(output.subarray(end + 1, end + 1 + size));
        offset = end + 1 + size + 1;
      }
      resolve(blobs);
    });
    child.stdin.end(objects.map((object) => `${object}\n`).join(''));
  });
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The organisation files of `dir` as they were at `commit` (controls/, policies/,
 * policies/documents/), ready for `loadOrganisation`. Files that are not UTF-8 text are
 * left out, as a working-tree read reports them instead.
 */
export async function readOrganisationAtRevision(
  dir: string,
  commit: string,
): Promise<SourceFile[]> {
  const listing = await git(dir, [
    'ls-tree',
    '-r',
    '-z',
    '--name-only',
    commit,
    '--',
    'controls',
    'policies',
  ]);
  const prefix = (await git(dir, ['rev-parse', '--show-prefix']))?.trim() ?? '';
  const paths = (listing ?? '').split('\0').filter((path) => organisationFile.test(path));
  const blobs = await catFiles(
    dir,
    paths.map((path) => `${commit}:${prefix}${path}`),
  );
  return paths.flatMap((path, index) => {
    try {
      return [{ path, text: decoder.decode(blobs[index]) }];
    } catch {
      return [];
    }
  });
}
