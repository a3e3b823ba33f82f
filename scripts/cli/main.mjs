// Plain JavaScript (typed with JSDoc) so `attest --help` starts without a TypeScript loader;
// a command's TypeScript implementation is loaded only when that command runs.
import { formatCommandHelp, parseCommandArgs, UsageError } from './args.mjs';

/** @typedef {import('./args.mjs').CommandSpec} CommandSpec */

let loaderRegistered = false;

/**
 * Imports a TypeScript module of the CLI, registering the TypeScript loader on first use.
 * @param {string} path relative to this file
 */
async function importTs(path) {
  if (!loaderRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    loaderRegistered = true;
  }
  return import(new URL(path, import.meta.url).href);
}

/** @type {import('./args.mjs').OptionSpec} */
const dirOption = {
  type: 'string',
  value: 'DIR',
  description: 'Organisation directory (holds controls/ and policies/)',
  default: '.',
};

/** @type {import('./args.mjs').OptionSpec} */
const prettyOrJsonOption = {
  type: 'string',
  value: 'FORMAT',
  description: 'Output format',
  choices: ['pretty', 'json'],
  default: 'pretty',
};

/** @type {import('./args.mjs').OptionSpec} */
const resolveOption = {
  type: 'string',
  value: 'HOST:IP[:PORT]',
  description: 'For the checks: connect to IP (and PORT) for HOST; SNI and Host keep HOST',
  multiple: true,
};

/** @type {import('./args.mjs').OptionSpec} */
const caOption = {
  type: 'string',
  value: 'FILE',
  description:
    'For the checks: also trust the CA certificates in this PEM file; such results never verify a public claim',
  multiple: true,
};

