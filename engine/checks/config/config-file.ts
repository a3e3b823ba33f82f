import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parse as parseEnv } from 'dotenv';
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { CheckError } from '../types.ts';

/** Larger files are refused: a config file this big is a mistake, or not a config file. */
const maxConfigBytes = 16 * 1024 * 1024;

/** The formats a `config` check reads, chosen by file name. */
export type ConfigFormat = 'json' | 'yaml' | 'toml' | 'env';

/**
 * The format of a config file from its name: `.json`, `.yaml`/`.yml`, `.toml`, and for
 * dotenv files `.env`, `.env.<anything>` or `<anything>.env`. `undefined` for anything else.
 */
export function configFormat(path: string): ConfigFormat | undefined {
  const name = basename(path).toLowerCase();
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'env';
  const extension = extname(name);
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  if (extension === '.toml') return 'toml';
  return undefined;
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** Where a parser says the problem is, and what it is, from its error. */
function parseFailure(
  error: unknown,
  text: string,
): { line?: number; column?: number; reason: string } {
  const message = (error instanceof Error ? error.message : String(error))
    // V8 quotes the JSON around the bad token, newlines included; the position says more.
    .replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON$/, '');
  const firstLine = message.split('\n')[0] ?? '';
  if (error instanceof YAMLParseError && error.linePos) {
    const [start] = error.linePos;
    return {
      line: start.line,
      column: start.col,
      reason: firstLine.replace(/ at line \d+, column \d+:?$/, ''),
    };
  }
  if (error instanceof TomlError) {
    return {
      line: error.line,
      column: error.column,
      reason: firstLine.replace(/^Invalid TOML document: /, ''),
    };
  }
  const position = /at position (\d+)/.exec(firstLine)?.[1];
  if (position !== undefined) {
    return {
      ...lineColumn(text, Number(position)),
      reason: firstLine.replace(/ (?:in JSON )?at position \d+.*$/, ''),
    };
  }
  return { reason: firstLine };
}

/** Plain JSON values: a TOML date becomes the text it was written as (`2026-01-02`, or an ISO timestamp). */
function plainValues(value: unknown): unknown {
  if (value instanceof TomlDate) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainValues);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, plainValues(inner)]),
    );
  }
  return value;
}

/** Parses config text; throws a CheckError naming the line when the parser reports one. */
export function parseConfig(text: string, format: ConfigFormat, shownPath: string): unknown {
  try {
    if (format === 'json') return JSON.parse(text);
    if (format === 'yaml') return parseYaml(text);
    if (format === 'toml') return plainValues(parseToml(text));
    return parseEnv(text);
  } catch (error) {
    const { line, column, reason } = parseFailure(error, text);
    const where = line === undefined ? shownPath : `${shownPath}:${line}:${column}`;
    throw new CheckError(`${where} is not valid ${format.toUpperCase()}: ${reason}`, {
      hint: 'fix the syntax at that position; the file must parse before its values can be checked',
      observed: { file: shownPath, line, column },
      cause: error,
    });
  }
}

/**
 * Reads a config file honouring the abort signal. A missing or unreadable file, or anything
 * that is not a regular file (a FIFO would block, a device would never end), is a CheckError.
 */
export async function readConfig(
  path: string,
  shownPath: string,
  signal: AbortSignal,
): Promise<string> {
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new CheckError(`${shownPath} is not a regular file`, {
        hint: 'point the target at a config file',
      });
    }
    if (info.size > maxConfigBytes) {
      throw new CheckError(`${shownPath} is ${info.size} bytes, too large for a config file`, {
        hint: `config checks read files of at most ${maxConfigBytes} bytes`,
      });
    }
    return await readFile(path, { encoding: 'utf8', signal });
  } catch (error) {
    if (error instanceof CheckError) throw error;
    const failure = error as NodeJS.ErrnoException;
    if (failure.name === 'AbortError') {
      throw new CheckError(`reading ${shownPath} did not finish before the timeout`, {
        cause: error,
      });
    }
    if (failure.code === 'ENOENT' || failure.code === 'ENOTDIR') {
      throw new CheckError(`${shownPath} does not exist`, {
        hint: 'fix the target path (it is relative to the organisation directory) or add the file',
        cause: error,
      });
    }
    throw new CheckError(`cannot read ${shownPath}: ${failure.code ?? failure.message}`, {
      hint: 'make sure the target is a file the user running attest can read',
      observed: { code: failure.code },
      cause: error,
    });
  }
}
