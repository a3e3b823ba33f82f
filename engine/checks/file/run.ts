import * as fs from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { displayPath, resolveOrgPath } from '../org-path.ts';
import { type CheckContext, CheckError, type CheckModule, verdict } from '../types.ts';

/** Codes that mean "nothing there", as opposed to "could not look". */
const missingCodes = new Set(['ENOENT', 'ENOTDIR']);

interface FileMatch {
  path: string;
  mtimeMs: number;
  size: number;
}

function readError(error: NodeJS.ErrnoException, where: string): CheckError {
  const reason =
    error.code === 'EACCES' || error.code === 'EPERM'
      ? 'permission denied'
      : error.code === 'ELOOP'
        ? 'symbolic link loop'
        : error.message;
  return new CheckError(`cannot read ${where}: ${reason}`, {
    hint: 'make sure the user running attest can read the path',
    observed: { code: error.code, error: error.message },
    cause: error,
  });
}

function timeoutError(where: string): CheckError {
  return new CheckError(`looking for ${where} did not finish before the timeout`, {
    hint: "narrow the glob, or raise the timeout (--timeout or the check's timeout:)",
  });
}

/** True when a relative glob could climb out of the organisation directory with `..`. */
function globLeavesOrgDir(pattern: string): boolean {
  let depth = 0;
  let afterWildcard = false;
  for (const segment of pattern.split('/')) {
    if (segment === '..') {
      depth -= 1;
      if (afterWildcard || depth < 0) return true;
    } else if (segment !== '' && segment !== '.') {
      depth += 1;
      afterWildcard ||= isDynamicPattern(segment);
    }
  }
  return false;
}

/** Wraps a callback-style fs function so that real read errors are collected, not swallowed. */
function recordingErrors<F extends (...args: never[]) => void>(
  fn: F,
  problems: NodeJS.ErrnoException[],
): F {
  const wrapped = (...args: unknown[]) => {
    const callback = args.pop() as (
      error: NodeJS.ErrnoException | null,
      ...rest: unknown[]
    ) => void;
    Reflect.apply(fn, undefined, [
      ...args,
      (error: NodeJS.ErrnoException | null, ...rest: unknown[]) => {
        if (error && !missingCodes.has(error.code ?? '')) problems.push(error);
        callback(error, ...rest);
      },
    ]);
  };
  return wrapped as unknown as F;
}

/** Absolute paths of the files a glob matches. The glob library skips unreadable directories silently; this does not. */
async function globFiles(pattern: string, context: CheckContext): Promise<string[]> {
  if (!isAbsolute(pattern) && globLeavesOrgDir(pattern)) {
    throw new CheckError(`the glob ${pattern} can leave the organisation directory through ".."`, {
      hint: 'globs must stay inside the organisation directory; use an absolute pattern for files elsewhere',
    });
  }
  const problems: NodeJS.ErrnoException[] = [];
  const paths = await glob(pattern, {
    cwd: context.orgDir,
    absolute: true,
    onlyFiles: true,
    dot: false,
    expandDirectories: false,
    signal: context.signal,
    fs: {
      readdir: recordingErrors(fs.readdir, problems),
      realpath: recordingErrors(fs.realpath, problems),
      stat: recordingErrors(fs.stat, problems),
    },
  });
  if (context.signal.aborted) throw timeoutError(pattern);
  const [problem] = problems;
  if (problem)
    throw readError(problem, problem.path ? displayPath(problem.path, context.orgDir) : pattern);
  return paths;
}

/** Size and mtime of a path; `undefined` when nothing is there. */
async function statPath(path: string, orgDir: string): Promise<fs.Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    if (missingCodes.has(failure.code ?? '')) return undefined;
    throw readError(failure, displayPath(path, orgDir));
  }
}

async function findMatches(
  target: string,
  context: CheckContext,
): Promise<{ matches: FileMatch[]; directory: boolean }> {
  if (!isDynamicPattern(target)) {
    const path = resolveOrgPath(target, context.orgDir);
    const info = await statPath(path, context.orgDir);
    if (!info?.isFile()) return { matches: [], directory: info?.isDirectory() ?? false };
    return { matches: [{ path, mtimeMs: info.mtimeMs, size: info.size }], directory: false };
  }
  const paths = await globFiles(target, context);
  const infos = await Promise.all(paths.map((path) => statPath(path, context.orgDir)));
  const matches: FileMatch[] = [];
  infos.forEach((info, index) => {
    const path = paths[index];
    if (info?.isFile() && path) matches.push({ path, mtimeMs: info.mtimeMs, size: info.size });
  });
  return { matches, directory: false };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * `file`: a path or glob (relative to the organisation directory, or absolute). Checks that
 * something matches (or, with `exists: false`, that nothing does), and that the newest match
 * is recent enough (`maxAgeHours`) and large enough (`minBytes`). Dot files are matched only
 * when named explicitly; a directory is not a file.
 */
export const fileCheck: CheckModule<'file'> = {
  type: 'file',
  async run(check, context) {
    const target = context.target;
    const expect = check.expect;
    const expected = { ...expect, exists: expect.exists ?? true };
    const { matches, directory } = await findMatches(target, context);
    if (context.signal.aborted) throw timeoutError(target);

    if (!expected.exists) {
      const shown = matches.slice(0, 3).map((match) => displayPath(match.path, context.orgDir));
      if (matches.length === 0) {
        return {
          status: 'pass',
          observed: { matches: 0 },
          expected,
          message: `nothing matches ${target}, as required`,
        };
      }
      return {
        status: 'fail',
        observed: { matches: matches.length, files: shown },
        expected,
        message: `${target} matches ${plural(matches.length, 'file')} (${shown.join(', ')}) but must not exist`,
        hint: 'remove the file, or drop `exists: false` if it belongs there',
      };
    }

    const newest = matches.reduce<FileMatch | undefined>(
      (best, match) => (best && best.mtimeMs >= match.mtimeMs ? best : match),
      undefined,
    );
    if (!newest) {
      const why = directory
        ? ` (it is a directory; use ${target.replace(/\/$/, '')}/** for the files inside)`
        : '';
      return {
        status: 'fail',
        observed: { matches: 0 },
        expected,
        message: `nothing matches ${target}${why}`,
        hint: 'create the file, or fix the path (it is relative to the organisation directory)',
      };
    }

    const name = displayPath(newest.path, context.orgDir);
    const ageHours = Math.max(0, (context.now.getTime() - newest.mtimeMs) / 3_600_000);
    const shownAge = Math.round(ageHours * 10) / 10;
    const problems: string[] = [];
    if (expect.maxAgeHours !== undefined && ageHours > expect.maxAgeHours) {
      problems.push(
        `the newest match, ${name}, is ${shownAge} hours old (maximum ${expect.maxAgeHours})`,
      );
    }
    if (expect.minBytes !== undefined && newest.size < expect.minBytes) {
      problems.push(
        `the newest match, ${name}, is ${plural(newest.size, 'byte')} (minimum ${expect.minBytes})`,
      );
    }
    const summary = `is ${shownAge} hours old and ${plural(newest.size, 'byte')}`;
    return verdict(
      problems,
      { matches: matches.length, newest: name, ageHours: shownAge, bytes: newest.size },
      expected,
      matches.length === 1
        ? `${name} ${summary}`
        : `${matches.length} files match ${target}; the newest, ${name}, ${summary}`,
      'refresh the file (the job that writes it may have stopped), or fix the expectation',
    );
  },
};
