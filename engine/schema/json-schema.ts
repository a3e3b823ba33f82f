import { z } from 'zod';
import { type FileKind, fileFormats, jsonSchemaFileName } from './index.ts';

/**
 * The JSON Schema of every file format, as file name → pretty-printed JSON. Generated from
 * the zod schemas (input side: what authors write), for editors and other tools.
 */
export function generateJsonSchemas(): Record<string, string> {
  const output: Record<string, string> = {};
  for (const [kind, { schema, title }] of Object.entries(fileFormats) as Array<
    [FileKind, (typeof fileFormats)[FileKind]]
  >) {
    const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
    const name = jsonSchemaFileName(kind);
    const withHeader = {
      $schema: json.$schema,
      $id: `https://attest.dev/schema/${name}`,
      title,
      ...json,
    };
    output[name] = `${JSON.stringify(withHeader, null, 2)}\n`;
  }
  return output;
}
