import type { CountIndicator } from '../../data/outcomes.ts';
import { significance } from '../../core/stats/significance.ts';
import { vsLondon } from '../../core/stats/funnel.ts';
import { rateCi95 } from '../../core/stats/poisson.ts';
import { ratePer1000 } from '../../core/stats/rate.ts';
import { blank, breakNote, breaksOf, cellsOf, pctChange, pick, stateOf } from './common.ts';
import { keyOf, type CountCell, type EngineRun } from './engine.ts';
import { meets, trendRag } from '../../core/rag.ts';
import { rank } from './rank.ts';
import { groupScope, inLondon, rankScope, type RankScope } from '../../core/scope.ts';
import { countSentence, noDataSentence, noSourceWhy, partialSentence } from '../../core/text.ts';
import { fmt } from '../../core/format.ts';
import type { Comparison, CountResult, LatestVariation, PositiveOutcomes, RepeatFigures } from '../../core/types.ts';
import { DASHBOARD_VICTIM_COUNTS } from './requirements.ts';
import { ascendingFor } from './rank.ts';
import { latestVariation } from './variation.ts';
import { rollingSeries } from '../../core/stats/rolling.ts';
import { repeatFiguresOf } from './rate.ts';

/**
 * A count indicator's result for one area: the chosen source's windows; a change, test, rank and RAG only when
 * both windows are complete; a rank from a public source when the figure is a local one (rank_source).
 */
export function countResult(run: EngineRun, ind: CountIndicator, outcomeId: number, area: string): CountResult {
  const f = { ...blank(run, ind, outcomeId), kind: 'count' as const, unit: 'count' as const, positive_outcomes: null as PositiveOutcomes | null, repeat: null as RepeatFigures | null, value: null, period_end: null, spc: null as LatestVariation | null, compare: null as Comparison | null };
  const { options, chosen, rule } = pick(run, ind, area);
  const cells = chosen ?? cellsOf(run, '', area);
  const rate = (c: CountCell) => (c.complete ? ratePer1000(c.count, c.population) : null);
  const ci = (c: CountCell) => (c.complete ? rateCi95(c.count, c.population) : null);
  const windows = {
    current: { ...cells.current, rate_per_1000: rate(cells.current), rate_ci95: ci(cells.current) },
    previous: { ...cells.previous, rate_per_1000: rate(cells.previous), rate_ci95: ci(cells.previous) },
  };
  // the chosen source's series (every month a gap when none was chosen), with the rolling sums of the one function
  const series = run.area === null ? null : rollingSeries(chosen ? (run.series.get(keyOf(ind.id, chosen.source)) ?? []) : [], run.seriesFrom, run.period.current.to);
  const result: CountResult = { ...f, windows, series, source_rule: rule };
  result.missing_months = [...windows.previous.missing_months, ...windows.current.missing_months];
  if (!chosen) {
    result.summary = noDataSentence(ind.label, run.period, noSourceWhy(options.map((o) => o.source), run.areaNames.get(area) ?? area));
    result.note = result.summary;
    return result;
  }
  const { current, previous } = chosen;
  Object.assign(result, { source: chosen.source, state: stateOf(current), months_covered: current.months_covered });
  result.complete = current.complete && previous.complete;
  const fig = { label: ind.label, period: run.period, source: chosen.source, current, previous };
  if (result.state === 'none') {
    result.summary = noDataSentence(ind.label, run.period, noSourceWhy([chosen.source], run.areaNames.get(area) ?? area));
    return result;
  }
  result.current = current.count;
  if (result.state === 'partial') {
    result.compare = compareFor(run, ind, area, chosen.source, false);
    result.summary = partialSentence(fig, fmt(current.count!));
    result.note = `partial: ${current.months_covered} of ${current.months} months`;
    return result;
  }
  result.spc = latestVariation(run, ind, chosen.source);
  if (chosen.source === 'mpsdash') {
    result.positive_outcomes = positiveOutcomesFor(run, ind, area);
    const category = run.requirements.get(keyOf(ind.id, 'mpsdash'))?.category;
    if (category && DASHBOARD_VICTIM_COUNTS.has(category)) result.note = MPSDASH_VICTIMS_NOTE;
  }
  result.rate_per_1000 = windows.current.rate_per_1000;
  result.rate_ci95 = windows.current.rate_ci95;
  Object.assign(result, rankFor(run, ind, area, chosen.source));
  result.compare = compareFor(run, ind, area, chosen.source, true);
  const category = run.requirements.get(keyOf(ind.id, chosen.source))?.category ?? ind.id;
  const across = result.complete ? breaksOf(run, area, chosen.source, category, [previous.population_year, current.population_year]) : null;
  if (across) Object.assign(result, across);
  // compared only when both windows are complete and no break between them makes them not like for like: else grey
  if (result.complete && result.not_compared === null) {
    const sig = significance(current.count!, previous.count!);
    Object.assign(result, {
      previous: previous.count,
      change: current.count! - previous.count!,
      pct_change: pctChange(current.count!, previous.count!),
      significance: sig,
      direction: sig.direction,
    });
    result.rag = trendRag(ind.polarity, sig, result.target !== null && meets(ind.polarity, current.count!, result.target));
  }
  const rep = run.repeats.get(keyOf(ind.id, 'local'))?.get(area)?.current;
  if (chosen.source === 'local' && rep && rep.people > 0) result.repeat = repeatFiguresOf(rep, 'victim', ind.min_incidents ?? 2);
  result.summary = countSentence({
    ...fig,
    count: current.count!,
    previousCount: result.complete ? previous.count : null,
    notCompared: result.not_compared,
    significant: result.significance?.significant ?? false,
    rank: result.rank,
    of: result.of,
    rankSource: result.rank_source,
    vsLondon: result.vs_london,
    ...(run.comparator && result.rank_scope && !inLondon(area) ? { group: { among: result.rank_scope.label, name: run.comparator.name, vs: result.vs_comparator } } : {}),
  }) + (result.not_compared ? '' : breakNote(result.breaks));
  return result;
}

