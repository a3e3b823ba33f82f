import { z } from 'zod';
import { slug } from './common.ts';

/**
 * Whether a check's target may be published. `public`: what it looks at is a public
 * endpoint, shown on the trust page and in trust.json (without credentials). `internal`:
 * a database, bucket, file or command; only the verdict and its time are published.
 */
export type CheckExposure = 'public' | 'internal';

/** The fields every check evidence item has, whatever its type. */
export const checkFields = {
  id: slug
    .optional()
    .describe('Stable id of this evidence item, referenced by waivers. Unique within the control.'),
  target: z
    .string()
    .min(1, 'must not be empty')
    .describe('What to check. `${ENV_NAME}` is replaced from the environment at run time.'),
  timeout: z
    .number()
    .int()
    .positive()
    .max(300_000)
    .optional()
    .describe('Per-check timeout in milliseconds; overrides the run-wide `--timeout`.'),
  description: z
    .string()
    .optional()
    .describe('What this check proves, in a few words, for reports and the trust page.'),
};

/** The zod schema of one check type's evidence item: a strict object keyed by `check`. */
export type CheckSchema = z.ZodObject<
  typeof checkFields & { check: z.ZodLiteral<string> } & z.core.$ZodShape,
  z.core.$strict
>;

/** Every fact about a check type that needs no I/O: what the file-format layer reads. */
export interface CheckFacts {
  /** What a person calls this check, e.g. `TLS configuration` (site, documents, reports). */
  label: string;
  /** Whether its target may appear on public outputs. */
  exposure: CheckExposure;
  /**
   * What a well-formed target of this type looks like, or undefined when `target` fits.
   * Called only for targets without `${ENV}` references. The text is a diagnostic's hint.
   */
  targetProblem(target: string): string | undefined;
  /** Whether a bare `$NAME` in the target is the check's own (a shell variable). */
  shellVariables?: boolean;
}

/** One check type: its `check:` value, its evidence schema and its facts. */
export interface CheckSpec<S extends CheckSchema = CheckSchema> extends CheckFacts {
  type: S['shape']['check']['value'];
  schema: S;
}

/** The spec of a check type; its `type` is the `check:` literal of its schema. */
export function defineCheckSpec<S extends CheckSchema>(schema: S, facts: CheckFacts): CheckSpec<S> {
  return { type: schema.shape.check.value, schema, ...facts };
}

/** Whether `text` is an absolute URL with one of `protocols` (`https:`) and a host. */
export function isUrl(text: string, protocols: readonly string[]): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return protocols.includes(url.protocol) && url.hostname !== '';
}

/** `host:port`, as a tls target may be written. */
export const hostPort = /^[A-Za-z0-9.-]+:\d{1,5}$/;
