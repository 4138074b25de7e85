import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';

/**
 * A 400 naming the bad value and what is allowed.
 * @example throw badRequest('unknown category: "burgalry" (did you mean "burglary"?)', { allowed });
 */
export const badRequest = (message: string, detail?: unknown) =>
  new HTTPException(400, { message, cause: detail });

/** One JSON shape for every error: `{"error": "...", "detail": ...}`; unexpected errors are logged, never shown. */
export function onError(err: Error, c: Context) {
  if (err instanceof HTTPException) {
    // middleware such as bearerAuth attaches its own (JSON) response
    if (err.res) return err.getResponse();
    return c.json({ error: err.message, detail: err.cause ?? null }, err.status);
  }
  console.error(`[saferboard] ${c.req.method} ${c.req.path}:`, err);
  return c.json({ error: 'internal server error', detail: null }, 500);
}
