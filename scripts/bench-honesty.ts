// npm run bench:honesty — replays every finding of the honesty review (issue 12) against
// the real CLI on scratch copies of the bundled and example organisations, and prints for
// each whether the rule "the trust page never says more than the evidence shows" held or
// broke. A row says "broken" when the product does today what the finding describes.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import {
  copyOrganisation,
  repoRoot,
  repositoryOrganisations,
} from '../engine/fs/test-organisations.ts';
import { readPdf } from '../engine/render/pdf/test-support/read-pdf.ts';
import { createApp } from '../engine/server/app.ts';
import { databasePath } from '../engine/store/database-path.ts';
import { openStore } from '../engine/store/open-store.ts';
import { pinnedClockEnv } from '../engine/test-support/clock.ts';
import { freePort } from './cli/test-support/serve-process.ts';
import { type Finding, replayFindings } from './replay/finding.ts';

const attestBin = join(repoRoot, 'scripts/attest.mjs');
const dayMs = 86_400_000;
const scratch = mkdtempSync(join(tmpdir(), 'attest-honesty-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI; `clock` moves the process's clock (as a wrong system clock would). */
async function attest(args: string[], options: { clock?: Date; env?: NodeJS.ProcessEnv } = {}) {
  const env = {
    ...process.env,
    NO_COLOR: '1',
    ...(options.clock ? pinnedClockEnv(options.clock) : {}),
    ...options.env,
  };
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [attestBin, ...args], { env });
    return { code: 0, stdout, stderr } satisfies Run;
  } catch (error) {
    const failed = error as Run;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr } satisfies Run;
  }
}

let copies = 0;
/** A fresh copy of one of the repository's organisations. */
function organisation(from = '.'): string {
  copies += 1;
  return copyOrganisation(from, join(scratch, `org-${copies}`));
}

