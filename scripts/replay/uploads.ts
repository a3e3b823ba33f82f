// Findings of the resilience review (issue 13) about what users hand Attest: buyers'
// questionnaires (`attest answer` and the admin upload of `attest serve`) and organisation
// YAML (`attest validate`). Each replay runs the real CLI or the real server and reports
// exit code, message, wall time and peak memory. Run with `npm run bench:resilience uploads`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyOrganisation, repoRoot } from '../../engine/fs/test-organisations.ts';
import { loadOrganisation } from '../../engine/load/load-organisation.ts';
import { fixtureToday, minimalOrganisation } from '../../engine/load/test-fixture.ts';
import { answerQuestion } from '../../engine/questionnaire/answer-question.ts';
import { createKnowledge } from '../../engine/questionnaire/knowledge.ts';
import {
  buildZip,
  deflatedZeros,
  honestPart,
  lyingWorkbook,
} from '../../engine/questionnaire/test-support/lying-zip.ts';
import { repositorySnapshot } from '../../engine/questionnaire/test-support/snapshot.ts';
import { signIn } from '../../engine/server/test-support.ts';
import { databasePath } from '../../engine/store/database-path.ts';
import { openStore } from '../../engine/store/open-store.ts';
import type { Finding } from './finding.ts';
import { type Served, serveForReplay } from './serve-once.ts';

const megabyte = 1024 * 1024;
const gibibyte = 1024 * megabyte;

/** Peak memory above which a replay counts as broken: a few times a normal run. */
const memoryBudgetMb = 600;
/** Growth of a running server's peak memory above which an upload counts as broken. */
const memoryGrowthBudgetMb = 200;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident memory of the CLI process, in MB. */
  peakMb: number;
}

let preloadFile: string | undefined;

/** A preload that prints the process's peak memory on exit, so a spawned CLI reports it. */
function peakMemoryPreload(): string {
  if (preloadFile) return preloadFile;
  const dir = mkdtempSync(join(tmpdir(), 'attest-replay-uploads-'));
  preloadFile = join(dir, 'peak-memory.mjs');
  writeFileSync(
    preloadFile,
    "process.on('exit', () => process.stderr.write(`\\nreplay-peak-kb=${process.resourceUsage().maxRSS}\\n`));\n",
  );
  return preloadFile;
}

