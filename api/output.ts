import { tableFromJSON, tableToIPC } from 'apache-arrow';
import type { Context } from 'hono';
import Papa from 'papaparse';
import { z } from 'zod';

export const FORMATS = ['json', 'csv', 'arrow'] as const;
export const format = z.enum(FORMATS, { error: (i) => `unknown format: ${JSON.stringify(i.input)} (allowed: ${FORMATS.join(', ')})` }).default('json');

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
    const bytes = tableToIPC(tableFromJSON(rows), 'stream');
    c.header('Content-Type', 'application/vnd.apache.arrow.stream');
    c.header('Content-Disposition', `attachment; filename="${filename}.arrow"`);
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  }
  return c.json(body);
}

/** File-name-safe text. */
export const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
