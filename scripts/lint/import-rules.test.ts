import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importViolations, layerOf, repositorySources } from './import-rules.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('import rules', () => {
  it('the code base keeps its layers: no lower layer imports a higher one, the core stays pure', () => {
    const violations = importViolations(repositorySources(root)).map(
      (v) => `${v.file}:${v.line}  ${v.imported}  (${v.rule})`,
    );
    expect(violations).toEqual([]);
  });

  it('refuses a lower layer importing a higher one', () => {
    const found = importViolations([
      { path: 'engine/load/rules/x.ts', text: "import { a } from '../../render/outputs.ts';\n" },
    ]);
    expect(found).toMatchObject([
      { file: 'engine/load/rules/x.ts', line: 1, rule: expect.stringContaining('higher layer') },
    ]);
  });

  it('refuses file system, database and network access in the pure core', () => {
    const found = importViolations([
      { path: 'engine/evaluate/x.ts', text: "\nimport { readFileSync } from 'node:fs';\n" },
      { path: 'engine/render/y.ts', text: "import Database from 'better-sqlite3';\n" },
      { path: 'engine/checks/z.ts', text: "import { connect } from 'node:net';\n" },
    ]);
    expect(found.map((v) => [v.file, v.line])).toEqual([
      ['engine/evaluate/x.ts', 2],
      ['engine/render/y.ts', 1],
    ]);
  });

  it('keeps the database behind the store: no driver, query builder or table schema outside it', () => {
    const found = importViolations([
      { path: 'engine/server/api/x.ts', text: "import { eq } from 'drizzle-orm';\n" },
      { path: 'engine/audit/y.ts', text: "import { auditLog } from '../store/schema.ts';\n" },
      { path: 'scripts/cli/z.ts', text: "import Database from 'better-sqlite3';\n" },
      { path: 'engine/server/pg.ts', text: "import pg from 'pg';\n" },
      {
        path: 'engine/publish/z.ts',
        text: "import { openPostgresStore } from '../store/postgres/postgres-store.ts';\n",
      },
      { path: 'engine/checks/postgres/run.ts', text: "import pg from 'pg';\n" },
      {
        path: 'engine/store/postgres/users.ts',
        text: "import { eq } from 'drizzle-orm';\nimport { users } from './schema.ts';\n",
      },
      {
        path: 'engine/store/sqlite/users.ts',
        text: "import { eq } from 'drizzle-orm';\nimport { users } from '../schema.ts';\n",
      },
      {
        path: 'engine/server/ok.ts',
        text: "import { openStore } from '../store/open-store.ts';\n",
      },
    ]);
    expect(found.map((v) => v.file)).toEqual([
      'engine/server/api/x.ts',
      'engine/audit/y.ts',
      'scripts/cli/z.ts',
      'engine/server/pg.ts',
      'engine/publish/z.ts',
    ]);
  });

  it('keeps the site and the server apart, both ways', () => {
    const found = importViolations([
      {
        path: 'site/pages/index.astro',
        text: "---\nimport { x } from '../../engine/server/gated/nda.ts';\n---\n<p/>\n",
      },
      { path: 'site/lib/a.ts', text: "import { s } from '../../engine/store/open-store.ts';\n" },
      {
        path: 'engine/server/b.ts',
        text: "import type { T } from '../../site/lib/site-data.ts';\n",
      },
    ]);
    expect(found.map((v) => [v.file, v.line])).toEqual([
      ['site/pages/index.astro', 2],
      ['site/lib/a.ts', 1],
      ['engine/server/b.ts', 1],
    ]);
  });

  it('lets tests and their support code import anything', () => {
    expect(
      importViolations([
        { path: 'engine/load/a.test.ts', text: "import '../server/app.ts';\n" },
        {
          path: 'engine/render/test-support/f.ts',
          text: "import '../../fs/read-organisation.ts';\n",
        },
      ]),
    ).toEqual([]);
  });

  it('counts check specs and their list as the schema layer, the rest of a check folder not', () => {
    expect(layerOf('engine/checks/tls/spec.ts')).toBe('engine/schema');
    expect(layerOf('engine/checks/specs.ts')).toBe('engine/schema');
    expect(layerOf('engine/checks/tls/run.ts')).toBe('engine/checks');
    expect(layerOf('engine/checks/tls/spec.test.ts')).toBe('engine/checks');
    const found = importViolations([
      {
        path: 'engine/schema/check.ts',
        text: "import { checkSpecs } from '../checks/specs.ts';\n",
      },
      { path: 'engine/checks/specs.ts', text: "import { tlsSpec } from './tls/spec.ts';\n" },
      {
        path: 'engine/checks/tls/spec.ts',
        text: "import { z } from 'zod';\nimport { handshake } from '../tls-handshake.ts';\n",
      },
      {
        path: 'engine/checks/dns/spec.ts',
        text: "import { Resolver } from 'node:dns/promises';\n",
      },
      { path: 'engine/schema/x.ts', text: "import { tlsCheck } from '../checks/tls/run.ts';\n" },
    ]);
    expect(found.map((v) => [v.file, v.line, v.rule])).toEqual([
      [
        'engine/checks/tls/spec.ts',
        2,
        'engine/schema may not import engine/checks, a higher layer',
      ],
      [
        'engine/checks/dns/spec.ts',
        1,
        'engine/schema is pure core: it may not import node:dns/promises',
      ],
      ['engine/schema/x.ts', 1, 'engine/schema may not import engine/checks, a higher layer'],
    ]);
  });

  it('places nested folders in their closest listed layer', () => {
    expect(layerOf('engine/server/admin/layout.tsx')).toBe('engine/server/admin');
    expect(layerOf('engine/server/app.ts')).toBe('engine/server');
    expect(layerOf('engine/render/pdf/dpa.ts')).toBe('engine/render');
  });
});
