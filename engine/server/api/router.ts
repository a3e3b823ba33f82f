import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { errorResponse, fieldErrors } from './errors.ts';

/** An API router whose zod validation failures all answer 400 with field errors. */
export function createRouter(): OpenAPIHono {
  return new OpenAPIHono({
    defaultHook: (result, context) => {
      if (!result.success) {
        return errorResponse(
          context,
          400,
          'Some fields need attention.',
          fieldErrors(result.error as z.ZodError),
        );
      }
      return undefined;
    },
  });
}

/** A request body accepted both as a plain HTML form post and as JSON. */
export function formOrJson<T extends z.ZodType>(schema: T, description: string) {
  return {
    required: false,
    description,
    content: {
      'application/x-www-form-urlencoded': { schema },
      'application/json': { schema },
    },
  };
}

/**
 * Registers a plain handler on an OpenAPI route. Handlers answer with the uniform error or
 * an HTML page as well as the documented JSON, which the typed-response check cannot express.
 */
export function handle(handler: (context: Context) => Response | Promise<Response>): never {
  return handler as never;
}

/** The validated body of a {@link formOrJson} route, or undefined when none was sent. */
export function validBody<T>(context: Context): T | undefined {
  const type = context.req.header('content-type') ?? '';
  const target = /json/i.test(type) ? 'json' : /form/i.test(type) ? 'form' : undefined;
  if (!target) return undefined;
  return (context.req as unknown as { valid(target: string): T }).valid(target);
}

/** The uniform error body, for the OpenAPI document. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string(),
      fields: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .openapi({ description: 'Problems per input field (400 only).' }),
    }),
  })
  .openapi('Error');

/** Standard error responses every form route can answer with. */
export const errorResponses = {
  400: {
    description: 'Invalid input; `fields` names each problem.',
    content: { 'application/json': { schema: errorSchema } },
  },
  403: {
    description: 'Cross-site form post refused.',
    content: { 'application/json': { schema: errorSchema } },
  },
  413: {
    description: 'Body larger than the limit.',
    content: { 'application/json': { schema: errorSchema } },
  },
  429: {
    description: 'Rate limited; see Retry-After.',
    content: { 'application/json': { schema: errorSchema } },
  },
} as const;

/** A plain email address: trimmed, lower-cased, at most 254 characters. */
export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'enter an email address like name@company.com' }));
