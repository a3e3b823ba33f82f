import { z } from 'zod';
import { checkSpecs } from '../checks/specs.ts';
import type { CheckSpec } from '../schema/check-spec.ts';
import { checkFields } from '../schema/check-spec.ts';

// The reference of every check type, read from the specs' zod schemas (their `describe`
// texts): generated into controls/README.md and used as the SARIF rules' help.

interface JsonSchema {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

/** One field of a check's `expect` block (or of the check itself), as authors write it. */
export interface ReferenceField {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

/** What an author needs to know about one check type. */
export interface CheckReference {
  type: string;
  label: string;
  description: string;
  targetPublished: boolean;
  /** What a well-formed target looks like, when the type restricts it. */
  target: string | undefined;
  /** Fields beside `target` that only this type has (e.g. `region` of `s3`). */
  fields: ReferenceField[];
  /** The fields of its `expect` block. */
  expect: ReferenceField[];
}

function jsonSchemaOf(spec: CheckSpec): JsonSchema {
  return z.toJSONSchema(spec.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** A short type, e.g. `TLSv1.2 \| TLSv1.3`, `integer ≥ 0`, `list of string`, `object`. */
function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return [...new Set(union.map(typeOf))].join(' or ');
  if (schema.type === 'array') return `list of ${schema.items ? typeOf(schema.items) : 'values'}`;
  if (schema.type === 'object') {
    const keys = Object.keys(schema.properties ?? {});
    return keys.length ? `object with ${keys.join(', ')}` : 'map';
  }
  const base = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
  // zod writes the safe-integer range as bounds of every integer; only real bounds are news.
  const bound = (value: number | undefined) =>
    value !== undefined && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined;
  const [min, max] = [bound(schema.minimum), bound(schema.maximum)];
  if (min !== undefined && max !== undefined) return `${base} ${min}–${max}`;
  if (min !== undefined) return `${base} ≥ ${min}`;
  if (max !== undefined) return `${base} ≤ ${max}`;
  return base;
}

function fieldsOf(schema: JsonSchema, skip: readonly string[] = []): ReferenceField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .filter(([name]) => !skip.includes(name))
    .map(([name, field]) => ({
      name,
      type: typeOf(field),
      required: required.has(name),
      description: field.description ?? '',
    }));
}

/** The reference of every check type, in the order of the specs. */
export function checkReferences(): CheckReference[] {
  return checkSpecs.map((spec) => {
    const json = jsonSchemaOf(spec);
    return {
      type: spec.type,
      label: spec.label,
      description: json.properties?.check?.description ?? spec.label,
      targetPublished: spec.exposure === 'public',
      target: spec.targetProblem(''),
      fields: fieldsOf(json, [...Object.keys(checkFields), 'check', 'expect']),
      expect: fieldsOf(json.properties?.expect ?? {}),
    };
  });
}

/** Text safe inside a markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function fieldTable(heading: string, fields: readonly ReferenceField[]): string[] {
  return [
    `| ${heading} | type | required | meaning |`,
    '|---|---|---|---|',
    ...fields.map(
      (field) =>
        `| \`${field.name}\` | ${cell(field.type)} | ${field.required ? 'yes' : 'no'} | ${cell(field.description)} |`,
    ),
  ];
}

/** One check type's reference as markdown, headed at `level`. */
export function renderCheckReferenceSection(reference: CheckReference, level = 3): string {
  const lines = [
    `${'#'.repeat(level)} \`${reference.type}\` — ${reference.label}`,
    '',
    reference.description,
    '',
    `Target: ${reference.target ? `${reference.target.replace(/^an? [\w-]+ target is /, '')}` : 'any text, as described above'}; published: ${reference.targetPublished ? 'yes (without credentials, query or fragment)' : 'no, only the verdict and its time'}.`,
    '',
  ];
  if (reference.fields.length) lines.push(...fieldTable('field', reference.fields), '');
  lines.push(
    ...(reference.expect.length
      ? fieldTable('`expect` field', reference.expect)
      : ['No `expect` fields.']),
  );
  return lines.join('\n');
}

/** The reference of every check type as markdown, for controls/README.md. */
export function renderCheckReference(): string {
  return checkReferences()
    .map((reference) => renderCheckReferenceSection(reference))
    .join('\n\n');
}

/** Where controls/README.md holds the generated reference. */
export const checkReferenceMarkers = {
  start: '<!-- check-reference:start (generated by `npm run docs:checks`; do not edit) -->',
  end: '<!-- check-reference:end -->',
} as const;

/** `readme` with the generated reference between its markers (which must be present). */
export function replaceCheckReference(readme: string): string {
  const { start, end } = checkReferenceMarkers;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`the README lacks the markers ${start} … ${end}`);
  return `${readme.slice(0, from + start.length)}\n\n${renderCheckReference()}\n\n${readme.slice(to)}`;
}
