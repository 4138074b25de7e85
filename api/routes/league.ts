import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { allIndicators, type Indicator } from '../../data/outcomes.ts';
import type { League } from '../../core/types.ts';
import { activeProfile } from '../indicators/engine.ts';
import { league } from '../indicators/league.ts';
import { lookups } from '../lookups.ts';
import { resolveGroup } from './ranks.ts';
import { InputError } from '../errors.ts';
import { month, name, query, resolveComparison } from '../params.ts';
import { periodQuery } from '../periods.ts';

export const leagueSchema = z.object({
  indicator: name('indicator'),
  to: month.optional(),
  ...periodQuery,
  history: z.coerce
    .number({ error: 'history must be a whole number of quarters from 1 to 60' })
    .int('history must be a whole number of quarters from 1 to 60')
    .min(1, 'history must be a whole number of quarters from 1 to 60')
    .max(60, 'history must be a whole number of quarters from 1 to 60')
    .optional(),
  /** outside London (issue 24): a force area, region:<name> or peers (with area=), as /api/ranks takes them */
  group: z.string().max(100).optional(),
  area: z.string().max(100).optional(),
});

/** A profile indicator (not manual) or a canonical category id counted as it is; else a 400 naming what is allowed. */
export async function resolveLeagueIndicator(db: Database, raw: string): Promise<Indicator> {
  const id = raw.trim().toLowerCase();
  const profiled = allIndicators().filter((i) => i.kind !== 'manual');
  const indicator = profiled.find((i) => i.id === id);
  if (indicator) return indicator;
  const category = (await lookups(db)).categories.get(id);
  if (!category) {
    const allowed = [...new Set([...profiled.map((i) => i.id), ...[...(await lookups(db)).categories.keys()].sort()])];
    throw new InputError(`unknown indicator: ${JSON.stringify(raw)} (allowed: a profile indicator or a category id: ${allowed.join(', ')})`, {
      parameter: 'indicator',
      allowed,
    });
  }
  return { id, label: category.label, kind: 'count', filter: { categories: [id] }, polarity: 'lower-is-better' };
}

/**
 * `GET /api/league`: every London borough's figures for one indicator of the profile (or a canonical category,
 * counted as it is), best rate first, from the engine; `history=N` adds the ranks at the N latest quarter ends.
 */
export const leagueRoute = (db: Database) => new Hono().get('/', query(leagueSchema), async (c) => c.json(await leagueBody(db, c.req.valid('query'))));

/** The body of `/api/league` for a validated query (the route, `/api/explain`). */
export async function leagueBody(db: Database, q: z.output<typeof leagueSchema>): Promise<League> {
  const indicator = await resolveLeagueIndicator(db, q.indicator);
  const period = await resolveComparison(db, q);
  const g = q.group !== undefined || q.area !== undefined ? await resolveGroup(db, q.group, q.area, period.current.to) : undefined;
  if (g?.members && !g.comparator) throw new InputError(`group ${JSON.stringify(q.group)} is a London peer group: /api/league ranks every London borough, or a force area, region:<name> or peers`, { parameter: 'group', allowed: ['a force area code or name', 'region:<name>', 'peers (with area=)'] });
  const { places } = await lookups(db);
  const group = g?.comparator && g.members ? { label: g.comparator.label, members: g.members.map((code) => ({ code, name: places.get(code)?.name ?? code })) } : undefined;
  return league(db, { indicator, period, profile: activeProfile(), history: q.history, group });
}
