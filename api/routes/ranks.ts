import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { areaMonths, publicRanks, type PublicEnv } from '../disclosure/index.ts';
import { InputError } from '../errors.ts';
import { format, respond } from '../output.ts';
import { checkExpressible, month, name, query, resolveArea, resolveCategory, resolveComparison, resolveSource } from '../params.ts';
import { periodQuery } from '../periods.ts';
import { sql } from '../queries.ts';
import { ranks, type RanksInput } from '../ranks.ts';
import { lookups, type Place } from '../lookups.ts';
import { peersOf } from '../peers.ts';
import type { PeerGroup } from '../../core/stats/peers.ts';
import { nearest } from '../../data/nearest.ts';

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

/** What `group=` (and `area=`) resolved to: the members ranked and, outside London's groups, the comparator. */
export interface ResolvedGroup {
  group: string | undefined;
  members: string[] | undefined;
  comparator?: RanksInput['comparator'];
  peers?: PeerGroup & { parameters: Record<string, Record<string, unknown>> };
}

const GROUP_FORMS = ['a force area code or name', 'region:<name>', 'peers (with area=)'];

/** The CSP areas (areas.csp) of a force area, by code. */
const forceMembers = (places: Map<string, Place>, pfa: string) =>
  [...places.values()].filter((p) => p.csp && p.level !== 'pfa' && p.pfa_code === pfa).map((p) => p.code).sort();

/**
 * The comparison group of `/api/ranks` (issue 24): no group (London's boroughs; outside London, `area`'s force area);
 * a London peer group of data/reference/peer-groups.csv; a force area (its code, name or any alias, or its police.uk
 * force name): that force area's CSPs; `region:<name>`: the region's CSPs; `peers`: `area` and the product's own peer
 * group (core/stats/peers.ts). Anything else is a 400 naming the allowed forms.
 */
export async function resolveGroup(db: Database, group: string | undefined, area: string | undefined, to: string): Promise<ResolvedGroup> {
  const { places, aliases } = await lookups(db);
  const home = area === undefined ? undefined : places.get((await resolveArea(db, area)).code)!;
  const forceGroup = (pfa: Place, g: string): ResolvedGroup => ({
    group: g,
    members: forceMembers(places, pfa.code),
    comparator: { kind: 'force', code: pfa.code, name: pfa.name, label: `CSPs of ${pfa.name}` },
  });
  if (group === undefined) {
    // a London borough (and the London pseudo-groups) keep London; elsewhere the area's force area
    if (!home || home.borough || home.region === 'London' || !home.pfa_code) return { group: undefined, members: undefined };
    const pfa = places.get(home.pfa_code);
    if (!pfa) return { group: undefined, members: undefined };
    return forceGroup(pfa, pfa.code);
  }
  const rows = await db.all<{ g: string; code: string }>(sql('peer-groups'));
  const london = [...new Set(rows.map((r) => r.g))];
  if (london.includes(group)) return { group, members: rows.filter((r) => r.g === group).map((r) => r.code) };
  const regions = [...new Set([...places.values()].map((p) => p.region).filter((r): r is string => !!r))].sort();
  const allowed = [...london, ...GROUP_FORMS];
  if (/^region:/i.test(group)) {
    const name = group.slice(group.indexOf(':') + 1).trim();
    const region = regions.find((r) => r.toLowerCase() === name.toLowerCase());
    if (!region)
      throw new InputError(`unknown region: ${JSON.stringify(name)}${regions.length ? ` (allowed: ${regions.join(', ')})` : ' (no region in the reference areas)'}`, {
        parameter: 'group',
        allowed: regions.map((r) => `region:${r}`),
      });
    const members = [...places.values()].filter((p) => p.csp && p.level !== 'pfa' && p.region === region).map((p) => p.code).sort();
    return { group: `region:${region}`, members, comparator: { kind: 'region', code: null, name: region, label: `CSPs of ${region}` } };
  }
  if (group.toLowerCase() === 'peers') {
    if (!home) throw new InputError('group=peers needs area= (the partnership whose peer group is ranked)', { parameter: 'area', allowed: [] });
    if (!home.csp) throw new InputError(`${home.name} is not a Community Safety Partnership: peer groups are of partnerships`, { parameter: 'area', allowed: [] });
    const peers = await peersOf(db, home.code, to);
    return {
      group: 'peers',
      members: [home.code, ...peers.peers.map((p) => p.code)],
      comparator: { kind: 'peers', code: home.code, name: `${home.name}'s peer group`, label: `partnerships of ${home.name} and ${peers.label}` },
      peers,
    };
  }
  // a force area: its code, name or alias, or its police.uk force name
  const key = group.trim().toLowerCase();
  const byAlias = aliases.get(key);
  const pfa =
    (byAlias ? places.get(byAlias) : undefined) ??
    [...places.values()].find((p) => p.level === 'pfa' && (p.force?.toLowerCase() === key || p.name.toLowerCase() === key));
  if (pfa?.level === 'pfa') return forceGroup(pfa, group);
  const forces = [...places.values()].filter((p) => p.level === 'pfa').map((p) => p.name).sort();
  const suggestion = nearest(group, [...london, ...forces]);
  throw new InputError(
    `unknown group: ${JSON.stringify(group)}${pfa ? ` (${pfa.name} is not a police force area)` : suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ''} (allowed: ${allowed.join(', ')})`,
    { parameter: 'group', allowed },
  );
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
