import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { InputError } from '../errors.ts';
import { allIndicators } from '../../data/outcomes.ts';
import { checkMonths, month, query, resolveArea, resolveSeries, resolveSource, seriesQuery } from '../params.ts';
import { spcSeries, spcShare } from '../spc.ts';

const RANGE = /^(\d{4}-(?:0[1-9]|1[0-2])):(\d{4}-(?:0[1-9]|1[0-2]))$/;
export const spcSchema = z.object({
  ...seriesQuery,
  // a share indicator of the profile instead of a category: its monthly proportion as a p-chart
  category: z.string().max(100).optional(),
  indicator: z.string().max(100).optional(),
  from: month.optional(),
  to: month.optional(),
  baseline: z
    .string()
    .max(20, 'baseline is too long')
    .regex(RANGE, { error: (i) => `malformed baseline: ${JSON.stringify(i.input)} (expected a range YYYY-MM:YYYY-MM, e.g. 2017-01:2017-12)` })
    .optional(),
  seasonal: z.enum(['0', '1'], { error: (i) => `seasonal must be 0 or 1, found ${JSON.stringify(i.input)}` }).default('0'),
  public: z.string().optional(),
});

/** `GET /api/spc`: a monthly series as a statistical process control (XmR) chart, with its latest month judged. */
export const spcRoute = (db: Database) =>
  new Hono().get('/', query(spcSchema), async (c) => c.json(await spcBody(db, c.req.valid('query'))));

/** The body of `/api/spc` for a validated query (the route, the pack). */
export async function spcBody(db: Database, q: z.output<typeof spcSchema>) {
  if (q.public !== undefined && q.public !== '0' && q.public !== 'false')
    throw new InputError('public=1 is not available for /api/spc: its rows are exact monthly counts, which disclosure control would suppress', { parameter: 'public' });
  if (q.indicator !== undefined) {
    const shares = allIndicators().filter((i) => i.kind === 'share');
    const ind = shares.find((i) => i.id === q.indicator!.trim().toLowerCase());
    if (!ind || ind.kind !== 'share')
      throw new InputError(`unknown share indicator: ${JSON.stringify(q.indicator)} (allowed: ${shares.map((i) => i.id).join(', ')})`, {
        parameter: 'indicator',
        allowed: shares.map((i) => i.id),
      });
    const src = await resolveSource(db, ind.source ?? 'local');
    const to = q.to ?? src.last;
    const from = q.from ?? src.first;
    checkMonths(src, to, from);
    return spcShare(db, { indicator: ind, area: await resolveArea(db, q.area), from, to });
  }
  if (q.category === undefined) throw new InputError('category is required (or indicator=, a share indicator of the profile)', { parameter: 'category' });
  const { source, area, category } = await resolveSeries(db, { ...q, category: q.category });
  const to = q.to ?? source.last;
  const from = q.from ?? source.first;
  checkMonths(source, to, from);
  let baseline: { from: string; to: string } | undefined;
  if (q.baseline) {
    const [, bFrom, bTo] = RANGE.exec(q.baseline)!;
    if (bFrom! > bTo!) throw new InputError(`baseline ${q.baseline}: its start is after its end`, { parameter: 'baseline' });
    if (bFrom! < from || bTo! > to)
      throw new InputError(`baseline ${q.baseline} is not within from=${from} to to=${to}`, { parameter: 'baseline', from, to });
    baseline = { from: bFrom!, to: bTo! };
  }
  return spcSeries(db, { source: source.id, area, category, from, to, baseline, seasonal: q.seasonal === '1' });
}