/**
 * The London rank (1 = lowest rate = best) of an area's complete current window, from the chosen source when its
 * window is complete for every London borough, else (for a local figure) from the first public source that is
 * (rank_source). A source covering fewer boroughs gives no London rank: rank, of and vs_london are null and
 * `rank_scope.reason` says why (the one rule in scope.ts).
 */
export function rankFor(run: EngineRun, ind: CountIndicator, area: string, source: string) {
  // outside London (issue 24) there is no London rank and no London reason: the area is ranked among its comparator
  if (!inLondon(area)) return groupRankFor(run, ind, area, source);
  let scope: RankScope | null = null;
  for (const s of source === 'local' ? run.rankOrder : [source]) {
    const table = leagueRanks(run, keyOf(ind.id, s));
    scope ??= table.scope;
    if (!table.scope.london) continue;
    const r = table.ranks.get(area);
    if (r === undefined) continue;
    // the verdict compares the rank source's own figure for the area with London's rate from that source
    const own = run.counts.get(keyOf(ind.id, s))?.get(area)?.current;
    return { rank: r, of: table.of, rank_source: s === source ? null : s, rank_scope: table.scope, ...vsLondon(own?.count ?? null, own?.population ?? null, table.london.rate) };
  }
  const none = source === 'local' && !run.rankOrder.length ? { ...rankScope(null, 0, run.boroughs.length), reason: 'no London rank: no public source (MPS, police.uk) is loaded; a local extract is never ranked as London' } : scope;
  return { rank: null, of: null, rank_source: null, rank_scope: none, vs_london: null, vs_london_95: null };
}

/**
 * "How we compare" ({@link Comparison}), where the engine ranks: for a complete figure, the source {@link rankFor}
 * gives the London rank from (the figure's own, or for a local figure the first public source complete for every
 * London borough); else (no London rank, or a partial window, which is never ranked) the figure's own source, ranked
 * among the boroughs with a complete window on it, labelled with that scope. Null when no borough is ranked there.
 */
