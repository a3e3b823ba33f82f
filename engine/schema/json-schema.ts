import { z } from 'zod';
import { type FileKind, fileFormats, jsonSchemaFileName } from './index.ts';
import { subprocessorsJson, trustJson } from './trust-json.ts';

/**
 * The major version of Attest's file formats. A build publishes the JSON Schemas at
 * `/schema/<name>` (the newest) and `/schema/v<N>/<name>` (stable for `$schema` references).
 */
export const schemaFormatVersion = 1;

/** Formats Attest publishes (read by other tools, not written by authors), by schema file name. */
const publishedFormats = {
  'trust-json.schema.json': { schema: trustJson, title: 'Attest trust.json' },
  'subprocessors-json.schema.json': {
    schema: subprocessorsJson,
    title: 'Attest subprocessors.json',
  },
} satisfies Record<string, { schema: z.ZodType; title: string }>;

function toJsonSchema(
  name: string,
  schema: z.ZodType,
  title: string,
  io: 'input' | 'output',
): string {
  const json = z.toJSONSchema(schema, { io, target: 'draft-7', unrepresentable: 'any' });
  const withHeader = {
    $schema: json.$schema,
    $id: `https://attest.dev/schema/${name}`,
    title,
    ...json,
  };
  return `${JSON.stringify(withHeader, null, 2)}\n`;
}

/**
 * The JSON Schema of every file format, as file name → pretty-printed JSON. Generated from
 * the zod schemas, for editors and other tools: the input side of the files authors write,
 * the output side of the files Attest publishes (trust.json, subprocessors.json).
 */
export function generateJsonSchemas(): Record<string, string> {
  const output: Record<string, string> = {};
  for (const [kind, { schema, title }] of Object.entries(fileFormats) as Array<
    [FileKind, (typeof fileFormats)[FileKind]]
  >) {
    const name = jsonSchemaFileName(kind);
    output[name] = toJsonSchema(name, schema, title, 'input');
  }
  for (const [name, { schema, title }] of Object.entries(publishedFormats)) {
    output[name] = toJsonSchema(name, schema, title, 'output');
  }
  return output;
}
