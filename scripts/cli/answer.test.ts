import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { copyOrganisation, repoRoot } from '../../engine/fs/test-organisations.ts';
import { lyingWorkbook } from '../../engine/questionnaire/test-support/lying-zip.ts';
import {
  loadRepositoryModel,
  uniformResults,
} from '../../engine/questionnaire/test-support/snapshot.ts';
import { buildWorkbook, readTestset } from '../../engine/questionnaire/test-support/testset.ts';
import { databasePath } from '../../engine/store/database-path.ts';
import { openStore } from '../../engine/store/open-store.ts';
import { testNow } from '../../engine/test-support/clock.ts';
import { runAttest } from './test-support/run-attest.ts';

const testset = readTestset();

describe('attest answer', () => {
  it('writes <name>.answered.xlsx next to the input and prints the summary', async () => {
    const work = mkdtempSync(join(tmpdir(), 'attest-answer-'));
    const { bytes } = await buildWorkbook('caiq', testset.caiq.slice(0, 12));
    writeFileSync(join(work, 'buyer.xlsx'), bytes);
    // A copy without data/: the repository's own database may hold results from earlier runs.
    const org = copyOrganisation('.', join(work, 'org'));
    const run = await runAttest(['answer', 'buyer.xlsx', '--dir', org], work);
    expect(run.stderr).toMatch(/No stored check results/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/CAIQv4\.0\.3\s+caiq\s+12/);
    expect(run.stdout).toMatch(
      /12 questions: \d+ answered \(yes \d+, no \d+, n\/a \d+, described \d+\), \d+ need review\./,
    );
    expect(run.stdout).toContain(join(work, 'buyer.answered.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      readFileSync(join(work, 'buyer.answered.xlsx')) as unknown as ArrayBuffer,
    );
    expect(workbook.getWorksheet('Attest review')?.actualRowCount).toBe(13);
  }, 60_000);

  it('answers a CSV with named columns into JSON at --out', async () => {
    const work = mkdtempSync(join(tmpdir(), 'attest-answer-'));
    writeFileSync(
      join(work, 'sheet.csv'),
      'Topic,Ask,Reply\nSecurity,Do you store passwords in plaintext?,\nCompliance,Are you HIPAA compliant?,\n',
    );
    const run = await runAttest(
      [
        'answer',
        'sheet.csv',
        '--dir',
        copyOrganisation('.', join(work, 'org')),
        '--question-col',
        'Ask',
        '--answer-col',
        'C',
        '--format',
        'json',
        '--out',
        'out.json',
      ],
      work,
    );
    expect(run.code).toBe(0);
    const output = JSON.parse(readFileSync(join(work, 'out.json'), 'utf8'));
    expect(output.answers.map((a: { question: string }) => a.question)).toEqual([
      'Do you store passwords in plaintext?',
      'Are you HIPAA compliant?',
    ]);
    // With no stored results, the password control is unverified; the HIPAA answer rests on a certification.
    expect(output.answers[0]).toMatchObject({ answer: null, needsReview: true });
    expect(output.answers[1]).toMatchObject({ answer: 'no', source: 'certification' });
  }, 60_000);

  it('answers from the newest stored check results: passing checks give "Yes", failing ones never', async () => {
    const work = copyOrganisation('.', mkdtempSync(join(tmpdir(), 'attest-answer-')));
    const model = await loadRepositoryModel('.');
    const now = testNow;
    const store = await openStore(databasePath(work));
    await store.checkHistory.saveRun({
      organisation: model.profile.name,
      startedAt: now.toISOString(),
      finishedAt: now.toISOString(),
      gitCommit: undefined,
      results: [
        ...uniformResults(model, 'pass', (id) => id !== 'encryption-at-rest', now),
        ...uniformResults(model, 'fail', (id) => id === 'encryption-at-rest', now),
      ],
    });
    await store.close();
    writeFileSync(
      join(work, 'q.csv'),
      'Question,Answer\nIs customer data encrypted in transit?,\nIs customer data encrypted at rest?,\n',
    );
    const run = await runAttest(['answer', 'q.csv', '--format', 'json'], work);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/No stored check results/);
    expect(run.stderr).toMatch(
      /warning: the control answer "Is customer data encrypted at rest\?" rests on encryption-at-rest, which is (failing|withheld)/,
    );
    const output = JSON.parse(readFileSync(join(work, 'q.answered.json'), 'utf8'));
    expect(output.answers.map((a: { answer: string | null }) => a.answer)).toEqual(['yes', null]);
  }, 60_000);

  it('refuses a bad file with a clear message and exit 2, without a stack trace', async () => {
    const work = mkdtempSync(join(tmpdir(), 'attest-answer-'));
    const ole = new Uint8Array(2048);
    ole.set([0xd0, 0xcf, 0x11, 0xe0]);
    writeFileSync(join(work, 'locked.xlsx'), ole);
    const locked = await runAttest(['answer', 'locked.xlsx', '--dir', repoRoot], work);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toMatch(/locked\.xlsx is password-protected/);
    expect(locked.stderr).not.toMatch(/\n\s+at /);
    const missing = await runAttest(['answer', '--dir', repoRoot], work);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/name the questionnaire/);
  }, 60_000);

  it('refuses a workbook whose zip headers lie about its size, with exit 2 naming the file', async () => {
    const work = mkdtempSync(join(tmpdir(), 'attest-answer-'));
    writeFileSync(join(work, 'vendor.xlsx'), lyingWorkbook(256 * 1024 * 1024));
    const run = await runAttest(['answer', 'vendor.xlsx', '--dir', repoRoot], work);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'attest: vendor.xlsx expands beyond the limit: its zip headers say xl/worksheets/sheet1.xml holds 4.0 KB, but it inflates to more.',
    );
  }, 60_000);
});

