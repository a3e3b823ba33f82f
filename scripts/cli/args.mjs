// Plain JavaScript (typed with JSDoc) so `attest --help` starts without a TypeScript loader.
import { parseArgs } from 'node:util';

/** A mistake in how the command was called: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {
  /** @override */
  name = 'UsageError';
}

/**
 * One option of a command, with the text `--help` shows.
 * @typedef {object} OptionSpec
 * @property {'string' | 'boolean'} type
 * @property {string} description
 * @property {string} [value] Placeholder shown in help, e.g. DIR.
 * @property {string} [default]
 * @property {boolean} [multiple]
 * @property {string} [short]
 * @property {readonly string[]} [choices]
 */

/**
 * Parsed command line of one command.
 * @typedef {object} ParsedArgs
 * @property {Record<string, string | boolean | string[] | undefined>} values
 * @property {string[]} positionals
 */

/**
 * A subcommand: its help text, options, and a lazily imported implementation.
 * @typedef {object} CommandSpec
 * @property {string} name
 * @property {string} summary
 * @property {string} usage
 * @property {Record<string, OptionSpec>} options
 * @property {{ name: string, description: string, repeatable?: boolean }[]} [positionals] A
 *   `repeatable` last positional takes any number of values.
 * @property {(args: ParsedArgs) => Promise<number>} run
 */

/**
 * Parses argv for one command, rejecting unknown options and bad choices.
 * @param {CommandSpec} spec
 * @param {string[]} argv
 * @returns {ParsedArgs}
 */
export function parseCommandArgs(spec, argv) {
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, option]) => [
      name,
      {
        type: option.type,
        multiple: option.multiple ?? false,
        ...(option.short ? { short: option.short } : {}),
      },
    ]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(
      String(/** @type {Error} */ (error).message).replace(/\. To specify a positional.*$/s, ''),
    );
  }
  const values = /** @type {ParsedArgs['values']} */ ({ ...parsed.values });
  for (const [name, option] of Object.entries(spec.options)) {
    if (values[name] === undefined && option.default !== undefined) values[name] = option.default;
    const value = values[name];
    if (option.choices && typeof value === 'string' && !option.choices.includes(value)) {
      throw new UsageError(
        `--${name} must be one of ${option.choices.join(', ')} (got "${value}")`,
      );
    }
  }
  const expected = spec.positionals?.length ?? 0;
  const open = spec.positionals?.at(-1)?.repeatable ?? false;
  if (!open && parsed.positionals.length > expected) {
    throw new UsageError(`unexpected argument "${parsed.positionals[expected]}"`);
  }
  return { values, positionals: parsed.positionals };
}

/** Widest first column of a help table; a longer flag gets a line of its own. */
const maxFlagColumn = 32;

/**
 * Lays out `[flag, description]` rows as a two-column table: descriptions start two spaces
 * after the widest flag (at most {@link maxFlagColumn}); a longer flag stands on its own
 * line with its description indented below, so the two never run together.
 * @param {[string, string][]} rows
 * @returns {string[]}
 */
function helpTable(rows) {
  const column = Math.min(Math.max(...rows.map(([flag]) => flag.length)) + 2, maxFlagColumn);
  return rows.flatMap(([flag, description]) =>
    flag.length + 2 > column
      ? [`  ${flag}`, `  ${' '.repeat(column)}${description}`]
      : [`  ${flag.padEnd(column)}${description}`],
  );
}

/**
 * The `attest <command> --help` text.
 * @param {CommandSpec} spec
 * @returns {string}
 */
export function formatCommandHelp(spec) {
  const lines = [spec.summary, '', `Usage: ${spec.usage}`];
  if (spec.positionals?.length) {
    lines.push('', 'Arguments:');
    lines.push(...helpTable(spec.positionals.map(({ name, description }) => [name, description])));
  }
  lines.push('', 'Options:');
  /** @type {[string, string][]} */
  const rows = Object.entries(spec.options).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : ''}--${name}${option.value ? ` ${option.value}` : ''}`;
    const extra = [
      option.choices ? `one of ${option.choices.join('|')}` : '',
      option.default ? `default ${option.default}` : '',
      option.multiple ? 'repeatable' : '',
    ]
      .filter(Boolean)
      .join('; ');
    return [flag, `${option.description}${extra ? ` (${extra})` : ''}`];
  });
  rows.push(['-h, --help', 'Show this help']);
  lines.push(...helpTable(rows));
  return lines.join('\n');
}
