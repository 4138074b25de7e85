import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { DEFAULT_THRESHOLD } from './suppress.ts';

/** The `public=1` and `suppress_below=N` query parameters, read once for every route by {@link publicMode}. */
export const publicQuery = {
  public: z.enum(['0', '1', 'true', 'false'], { error: (i) => `public must be 1 or 0, found ${JSON.stringify(i.input)}` }).optional(),
  suppress_below: z.coerce
    .number({ error: 'suppress_below must be a whole number from 2 to 100' })
    .int('suppress_below must be a whole number from 2 to 100')
    .min(2, 'suppress_below must be a whole number from 2 to 100')
    .max(100, 'suppress_below must be a whole number from 2 to 100')
    .optional(),
};

/** The threshold a query asks for, or null for unsuppressed output. */
export const publicThreshold = (q: { public?: string; suppress_below?: number }): number | null =>
  q.public === '1' || q.public === 'true' ? (q.suppress_below ?? DEFAULT_THRESHOLD) : null;

/** What {@link publicMode} sets for the routes: `c.get('publicThreshold')`. */
export type PublicEnv = { Variables: { publicThreshold: number | null } };

const schema = z.object(publicQuery);

/**
 * Public mode as one middleware: validates `public` and `suppress_below` (a 400 naming the bad value) and sets
 * `publicThreshold` (null = unsuppressed) for every route to read.
 * @example app.use('/api/*', publicMode()); … const n = c.get('publicThreshold');
 */
export const publicMode = (): MiddlewareHandler<PublicEnv> => async (c, next) => {
  const parsed = schema.safeParse({ public: c.req.query('public'), suppress_below: c.req.query('suppress_below') });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    throw new InputError(issue.message.includes(field) ? issue.message : `${field}: ${issue.message}`, { parameter: field });
  }
  c.set('publicThreshold', publicThreshold(parsed.data));
  await next();
};
