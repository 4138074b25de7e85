import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { areaMonths, publicRanks, type PublicEnv } from '../disclosure/index.ts';
import { InputError } from '../errors.ts';
import { format, respond } from '../output.ts';
import { checkExpressible, month, name, query, resolveCategory, resolveComparison, resolveSource } from '../params.ts';
import { periodQuery } from '../periods.ts';
import { sql } from '../queries.ts';
import { ranks } from '../ranks.ts';
import { resolveGroup } from '../groups.ts';

export { resolveGroup, type ResolvedGroup } from '../groups.ts';

const MEASURES = ['rate', 'count'] as const;
export const ranksSchema = z.object({
  source: z.string().optional(),
  category: name('category'),
  to: month.optional(),
  ...periodQuery,
  measure: z
    .enum(MEASURES, { error: (i) => `unknown measure: ${JSON.stringify(i.input)} (allowed: ${MEASURES.join(', ')})` })
    .default('rate'),
  group: z.string().max(100).optional(),
  /** the partnership the ranks are for: its default comparator (its force area outside London) and `group=peers` */
  area: z.string().max(100).optional(),
  format,
});

/** The member codes of a peer group (undefined without one); an unknown group is a 400 naming the groups. */
export async function groupMembers(db: Database, group: string | undefined): Promise<string[] | undefined> {
  if (group === undefined) return undefined;
  const rows = await db.all<{ g: string; code: string }>(sql('peer-groups'));
  const groups = [...new Set(rows.map((r) => r.g))];
  if (!groups.includes(group)) throw new InputError(`unknown group: ${JSON.stringify(group)} (allowed: ${groups.join(', ')})`, { parameter: 'group', allowed: groups });
  return rows.filter((r) => r.g === group).map((r) => r.code);
}

/** `GET /api/ranks`: the 32 London boroughs (or a peer group) ranked over 12 months; 1 = lowest = best. */
export const ranksRoute = (db: Database) =>
  new Hono<PublicEnv>().get('/', query(ranksSchema), async (c) => {
    const q = c.req.valid('query');
    const { body, flat, file } = await ranksResult(db, q, c.get('publicThreshold'));
    return respond(c, q.format, body, flat, file);
  });

/**
 * The body of `/api/ranks` for a validated query (with a threshold `n`, after disclosure control), its rows flat for
 * CSV and Arrow, and the download's name (the route, `saferboard query ranks`).
 */
export async function ranksResult(db: Database, q: z.output<typeof ranksSchema>, n: number | null) {
  const source = await resolveSource(db, q.source);
  const category = await resolveCategory(db, q.category);
  await checkExpressible(db, source.id, category.id);
  const period = await resolveComparison(db, q, source);
  const to = period.current.to;
  const g = await resolveGroup(db, q.group, q.area, to);
  const raw = await ranks(db, { source: source.id, category, period, measure: q.measure, ...g });
  if (g.peers) {
    const { parameters, ...peers } = g.peers;
    raw.peers = peers;
    raw.made_by = { sql: ['peers-features', 'peers-mix', ...raw.made_by.sql], parameters: { ...parameters, ...raw.made_by.parameters } };
  }
  // public=1: each borough's count by the month-level rule (as /api/trend shows that borough), then the London total
  const body = n ? publicRanks(raw, n, await areaMonths(db, source.id, raw.rows.filter((r) => r.count !== null).map((r) => r.area.code), category.id, n)) : raw;
  // public=1: the group's rate × its population is its total; withheld when any member's count is (rule 2)
  if (n && body.comparator && body.rows.some((r, i) => raw.rows[i]!.count !== null && typeof r.count !== 'number')) {
    body.comparator = { ...body.comparator, rate_per_1000: null, reason: "withheld: a member's count is withheld, and the group's rate would give it away" };
    body.rows = body.rows.map((r) => ({ ...r, vs_comparator: null, vs_comparator_95: null }));
  }
  const flat = body.rows.map(({ area, missing_months, rate_ci95, ...r }) => ({
    area_code: area.code,
    area_name: area.name,
    ...r,
    rate_ci95_lo: rate_ci95?.[0] ?? null,
    rate_ci95_hi: rate_ci95?.[1] ?? null,
    missing_months: missing_months.join(' '),
  }));
  const tag = g.group ? `-${g.group.replace(/[^A-Za-z0-9-]+/g, '-')}` : '';
  return { body, flat, file: `ranks-${source.id}-${category.id}-${to}${tag}` };
}
