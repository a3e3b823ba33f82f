import { parseArgs } from 'node:util';

/** A mistake in how the command was called: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** One option of a command, with the text `--help` shows. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Placeholder shown in help, e.g. DIR. */
  value?: string;
  default?: string;
  multiple?: boolean;
  short?: string;
  choices?: readonly string[];
}

/** A subcommand: its help text, options, and a lazily imported implementation. */
export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  positionals?: { name: string; description: string }[];
  run: (args: ParsedArgs) => Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Parses argv for one command, rejecting unknown options and bad choices. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
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
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  const values = { ...parsed.values } as ParsedArgs['values'];
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
  if (parsed.positionals.length > expected) {
    throw new UsageError(`unexpected argument "${parsed.positionals[expected]}"`);
  }
  return { values, positionals: parsed.positionals };
}

/** The `attest <command> --help` text. */
export function formatCommandHelp(spec: CommandSpec): string {
  const lines = [`${spec.summary}`, '', `Usage: ${spec.usage}`];
  if (spec.positionals?.length) {
    lines.push('', 'Arguments:');
    for (const positional of spec.positionals)
      lines.push(`  ${positional.name.padEnd(24)}${positional.description}`);
  }
  lines.push('', 'Options:');
  const entries = Object.entries(spec.options);
  for (const [name, option] of entries) {
    const flag = `${option.short ? `-${option.short}, ` : ''}--${name}${option.value ? ` ${option.value}` : ''}`;
    const extra = [
      option.choices ? `one of ${option.choices.join('|')}` : '',
      option.default ? `default ${option.default}` : '',
      option.multiple ? 'repeatable' : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${flag.padEnd(24)}${option.description}${extra ? ` (${extra})` : ''}`);
  }
  lines.push(`  ${'-h, --help'.padEnd(24)}Show this help`);
  return lines.join('\n');
}