/** Every command; implementations are imported only when the command runs, so --help is fast. */
/** @type {CommandSpec[]} */
export const commands = [
  {
    name: 'init',
    summary:
      'Start a new organisation: write controls/ and policies/ that validate, build and serve at once.',
    usage:
      'attest init [DIR] [--name NAME] [--url URL] [--contact EMAIL] [--trust-url URL] [--schema-url URL] [--yes]',
    positionals: [
      {
        name: 'DIR',
        description: 'Where to create the organisation (default: the current directory)',
      },
    ],
    options: {
      name: {
        type: 'string',
        value: 'NAME',
        description: 'Organisation name as customers know it',
      },
      url: {
        type: 'string',
        value: 'URL',
        description: 'The main website, e.g. https://example.com',
      },
      contact: {
        type: 'string',
        value: 'EMAIL',
        description: 'Security contact: where vulnerability reports go',
      },
      'trust-url': {
        type: 'string',
        value: 'URL',
        description: 'Where the trust center will be published, when known',
      },
      'schema-url': {
        type: 'string',
        value: 'URL',
        description:
          'Point $schema at this hosted copy (e.g. https://trust.example.com/schema/v1/) instead of node_modules/attest',
      },
      yes: {
        type: 'boolean',
        description: 'Ask nothing: take defaults for what the flags leave out (for CI)',
      },
    },
    run: async (args) => (await importTs('./commands/init.ts')).runInit(args),
  },
  {
    name: 'validate',
    summary: 'Check every control and policy file; print each problem with file, line and column.',
    usage: 'attest validate [--dir DIR] [--format pretty|json]',
    options: {
      dir: dirOption,
      format: prettyOrJsonOption,
    },
    run: async (args) => (await importTs('./commands/validate.ts')).runValidate(args),
  },
  {
    name: 'check',
    summary:
      'Run every automated check against real configuration; exit 1 when a public claim is contradicted.',
    usage:
      'attest check [--dir DIR] [--format pretty|json|junit|sarif] [--out FILE] [--control ID]... [--shard I/N] [--concurrency N] [--timeout MS] [--deadline MS] [--resolve HOST:IP[:PORT]]... [--dns-server IP[:PORT]]... [--ca FILE]... [--db FILE]',
    options: {
      dir: dirOption,
      format: {
        type: 'string',
        value: 'FORMAT',
        description: 'Report format',
        choices: ['pretty', 'json', 'junit', 'sarif'],
        default: 'pretty',
      },
      out: {
        type: 'string',
        value: 'FILE',
        description: 'Write the report to FILE instead of standard output',
      },
      control: {
        type: 'string',
        value: 'ID',
        description: 'Check only this control',
        multiple: true,
      },
      shard: {
        type: 'string',
        value: 'I/N',
        description:
          'Run only the I-th of N stable slices of the checks (for parallel CI runners; merge with `attest results import`)',
      },
      concurrency: {
        type: 'string',
        value: 'N',
        description: 'Checks in flight at once',
        default: '16',
      },
      timeout: {
        type: 'string',
        value: 'MS',
        description: "Per-check timeout in milliseconds (a check's timeout: wins)",
        default: '10000',
      },
      deadline: {
        type: 'string',
        value: 'MS',
        description: 'Deadline for the whole run in milliseconds',
        default: '300000',
      },
      resolve: resolveOption,
      'dns-server': {
        type: 'string',
        value: 'IP[:PORT]',
        description: 'DNS server for dns checks (default: the system resolver)',
        multiple: true,
      },
      ca: caOption,
      db: {
        type: 'string',
        value: 'FILE|URL',
        description:
          'SQLite file or postgres:// URL for check history (default $DATABASE_URL, else DIR/data/attest.db)',
      },
    },
    run: async (args) => (await importTs('./commands/check.ts')).runCheck(args),
  },
  {
    name: 'results',
    summary:
      'Import JSON check reports (e.g. one per CI shard) into the check history, one run per file.',
    usage: 'attest results import FILE... [--dir DIR] [--db FILE]',
    positionals: [
      { name: 'ACTION', description: 'import' },
      {
        name: 'FILE...',
        description: 'Reports written by `attest check --format json --out FILE`',
        repeatable: true,
      },
    ],
    options: {
      dir: dirOption,
      db: {
        type: 'string',
        value: 'FILE',
        description: 'SQLite database for check history (default DIR/data/attest.db)',
      },
    },
    run: async (args) => (await importTs('./commands/results.ts')).runResults(args),
  },
  {
    name: 'build',
    summary:
      'Validate, check, evaluate and publish the trust center outputs atomically; refuse to publish contradicted claims.',
    usage:
      'attest build [--dir DIR] [--out DIST] [--skip-checks] [--db FILE] [--resolve HOST:IP[:PORT]]... [--ca FILE]...',
    options: {
      dir: dirOption,
      out: { type: 'string', value: 'DIST', description: 'Output directory (default DIR/dist)' },
      'skip-checks': {
        type: 'boolean',
        description: 'Use the newest stored result of each check instead of running checks',
      },
      db: {
        type: 'string',
        value: 'FILE|URL',
        description:
          'SQLite file or postgres:// URL for check history and publications (default $DATABASE_URL, else DIR/data/attest.db)',
      },
      resolve: resolveOption,
      ca: caOption,
    },
    run: async (args) => (await importTs('./commands/build.ts')).runBuild(args),
  },
  {
    name: 'diff',
    summary:
      'List what changed between two versions: controls, claims, statuses, certifications, subprocessors, documents.',
    usage: 'attest diff [--dir DIR] [--from REV] [--to REV] [--db FILE] [--format pretty|json]',
    options: {
      dir: dirOption,
      from: {
        type: 'string',
        value: 'REV',
        description:
          'Publication id (#12, pub:12, 12) or git revision (default: the latest publication, else HEAD)',
      },
      to: {
        type: 'string',
        value: 'REV',
        description: 'Publication id or git revision (default: the working tree)',
      },
      db: {
        type: 'string',
        value: 'FILE|URL',
        description:
          'SQLite file or postgres:// URL with publications and check history (default $DATABASE_URL, else DIR/data/attest.db)',
      },
      format: prettyOrJsonOption,
    },
    run: async (args) => (await importTs('./commands/diff.ts')).runDiff(args),
  },
  {
    name: 'serve',
    summary:
      'Publish the trust center and serve it over HTTP, re-running the checks in the background.',
    usage:
      'attest serve [--dir DIR] [--port 4321] [--host 127.0.0.1] [--db FILE|URL] [--resolve HOST:IP[:PORT]]... [--ca FILE]...',
    options: {
      dir: dirOption,
      port: { type: 'string', value: 'PORT', description: 'Port to listen on', default: '4321' },
      host: {
        type: 'string',
        value: 'HOST',
        description: 'Address to listen on',
        default: '127.0.0.1',
      },
      db: {
        type: 'string',
        value: 'FILE|URL',
        description:
          'SQLite file or postgres:// URL of the database (default $DATABASE_URL, else DIR/data/attest.db); replicas share one PostgreSQL database',
      },
      resolve: resolveOption,
      ca: caOption,
    },
    run: async (args) => (await importTs('./commands/serve.ts')).runServe(args),
  },
  {
    name: 'document',
    summary:
      'Render one document of policies/documents/ (the DPA with its generated annexes, or any other) as a PDF.',
    usage: 'attest document <ID> [--dir DIR] [--out FILE] [--db FILE]',
    positionals: [
      { name: 'ID', description: 'Document id (front matter `id`), or `security-overview`' },
    ],
    options: {
      dir: dirOption,
      out: {
        type: 'string',
        value: 'FILE',
        description: 'Where to write the PDF (default ./<ID>.pdf)',
      },
      db: {
        type: 'string',
        value: 'FILE|URL',
        description:
          'SQLite file or postgres:// URL with check history (default $DATABASE_URL, else DIR/data/attest.db)',
      },
    },
    run: async (args) => (await importTs('./commands/document.ts')).runDocument(args),
  },
  {
    name: 'answer',
    summary:
      "Answer a security questionnaire (CAIQ, HECVAT, SIG or any sheet) from the controls, in the buyer's own file.",
    usage:
      'attest answer <QUESTIONNAIRE.xlsx|csv> [--dir DIR] [--out FILE] [--format xlsx|csv|json] [--sheet NAME]... [--question-col COL] [--answer-col COL] [--db FILE]\n       attest answer --learn <ANSWERED.xlsx|csv> [--accept] [--dir DIR] [--sheet NAME]... [--question-col COL] [--answer-col COL] [--db FILE]',
    positionals: [
      { name: 'QUESTIONNAIRE', description: "The buyer's workbook (.xlsx) or CSV file" },
    ],
    options: {
      dir: dirOption,
      out: {
        type: 'string',
        value: 'FILE',
        description: 'Where to write the answered file (default <name>.answered.<format>)',
      },
      format: {
        type: 'string',
        value: 'FORMAT',
        description: "Output format (default: the input file's own)",
        choices: ['xlsx', 'csv', 'json'],
      },
      sheet: {
        type: 'string',
        value: 'NAME',
        multiple: true,
        description:
          'Answer this sheet (repeatable; default: the visible sheets with a question table)',
      },
      'question-col': {
        type: 'string',
        value: 'COL',
        description:
          'Column holding the questions on each answered sheet (letter or header text), when not detected',
      },
      'answer-col': {
        type: 'string',
        value: 'COL',
        description: 'Column to write the answers into (letter or header text), when not detected',
      },
      learn: {
        type: 'string',
        value: 'FILE',
        description:
          'Learn from a questionnaire people already answered: report contradictions, propose FAQ entries for what Attest leaves blank, list concepts nothing declares',
      },
      accept: {
        type: 'boolean',
        description:
          'With --learn: append the proposed entries to policies/faq.yaml (only if the organisation still validates)',
      },
      db: {
        type: 'string',
        value: 'FILE|URL',
        description:
          'SQLite file or postgres:// URL with check history (default $DATABASE_URL, else DIR/data/attest.db)',
      },
    },
    run: async (args) => (await importTs('./commands/answer.ts')).runAnswer(args),
  },
  {
    name: 'admin',
    summary:
      'Manage admin-area users: `admin create --email E` prints a one-time password-setup link.',
    usage: 'attest admin create --email EMAIL [--role admin|sales|viewer] [--dir DIR] [--db FILE]',
    positionals: [{ name: 'ACTION', description: 'create' }],
    options: {
      dir: dirOption,
      email: { type: 'string', value: 'EMAIL', description: 'Email address of the user' },
      role: {
        type: 'string',
        value: 'ROLE',
        description: 'Role of the user',
        choices: ['admin', 'sales', 'viewer'],
        default: 'admin',
      },
      db: {
        type: 'string',
        value: 'FILE|URL',
        description:
          'SQLite file or postgres:// URL (default $DATABASE_URL, else DIR/data/attest.db)',
      },
    },
    run: async (args) => (await importTs('./commands/admin.ts')).runAdmin(args),
  },
  {
    name: 'audit',
    summary:
      'Verify the audit log: `audit verify` exits 1 when an entry was altered, removed or reordered, or entries were cut from the end.',
    usage: 'attest audit verify [--dir DIR] [--db FILE]',
    positionals: [{ name: 'ACTION', description: 'verify' }],
    options: {
      dir: dirOption,
      db: {
        type: 'string',
        value: 'FILE|URL',
        description:
          'SQLite file or postgres:// URL (default $DATABASE_URL, else DIR/data/attest.db)',
      },
    },
    run: async (args) => (await importTs('./commands/audit.ts')).runAudit(args),
  },
  {
    name: 'keys',
    summary:
      'Publication signing keys: `keys generate` prints a new Ed25519 pair for ATTEST_SIGNING_KEY and its key id.',
    usage: 'attest keys generate',
    positionals: [{ name: 'ACTION', description: 'generate' }],
    options: {},
    run: async (args) => (await importTs('./commands/keys.ts')).runKeys(args),
  },
  {
    name: 'verify',
    summary:
      "Verify a vendor's trust center from outside: signature, publication history, and every public claim re-checked; exit 1 on a contradiction or a bad signature or history.",
    usage:
      'attest verify URL | --list FILE [--since HEAD] [--key-id ID] [--format pretty|json|junit|sarif] [--out FILE] [--concurrency N] [--timeout MS] [--resolve HOST:IP[:PORT]]... [--ca FILE]...',
    positionals: [{ name: 'URL', description: "The trust center's address (or its trust.json)" }],
    options: {
      list: {
        type: 'string',
        value: 'FILE',
        description:
          'Verify every trust center listed in FILE (one URL per line, optionally followed by a chain head to check continuity from; # comments), concurrently, with a summary table',
      },
      since: {
        type: 'string',
        value: 'HEAD',
        description:
          'A chain head seen earlier (trust.json publication.head): prove the history still contains it',
      },
      'key-id': {
        type: 'string',
        value: 'ID',
        description:
          'Require the signature to be made by this key (its id or fingerprint, pinned out of band)',
      },
      format: {
        type: 'string',
        value: 'FORMAT',
        description: 'Report format',
        choices: ['pretty', 'json', 'junit', 'sarif'],
        default: 'pretty',
      },
      out: {
        type: 'string',
        value: 'FILE',
        description: 'Write the report to FILE instead of standard output',
      },
      concurrency: {
        type: 'string',
        value: 'N',
        description: 'Checks in flight at once (and trust centers at once with --list)',
        default: '16',
      },
      timeout: {
        type: 'string',
        value: 'MS',
        description: 'Timeout of each fetch and check in milliseconds',
        default: '10000',
      },
      resolve: resolveOption,
      ca: caOption,
    },
    run: async (args) => (await importTs('./commands/verify.ts')).runVerify(args),
  },
  {
    name: 'schema',
    summary: 'Regenerate the JSON Schemas in engine/schema/json/ from the zod schemas.',
    usage: 'attest schema',
    options: {},
    run: async () => (await importTs('./commands/schema.ts')).runSchema(),
  },
];

