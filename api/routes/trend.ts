import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { publicTrend, ruleText, seriesMarks, type PublicEnv } from '../disclosure/index.ts';
import { format, respond, slug } from '../output.ts';
import { checkMonths, month, query, resolveSeries, seriesQuery } from '../params.ts';
import { trendRun } from '../trend.ts';
import type { MadeBy, Trend } from '../../core/types.ts';

export const trendSchema = z.object({
  ...seriesQuery,
  from: month.optional(),
  to: month.optional(),
  format,
});

/** `GET /api/trend`: monthly counts with the rolling 12-month sum. */
export const trendRoute = (db: Database) =>
  new Hono<PublicEnv>().get('/', query(trendSchema), async (c) => {
    const q = c.req.valid('query');
    const { body, file } = await trendResult(db, q, c.get('publicThreshold'));
    return respond(c, q.format, body, body.rows, file);
  });

/** A month of the body as computed (a type, not an interface: the CSV and Arrow writers read it as a record). */
type TrendRow = { month: string; count: number | null; rolling_12m: number | null };

/** What {@link trendResult} gives: the body, the months its statement found covered, and the download's name. */
interface TrendResult<R> {
  body: {
    source: string;
    area: { code: string; name: string };
    category: { id: string; label: string };
    rows: R[];
    disclosure?: { threshold: number; rule: string };
    made_by: MadeBy;
  };
  /** the months the statement found covered, from `from` − 11 months (the rolling sums' first months) */
  covered: string[];
  file: string;
}

/**
 * The body of `/api/trend` for a validated query (with a threshold `n`, after disclosure control) and the name of its
 * CSV or Arrow download (the route, the pack, `saferboard query trend`, `/api/explain`).
 */
export async function trendResult(db: Database, q: z.output<typeof trendSchema>, n: null): Promise<TrendResult<TrendRow>>;
export async function trendResult(db: Database, q: z.output<typeof trendSchema>, n: number | null): Promise<TrendResult<TrendRow | ReturnType<typeof publicTrend>[number]>>;
export async function trendResult(db: Database, q: z.output<typeof trendSchema>, n: number | null): Promise<TrendResult<TrendRow | ReturnType<typeof publicTrend>[number]>> {
  const { source, area, category } = await resolveSeries(db, q);
  const to = q.to ?? source.last;
  const from = q.from ?? source.first;
  checkMonths(source, to, from);
  const args = { source: source.id, area: area.code, category: category.id };
  // public=1: the month-level rule over every month loaded (with the category's additive group), so any from..to
  // shows the same figures, and a rolling sum that holds a hidden month is withheld
  const run = await trendRun(db, n ? { ...args, from: source.first, to: source.last } : { ...args, from, to });
  const rows = n
    ? publicTrend(run.rows, n, (await seriesMarks(db, source.id, area.code, [category.id], n)).get(category.id)).filter((r) => r.month >= from && r.month <= to)
    : run.rows;
  const body = {
    source: source.id,
    area: { code: area.code, name: area.name },
    category: { id: category.id, label: category.label },
    rows,
    ...(n ? { disclosure: { threshold: n, rule: ruleText(n) } } : {}),
    /** the statement the months were read from, as bound (JSON only: CSV and Arrow are the rows) */
    made_by: run.made_by,
  } satisfies Trend;
  return { body, covered: run.covered, file: `trend-${source.id}-${slug(area.name)}-${category.id}-${from}-${to}` };
}