export function compareFor(run: EngineRun, ind: CountIndicator, area: string, source: string, complete: boolean): Comparison | null {
  if (!inLondon(area)) return groupCompareFor(run, ind, area, source, complete);
  if (complete)
    for (const s of source === 'local' ? run.rankOrder : [source]) {
      const table = leagueRanks(run, keyOf(ind.id, s));
      if (!table.scope.london || !table.ranks.has(area)) continue;
      const rule =
        s === source
          ? `${s}: the figure's own source, complete for every London borough`
          : `${s}: a local figure is ranked on the first public source (of ${run.rankOrder.join(', ')}) complete for every London borough`;
      return comparison(run, ind, area, s, rule);
    }
  if (!leagueRanks(run, keyOf(ind.id, source)).of) return null;
  const why = !complete
    ? 'its window is partial, so it is not ranked'
    : source === 'local'
      ? run.rankOrder.length
        ? `no public source (${run.rankOrder.join(', ')}) is complete for every London borough`
        : 'no public source (MPS, police.uk) is loaded'
      : `${source} is not complete for every London borough`;
  return comparison(run, ind, area, source, `${source}: the figure's own source (${why})`);
}

/** The area's figure on `source` beside the ranked boroughs': London's rate and `vs_london` only when scope.london. */
function comparison(run: EngineRun, ind: CountIndicator, area: string, source: string, rule: string): Comparison {
  const table = leagueRanks(run, keyOf(ind.id, source));
  const cell = cellsOf(run, keyOf(ind.id, source), area).current;
  const rank = table.ranks.get(area) ?? null;
  const london = table.scope.london ? table.london.rate : null;
  return {
    ...areaFigure(cell, source, rule, rank, table),
    london_rate_per_1000: london,
    ...(rank !== null && london !== null ? vsLondon(cell.count, cell.population, london) : { vs_london: null, vs_london_95: null }),
  };
}

/** The fields of a {@link Comparison} every ranking shares: the area's own figure on `source`, its rank and scope. */
function areaFigure(cell: ReturnType<typeof cellsOf>['current'], source: string, rule: string, rank: number | null, table: { of: number; scope: Comparison['scope'] }) {
  return {
    source,
    source_rule: rule,
    from: cell.from,
    to: cell.to,
    months: cell.months,
    months_covered: cell.months_covered,
    count: cell.count,
    population: cell.population,
    rate_per_1000: cell.complete && cell.count !== null ? ratePer1000(cell.count, cell.population) : null,
    rank,
    of: table.of,
    scope: table.scope,
  };
}

/**
 * The rank of an area outside London among its comparator group (issue 24, `run.comparator`: the profile's comparator or
 * the area's force area), by the one rule of core/scope.ts `groupScope`: a rank, its `of` and `vs_comparator` only
 * when every member's window is complete on the source (for a local figure, the first public source that is:
 * rank_source); otherwise no rank, and `rank_scope.reason` says why. Never London: vs_london stays null.
 */
export function groupRankFor(run: EngineRun, ind: CountIndicator, area: string, source: string) {
  const none = { rank: null, of: null, rank_source: null, rank_scope: null as RankScope | null, vs_london: null, vs_london_95: null, vs_comparator: null, vs_comparator_95: null };
  const c = run.comparator;
  if (!c) return none;
  let scope: RankScope | null = null;
  for (const s of source === 'local' ? run.rankOrder : [source]) {
    const table = groupRanks(run, keyOf(ind.id, s));
    scope ??= table.scope;
    const r = table.ranks.get(area);
    if (table.scope.reason !== null || r === undefined) continue;
    const own = run.counts.get(keyOf(ind.id, s))?.get(area)?.current;
    const vs = vsLondon(own?.count ?? null, own?.population ?? null, table.rate);
    return { ...none, rank: r, of: table.of, rank_source: s === source ? null : s, rank_scope: table.scope, vs_comparator: vs.vs_london, vs_comparator_95: vs.vs_london_95 };
  }
  if (source === 'local' && !run.rankOrder.length)
    scope = { ...groupScope(null, 0, c.members, c.label), reason: `no rank among the ${c.members} ${c.label}: no public source (police.uk) is loaded; a local extract is never ranked` };
  if (scope && !c.codes.some((m) => m.code === area))
    scope = { ...scope, reason: `${run.areaNames.get(area) ?? area} is not one of the ${c.members} ${c.label}: partnerships are ranked among partnerships` };
  return { ...none, rank_scope: scope };
}

