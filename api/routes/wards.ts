import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { monthList } from '../../core/months.ts';
import type { PublicEnv } from '../disclosure/index.ts';
import { InputError } from '../errors.ts';
import { respond, slug } from '../output.ts';
import { query } from '../params.ts';
import { sql } from '../queries.ts';
import { publicWardsBody, wardSources, wardsBody, wardsSchema } from '../wards.ts';

/** Why `public=1` gets no ward rows (the ward figures are served, after disclosure control). */
export const PUBLIC_WARDS =
  'ward rows are never offered in public mode (public=1): they are the unsuppressed cells behind a figure; ask /api/wards?public=1 or /api/explain?route=wards&public=1 for what disclosure control allows';

const rowsSchema = wardsSchema.extend({
  ward: z.string().trim().max(40).default(''),
  format: z.enum(['json', 'csv'], { error: (i) => `unknown format: ${JSON.stringify(i.input)} (allowed: json, csv)` }).default('json'),
});

/**
 * `GET /api/wards?area=&category=&to=&period=&vs=[&source=][&measure=count|rate]`: every ward of a borough with its
 * count, rate per 1,000 (Census 2021), change, rate against the borough and SPC signal, and the borough's unplaced
 * remainder (api/wards.ts). `GET /api/wards/sources`: the ward-level sources loaded. `GET /api/wards/rows?…&ward=CODE[&format=json|csv]`:
 * the published rows behind one ward's count (`ward=` empty: the borough's pseudo-ward rows). With `public=1` the ward
 * figures are served after disclosure control (api/disclosure/wards.ts); their rows are a 403.
 * @example await app.request('/api/wards?area=Barnet&category=burglary&to=2026-02')
 */
export const wardsRoute = (db: Database) =>
  new Hono<PublicEnv>()
    .use('*', async (c, next) => {
      if (c.get('publicThreshold') && c.req.path.endsWith('/rows'))
        throw new HTTPException(403, { message: PUBLIC_WARDS, cause: { parameter: 'public' } });
      await next();
    })
    .get('/', query(wardsSchema), async (c) => {
      const n = c.get('publicThreshold');
      return c.json(n ? await publicWardsBody(db, c.req.valid('query'), n) : await wardsBody(db, c.req.valid('query')));
    })
    // the ward-level sources loaded, their months and categories (an empty list when none is)
    .get('/sources', async (c) => c.json({ sources: await wardSources(db) }))
    .get('/rows', query(rowsSchema), async (c) => {
      const q = c.req.valid('query');
      const body = await wardsBody(db, q);
      const row = q.ward ? body.rows.find((r) => r.code === q.ward) : undefined;
      if (q.ward && !row)
        throw new InputError(`unknown ward of ${body.area.name}: ${JSON.stringify(q.ward)} (allowed: ${body.rows.map((r) => r.code).join(', ')}, or empty for the unplaced rows)`, {
          parameter: 'ward',
          allowed: body.rows.map((r) => r.code),
        });
      if (body.source !== 'mpsward') throw new InputError(`rows are served for source mpsward only, not ${body.source}`, { parameter: 'source', allowed: ['mpsward'] });
      const months = monthList(body.period.current.from, body.period.current.to).filter((m) => !body.missing_months.includes(m));
      const params = { area: body.area.code, category: body.category.id, ward: q.ward, months: months.join(',') };
      const rows = await db.all<Record<string, unknown> & { count: number }>(sql('wards-rows'), params);
      const out = {
        source: body.source,
        area: body.area,
        category: body.category,
        ward: row ? { code: row.code, name: row.name } : null,
        from: body.period.current.from,
        to: body.period.current.to,
        covered_months: months,
        // the figure the rows add up to: the ward's count, or the pseudo wards' part of the unplaced
        value: row ? row.count : body.unplaced.pseudo.reduce((s, p) => s + p.count, 0),
        total: months.length ? rows.reduce((s, r) => s + r.count, 0) : null,
        rows,
        made_by: { sql: ['wards-rows'], parameters: { 'wards-rows': params } },
      };
      const name = `${slug(body.area.name)}-${slug(row ? row.name : 'unplaced')}-${body.category.id}-${body.source}-${body.period.current.from}-${body.period.current.to}-rows`;
      return respond(c, q.format, out, rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : (v as string | number | null)]))), name);
    });
