import type { Database } from '../../data/db.ts';
import type { Indicator } from '../../data/outcomes.ts';
import type { Period } from '../periods.ts';
import { addMonths } from '../../core/months.ts';
import { sql } from '../queries.ts';
import { cellsOf, stateOf } from './common.ts';
import { rateCounts } from './rate.ts';
import { requirement } from './requirements.ts';
import { vsLondon, vsLondonShare } from '../../core/stats/funnel.ts';
import { rateCi95 } from '../../core/stats/poisson.ts';
import { ratePer1000 } from '../../core/stats/rate.ts';
import { leagueRanks } from './count.ts';
import { keyOf, runEngine, type EngineRun, type Profile } from './engine.ts';
import { madeByOf, statementsOf } from './made-by.ts';
import { ascendingFor, rank } from './rank.ts';
import { groupScope, rankScope } from '../../core/scope.ts';
import { periodInfo } from './scorecard.ts';
import type { League, LeagueHistory, LeagueRow } from '../../core/types.ts';

/**
 * Every London borough's figures for one indicator, from one source, best first: the `/api/league` body. The source is
 * the first in the profile's order that ranks it (at least two boroughs with a complete window), else the first
 * with any data. Only complete windows are ranked; London's total and rate are over the ranked boroughs.
 */
export function leagueOf(run: EngineRun, ind: Indicator, group?: { label: string }): League {
  if (group) return groupLeague(leagueOf(run, ind), run.boroughs.length, group.label);
  const sources = run.order.concat(run.rankOrder.filter((s) => !run.order.includes(s))).filter((s) => run.requirements.has(keyOf(ind.id, s)));
  const complete = (s: string) => run.boroughs.filter((b) => cellsOf(run, keyOf(ind.id, s), b.code).current.complete).length;
  const source = sources.find((s) => complete(s) >= 2) ?? sources.find((s) => run.boroughs.some((b) => cellsOf(run, keyOf(ind.id, s), b.code).current.months_covered > 0)) ?? null;
  const rule = source
    ? complete(source) >= 2
      ? `${source}: the first source (of ${sources.join(', ')}) with at least two boroughs complete`
      : `${source}: no source has two boroughs complete; ${source} is the first with data`
    : sources.length
      ? `no month covered by ${sources.join(', ')}`
      : 'no loaded source can express it';
  const rate = ind.kind === 'repeat' || ind.kind === 'share';
  const rows: LeagueRow[] = run.boroughs.map((b) => {
    const cell = source ? cellsOf(run, keyOf(ind.id, source), b.code).current : undefined;
    const state = cell ? stateOf(cell) : 'none';
    const kn = source && rate ? rateCounts(run, ind, source, b.code) : undefined;
    return {
      area: b,
      state,
      months_covered: cell?.months_covered ?? 0,
      missing_months: cell?.missing_months ?? [],
      count: state === 'none' ? null : rate ? (kn?.n ?? null) : (cell?.count ?? null),
      population: cell?.population ?? null,
      population_year: cell?.population_year ?? null,
      rate:
        state !== 'number' ? null : rate ? (kn && kn.n > 0 ? (100 * kn.k) / kn.n : null) : ratePer1000(cell!.count!, cell!.population),
      rate_ci95: !rate && state === 'number' ? rateCi95(cell!.count, cell!.population) : null,
      k: rate && state !== 'none' ? (kn?.k ?? null) : null,
      n: rate && state !== 'none' ? (kn?.n ?? null) : null,
      rank: null,
      vs_london: null,
      vs_london_95: null,
    };
  });
  let of = 0;
  let london: League['london'] = { count: null, population: null, rate: null };
  let scope = rankScope(source, 0, run.boroughs.length);
  if (source && !rate) {
    const t = leagueRanks(run, keyOf(ind.id, source));
    for (const r of rows) r.rank = t.ranks.get(r.area.code) ?? null;
    of = t.of;
    scope = t.scope;
    london = t.london;
    if (scope.london) for (const r of rows) if (r.state === 'number') Object.assign(r, vsLondon(r.count, r.population, london.rate));
  } else if (source) {
    const ranked = rows.filter((r) => r.rate !== null).map((r) => ({ id: r.area.code, value: r.rate! }));
    const ranks = rank(ranked, ind.polarity === 'lower-is-better');
    for (const r of rows) r.rank = ranks.get(r.area.code) ?? null;
    of = ranks.size;
    // the one rule (scope.ts): London's figures only when every borough's window is complete and ranked
    scope = rankScope(source, of, run.boroughs.length);
    const inRanked = rows.filter((r) => r.rank !== null);
    const k = inRanked.reduce((s, r) => s + r.k!, 0);
    const n = inRanked.reduce((s, r) => s + r.n!, 0);
    if (scope.london) {
      london = { count: n, population: null, rate: n ? (100 * k) / n : null };
      for (const r of rows) if (r.rank !== null && n > 0) Object.assign(r, vsLondonShare(r.k, r.n, k / n));
    }
  }
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.area.name.localeCompare(b.area.name));
  return {
    indicator: { id: ind.id, label: ind.label, kind: ind.kind, polarity: ind.polarity, unit: ind.kind === 'count' ? 'count' : ind.kind === 'manual' ? 'value' : 'percent' },
    source,
    source_rule: rule,
    period: periodInfo(run.period),
    from: run.period.current.from,
    to: run.period.current.to,
    measure: rate ? 'percent' : 'rate_per_1000',
    of,
    scope,
    london,
    rows,
    made_by: madeByOf(run.parameters, statementsOf(ind.kind)),
  };
}

