import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/fs/test-organisations.ts';
import { runAttest } from './test-support/run-attest.ts';
import { startServe } from './test-support/serve-process.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-init-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const flags = [
  '--name',
  'Acme Cloud',
  '--url',
  'https://acme.example',
  '--contact',
  'security@acme.example',
];

/** The `$schema` each scaffolded YAML file names, resolved against the file's folder. */
function schemaReferences(dir: string, files: string[]): Array<{ file: string; schema: string }> {
  return files.map((file) => {
    const first = readFileSync(join(dir, file), 'utf8').split('\n')[0] ?? '';
    const reference = /^# yaml-language-server: \$schema=(\S+)$/.exec(first)?.[1];
    if (!reference) throw new Error(`${file} names no $schema: ${first}`);
    return { file, schema: reference };
  });
}

describe('attest init', () => {
  it('scaffolds, in a fresh directory of another repository, an organisation that validates and builds at once', async () => {
    // Another company's repository, with Attest installed as a dev dependency.
    const repo = join(scratch, 'acme');
    mkdirSync(join(repo, 'node_modules'), { recursive: true });
    writeFileSync(join(repo, 'package.json'), '{ "private": true }\n');
    symlinkSync(repoRoot, join(repo, 'node_modules/attest'));

    const init = await runAttest(['init', 'trust', ...flags], repo);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('Created the organisation "Acme Cloud" in trust:');
    expect(init.stdout).toContain('  attest validate --dir trust   # check every file');
    const dir = join(repo, 'trust');
    expect(readFileSync(join(dir, 'policies/trust-center.yaml'), 'utf8')).toContain(
      'name: "Acme Cloud"',
    );

    // Every $schema points at the installed package's JSON Schema of the right format.
    const written = init.stdout.match(/^ {2}\S+\.yaml$/gm)?.map((line) => line.trim()) ?? [];
    expect(written).toContain('controls/vulnerability-disclosure.yaml');
    for (const { file, schema } of schemaReferences(dir, written)) {
      expect(schema, file).toMatch(/^\.\.\/\.\.\/node_modules\/attest\/engine\/schema\/json\//);
      const target = resolve(dirname(join(dir, file)), schema);
      expect(existsSync(target), `${file} → ${schema}`).toBe(true);
      const kind = file.startsWith('controls/')
        ? 'control'
        : /policies\/(.+)\.yaml$/.exec(file)?.[1];
      expect(schema.endsWith(`/${kind}.schema.json`), file).toBe(true);
    }

    const validate = await runAttest(['validate', '--dir', 'trust'], repo);
    expect(validate.stdout).toContain('✓ no problems (2 controls, 5 files read)');
    expect(validate.code).toBe(0);

    const build = await runAttest(['build', '--dir', 'trust'], repo);
    expect(build.stderr).not.toMatch(/error/i);
    expect(build.code).toBe(0);
    const page = readFileSync(join(dir, 'dist/index.html'), 'utf8');
    expect(page).toContain('Acme Cloud');
    expect(page).toContain('Vulnerability disclosure');
    expect(readFileSync(join(dir, 'dist/.well-known/security.txt'), 'utf8')).toContain(
      'Contact: mailto:security@acme.example',
    );
    const published = readFileSync(join(dir, 'dist/schema/v1/control.schema.json'), 'utf8');
    expect(published).toBe(
      readFileSync(join(repoRoot, 'engine/schema/json/control.schema.json'), 'utf8'),
    );
    expect(existsSync(join(dir, 'dist/schema/trust-center.schema.json'))).toBe(true);
  });

  it('serves the new organisation, JSON Schemas included, and points $schema at a hosted copy on request', async () => {
    const dir = join(scratch, 'hosted');
    const init = await runAttest(
      ['init', dir, ...flags, '--schema-url', 'https://trust.acme.example/schema/v1/'],
      scratch,
    );
    expect(init.code).toBe(0);
    expect(readFileSync(join(dir, 'controls/encryption-in-transit.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/trust\.acme\.example\/schema\/v1\/control\.schema\.json\n/,
    );
    const server = await startServe(['--dir', dir, '--port', '0'], { cwd: scratch });
    try {
      const response = await fetch(`${server.url}/schema/v1/policy.schema.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      const schema = (await response.json()) as { title: string };
      expect(schema.title).toMatch(/policy/i);
      expect((await fetch(`${server.url}/`)).status).toBe(200);
    } finally {
      server.child.kill();
    }
  });

  it.skipIf(!existsSync('/usr/bin/script'))(
    'asks on a terminal, again after an unusable answer, offering defaults derived from the answers',
    async () => {
      const dir = join(scratch, 'interactive');
      mkdirSync(dir);
      // `script` gives the CLI a pseudo-terminal, as a person at a shell would.
      const command = `node ${JSON.stringify(join(repoRoot, 'scripts/attest.mjs'))} init`;
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1' },
      });
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
      });
      child.stdin.end('Acme Interactive\nnot-a-url\nhttps://acme-i.example\n\n');
      const code = await new Promise((resolveExit) => child.on('close', resolveExit));
      expect(code).toBe(0);
      expect(output).toContain('Organisation name (interactive):');
      expect(output).toContain('Website URL (https://acme-interactive.example):');
      expect(output).toContain('write a full URL such as https://example.com');
      expect(output).toContain('Security contact email (security@acme-i.example):');
      expect(readFileSync(join(dir, 'policies/trust-center.yaml'), 'utf8')).toContain(
        'name: "Acme Interactive"\nlegalName: "Acme Interactive"\nwebsite: https://acme-i.example\n',
      );
      expect(readFileSync(join(dir, 'policies/disclosure.yaml'), 'utf8')).toContain(
        'email: security@acme-i.example',
      );
    },
  );

  it('refuses to overwrite existing files, names them and writes nothing', async () => {
    const dir = join(scratch, 'existing');
    mkdirSync(join(dir, 'policies'), { recursive: true });
    writeFileSync(join(dir, 'policies/trust-center.yaml'), 'name: Mine\n');
    const result = await runAttest(['init', '--yes'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'attest: refusing to overwrite an existing file: policies/trust-center.yaml',
    );
    expect(readFileSync(join(dir, 'policies/trust-center.yaml'), 'utf8')).toBe('name: Mine\n');
    expect(existsSync(join(dir, 'controls'))).toBe(false);
  });

  it('asks for nothing without a terminal: missing answers or a bad value are usage errors', async () => {
    const dir = join(scratch, 'ci');
    mkdirSync(dir);
    const missing = await runAttest(['init'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('pass --name, --url and --contact, or --yes');
    const bad = await runAttest(['init', '--yes', '--contact', 'security'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--contact "security": write an email address');
    expect(existsSync(join(dir, 'policies'))).toBe(false);

    const defaults = await runAttest(
      ['init', '--yes', '--trust-url', 'https://trust.ci.example'],
      dir,
    );
    expect(defaults.code).toBe(0);
    expect(readFileSync(join(dir, 'policies/disclosure.yaml'), 'utf8')).toContain(
      'email: security@ci.example',
    );
    // No Attest in node_modules here (as with the container image): $schema names the
    // copy the trust center will host.
    expect(readFileSync(join(dir, 'policies/policy.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/trust\.ci\.example\/schema\/v1\/policy\.schema\.json\n/,
    );
    expect((await runAttest(['validate'], dir)).code).toBe(0);
  });
});