/**
 * "How we compare" outside London ({@link Comparison}): as {@link compareFor} in London, among the comparator group
 * instead of London's boroughs; the group's rate and `vs_comparator` only when every member's window is complete.
 */
function groupCompareFor(run: EngineRun, ind: CountIndicator, area: string, source: string, complete: boolean): Comparison | null {
  const c = run.comparator;
  if (!c) return null;
  if (complete)
    for (const s of source === 'local' ? run.rankOrder : [source]) {
      const table = groupRanks(run, keyOf(ind.id, s));
      if (table.scope.reason !== null || !table.ranks.has(area)) continue;
      const rule =
        s === source
          ? `${s}: the figure's own source, complete for every one of the ${c.members} ${c.label}`
          : `${s}: a local figure is ranked on the first public source (of ${run.rankOrder.join(', ')}) complete for every one of the ${c.members} ${c.label}`;
      return groupComparison(run, ind, area, s, rule);
    }
  if (!groupRanks(run, keyOf(ind.id, source)).of) return null;
  const why = !complete
    ? 'its window is partial, so it is not ranked'
    : source === 'local'
      ? run.rankOrder.length
        ? `no public source (${run.rankOrder.join(', ')}) is complete for every one of the ${c.members} ${c.label}`
        : 'no public source (police.uk) is loaded'
      : `${source} is not complete for every one of the ${c.members} ${c.label}`;
  return groupComparison(run, ind, area, source, `${source}: the figure's own source (${why})`);
}

/** The area's figure on `source` beside the comparator group's: the group's rate and verdict only when every member is complete. */
function groupComparison(run: EngineRun, ind: CountIndicator, area: string, source: string, rule: string): Comparison {
  const table = groupRanks(run, keyOf(ind.id, source));
  const cell = cellsOf(run, keyOf(ind.id, source), area).current;
  const rank = table.ranks.get(area) ?? null;
  const vs = rank !== null && table.rate !== null ? vsLondon(cell.count, cell.population, table.rate) : { vs_london: null, vs_london_95: null };
  return {
    ...areaFigure(cell, source, rule, rank, table),
    london_rate_per_1000: null,
    vs_london: null,
    vs_london_95: null,
    comparator_rate_per_1000: table.rate,
    vs_comparator: vs.vs_london,
    vs_comparator_95: vs.vs_london_95,
  };
}

const groupCache = new WeakMap<EngineRun, Map<string, ReturnType<typeof computeGroupRanks>>>();

/** The ranks of the comparator group's members with a complete current window for one candidate (memoised). */
export function groupRanks(run: EngineRun, key: string) {
  const memo = groupCache.get(run) ?? groupCache.set(run, new Map()).get(run)!;
  if (!memo.has(key)) memo.set(key, computeGroupRanks(run, key));
  return memo.get(key)!;
}

function computeGroupRanks(run: EngineRun, key: string) {
  const c = run.comparator!;
  const t = ranksAmong(run, key, c.codes);
  const scope = groupScope(key.split('@')[1] ?? null, t.ranks.size, c.members, c.label);
  // the group's rate only when every member is ranked (groupScope's rule): the funnel's line, vs_comparator
  return { ranks: t.ranks, of: t.ranks.size, scope, rate: scope.reason === null ? ratePer1000(t.count, t.population) : null };
}

/** The members of `among` with a complete current window for one candidate, ranked by rate per 1,000, with their total. */
function ranksAmong(run: EngineRun, key: string, among: { code: string }[]) {
  const byArea = run.counts.get(key);
  const ranked = among
    .map((b) => ({ id: b.code, cell: byArea?.get(b.code)?.current }))
    .filter((r) => r.cell?.complete && r.cell.count !== null && r.cell.population)
    .map((r) => ({ id: r.id, value: ratePer1000(r.cell!.count!, r.cell!.population!)!, count: r.cell!.count!, population: r.cell!.population! }));
  return { ranks: rank(ranked, ascending(run, key)), count: ranked.reduce((s, r) => s + r.count, 0), population: ranked.reduce((s, r) => s + r.population, 0) };
}