/** An organisation copy whose automated checks all passed just now, in `work/org`. */
async function provenOrganisation(work: string): Promise<string> {
  const org = copyOrganisation('.', join(work, 'org'));
  const model = await loadRepositoryModel('.');
  const store = await openStore(databasePath(org));
  await store.checkHistory.saveRun({
    organisation: model.profile.name,
    startedAt: testNow.toISOString(),
    finishedAt: testNow.toISOString(),
    gitCommit: undefined,
    results: uniformResults(model, 'pass', undefined, testNow),
  });
  await store.close();
  return org;
}

/** A questionnaire answered by hand, as real .xlsx bytes: question, answer, comment. */
async function answeredWorkbook(rows: ReadonlyArray<[string, string, string]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Security');
  sheet.addRow(['Question', 'Answer', 'Comments']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('attest answer --learn', () => {
  const learnedQuestion = 'Are audit logs reviewed by a person every week?';

  it('reports contradictions (exit 1), proposes FAQ entries as a diff, and writes nothing', async () => {
    const work = mkdtempSync(join(tmpdir(), 'attest-learn-'));
    const org = await provenOrganisation(work);
    const before = readFileSync(join(org, 'policies/faq.yaml'), 'utf8');
    writeFileSync(
      join(work, 'reviewed.xlsx'),
      await answeredWorkbook([
        ['Is customer data encrypted at rest?', 'Yes', ''],
        ['Are you HIPAA compliant?', 'Yes', 'We sign BAAs on request.'],
        [learnedQuestion, 'Yes', 'A security engineer reviews the audit log every Monday.'],
        ['Do you carry cyber insurance?', 'Yes', 'EUR 5m of cyber liability cover.'],
        ['Do you maintain an inventory of assets?', '', ''],
      ]),
    );
    const run = await runAttest(['answer', '--learn', 'reviewed.xlsx', '--dir', org], work);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'reviewed.xlsx: 5 questions, 4 answered by people: 1 known, 0 held back, 1 proposal, 1 contradiction, 1 needs a control.',
    );
    expect(run.stdout).toMatch(
      /reviewed\.xlsx, sheet "Security", row 3: Are you HIPAA compliant\?\n {4}answered: Yes — We sign BAAs on request\.\n {4}Attest: {3}No — HIPAA: not held\..*\n {4}cites: {4}certification hipaa /,
    );
    expect(run.stdout).toContain(
      [
        '+  - question: Are audit logs reviewed by a person every week?',
        '+    answer: A security engineer reviews the audit log every Monday.',
        '+    short: "yes"',
        '+    controls: [audit-logging',
      ].join('\n'),
    );
    expect(run.stdout).toContain('Not written: run again with --accept');
    expect(run.stdout).toMatch(/cyber-insurance\s+1\s+Do you carry cyber insurance\?/);
    expect(run.stdout).toMatch(/asset-inventory\s+1\s+Do you maintain an inventory of assets\?/);
    expect(readFileSync(join(org, 'policies/faq.yaml'), 'utf8')).toBe(before);
  }, 60_000);

  it('with --accept writes faq.yaml keeping its comments, and the next answer comes from the FAQ', async () => {
    const work = mkdtempSync(join(tmpdir(), 'attest-learn-'));
    const org = await provenOrganisation(work);
    const before = readFileSync(join(org, 'policies/faq.yaml'), 'utf8');
    expect(before).toMatch(/^# yaml-language-server: /);
    writeFileSync(
      join(work, 'reviewed.xlsx'),
      await answeredWorkbook([
        [learnedQuestion, 'Yes', 'A security engineer reviews the audit log every Monday.'],
      ]),
    );
    const learn = await runAttest(
      ['answer', '--learn', 'reviewed.xlsx', '--dir', org, '--accept'],
      work,
    );
    expect(learn.code).toBe(0);
    expect(learn.stdout).toContain('Written to org/policies/faq.yaml.');
    const after = readFileSync(join(org, 'policies/faq.yaml'), 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect((await runAttest(['validate', '--dir', org], work)).code).toBe(0);

    writeFileSync(join(work, 'next.csv'), `Question,Answer\n${learnedQuestion},\n`);
    const answer = await runAttest(
      ['answer', 'next.csv', '--dir', org, '--format', 'json', '--out', 'next.json'],
      work,
    );
    expect(answer.code).toBe(0);
    const output = JSON.parse(readFileSync(join(work, 'next.json'), 'utf8'));
    expect(output.answers[0]).toMatchObject({ answer: 'yes', source: 'faq' });

    // Learning the same file again finds nothing new.
    const again = await runAttest(['answer', '--learn', 'reviewed.xlsx', '--dir', org], work);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('1 known, 0 held back, 0 proposals');
    expect(again.stdout).toContain('No FAQ entries to propose.');
  }, 60_000);

  it('refuses to write entries the organisation would not validate with, and says why', async () => {
    const work = mkdtempSync(join(tmpdir(), 'attest-learn-'));
    const org = await provenOrganisation(work);
    // An internal control answers the question "no": invisible to answers, not to validate.
    const internal = join(org, 'controls/endpoint-security.yaml');
    writeFileSync(
      internal,
      readFileSync(internal, 'utf8').replace(
        'answers:\n',
        `answers:\n  - question: ${learnedQuestion}\n    answer: "no"\n`,
      ),
    );
    const before = readFileSync(join(org, 'policies/faq.yaml'), 'utf8');
    writeFileSync(
      join(work, 'reviewed.xlsx'),
      await answeredWorkbook([
        [learnedQuestion, 'Yes', 'A security engineer reviews the audit log every Monday.'],
      ]),
    );
    const run = await runAttest(
      ['answer', '--learn', 'reviewed.xlsx', '--dir', org, '--accept'],
      work,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/answer-contradiction/);
    expect(run.stderr).toContain(
      'org/policies/faq.yaml was not written: with these entries the organisation would not validate (above).',
    );
    expect(readFileSync(join(org, 'policies/faq.yaml'), 'utf8')).toBe(before);
  }, 60_000);

  it('refuses a bad file or a stray option with exit 2', async () => {
    const work = mkdtempSync(join(tmpdir(), 'attest-learn-'));
    writeFileSync(join(work, 'notes.xlsx'), 'not a workbook');
    const bad = await runAttest(['answer', '--learn', 'notes.xlsx', '--dir', repoRoot], work);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/notes\.xlsx is not an \.xlsx workbook or a CSV file/);
    const both = await runAttest(
      ['answer', 'a.xlsx', '--learn', 'b.xlsx', '--dir', repoRoot],
      work,
    );
    expect(both.code).toBe(2);
    const stray = await runAttest(['answer', 'a.xlsx', '--accept', '--dir', repoRoot], work);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--accept goes with --learn FILE/);
  }, 60_000);
});
