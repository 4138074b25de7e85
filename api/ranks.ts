import type { Database } from '../data/db.ts';
import { seriesRun, windowsOf } from './indicators/series.ts';
import { ascendingFor, rank } from './indicators/rank.ts';
import { groupScope, rankScope } from '../core/scope.ts';
import type { GroupComparator, Polarity, Ranks } from '../core/types.ts';
import type { PeerGroup } from '../core/stats/peers.ts';
import { lookups } from './lookups.ts';
import { polarityOf } from './spc.ts';
import type { Period } from './periods.ts';
import { LONDON_BASIS, londonRateOf, vsLondon } from '../core/stats/funnel.ts';
import { rateCi95 } from '../core/stats/poisson.ts';
import { ratePer1000 } from '../core/stats/rate.ts';

export interface RanksInput {
  source: string;
  category: { id: string; label: string };
  period: Period;
  measure: 'rate' | 'count';
  group?: string;
  /** the peer group's member codes, when `group` is given */
  members?: string[];
  /** a comparison outside London (a force area's CSPs, a region's, the peer group): `members` are ranked among themselves */
  comparator?: Pick<GroupComparator, 'kind' | 'code' | 'name' | 'label'>;
  /** `group=peers`: the peer group behind `members` */
  peers?: PeerGroup;
}

/** The basis of a group's rate, served beside `vs_comparator`. */
export const GROUP_BASIS =
  "the group's rate over all its members (each with a complete 12-month window), the area itself included; vs_comparator from the 99.8% and vs_comparator_95 from the 95% exact Poisson funnel limits for the area's population";

/**
 * London ranks over a period (rank 1 = best given the category's polarity, `polarityOf`: the lowest rate or count for
 * a crime category): the `/api/ranks` body. Every London borough (the City of
 * London and non-borough areas excluded) or a peer group; only boroughs whose window is complete for this source
 * and category are ranked (`of` says how many). `scope` says whom they are ranked among: London's total, rate and
 * `vs_london` are given only when the source is complete for every London borough (core/scope.ts), else
 * they are null and `scope.reason` says why.
 * @example await ranks(db, { source: 'mps', category, period: resolvePeriod('2018-12'), measure: 'rate' })
 */
export async function ranks(db: Database, input: RanksInput): Promise<Ranks> {
  if (input.comparator) return groupRanks(db, input, input.comparator);
  const { areas } = await lookups(db);
  const { byArea, made_by } = await seriesRun(db, { source: input.source, category: input.category.id, period: input.period });
  const boroughs = [...areas.values()].filter((a) => a.borough && (!input.members || input.members.includes(a.code)));
  const rows = boroughs.map((a) => {
    const w = windowsOf(byArea, a.code, input.period).current;
    const complete = w.complete;
    return {
      area: { code: a.code, name: a.name },
      count: w.months_covered > 0 ? w.count : null,
      population: w.population,
      population_year: w.population_year,
      rate_per_1000: complete ? ratePer1000(w.count, w.population) : null,
      complete,
      months_covered: w.months_covered,
      missing_months: w.missing_months,
      rank: null as number | null,
    };
  });
  // the comparator for vs_london: every London borough with a complete window, also when a peer group is ranked
  const all = [...areas.values()].filter((a) => a.borough).map((a) => windowsOf(byArea, a.code, input.period).current);
  // the one rule (core/scope.ts): London figures only when this source is complete for every London borough
  const londonScope = rankScope(input.source, all.filter((w) => w.complete && w.population !== null).length, all.length);
  const londonRate = londonScope.london ? londonRateOf(all.map((w) => ({ count: w.count ?? 0, population: w.population, complete: w.complete }))) : null;
  const ranked = rows.filter((r) => r.complete && (input.measure === 'count' ? r.count !== null : r.rate_per_1000 !== null));
  const { polarity, rule } = polarityOf(input.category.id);
  const order = rank(
    ranked.map((r) => ({ id: r.area.code, value: input.measure === 'count' ? r.count! : r.rate_per_1000! })),
    ascendingFor(polarity),
  );
  for (const r of rows) r.rank = order.get(r.area.code) ?? null;
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.area.name.localeCompare(b.area.name));
  const inRank = rows.filter((r) => r.rank !== null);
  const count = inRank.reduce((s, r) => s + r.count!, 0);
  const pop = inRank.every((r) => r.population !== null) ? inRank.reduce((s, r) => s + r.population!, 0) : null;
  // whom the rows are ranked among: a peer group of a London-complete source, London, or the source's real scope
  const scope = input.members && londonScope.london ? { ...londonScope, areas: order.size, label: `the ${order.size} boroughs of the ${input.group} group` } : { ...londonScope, areas: order.size };
  if (!londonScope.london) scope.label = rankScope(input.source, order.size, all.length).label;
  return {
    ...header(input, polarity, rule, order.size),
    scope,
    london: order.size && londonScope.london ? { count, population: pop, rate_per_1000: ratePer1000(count, pop) } : { count: null, population: null, rate_per_1000: null },
    london_comparator: { rate_per_1000: londonRate, boroughs: all.filter((w) => w.complete && w.population !== null).length, basis: LONDON_BASIS, reason: londonScope.reason },
    rows: rows.map((r) => {
      // exact 95% interval and the funnel verdicts: only for a complete window with a population
      const ok = r.complete && r.rate_per_1000 !== null;
      return {
        ...r,
        rate_ci95: ok ? rateCi95(r.count, r.population) : null,
        ...(ok && londonRate !== null ? vsLondon(r.count!, r.population!, londonRate) : { vs_london: null, vs_london_95: null }),
      };
    }),
    made_by,
  };
}