const cache = new WeakMap<EngineRun['counts'], Map<string, ReturnType<typeof computeRanks>>>();

/**
 * The ranks of every borough with a complete current window for one candidate, by rate per 1,000 (memoised by the
 * run's counts, which the runs of every area of one period share (engine.ts `everyArea`), with the boroughs and
 * the order they are ranked in).
 */
export function leagueRanks(run: EngineRun, key: string) {
  const memo = cache.get(run.counts) ?? cache.set(run.counts, new Map()).get(run.counts)!;
  const id = `${key}|${ascending(run, key)}|${run.boroughs.map((b) => b.code).join(',')}`;
  if (!memo.has(id)) memo.set(id, computeRanks(run, key));
  return memo.get(id)!;
}

/** Rank 1 is best: the lowest rate for a lower-is-better indicator, the highest for a higher-is-better one. */
const ascending = (run: EngineRun, key: string) =>
  run.profile.outcomes.flatMap((o) => o.indicators).find((i) => i.id === key.split('@')[0])?.polarity !== 'higher-is-better';

function computeRanks(run: EngineRun, key: string) {
  const { ranks, count, population } = ranksAmong(run, key, run.boroughs);
  const scope = rankScope(key.split('@')[1] ?? null, ranks.size, run.boroughs.length);
  return {
    ranks,
    of: ranks.size,
    scope,
    // London's figures only when every borough is ranked (scope.ts); otherwise the ranks are among scope's boroughs
    london: scope.london ? { count, population, rate: ratePer1000(count, population) } : { count: null, population: null, rate: null },
  };
}

/** The note of an MPS dashboard figure that counts victims (its knife-injury victims subtypes). */
export const MPSDASH_VICTIMS_NOTE = 'MPS dashboard: a count of victims (aged 1-24), not of offences';

/** The label of {@link PositiveOutcomes}: the MPS's measure, never to be read as a sanction-detection rate. */
export const POSITIVE_OUTCOME_LABEL = 'positive outcome rate (MPS measure, not a sanction-detection rate)';

/**
 * An MPS dashboard count's positive outcomes over its current window (the engine's share cells, measure
 * 'positive-outcome'), with its London rank (1 = the highest rate) when every London borough has offences in the
 * window; null when the dashboard publishes no positive outcomes for the category (victim counts).
 */
export function positiveOutcomesFor(run: EngineRun, ind: CountIndicator, area: string): PositiveOutcomes | null {
  const byArea = run.shares.get(keyOf(ind.id, 'mpsdash'));
  if (!byArea) return null;
  const cell = byArea.get(area)?.current;
  const k = cell?.['positive-outcome'] ?? 0;
  const n = cell?.n ?? 0;
  if (!cell) return null;
  const rateOf = (c: { n: number; [m: string]: number } | undefined) => (c && c.n > 0 ? (100 * (c['positive-outcome'] ?? 0)) / c.n : null);
  const rows = run.boroughs.map((b) => ({ id: b.code, cell: byArea.get(b.code)?.current, value: rateOf(byArea.get(b.code)?.current) }));
  const london = rows.every((r) => r.value !== null);
  const ranks = london ? rank(rows.map((r) => ({ id: r.id, value: r.value! })), ascendingFor('higher-is-better')) : new Map<string, number>();
  const total = rows.reduce((t, r) => ({ k: t.k + (r.cell?.['positive-outcome'] ?? 0), n: t.n + (r.cell?.n ?? 0) }), { k: 0, n: 0 });
  return {
    k,
    n,
    rate: n > 0 ? (100 * k) / n : null,
    rank: ranks.get(area) ?? null,
    of: london ? ranks.size : null,
    london_rate: london && total.n > 0 ? (100 * total.k) / total.n : null,
    label: POSITIVE_OUTCOME_LABEL,
  };
}
