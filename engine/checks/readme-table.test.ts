import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkFields } from '../schema/check-spec.ts';
import { checkSpecs } from './specs.ts';

interface ObjectSchema {
  properties: Record<string, ObjectSchema>;
  required?: string[];
}

/** `name`, in bold when required. */
function fieldList(schema: ObjectSchema, skip: readonly string[]): string {
  const names = Object.keys(schema.properties).filter((name) => !skip.includes(name));
  const required = new Set(schema.required ?? []);
  return names.map((name) => (required.has(name) ? `**\`${name}\`**` : `\`${name}\``)).join(', ');
}

/** The table of check types in controls/README.md, as the specs define them. */
function checkTable(): string {
  const rows = checkSpecs.map((spec) => {
    const json = z.toJSONSchema(spec.schema, {
      io: 'input',
      unrepresentable: 'any',
    }) as unknown as ObjectSchema;
    const expectSchema = json.properties.expect;
    if (!expectSchema) throw new Error(`${spec.type} has no expect block`);
    const others = fieldList(json, [...Object.keys(checkFields), 'check', 'expect']);
    const published = spec.exposure === 'public' ? 'yes' : 'no (verdict only)';
    return `| \`${spec.type}\` | ${spec.label} | ${published} | ${others || '–'} | ${fieldList(expectSchema, [])} |`;
  });
  return [
    '| check | shown as | target published | other fields | `expect` fields (**bold**: required) |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

describe('controls/README.md', () => {
  it('lists every check type with the fields its spec accepts', () => {
    const readme = readFileSync(new URL('../../controls/README.md', import.meta.url), 'utf8');
    const table = checkTable();
    expect(readme, `paste this table into controls/README.md:\n\n${table}\n`).toContain(table);
  });
});