/**
 * A league among a comparison group outside London (issue 24: a force area's, a region's CSPs, the peer group): the
 * ranks are the group's, labelled with its real scope by the one rule (core/scope.ts groupScope); never London, so the
 * London total and each row's `vs_london` are null.
 */
function groupLeague(body: League, members: number, label: string): League {
  return {
    ...body,
    scope: groupScope(body.source, body.of, members, label),
    london: { count: null, population: null, rate: null },
    rows: body.rows.map((r) => ({ ...r, vs_london: null, vs_london_95: null })),
  };
}

/** The profile a league runs the engine on: this one indicator only (one small run, for every area). */
export const leagueProfile = (profile: Profile, indicator: Indicator): Profile => ({ ...profile, outcomes: [{ id: 1, title: '', indicators: [indicator] }] });

/** `/api/league` for one indicator: runs the engine for every area. */
export async function league(
  db: Database,
  input: { indicator: Indicator; period: Period; profile: Profile; history?: number; group?: { label: string; members: { code: string; name: string }[] } },
): Promise<League> {
  const shared = await runEngine(db, { period: input.period, profile: leagueProfile(input.profile, input.indicator) });
  // a comparison group outside London: its members take the boroughs' place (the engine counted every area), in a copy
  // of the cached run, so that its memoised ranks (count.ts leagueRanks) are the group's and London's stay London's
  const run = input.group ? { ...shared, boroughs: input.group.members } : shared;
  const body = leagueOf(run, input.indicator, input.group);
  // the rank history: London's boroughs, or the group's members ranked among themselves (groupScope)
  if (input.history && body.source && input.indicator.kind === 'count') {
    const h = await leagueHistory(db, { indicator: input.indicator, source: body.source, to: input.period.current.to, n: input.history, group: input.group });
    body.history = h.history;
    if (h.parameters) body.made_by = { sql: [...body.made_by.sql, 'league-history'], parameters: { ...body.made_by.parameters, 'league-history': h.parameters } };
  }
  return body;
}

/** The quarter ends (March, June, September, December) up to `to`, the latest `n` of them, oldest first. */
export function quarterEnds(to: string, n: number): string[] {
  const out: string[] = [];
  for (let m = to; out.length < n; m = addMonths(m, -1)) if (['03', '06', '09', '12'].includes(m.slice(5))) out.unshift(m);
  return out;
}

/**
 * A league's history in one statement: every borough's (with `group`, every member's) rank (1 = best given the indicator's polarity: the lowest
 * rate per 1,000 for a crime count) over the 12 months to each of the `n` latest quarter ends up to `to`, from
 * `source`; only complete windows are ranked. Each quarter end carries its scope (the one rule, scope.ts): a London
 * rank only when every London borough's 12 months are complete; otherwise the boroughs that are complete are ranked
 * among themselves, labelled with their real scope, and `scope.reason` says why there is no London rank.
 * @example await leagueHistory(db, { indicator, source: 'mps', to: '2018-12', n: 8 })
 */
export async function leagueHistory(
  db: Database,
  p: { indicator: Indicator; source: string; to: string; n: number; group?: { label: string; members: { code: string }[] } },
): Promise<{ history: LeagueHistory; parameters: Record<string, string | null> | null }> {
  const r = requirement(p.indicator, p.source);
  if (!r) return { history: [], parameters: null };
  const ends = quarterEnds(p.to, p.n);
  // the parameters bound to queries/league-history.sql (the league's `made_by`)
  const members = p.group ? JSON.stringify(p.group.members.map((m) => m.code)) : null;
  const parameters = { ends: JSON.stringify(ends), source: r.source, category: r.category, requires: JSON.stringify(r.requires), members };
  const rows = await db.all<{ to: string; area_code: string; months_covered: number; count: number | null; population: number | null }>(sql('league-history'), parameters);
  const history = ends.map((to) => {
    const all = rows.filter((x) => x.to === to);
    const at = all.filter((x) => x.months_covered === 12 && x.count !== null && x.population);
    const rates = at.map((x) => ({ id: x.area_code, value: ratePer1000(x.count!, x.population!)! }));
    const ranks = rank(rates, ascendingFor(p.indicator.polarity));
    return {
      to,
      of: ranks.size,
      // a group's ranks by its rule (every member complete for its figures), never London; else London's
      scope: p.group ? groupScope(p.source, ranks.size, p.group.members.length, p.group.label) : rankScope(p.source, ranks.size, all.length),
      rows: rates.map((x) => ({ code: x.id, rank: ranks.get(x.id) ?? null, rate: x.value })),
    };
  });
  return { history, parameters };
}
