import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyPath } from '../load/classify.ts';
import { jsonSchemaFileName } from './index.ts';
import { generateJsonSchemas } from './json-schema.ts';

const root = resolve(import.meta.dirname, '../..');
const jsonDir = join(root, 'engine/schema/json');

/** Every property of every object in a JSON Schema, with its path. */
function properties(schema: unknown, path = '$'): Array<[string, Record<string, unknown>]> {
  if (schema === null || typeof schema !== 'object') return [];
  const found: Array<[string, Record<string, unknown>]> = [];
  for (const [key, child] of Object.entries(schema)) {
    if (key === 'properties' && child && typeof child === 'object') {
      for (const [name, property] of Object.entries(child)) {
        found.push([`${path}.${name}`, property as Record<string, unknown>]);
        found.push(...properties(property, `${path}.${name}`));
      }
    } else {
      found.push(...properties(child, `${path}/${key}`));
    }
  }
  return found;
}

/** Organisation directories in the repository: the root and each example. */
function organisationDirs(): string[] {
  const examples = join(root, 'examples');
  return [
    root,
    ...readdirSync(examples)
      .map((name) => join(examples, name))
      .filter((dir) => statSync(dir).isDirectory()),
  ];
}

function yamlFiles(dir: string): string[] {
  return ['controls', 'policies'].flatMap((folder) => {
    try {
      return readdirSync(join(dir, folder))
        .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
        .map((name) => `${folder}/${name}`);
    } catch {
      return [];
    }
  });
}

describe('generated JSON Schemas', () => {
  it('are up to date with the zod schemas (run `npm run schema` to refresh)', () => {
    const generated = generateJsonSchemas();
    expect(readdirSync(jsonDir).sort()).toEqual(Object.keys(generated).sort());
    for (const [name, text] of Object.entries(generated)) {
      expect(readFileSync(join(jsonDir, name), 'utf8'), `${name} is stale`).toBe(text);
    }
  });

  it('document every field, so editors can explain it', () => {
    const all = Object.entries(generateJsonSchemas()).flatMap(([name, text]) =>
      properties(JSON.parse(text)).map(
        ([path, property]) => [`${name} ${path}`, property] as const,
      ),
    );
    expect(all.length).toBeGreaterThan(200);
    const undocumented = Object.entries(generateJsonSchemas()).flatMap(([name, text]) =>
      properties(JSON.parse(text))
        .filter(([, property]) => typeof property.description !== 'string')
        .map(([path]) => `${name} ${path}`),
    );
    expect(undocumented).toEqual([]);
  });

  it('reject unknown keys everywhere', () => {
    const open = Object.entries(generateJsonSchemas()).flatMap(([name, text]) =>
      properties({ properties: { root: JSON.parse(text) } })
        .filter(
          ([, schema]) =>
            schema.type === 'object' && schema.properties && schema.additionalProperties !== false,
        )
        .map(([path]) => `${name} ${path}`),
    );
    expect(open).toEqual([]);
  });

  it('are linked from the first line of every YAML file in the repository', () => {
    const wrong: string[] = [];
    for (const dir of organisationDirs()) {
      for (const file of yamlFiles(dir)) {
        const kind = classifyPath(file);
        if (
          kind === 'ignored' ||
          kind === 'unknown-policy' ||
          kind === 'document' ||
          kind === 'data'
        )
          continue;
        const target = relative(dirname(join(dir, file)), join(jsonDir, jsonSchemaFileName(kind)));
        const expected = `# yaml-language-server: $schema=${target}`;
        const first = readFileSync(join(dir, file), 'utf8').split('\n')[0];
        if (first !== expected) wrong.push(`${relative(root, join(dir, file))}: ${first}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