/** Runs `node scripts/attest.mjs …` in `cwd`, with a time limit, measuring time and memory. */
function runCli(args: string[], cwd: string, timeoutMs = 120_000): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'attest.mjs'), ...args], {
      cwd,
      env: {
        ...process.env,
        NO_COLOR: '1',
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${peakMemoryPreload()}`.trim(),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const peak = /replay-peak-kb=(\d+)/.exec(stderr);
      resolve({
        code,
        stdout,
        stderr: stderr.replace(/\n?replay-peak-kb=\d+\n/, ''),
        seconds: (performance.now() - started) / 1000,
        peakMb: peak?.[1] ? Number(peak[1]) / 1024 : Number.NaN,
      });
    });
  });
}

const cost = (run: { seconds: number; peakMb: number }) =>
  `${run.seconds.toFixed(1)} s, peak ${Math.round(run.peakMb)} MB`;

const firstLine = (text: string, pattern: RegExp) =>
  text.split('\n').find((line) => pattern.test(line)) ?? text.trim().split('\n').slice(-1)[0] ?? '';

/**
 * A workbook whose end record counts two parts while a third, the 1 GiB sheet, sits in the
 * directory after them, where a zip reader still finds it.
 */
function hiddenRecordWorkbook(): Uint8Array<ArrayBuffer> {
  const bytes = buildZip([
    honestPart('[Content_Types].xml', '<Types/>'),
    honestPart('xl/workbook.xml', '<workbook/>'),
    { name: 'xl/worksheets/sheet1.xml', deflated: deflatedZeros(gibibyte), declaredBytes: 4096 },
  ]);
  const view = new DataView(bytes.buffer);
  view.setUint16(bytes.length - 22 + 8, 2, true);
  view.setUint16(bytes.length - 22 + 10, 2, true);
  return bytes;
}

/** `attest answer` on a hostile workbook: exit 2, `expected` in the message, little memory. */
async function answerHostileWorkbook(
  bomb: Uint8Array,
  expected: string,
): Promise<{ held: boolean; saw: string }> {
  const work = mkdtempSync(join(tmpdir(), 'attest-replay-uploads-'));
  try {
    writeFileSync(join(work, 'vendor.xlsx'), bomb);
    const org = copyOrganisation('.', join(work, 'org'));
    const run = await runCli(['answer', 'vendor.xlsx', '--dir', org], work);
    const line = firstLine(run.stderr, /vendor\.xlsx/);
    const held = run.code === 2 && line.includes(expected) && run.peakMb < memoryBudgetMb;
    return {
      held,
      saw: `${(bomb.length / megabyte).toFixed(2)} MB file → exit ${run.code}, ${cost(run)}: ${line}`,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

let served: Promise<Served> | undefined;

/** Starts `attest serve` on a copy of the bundled organisation once; stopped on exit. */
function server(): Promise<Served> {
  served ??= startServer();
  return served;
}

async function startServer(): Promise<Served> {
  const dir = copyOrganisation('.', mkdtempSync(join(tmpdir(), 'attest-replay-uploads-serve-')));
  return serveForReplay(dir);
}

/** Peak resident memory of a running process (Linux), in MB. */
function peakMemoryOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const peak = /VmHWM:\s+(\d+) kB/.exec(status);
  return peak?.[1] ? Number(peak[1]) / 1024 : Number.NaN;
}

/** Uploads a lying workbook to the admin questionnaire route of a real `attest serve`. */
async function uploadLyingWorkbook(): Promise<{ held: boolean; saw: string }> {
  const { origin, pid, dir } = await server();
  const store = await openStore(databasePath(dir));
  const sales = await signIn(store, { email: 'replay-sales@acme.example', role: 'sales' });
  await store.close();
  // Just under the 5 MiB upload limit; every header says the sheet holds 4 KiB.
  const bomb = lyingWorkbook(4.9 * gibibyte);
  const form = new FormData();
  form.set('_csrf', sales.csrf);
  form.set('file', new Blob([bomb]), 'vendor.xlsx');
  const before = peakMemoryOf(pid);
  const started = performance.now();
  const response = await fetch(`${origin}/admin/questionnaires`, {
    method: 'POST',
    body: form,
    headers: { Origin: origin, Cookie: sales.cookie },
    signal: AbortSignal.timeout(120_000),
  });
  const body = await response.text();
  const seconds = (performance.now() - started) / 1000;
  const after = peakMemoryOf(pid);
  const alive = (await fetch(`${origin}/`).catch(() => undefined))?.status;
  const reason = /vendor\.xlsx expands beyond the limit[^<]*/.exec(body)?.[0] ?? body.slice(0, 120);
  return {
    held:
      response.status === 400 &&
      reason.startsWith('vendor.xlsx') &&
      alive === 200 &&
      after - before < memoryGrowthBudgetMb,
    saw: `${(bomb.length / megabyte).toFixed(2)} MB upload → HTTP ${response.status} in ${seconds.toFixed(1)} s, server peak ${Math.round(before)} → ${Math.round(after)} MB, still serving (${alive}): ${reason.trim()}`,
  };
}

/** `attest validate` on a copy of the bundled organisation with one control file added. */
async function validateWith(
  name: string,
  text: string,
): Promise<{ run: CliRun; line: string; file: string }> {
  const work = mkdtempSync(join(tmpdir(), 'attest-replay-uploads-'));
  try {
    const org = copyOrganisation('.', join(work, 'org'));
    writeFileSync(join(org, 'controls', name), text);
    const run = await runCli(['validate', '--dir', org], work);
    const file = `controls/${name}`;
    const line = firstLine(run.stdout + run.stderr, new RegExp(file.replace('.', '\\.')));
    return { run, line: line.trim(), file };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `attest validate` on a copy of the bundled organisation with one control edited. */
async function validateEdited(
  edit: (text: string) => string,
): Promise<{ run: CliRun; lines: string[] }> {
  const work = mkdtempSync(join(tmpdir(), 'attest-replay-uploads-'));
  try {
    const org = copyOrganisation('.', join(work, 'org'));
    const file = join(org, 'controls', 'encryption-in-transit.yaml');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    const run = await runCli(['validate', '--dir', org], work);
    const lines = (run.stdout + run.stderr)
      .split('\n')
      .filter(
        (line) => line.includes('controls/encryption-in-transit.yaml') && / error /.test(line),
      )
      .map((line) => line.trim().replace(/\s+/g, ' '));
    return { run, lines };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export const findings: Finding[] = [
  {
    id: '2 answer',
    what: '`attest answer` refuses a 4.99 MB xlsx whose sheet inflates to 4.9 GiB (headers say 4 KiB), exit 2, little memory',
    replay: () =>
      answerHostileWorkbook(lyingWorkbook(4.9 * gibibyte), 'vendor.xlsx expands beyond the limit'),
  },
  {
    id: '2 answer 1 MB',
    what: '`attest answer` refuses a 1 MB lying xlsx (1 GiB inflated) without the 1.2 GB it used to cost',
    replay: () =>
      answerHostileWorkbook(lyingWorkbook(gibibyte), 'vendor.xlsx expands beyond the limit'),
  },
  {
    id: '2 hidden record',
    what: '`attest answer` refuses a 1 MB xlsx that hides its 1 GiB sheet beyond the directory count it declares',
    replay: () => answerHostileWorkbook(hiddenRecordWorkbook(), 'its zip structure is damaged'),
  },
  {
    id: '2 upload',
    what: 'the admin upload of `attest serve` answers a 4.99 MB lying xlsx with a 400 naming why, and keeps serving',
    replay: uploadLyingWorkbook,
  },
  {
    id: '3 2 MB of [',
    what: '`attest validate` refuses a 2 MB YAML file of `[` by size, fast and small',
    replay: async () => {
      const { run, line } = await validateWith(
        'brackets.yaml',
        `id: brackets\nclaim: ${'['.repeat(2_000_000)}\n`,
      );
      return {
        held:
          run.code === 1 &&
          line.includes('file-too-large') &&
          run.seconds < 5 &&
          run.peakMb < memoryBudgetMb,
        saw: `exit ${run.code}, ${cost(run)}: ${line}`,
      };
    },
  },
  {
    id: '3 nesting',
    what: '`attest validate` refuses 999 KB of nested `[` at the bracket that goes too deep, fast and small',
    replay: async () => {
      const { run, line, file } = await validateWith(
        'brackets.yaml',
        `id: brackets\nclaim: ${'['.repeat(999_000)}\n`,
      );
      return {
        held:
          run.code === 1 &&
          line.includes(`${file}:2:71 `) &&
          line.includes('yaml-too-deep') &&
          run.seconds < 5 &&
          run.peakMb < memoryBudgetMb,
        saw: `exit ${run.code}, ${cost(run)}: ${line}`,
      };
    },
  },
  {
    id: '3 long-lived',
    what: 'a long-lived process loads 10 files of 999 KB nested `[` (as `attest serve` reloading would) and survives',
    replay: async () => {
      const started = performance.now();
      const files = [...minimalOrganisation()];
      for (let index = 0; index < 10; index++)
        files.push({
          path: `controls/deep-${index}.yaml`,
          text: `id: deep-${index}\nclaim: ${'['.repeat(999_000)}\n`,
        });
      const { diagnostics } = loadOrganisation(files, { today: fixtureToday });
      const deep = diagnostics.filter((d) => d.code === 'yaml-too-deep').length;
      const seconds = (performance.now() - started) / 1000;
      return {
        held: deep === 10,
        saw: `${deep} of 10 files refused as yaml-too-deep in ${seconds.toFixed(2)} s; process alive`,
      };
    },
  },
  {
    id: 'unknown check type',
    what: '`check: htss` is named, with did-you-mean `hsts`',
    replay: async () => {
      const { lines, run } = await validateEdited((text) =>
        text.replace(/check: config\b/, 'check: htss'),
      );
      const suggests = `${run.stdout}${run.stderr}`.includes('did you mean "hsts"?');
      return {
        held: lines.length === 1 && lines[0]?.includes('"htss"') === true && suggests,
        saw: `${lines.join(' | ') || 'no error reported'}${suggests ? ' — hint: did you mean "hsts"?' : ''}`,
      };
    },
  },
  {
    id: 'misspelt key',
    what: '`visiblity:` gives one error, the unknown key with did-you-mean `visibility`',
    replay: async () => {
      const { lines, run } = await validateEdited((text) =>
        text.replace(/^visibility:/m, 'visiblity:'),
      );
      const all = `${run.stdout}${run.stderr}`;
      return {
        held:
          lines.length === 1 &&
          lines[0]?.includes('visiblity') === true &&
          all.includes('did you mean "visibility"'),
        saw: lines.join(' | ') || 'no error reported',
      };
    },
  },
  {
    id: 'unclosed quote',
    what: 'an unclosed quote is reported where it opens',
    replay: async () => {
      const { lines } = await validateEdited((text) => text.replace(/^title: /m, 'title: "'));
      return {
        held:
          lines.length === 1 &&
          /encryption-in-transit\.yaml:\d+:8 /.test(lines[0] ?? '') &&
          !/:\d+:1 /.test(lines[0] ?? ''),
        saw: lines.join(' | ') || 'no error reported',
      };
    },
  },
  {
    id: 'confidence threshold',
    what: 'an answer below the confidence threshold stays blank and flagged for review',
    replay: async () => {
      const knowledge = createKnowledge(await repositorySnapshot('.'));
      const question = { text: 'Are encryption keys rotated automatically?' };
      const given = answerQuestion(knowledge, question);
      const withheld = answerQuestion(knowledge, question, given.confidence + 0.01);
      return {
        held: given.answer !== 'blank' && withheld.answer === 'blank' && withheld.needsReview,
        saw: `at confidence ${given.confidence.toFixed(2)}: "${given.answer}" under the default threshold; "${withheld.answer}" (review: ${withheld.needsReview}) under ${(given.confidence + 0.01).toFixed(2)}`,
      };
    },
  },
];
