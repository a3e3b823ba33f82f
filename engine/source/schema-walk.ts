import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  left?: z.ZodType;
  keyType?: z.ZodType;
  entries?: Record<string, string>;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Strips wrappers (optional, default, pipe, …) down to the schema that shapes the value. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) return current;
    current = inner;
  }
}

function keysOf(schema: z.ZodType): string[] {
  const def = defOf(unwrap(schema));
  if (def.type === 'union' && def.options) return [...new Set(def.options.flatMap(keysOf))];
  // A record keyed by an enum (`translations:` by language) accepts exactly those keys.
  const keyType = def.type === 'record' && def.keyType ? defOf(def.keyType) : undefined;
  if (keyType?.type === 'enum' && keyType.entries) return Object.values(keyType.entries);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** Fields of an object schema whose literal value the author wrote (a discriminator hit). */
function literalMatches(schema: z.ZodType, written: Record<string, unknown>): number {
  const def = defOf(unwrap(schema));
  if (def.type === 'union' && def.options)
    return Math.max(0, ...def.options.map((option) => literalMatches(option, written)));
  if (def.type !== 'object' || !def.shape) return 0;
  let matches = 0;
  for (const [key, field] of Object.entries(def.shape)) {
    const literal = defOf(unwrap(field)) as Def & { values?: unknown[] };
    if (literal.type === 'literal' && literal.values?.includes(written[key])) matches += 1;
  }
  return matches;
}

/**
 * Picks the union option the author meant: the one whose literal discriminator (such as
 * `check: tls`) they wrote, else the one whose keys best cover the keys they wrote.
 */
function pickOption(options: z.ZodType[], value: unknown): z.ZodType | undefined {
  const written =
    value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  let best: z.ZodType | undefined;
  let bestScore = -1;
  for (const option of options) {
    const keys = new Set(keysOf(option));
    const score =
      literalMatches(option, written) * 1000 +
      Object.keys(written).filter((key) => keys.has(key)).length;
    if (score > bestScore) {
      best = option;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The schema that describes the value at `path` inside `root`, following unions by the
 * keys the author wrote. Undefined when the path leaves the schema.
 */
export function schemaAt(
  schema: z.ZodType,
  value: unknown,
  path: readonly PropertyKey[],
): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  let currentValue = value;
  for (const segment of [...path, undefined]) {
    while (current) {
      const def = defOf(current);
      if (def.type !== 'union' || !def.options) break;
      current = pickOption(def.options, currentValue);
      if (current) current = unwrap(current);
    }
    if (!current || segment === undefined) return current;
    const def = defOf(current);
    currentValue = (currentValue as Record<PropertyKey, unknown> | undefined)?.[segment];
    if (def.type === 'object') current = def.shape?.[String(segment)];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
    current = current && unwrap(current);
  }
  return current;
}

/** Keys an object schema accepts at `path`, for "did you mean" hints. */
export function knownKeysAt(
  schema: z.ZodType,
  value: unknown,
  path: readonly PropertyKey[],
): string[] {
  const found = schemaAt(schema, value, path);
  return found ? keysOf(found) : [];
}

/** The `.describe()` text of the field at `path`, if any. */
export function descriptionAt(
  schema: z.ZodType,
  value: unknown,
  path: readonly PropertyKey[],
): string | undefined {
  if (path.length === 0) return undefined;
  const parent = schemaAt(schema, value, path.slice(0, -1));
  const def = parent && defOf(parent);
  const field = def?.type === 'object' ? def.shape?.[String(path.at(-1))] : undefined;
  return field?.description;
}