/** Replaces `from` with `to` in a file of `dir`, failing loudly when `from` is not there. */
function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${file} has no ${from}`);
  writeFileSync(path, changed);
}

interface Published {
  code: number;
  log: string;
  trust: { controls: Array<{ id: string; status: string }> } & Record<string, unknown>;
  /** Every text file of the publication, joined. */
  text: string;
}

/** `attest build --skip-checks` from the stored results, and what it published. */
async function build(dir: string, options: { clock?: Date; env?: NodeJS.ProcessEnv } = {}) {
  const out = join(dir, 'dist');
  rmSync(out, { recursive: true, force: true });
  const run = await attest(['build', '--dir', dir, '--out', out, '--skip-checks'], options);
  const trustPath = join(out, 'trust.json');
  const texts: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(html|json|txt|xml)$/.test(entry.name)) texts.push(readFileSync(path, 'utf8'));
    }
  };
  if (existsSync(out)) walk(out);
  return {
    code: run.code,
    log: run.stdout + run.stderr,
    trust: existsSync(trustPath) ? JSON.parse(readFileSync(trustPath, 'utf8')) : { controls: [] },
    text: texts.join('\n'),
  } satisfies Published;
}

const statusOf = (published: Published, id: string) =>
  published.trust.controls.find((control) => control.id === id)?.status ?? 'not published';

/** `attest serve` on the real clock, resolved once it listens. */
function startServe(dir: string): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const child = spawn('node', [attestBin, 'serve', '--dir', dir, '--port', '0'], {
    env: { ...process.env, NO_COLOR: '1', ATTEST_RESULTS_POLL_MS: '200' },
  });
  let log = '';
  child.stderr?.on('data', (chunk) => {
    log += chunk;
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      log += chunk;
      const url = /at (http:\/\/\S+)/.exec(log)?.[1];
      if (url) resolve({ child, url, log: () => log });
    });
    child.on('close', (code) => reject(new Error(`serve exited ${code}: ${log}`)));
  });
}

async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Polls `probe` for up to `ms` until it returns something truthy. */
async function eventually<T>(probe: () => Promise<T>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await probe();
  while (!value && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await probe();
  }
  return value;
}

async function servedStatus(url: string, id: string): Promise<string> {
  const trust = (await (await fetch(new URL('/trust.json', url))).json()) as Published['trust'];
  return trust.controls.find((control) => control.id === id)?.status ?? 'not published';
}

async function openAlerts(dir: string): Promise<string[]> {
  const store = await openStore(databasePath(dir));
  try {
    return (await store.alerts.open()).map((alert) => alert.key);
  } finally {
    await store.close();
  }
}

/** A finding: what it replays, and a replay that returns whether the rule held and what it saw. */

const encryptionAtRest = 'encryption-at-rest';

/** Makes the workforce-access attestation one that expired ten days ago. */
function expireAttestation(dir: string): void {
  const day = (offset: number) => new Date(Date.now() + offset * dayMs).toISOString().slice(0, 10);
  edit(dir, 'controls/workforce-access.yaml', /date: \d{4}-\d\d-\d\d/, `date: ${day(-300)}`);
  edit(dir, 'controls/workforce-access.yaml', /expires: \d{4}-\d\d-\d\d/, `expires: ${day(-10)}`);
}
const driftDatabase = (dir: string) =>
  edit(dir, 'policies/evidence/database.yaml', 'encrypted: true', 'encrypted: false');

const findings: Finding[] = [
  {
    id: 'bomb',
    what: 'every bundled organisation publishes 400 days from now',
    replay: async () => {
      const later = new Date(Date.now() + 400 * dayMs);
      const refused: string[] = [];
      for (const from of repositoryOrganisations) {
        const published = await build(organisation(from), { clock: later });
        if (published.code !== 0) refused.push(from);
      }
      return {
        held: refused.length === 0,
        saw: refused.length
          ? `refused: ${refused.join(', ')}`
          : `${repositoryOrganisations.length} of ${repositoryOrganisations.length} published`,
      };
    },
  },
  {
    id: 'bomb-serve',
    what: 'serve with one expired attestation serves the rest and names it',
    replay: async () => {
      const dir = organisation();
      expireAttestation(dir);
      const server = await startServe(dir).catch(() => undefined);
      if (!server) return { held: false, saw: 'serve refused to start' };
      try {
        const overview = (await fetch(server.url)).status;
        const status = await servedStatus(server.url, 'workforce-access');
        const named = /Withheld[^\n]*\n\s+workforce-access: [^\n]*expired/.test(server.log());
        return {
          held: overview === 200 && status === 'not published' && named,
          saw: `overview ${overview}, claim ${status}, ${named ? 'named in the log' : 'not named'}`,
        };
      } finally {
        await stopServe(server.child);
      }
    },
  },
  {
    id: '1',
    what: 'a stored pass does not verify a stronger expectation',
    replay: async () => {
      const dir = organisation();
      await attest(['check', '--dir', dir, '--control', encryptionAtRest]);
      edit(
        dir,
        'controls/encryption-at-rest.yaml',
        'path: storage.encrypted',
        'path: storage.kmsKeyAlias',
      );
      edit(dir, 'controls/encryption-at-rest.yaml', 'equals: true', 'equals: alias/hsm-backed-key');
      const status = statusOf(await build(dir), encryptionAtRest);
      const check = await attest(['check', '--dir', dir, '--control', encryptionAtRest]);
      return {
        held: status !== 'verified' && check.code === 1,
        saw: `build: ${status}; check exits ${check.code}`,
      };
    },
  },
  {
    id: '2',
    what: 'serve withdraws a claim its newer evidence contradicts, with an alert',
    replay: async () => {
      const dir = organisation();
      const server = await startServe(dir);
      try {
        const before = await eventually(async () =>
          (await servedStatus(server.url, encryptionAtRest)) === 'verified' ? 'verified' : '',
        );
        driftDatabase(dir);
        await attest(['check', '--dir', dir, '--control', encryptionAtRest]);
        const after = await eventually(async () => {
          const status = await servedStatus(server.url, encryptionAtRest);
          return status === 'verified' ? '' : status;
        });
        const alerts = await openAlerts(dir);
        return {
          held:
            before === 'verified' && after !== '' && alerts.includes(`claim:${encryptionAtRest}`),
          saw: `${before || 'never verified'} → ${after || 'still verified'}; alerts: ${alerts.join(', ') || 'none'}`,
        };
      } finally {
        await stopServe(server.child);
      }
    },
  },
  {
    id: '3',
    what: 'a result dated 200 days ahead hides no newer failure',
    replay: async () => {
      const dir = organisation();
      await attest(['check', '--dir', dir, '--control', encryptionAtRest], {
        clock: new Date(Date.now() + 200 * dayMs),
      });
      driftDatabase(dir);
      await attest(['check', '--dir', dir, '--control', encryptionAtRest]);
      const published = await build(dir);
      const status = statusOf(published, encryptionAtRest);
      return {
        held: status !== 'verified',
        saw: published.code === 0 ? `published as ${status}` : 'build refused: the failure counts',
      };
    },
  },
  {
    id: '4',
    what: 'SOURCE_DATE_EPOCH 31 days back is not the evaluation clock',
    replay: async () => {
      const monthAgo = new Date(Date.now() - 31 * dayMs);
      const dir = organisation();
      await attest(['check', '--dir', dir, '--control', encryptionAtRest], { clock: monthAgo });
      const epoch = String(Math.floor(monthAgo.getTime() / 1000) + 60);
      const status = statusOf(
        await build(dir, { env: { SOURCE_DATE_EPOCH: epoch } }),
        encryptionAtRest,
      );
      return { held: status !== 'verified', saw: `31-day-old result published as ${status}` };
    },
  },
  {
    id: '5',
    what: 'results gathered with --resolve never verify a public claim',
    replay: async () => {
      const site = organisation();
      const built = await build(site);
      if (built.code !== 0) return { held: false, saw: 'could not build the site to check' };
      const port = await freePort();
      const server = serve({
        fetch: createApp({ distDir: join(site, 'dist') }).fetch,
        port,
        hostname: '127.0.0.1',
      });
      try {
        const dir = organisation();
        const id = 'web-security-headers';
        const check = await attest([
          'check',
          '--dir',
          dir,
          '--control',
          id,
          '--resolve',
          `127.0.0.1:127.0.0.1:${port}`,
        ]);
        const status = statusOf(await build(dir), id);
        return {
          held: check.code === 0 && status !== 'verified',
          saw: `check via --resolve exits ${check.code}; published as ${status}`,
        };
      } finally {
        server.close();
      }
    },
  },
  {
    id: '6a',
    what: 'check fails on a gated claim its evidence contradicts',
    replay: async () => {
      const dir = organisation();
      edit(dir, 'policies/evidence/kms-keys.json', /"automatic":\s*true/, '"automatic": false');
      const check = await attest(['check', '--dir', dir, '--control', 'key-management']);
      const built = await build(dir);
      return {
        held: check.code === 1 && built.code !== 0,
        saw: `check exits ${check.code}, build exits ${built.code}`,
      };
    },
  },
  {
    id: '6b',
    what: 'check fails on an expired attestation, as build does',
    replay: async () => {
      const dir = organisation();
      expireAttestation(dir);
      const check = await attest(['check', '--dir', dir]);
      const built = await build(dir);
      return {
        held: check.code === 1 && built.code !== 0,
        saw: `check exits ${check.code}, build exits ${built.code}`,
      };
    },
  },
  {
    id: '6c',
    what: 'failOnError blocks check and build on an errored check',
    replay: async () => {
      const dir = organisation();
      const closed = await freePort();
      edit(dir, 'controls/web-security-headers.yaml', '127.0.0.1:4321', `127.0.0.1:${closed}`);
      edit(
        dir,
        'policies/policy.yaml',
        /^onFailure: block$/m,
        'onFailure: block\nfailOnError: true',
      );
      const check = await attest(['check', '--dir', dir, '--control', 'web-security-headers']);
      const built = await build(dir);
      return {
        held: check.code === 1 && built.code !== 0,
        saw: `check exits ${check.code}, build exits ${built.code}`,
      };
    },
  },
  {
    id: 'noticeDays',
    what: 'no notice period is published unless declared (StudioFlow)',
    replay: async () => {
      const published = await build(organisation('examples/studioflow'));
      const said = /days[’'&#39;]* notice|notice period of \d|"noticeDays":\s*\d/i.test(
        published.text,
      );
      return {
        held: published.code === 0 && !said,
        saw: said ? 'a notice period is published' : 'none published',
      };
    },
  },
  {
    id: 'bounty',
    what: 'no bug bounty statement unless declared (StudioFlow)',
    replay: async () => {
      const published = await build(organisation('examples/studioflow'));
      const said = /bug[- ]bounty|paid bounty|"bounty":\s*\{/i.test(published.text);
      return {
        held: published.code === 0 && !said,
        saw: said ? 'a bounty statement is published' : 'none published',
      };
    },
  },
  {
    id: 'dates',
    what: "the organisation's declared page dates are published",
    replay: async () => {
      const published = await build(organisation());
      const updated = /"updated":\s*"2026-11-20"/.test(published.text);
      return { held: updated, saw: updated ? 'updated 2026-11-20 published' : 'not published' };
    },
  },
  {
    id: 'draft',
    what: 'the generated default DPA of a draft organisation is marked draft (StudioFlow)',
    replay: async () => {
      const dir = organisation('examples/studioflow');
      const published = await build(dir);
      const pdf = join(dir, 'data', 'gated-documents', 'dpa.pdf');
      if (!existsSync(pdf))
        return { held: false, saw: `no generated DPA (build exits ${published.code})` };
      const text = (await readPdf(readFileSync(pdf))).text;
      const marked = /\bdraft\b/i.test(text);
      return { held: marked, saw: marked ? 'DPA marked draft' : 'no draft marker' };
    },
  },
];

/** Statements the review found in the examples that their source pages do not make. */
const exampleStatements: Record<string, Array<[string, RegExp]>> = {
  studioflow: [
    [
      'database TLS claim',
      /Neon database over an encrypted|encrypted connection to (its|the) database/i,
    ],
    ['SCCs', /transferMechanism: sccs/],
  ],
  fotostudio: [
    ['SCCs', /transferMechanism: sccs/],
    ['TLS 1.2 minimum', /minVersion: TLSv1\.2/],
    ['public-access-block claim', /public[- ]access[- ]block/i],
    ['"exclusively in the EU/EEA"', /exclusively in the EU/i],
  ],
  rowstr: [
    ['recovery objectives on request', /available on request/i],
    ['Secure and HttpOnly cookies', /HttpOnly/i],
    ['invented supervisory authority', /supervisoryAuthority:/],
    ['SCCs', /transferMechanism: sccs/],
  ],
  clientflow: [
    ['SOC 2 not-held', /status: not-held/],
    ['GDPR self-assessed', /status: self-assessed/],
    ['SCCs', /transferMechanism: sccs/],
    ['overview document as a DPA', /^id: dpa$/m],
  ],
  picsui: [
    ['SCCs', /transferMechanism: sccs/],
    ['row_security check', /path:\s*\S*row_security/],
  ],
};

function sourceText(folder: string): string {
  const texts: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else texts.push(readFileSync(child, 'utf8'));
    }
  };
  walk(folder);
  return texts.join('\n');
}

for (const [example, statements] of Object.entries(exampleStatements)) {
  findings.push({
    id: example,
    what: `examples/${example} says no more than its page`,
    replay: async () => {
      const text = sourceText(join(repoRoot, 'examples', example));
      const found = statements.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
      return {
        held: found.length === 0,
        saw: found.length ? `still: ${found.join(', ')}` : `${statements.length} statements gone`,
      };
    },
  });
}

try {
  await replayFindings(findings);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
