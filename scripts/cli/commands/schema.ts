import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateJsonSchemas } from '../../../engine/schema/json-schema.ts';

/** Where the generated JSON Schemas live in the repository. */
export const jsonSchemaDir = new URL('../../../engine/schema/json/', import.meta.url);

/** Writes every JSON Schema to engine/schema/json/. */
export async function writeJsonSchemas(): Promise<string[]> {
  const dir = jsonSchemaDir.pathname;
  await mkdir(dir, { recursive: true });
  const schemas = generateJsonSchemas();
  await Promise.all(
    Object.entries(schemas).map(([name, text]) => writeFile(join(dir, name), text)),
  );
  return Object.keys(schemas);
}

/** `attest schema`: regenerate the JSON Schemas. */
export async function runSchema(): Promise<number> {
  const names = await writeJsonSchemas();
  process.stdout.write(`wrote ${names.length} JSON Schemas to engine/schema/json/\n`);
  return 0;
}