/** @returns {string} */
function mainHelp() {
  const width = Math.max(...commands.map((command) => command.name.length)) + 4;
  return [
    'attest — a security trust center as code: declare controls in YAML, prove them, publish what holds.',
    '',
    'Usage: attest <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    '',
    'Run `attest <command> --help` for its options.',
    'Exit codes: 0 ok · 1 findings (invalid files, contradicted claims) · 2 usage or runtime error.',
  ].join('\n');
}

/**
 * Runs the CLI and returns the exit code.
 * @param {string[]} argv
 * @returns {Promise<number>}
 */
export async function main(argv) {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`);
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${formatCommandHelp(command)}\n`);
      return 0;
    }
    return await command.run(parseCommandArgs(command, rest));
  } catch (error) {
    return reportError(error, command);
  }
}

/**
 * @param {unknown} error
 * @param {CommandSpec | undefined} command
 * @returns {number}
 */
function reportError(error, command) {
  if (error instanceof UsageError) {
    process.stderr.write(
      `attest: ${error.message}\nRun \`attest ${command ? `${command.name} ` : ''}--help\` for usage.\n`,
    );
    return 2;
  }
  if (error instanceof Error && error.name === 'NotAnOrganisationError') {
    process.stderr.write(`attest: ${error.message}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`attest: ${message}\n`);
  if (process.env.ATTEST_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 2;
}
