import { basename, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import {
  type ScaffoldAnswers,
  ScaffoldConflictError,
  scaffoldFiles,
  schemaLocation,
  writeScaffold,
} from '../../../engine/fs/scaffold-organisation.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { organisationDir } from '../organisation-dir.ts';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The problem with a website or trust-center URL, or undefined when it is usable. */
function urlProblem(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return undefined;
  } catch {}
  return 'write a full URL such as https://example.com';
}

function emailProblem(value: string): string | undefined {
  return emailPattern.test(value)
    ? undefined
    : 'write an email address such as security@example.com';
}

/** Defaults for `--yes`, derived from the directory name and the website. */
function defaults(dir: string, given: Partial<ScaffoldAnswers>): ScaffoldAnswers {
  const name = given.name ?? (basename(dir) || 'Example');
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'example';
  const website = given.website ?? `https://${slug}.example`;
  const host = urlProblem(website) ? `${slug}.example` : new URL(website).hostname;
  return {
    name,
    website,
    securityContact: given.securityContact ?? `security@${host.replace(/^www\./, '')}`,
    trustUrl: given.trustUrl,
  };
}

/** Asks for each missing answer on the terminal, repeating a question until it is usable. */
async function ask(dir: string, given: Partial<ScaffoldAnswers>): Promise<ScaffoldAnswers> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  // Lines are read from an iterator, not with question(): a line typed (or pasted) before its
  // prompt appears is kept for that prompt instead of being dropped.
  const lines = terminal[Symbol.asyncIterator]();
  try {
    const question = async (
      prompt: string,
      fallback: string,
      problem: (value: string) => string | undefined,
    ): Promise<string> => {
      for (;;) {
        process.stdout.write(`${prompt} (${fallback}): `);
        const line = await lines.next();
        if (line.done) throw new UsageError('the input ended before every question was answered');
        const answer = String(line.value).trim() || fallback;
        const reason = problem(answer);
        if (!reason) return answer;
        process.stdout.write(`  ${reason}\n`);
      }
    };
    const name =
      given.name ??
      (await question('Organisation name', defaults(dir, given).name, () => undefined));
    const website =
      given.website ??
      (await question('Website URL', defaults(dir, { ...given, name }).website, urlProblem));
    const securityContact =
      given.securityContact ??
      (await question(
        'Security contact email',
        defaults(dir, { ...given, name, website }).securityContact,
        emailProblem,
      ));
    return { name, website, securityContact, trustUrl: given.trustUrl };
  } finally {
    terminal.close();
  }
}

/** `attest init [DIR]`: scaffold an organisation that validates, builds and serves at once. */
export async function runInit({ values, positionals }: ParsedArgs): Promise<number> {
  if (positionals.length > 1) throw new UsageError('init takes at most one directory');
  const dir = organisationDir(positionals[0] ?? values.dir);
  const text = (key: string) =>
    typeof values[key] === 'string' ? (values[key] as string) : undefined;
  const given: Partial<ScaffoldAnswers> = {
    name: text('name')?.trim() || undefined,
    website: text('url'),
    securityContact: text('contact'),
    trustUrl: text('trust-url'),
  };
  for (const [flag, value, problem] of [
    ['--url', given.website, urlProblem],
    ['--trust-url', given.trustUrl, urlProblem],
    ['--schema-url', text('schema-url'), urlProblem],
    ['--contact', given.securityContact, emailProblem],
  ] as const) {
    const reason = value === undefined ? undefined : problem(value);
    if (reason) throw new UsageError(`${flag} "${value}": ${reason}`);
  }
  const complete = given.name && given.website && given.securityContact;
  let answers: ScaffoldAnswers;
  if (complete || values.yes) answers = defaults(dir, given);
  else if (process.stdin.isTTY) answers = await ask(dir, given);
  else
    throw new UsageError(
      'not a terminal: pass --name, --url and --contact, or --yes to take the defaults for what is missing',
    );

  const files = scaffoldFiles(
    answers,
    new Date().toISOString().slice(0, 10),
    schemaLocation(dir, text('schema-url'), answers.trustUrl),
  );
  try {
    await writeScaffold(dir, files);
  } catch (error) {
    if (!(error instanceof ScaffoldConflictError)) throw error;
    process.stderr.write(
      `attest: ${error.message}\n  hint: choose an empty directory (attest init DIR), or move those files away first\n`,
    );
    return 2;
  }
  const where = relative(process.cwd(), dir) || '.';
  const flag = where === '.' ? '' : ` --dir ${where}`;
  process.stdout.write(
    [
      `Created the organisation "${answers.name}" in ${where}:`,
      ...[...files.keys()].map((path) => `  ${path}`),
      '',
      'Next:',
      `  attest validate${flag}   # check every file`,
      `  attest serve${flag}      # see the trust page at http://localhost:4321`,
      '(run attest as `npm run attest -- …` with "attest": "attest" in the scripts of package.json,',
      'or as ./node_modules/.bin/attest; see docs/getting-started.md in the Attest package)',
      'Add data/ and dist/ to .gitignore: they hold the check history and the built site.',
      '',
    ].join('\n'),
  );
  return 0;
}
