import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The layers of the code base, lowest first (ARCHITECTURE.md, "Layout"). A source file may
 * import from its own layer or a lower one, never a higher one; a folder not listed takes
 * the layer of its closest listed parent.
 */
export const layers = [
  'engine/source',
  'engine/schema',
  'engine/language',
  'engine/load',
  'engine/fs',
  'engine/checks',
  'engine/evaluate',
  'engine/render',
  'engine/questionnaire',
  'engine/verify',
  'engine/store',
  'engine/audit',
  'engine/mail',
  'engine/publish',
  'engine/server/auth',
  'engine/server/api',
  'engine/server/gated',
  'engine/server/reports',
  'engine/server/admin',
  'engine/server',
  'site',
  'scripts/cli',
  'scripts',
] as const;

/**
 * Files that belong to another layer than their folder, each matched by its path. A check
 * type lives in one folder under engine/checks/, but its spec (schema, target rule, exposure,
 * label) is file-format vocabulary: engine/schema builds the evidence union from the list of
 * specs, so the specs and that list count as the schema layer. They may import only
 * engine/source and engine/schema, and nothing that does I/O.
 */
export const layerOverrides: ReadonlyArray<{ pattern: RegExp; layer: (typeof layers)[number] }> = [
  { pattern: /^engine\/checks\/[^/]+\/spec\.ts$/, layer: 'engine/schema' },
  { pattern: /^engine\/checks\/specs\.ts$/, layer: 'engine/schema' },
];

/** The pure core: no file system, database or network, so it runs anywhere and tests fast. */
export const pureLayers = [
  'engine/source',
  'engine/schema',
  'engine/language',
  'engine/load',
  'engine/evaluate',
  'engine/render',
];

/** Modules that do I/O: the file system, processes, sockets, databases. */
const ioModules =
  /^(node:)?(fs|fs\/promises|net|tls|http|https|http2|dns|dns\/promises|child_process|dgram|worker_threads)$|^(better-sqlite3|pg|postgres|drizzle-orm(\/.*)?|nodemailer|undici|@aws-sdk\/.*)$/;

/** The database drivers and query builder: only the store's drivers use them. */
const databaseModules = /^(better-sqlite3|pg|drizzle-orm(\/.*)?)$/;

/**
 * Files outside engine/store that may import `pg`, each with the reason: a check type that
 * connects to the organisation's own PostgreSQL server, not to Attest's database.
 */
export const databaseExceptions: Record<string, string> = {
  'engine/checks/postgres/run.ts': "the postgres check connects to the organisation's server",
};

/** Inside the store, what only its drivers may import: the table schemas and the drivers. */
const storeInternals = /^engine\/store\/(schema\.ts|sqlite\/|postgres\/)/;

/**
 * Pure-core files allowed to read a file, each with the reason: data shipped beside the code,
 * read once when the module loads.
 */
export const pureExceptions: Record<string, string> = {
  'engine/language/concepts/concepts.ts': 'reads the concepts.yaml shipped beside it',
  'engine/render/pdf/fonts-fs.ts': 'reads the font files shipped with the package',
};

/** Engine layers the site may use: it renders data it is handed and holds no I/O of its own. */
const siteMayUse = ['engine/schema', 'engine/language', 'engine/evaluate', 'engine/render'];

export interface SourceFile {
  /** Repository-relative path with forward slashes. */
  path: string;
  text: string;
}

export interface ImportViolation {
  file: string;
  line: number;
  imported: string;
  rule: string;
}

/**
 * The layer a repository-relative path belongs to: that of a matching override, else the
 * longest listed prefix.
 */
export function layerOf(path: string): string | undefined {
  const override = layerOverrides.find(({ pattern }) => pattern.test(path));
  if (override) return override.layer;
  let best: string | undefined;
  for (const layer of layers)
    if ((path === layer || path.startsWith(`${layer}/`)) && (!best || layer.length > best.length))
      best = layer;
  return best;
}

/** Files that only support tests may import anything: they are not shipped code paths. */
export function isTestCode(path: string): boolean {
  return (
    /\.test\.tsx?$/.test(path) ||
    /(^|\/)test-support(\/|\.ts$)/.test(path) ||
    path.startsWith('site/e2e/') ||
    /(^|\/)fixtures\//.test(path)
  );
}

/** The script part of a file: an Astro component's front matter, or the whole file. */
function scriptOf(file: SourceFile): { text: string; lineOffset: number } {
  if (!file.path.endsWith('.astro')) return { text: file.text, lineOffset: 0 };
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(file.text);
  return { text: match?.[1] ?? '', lineOffset: 1 };
}

/** Every module specifier a file imports or re-exports, with its 1-based line. */
export function importsOf(file: SourceFile): { specifier: string; line: number }[] {
  const { text, lineOffset } = scriptOf(file);
  const info = ts.preProcessFile(text, true, true);
  const lineOf = (position: number) => text.slice(0, position).split('\n').length;
  return info.importedFiles.map((ref) => ({
    specifier: ref.fileName,
    line: lineOf(ref.pos) + lineOffset,
  }));
}

/** What breaks the layering rules in the given files; empty when the code base keeps them. */
export function importViolations(files: readonly SourceFile[]): ImportViolation[] {
  const violations: ImportViolation[] = [];
  for (const file of files) {
    if (isTestCode(file.path)) continue;
    const layer = layerOf(file.path);
    if (!layer) continue;
    const rank = layers.indexOf(layer as (typeof layers)[number]);
    const pure = pureLayers.includes(layer) && !(file.path in pureExceptions);
    for (const { specifier, line } of importsOf(file)) {
      const add = (rule: string) =>
        violations.push({ file: file.path, line, imported: specifier, rule });
      const inStore = file.path.startsWith('engine/store/');
      if (!specifier.startsWith('.')) {
        if (pure && ioModules.test(specifier))
          add(`${layer} is pure core: it may not import ${specifier}`);
        else if (!inStore && databaseModules.test(specifier) && !(file.path in databaseExceptions))
          add(`only engine/store talks to the database: ${layer} may not import ${specifier}`);
        continue;
      }
      const target = relative(
        '.',
        resolve(dirname(file.path), specifier.replace(/\?.*$/, '')),
      ).replaceAll('\\', '/');
      const targetLayer = layerOf(target);
      if (!targetLayer) continue;
      if (!inStore && storeInternals.test(target)) {
        add('outside engine/store, the store is used through its repository interfaces');
        continue;
      }
      if (
        layer === 'site' &&
        targetLayer.startsWith('engine/') &&
        !siteMayUse.includes(targetLayer)
      )
        add(`site/ renders the data it is given: it may not import ${targetLayer}`);
      else if (layers.indexOf(targetLayer as (typeof layers)[number]) > rank)
        add(`${layer} may not import ${targetLayer}, a higher layer`);
    }
  }
  return violations;
}

/** The repository's source files under engine/, site/ and scripts/. */
export function repositorySources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path);
      } else if (/\.(ts|tsx|mts|mjs|astro)$/.test(entry.name)) {
        files.push({ path, text: readFileSync(join(root, path), 'utf8') });
      }
    }
  };
  for (const dir of ['engine', 'site', 'scripts']) walk(dir);
  return files;
}
