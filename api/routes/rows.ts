import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import type { PublicEnv } from '../disclosure/index.ts';
import { figureQuery, figureRows, resolveFigure } from '../explain.ts';
import { respond, slug } from '../output.ts';
import { query } from '../params.ts';

const FORMATS = ['json', 'csv'] as const;
const schema = z.object({
  ...figureQuery,
  format: z
    .enum(FORMATS, {
      error: (i) => `unknown format: ${JSON.stringify(i.input)} (allowed: ${FORMATS.join(', ')})`,
    })
    .default('json'),
});

/** Why `public=1` gets no rows: a 403, whatever else the request says. */
export const PUBLIC_ROWS =
  'rows are never offered in public mode (public=1): they are the unsuppressed incidents and cells behind a figure; ask /api/explain for what disclosure control allows';

type Flat = Record<string, string | number | boolean | null>;
const flat = (r: Record<string, unknown>): Flat =>
  Object.fromEntries(
    Object.entries(r).map(([k, v]) => [
      k,
      typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.join(';') : (v as Flat[string]),
    ]),
  );

/**
 * `GET /api/rows?route=…&figure=…&<the route's parameters>[&format=json|csv]`: the rows that add up to a figure, in
 * its covered months only: incident rows for police.uk, local extracts and stop and search (victims and places as
 * their pseudonyms), the borough × category × month cells for MPS. `total` (rows, or the sum of MPS cells) equals
 * the figure (null, as the figure, when no month of the window is covered). `public=1` is a 403.
 */
export const rowsRoute = (db: Database) =>
  new Hono<PublicEnv>().get('/', query(schema), async (c) => {
    if (c.get('publicThreshold'))
      throw new HTTPException(403, { message: PUBLIC_ROWS, cause: { parameter: 'public' } });
    const q = c.req.valid('query');
    const f = await resolveFigure(db, q);
    const rows = (await figureRows(db, f)).map(flat);
    // no covered month: no figure, and no total of rows standing for it as 0
    const cells = f.source === 'mps' || f.route === 'wards';
    const total = f.covered_months.length === 0 ? null : cells ? rows.reduce((s, r) => s + Number(r.count), 0) : rows.length;
    const body = {
      route: f.route,
      figure: f.figure,
      source: f.source,
      area: f.area,
      subject: f.subject,
      from: f.window.from,
      to: f.window.to,
      value: f.value,
      covered_months: f.covered_months,
      missing_months: f.missing_months,
      unit:
        cells
          ? 'cells (total = the sum of their counts)'
          : 'incidents (total = the number of rows)',
      total,
      rows,
    };
    const name = `${slug(f.area.name)}-${f.subject.id}-${f.source ?? 'none'}-${f.route}-${f.figure}-${f.window.from}-${f.window.to}-rows`;
    return respond(c, q.format, body, rows, name);
  });
