import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { renderErrorPage } from './error-page.tsx';
import { type ApiError, wantsJson } from './http.ts';

const codes: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Answers with the uniform error: JSON `{ error: { code, message, fields? } }`, or a small page. */
export function errorResponse(
  context: Context,
  status: ContentfulStatusCode,
  message: string,
  fields?: Record<string, string[]>,
  headers: Record<string, string> = {},
): Response {
  const code = codes[status] ?? (status >= 500 ? 'internal' : 'error');
  if (wantsJson(context)) {
    const body: ApiError = { error: { code, message, ...(fields ? { fields } : {}) } };
    return context.json(body, status, headers);
  }
  return context.html(renderErrorPage(status, message, fields), status, headers);
}

/** Field errors from a zod error, keyed by the dotted path (`_` for the whole body). */
export function fieldErrors(error: ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] = [...(fields[key] ?? []), issue.message];
  }
  return fields;
}

/**
 * The one error handler of the app: a known HTTP error keeps its status and message; anything
 * else is logged once, here, and answered with a bare 500 that shows no internals. JSON for
 * /api and JSON clients, the HTML error page for pages.
 */
export function handleError(error: Error, context: Context): Response {
  if (error instanceof HTTPException) {
    const retryAfter = error.res?.headers.get('retry-after');
    const status = error.status as ContentfulStatusCode;
    const message =
      status === 403 && error.message === ''
        ? 'This request was refused: it did not come from this site.'
        : error.message || 'The request could not be handled.';
    return errorResponse(
      context,
      status,
      message,
      undefined,
      retryAfter ? { 'Retry-After': retryAfter } : {},
    );
  }
  console.error(error);
  return errorResponse(context, 500, 'Something went wrong on our side.');
}
