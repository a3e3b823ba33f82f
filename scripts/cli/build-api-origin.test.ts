import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOrganisation } from '../../engine/fs/test-organisations.ts';
import {
  contentSecurityPolicy,
  securityHeaderTable,
  strictTransportSecurity,
} from '../../engine/render/security-headers.ts';
import { type AttestRun, runAttest } from './test-support/run-attest.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-api-origin-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const apiOrigin = 'https://api.trust.example';

/** Every `action="…"` of the forms in an HTML page. */
/** Where the page's POST forms send their data (the overview's GET filter never submits). */
function formActions(html: string): string[] {
  return [...html.matchAll(/<form\b[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => /\bmethod="post"/i.test(tag))
    .map((tag) => /\baction="([^"]*)"/.exec(tag)?.[1] ?? '');
}

describe('attest build with ATTEST_API_ORIGIN (the static export on a CDN)', () => {
  const dir = join(scratch, 'org');
  const dist = join(dir, 'dist');
  let build: AttestRun;
  const read = (path: string) => readFileSync(join(dist, path), 'utf8');

  beforeAll(async () => {
    copyOrganisation('.', dir);
    build = await runAttest(['build', '--dir', dir, '--skip-checks'], scratch, {
      ATTEST_API_ORIGIN: `${apiOrigin}`,
    });
  }, 180_000);

  it('points every form of the static pages at the API origin', () => {
    expect(build.code, build.stderr).toBe(0);
    const actions = [
      'subprocessors/index.html',
      'documents/index.html',
      'disclosure/index.html',
    ].flatMap((page) => formActions(read(page)));
    expect(actions).toEqual(
      expect.arrayContaining([
        `${apiOrigin}/api/subscribe`,
        `${apiOrigin}/api/access-requests`,
        `${apiOrigin}/api/reports`,
      ]),
    );
    const pages = readdirSync(dist, { recursive: true })
      .map(String)
      .filter((path) => path.endsWith('.html'));
    for (const page of pages)
      for (const action of formActions(read(page)))
        expect(action, page).toMatch(/^https:\/\/api\.trust\.example\/api\//);
  });

  it('allows exactly the API origin as form-action, in the page and in _headers', () => {
    expect(build.code, build.stderr).toBe(0);
    const policy = contentSecurityPolicy({ formOrigin: apiOrigin });
    expect(policy).toContain(`form-action ${apiOrigin};`);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(
      read('index.html'),
    )?.[1];
    expect(meta?.replaceAll('&#39;', "'")).toBe(policy.replace("; frame-ancestors 'none'", ''));
    expect(meta).not.toContain('frame-ancestors');

    const headers = read('_headers');
    expect(headers).toMatch(/^\/\*\n/m);
    expect(headers).toContain(`  Content-Security-Policy: ${policy}\n`);
    for (const [name, value] of securityHeaderTable({ formOrigin: apiOrigin }))
      expect(headers).toContain(`  ${name}: ${value}\n`);
    expect(headers).toContain(`  Strict-Transport-Security: ${strictTransportSecurity}\n`);
    expect(headers).toMatch(
      /^\/\.well-known\/security\.txt\n {2}Content-Type: text\/plain; charset=utf-8$/m,
    );
  });

  it('writes the nginx snippet with the same headers, and both files are part of DIST', () => {
    expect(build.code, build.stderr).toBe(0);
    const nginx = read('attest-headers.nginx.conf');
    for (const [name, value] of securityHeaderTable({ formOrigin: apiOrigin }))
      expect(nginx).toContain(`add_header ${name} "${value}" always;\n`);
    expect(nginx).toContain('location = /.well-known/security.txt {');
    // DIST is the published version the atomic writer verified, with exactly these files.
    expect(readdirSync(dist)).toEqual(
      expect.arrayContaining(['_headers', 'attest-headers.nginx.conf', 'index.html']),
    );
  });

  it('refuses a bad ATTEST_API_ORIGIN with exit 2 and a message that says how to fix it', async () => {
    const other = join(scratch, 'bad');
    const bad = await runAttest(['build', '--dir', dir, '--out', other, '--skip-checks'], scratch, {
      ATTEST_API_ORIGIN: 'http://api.trust.example/forms',
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'ATTEST_API_ORIGIN must be an origin such as https://api.trust.example (http only for localhost or 127.0.0.1)',
    );
    expect(existsSync(other)).toBe(false);
  });

  it('refuses a bad ATTEST_SITE_ORIGIN at `attest serve` with exit 2, before publishing anything', async () => {
    const bad = await runAttest(['serve', '--dir', dir, '--port', '0'], scratch, {
      ATTEST_SITE_ORIGIN: 'http://trust.example.com',
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '"http://trust.example.com" uses http for a host other than localhost; use https.',
    );
    expect(bad.stderr).not.toContain('Publishing');
  });
});
