import { Null, Table, tableFromJSON, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import type { Context, MiddlewareHandler } from 'hono';
import Papa from 'papaparse';
import { z } from 'zod';
import { InputError } from './errors.ts';

export const FORMATS = ['json', 'csv', 'arrow'] as const;
export const format = z.enum(FORMATS, { error: (i) => `unknown format: ${JSON.stringify(i.input)} (allowed: ${FORMATS.join(', ')})` }).default('json');

/**
 * The formats each route answers in: every other `/api` route answers JSON only. Written once: {@link formatRule}
 * reads it for every request.
 */
export const ROUTE_FORMATS: Readonly<Record<string, readonly (typeof FORMATS)[number][]>> = {
  '/api/trend': FORMATS,
  '/api/ranks': FORMATS,
  '/api/rows': ['json', 'csv'],
  '/api/wards/rows': ['json', 'csv'],
};

/**
 * `format=` as one rule for every `/api` route: a value the route does not offer is a 400 naming the value and the
 * formats it does offer (`format=csv` on a JSON-only route is never answered with JSON).
 * @example app.use('/api/*', formatRule());
 */
export const formatRule = (): MiddlewareHandler => async (c, next) => {
  const asked = c.req.query('format');
  if (asked !== undefined) {
    const path = c.req.path.replace(/\/+$/, '');
    const allowed = ROUTE_FORMATS[path] ?? ['json'];
    if (!(allowed as readonly string[]).includes(asked))
      throw new InputError(
        (FORMATS as readonly string[]).includes(asked)
          ? `format=${asked} is not available for ${path} (allowed: ${allowed.join(', ')})`
          : `unknown format: ${JSON.stringify(asked)} (allowed for ${path}: ${allowed.join(', ')})`,
        { parameter: 'format', allowed },
      );
  }
  await next();
};

type Flat = Record<string, string | number | boolean | null>;

/**
 * Sends a result as JSON (the full body), or its rows flattened as a CSV download or an Arrow IPC stream.
 * @example return respond(c, 'csv', body, body.rows.map(flatten), 'ranks-burglary-2018-12');
 */
export function respond(c: Context, fmt: (typeof FORMATS)[number], body: unknown, rows: Flat[], filename: string) {
  if (fmt === 'csv') {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${filename}.csv"`);
    return c.body(Papa.unparse(rows, { newline: '\n' }) + '\n');
  }
  if (fmt === 'arrow') {
    const bytes = tableToIPC(arrowTable(rows), 'stream');
    c.header('Content-Type', 'application/vnd.apache.arrow.stream');
    c.header('Content-Disposition', `attachment; filename="${filename}.arrow"`);
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  }
  return c.json(body);
}

/**
 * Rows as an Arrow table with every field of the rows. (apache-arrow's tableFromJSON drops a column whose every value
 * is null, so a series with no covered month reached the browser with no `count` at all: undefined, then NaN.) A
 * column of nulls only is typed Null: it reads back as null.
 */
function arrowTable(rows: Flat[]): Table {
  if (rows.length === 0) return tableFromJSON(rows);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return new Table(
    Object.fromEntries(
      keys.map((k) => {
        const values = rows.map((r) => r[k] ?? null);
        if (values.every((v) => v === null)) return [k, vectorFromArray(values, new Null())];
        // a column mixing numbers and marks (public mode: 12, "<5", "[c]") is text, each figure as published; Arrow
        // cannot infer one type for it, and reading "<5" as a number would give NaN
        const kinds = new Set(values.filter((v) => v !== null).map((v) => typeof v));
        if (kinds.size > 1) return [k, vectorFromArray(values.map((v) => (v === null ? null : String(v))), new Utf8())];
        return [k, vectorFromArray(values)];
      }),
    ),
  );
}

/** File-name-safe text. */
export const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