/**
 * What every `/api/ranks` body opens with, London's or a group's: the question asked, the polarity (rank 1 is the
 * lowest figure when lower is better, the highest when higher is better) and how many areas are ranked.
 */
const header = (input: RanksInput, polarity: Polarity, rule: string, of: number) => ({
  source: input.source,
  category: { id: input.category.id, label: input.category.label },
  from: input.period.current.from,
  to: input.period.current.to,
  period: input.period.period,
  vs: input.period.vs,
  label: input.period.label,
  measure: input.measure,
  polarity,
  polarity_rule: rule,
  group: input.group ?? null,
  of,
});

/**
 * Ranks among a comparison group outside London (issue 24): the CSPs of a force area or a region, or the product's own
 * peer group. Every member is a row; only complete windows are ranked; the group's rate, total and each member's
 * `vs_comparator` only when every member's window is complete (core/scope.ts groupScope), never labelled London.
 */
async function groupRanks(db: Database, input: RanksInput, c: NonNullable<RanksInput['comparator']>): Promise<Ranks> {
  const { places } = await lookups(db);
  const { byArea, made_by } = await seriesRun(db, { source: input.source, category: input.category.id, period: input.period });
  const members = (input.members ?? []).map((code) => places.get(code)).filter((p) => p !== undefined);
  const rows = members.map((a) => {
    const w = windowsOf(byArea, a.code, input.period).current;
    return {
      area: { code: a.code, name: a.name },
      count: w.months_covered > 0 ? w.count : null,
      population: w.population,
      population_year: w.population_year,
      rate_per_1000: w.complete ? ratePer1000(w.count, w.population) : null,
      complete: w.complete,
      months_covered: w.months_covered,
      missing_months: w.missing_months,
      rank: null as number | null,
    };
  });
  const ranked = rows.filter((r) => r.complete && (input.measure === 'count' ? r.count !== null : r.rate_per_1000 !== null));
  const { polarity, rule } = polarityOf(input.category.id);
  const order = rank(
    ranked.map((r) => ({ id: r.area.code, value: input.measure === 'count' ? r.count! : r.rate_per_1000! })),
    ascendingFor(polarity),
  );
  for (const r of rows) r.rank = order.get(r.area.code) ?? null;
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.area.name.localeCompare(b.area.name));
  const scope = groupScope(input.source, order.size, rows.length, c.label);
  // the group's rate: every member complete, with a population
  const whole = scope.reason === null && rows.every((r) => r.population !== null);
  const groupRate = whole ? londonRateOf(rows.map((r) => ({ count: r.count ?? 0, population: r.population, complete: r.complete }))) : null;
  const comparator: GroupComparator = {
    ...c,
    members: rows.length,
    complete: order.size,
    rate_per_1000: groupRate,
    basis: GROUP_BASIS,
    reason: scope.reason,
  };
  return {
    ...header(input, polarity, rule, order.size),
    scope,
    // the group's total in the London fields' place is never London: these stay null outside London
    london: { count: null, population: null, rate_per_1000: null },
    london_comparator: { rate_per_1000: null, boroughs: 0, basis: LONDON_BASIS, reason: `not a London comparison: ranked among the ${c.label}` },
    comparator,
    ...(input.peers ? { peers: input.peers } : {}),
    rows: rows.map((r) => {
      const ok = r.complete && r.rate_per_1000 !== null;
      const vs = ok && groupRate !== null ? vsLondon(r.count!, r.population!, groupRate) : { vs_london: null, vs_london_95: null };
      return { ...r, rate_ci95: ok ? rateCi95(r.count, r.population) : null, vs_london: null, vs_london_95: null, vs_comparator: vs.vs_london, vs_comparator_95: vs.vs_london_95 };
    }),
    made_by,
  };
}
