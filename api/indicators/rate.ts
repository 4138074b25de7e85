import type { Indicator } from '../../data/outcomes.ts';
import { proportionSignificance } from '../../core/stats/significance.ts';
import { blank, breakNote, breaksOf, pctChange, pick, stateOf } from './common.ts';
import { emptyPair, keyOf, type CountCell, type EngineRun, type Pair, type RepeatCell } from './engine.ts';
import { meets, trendRag } from '../../core/rag.ts';
import { rank } from './rank.ts';
import { groupScope, inLondon, rankScope } from '../../core/scope.ts';
import { noDataSentence, noSourceWhy, partialSentence, rateSentence } from '../../core/text.ts';
import { fmt, ordinal } from '../../core/format.ts';
import type { RateWindow, RepeatFigures, RepeatResult, ShareResult } from '../../core/types.ts';

type RateIndicator = Extract<Indicator, { kind: 'repeat' | 'share' }>;

/**
 * A rate indicator's result (repeat victims, outcome shares) for one area: k of n in each window from `kn`; the
 * windows' coverage from the chosen source; a two-proportion test only when both windows are complete.
 */
export function rateResult<K extends 'repeat' | 'share'>(
  run: EngineRun,
  ind: RateIndicator & { kind: K },
  outcomeId: number,
  area: string,
  kn: (source: string, w: 'current' | 'previous', area?: string) => { k: number; n: number } | undefined,
  of: string,
) {
  const { options, chosen, rule } = pick(run, ind, area);
  const win = (c: CountCell, source: string | undefined, w: 'current' | 'previous'): RateWindow => {
    const { count: _c, population: _p, population_year: _y, ...coverage } = c;
    const v = source && c.months_covered > 0 ? kn(source, w) : undefined;
    return { ...coverage, k: v?.k ?? (v ? 0 : null), n: v?.n ?? (v ? 0 : null), rate: v && v.n > 0 ? (100 * v.k) / v.n : null };
  };
  const cells: Pair<CountCell> = chosen ?? options[0] ?? emptyPair(run.period);
  const windows = { current: win(cells.current, chosen?.source, 'current'), previous: win(cells.previous, chosen?.source, 'previous') };
  const r = {
    ...blank(run, ind, outcomeId),
    kind: ind.kind,
    unit: 'percent' as const,
    windows,
    source_rule: rule,
    value: null,
    period_end: null,
  };
  r.missing_months = [...windows.previous.missing_months, ...windows.current.missing_months];
  const name = run.areaNames.get(area) ?? area;
  if (!chosen) {
    r.summary = noDataSentence(ind.label, run.period, `it needs ${ind.kind === 'repeat' ? 'victims recorded in a local extract' : 'recorded outcomes'}: ${noSourceWhy(options.map((o) => o.source), name)}`);
    r.note = r.summary;
    return r;
  }
  const { current, previous } = windows;
  r.source = chosen.source;
  r.state = current.n === 0 ? 'none' : stateOf(current);
  r.months_covered = current.months_covered;
  r.complete = current.complete && previous.complete && (current.n ?? 0) > 0 && (previous.n ?? 0) > 0;
  const fig = { label: ind.label, period: run.period, source: chosen.source, current, previous };
  if (r.state === 'none') {
    r.summary = noDataSentence(ind.label, run.period, current.n === 0 ? `no ${of} recorded for ${name}` : noSourceWhy([chosen.source], name));
    return r;
  }
  r.current = current.rate;
  if (r.state === 'partial') {
    r.summary = partialSentence(fig, `${current.rate === null ? 'n/a' : `${(Math.round(current.rate * 10) / 10).toLocaleString('en-GB')}%`} (${fmt(current.k!)} of ${fmt(current.n!)} ${of})`);
    r.note = `partial: ${current.months_covered} of ${current.months} months`;
    return r;
  }
  if (r.complete) Object.assign(r, breaksOf(run, area, chosen.source, run.requirements.get(`${ind.id}@${chosen.source}`)?.category ?? ind.id));
  // compared only when both windows are complete and no break between them makes them not like for like: else grey
  if (r.complete && r.not_compared === null) {
    const sig = proportionSignificance(current.k!, current.n!, previous.k!, previous.n!);
    Object.assign(r, {
      previous: previous.rate,
      change: current.rate! - previous.rate!,
      pct_change: pctChange(current.rate!, previous.rate!),
      significance: sig,
      direction: sig.direction,
    });
    r.rag = trendRag(ind.polarity, sig, r.target !== null && meets(ind.polarity, current.rate!, r.target));
  }
  // a rate from a public source covers every borough: its London rank (1 = best given the polarity)
  if (chosen.source !== 'local' && current.complete) Object.assign(r, rateRank(run, ind, chosen.source, area, kn));
  r.summary = rateSentence({
    ...fig,
    k: current.k!,
    n: current.n!,
    rate: current.rate!,
    previousRate: r.complete ? previous.rate : null,
    notCompared: r.not_compared,
    of,
    significant: r.significance?.significant ?? false,
    rank: r.rank && r.of ? `; ${ordinal(r.rank)} of ${r.rank_scope && !r.rank_scope.london ? r.rank_scope.label : `${r.of} London boroughs`} (1 = ${ind.polarity === 'higher-is-better' ? 'highest' : 'lowest'})` : undefined,
  }) + (r.not_compared ? '' : breakNote(r.breaks));
  return r;
}

/** The London rank of a public rate among the boroughs whose window is complete and has a denominator. */
function rateRank(
  run: EngineRun,
  ind: RateIndicator,
  source: string,
  area: string,
  kn: (source: string, w: 'current' | 'previous', area?: string) => { k: number; n: number } | undefined,
) {
  // outside London (issue 24): among the comparator group, only when every member has a complete window (groupScope)
  const c = inLondon(area) ? null : run.comparator;
  if (!inLondon(area) && !c) return { rank: null, of: null, rank_scope: null };
  const rows = (c ? c.codes : run.boroughs).flatMap((b) => {
    const cell = run.counts.get(`${ind.id}@${source}`)?.get(b.code)?.current;
    const v = cell?.complete ? kn(source, 'current', b.code) : undefined;
    return v && v.n > 0 ? [{ id: b.code, value: v.k / v.n }] : [];
  });
  const ranks = rank(rows, ind.polarity === 'lower-is-better');
  if (c) {
    const scope = groupScope(source, ranks.size, c.members, c.label);
    return scope.reason === null && ranks.has(area) ? { rank: ranks.get(area)!, of: ranks.size, rank_scope: scope } : { rank: null, of: null, rank_scope: scope };
  }
  // a London rank only when every borough is ranked (the one rule, scope.ts)
  const scope = rankScope(source, ranks.size, run.boroughs.length);
  return scope.london && ranks.has(area) ? { rank: ranks.get(area)!, of: ranks.size, rank_scope: scope } : { rank: null, of: null, rank_scope: scope };
}

/**
 * k of n of a rate indicator for one source, area and window, as the engine computed them: repeat victims (or places)
 * of victims, or the share indicator's outcome of its incidents; undefined when nothing was computed there.
 */
export function rateCounts(run: EngineRun, ind: Indicator, source: string, area: string, w: 'current' | 'previous' = 'current') {
  if (ind.kind === 'repeat') {
    const c = run.repeats.get(keyOf(ind.id, source))?.get(area)?.[w];
    return c && { k: c.repeat_people, n: c.people };
  }
  if (ind.kind === 'share') {
    const c = run.shares.get(keyOf(ind.id, source))?.get(area)?.[w];
    return c && { k: c[ind.outcome] ?? 0, n: c.n };
  }
  return undefined;
}

/** The repeat figures shown beside a figure: victims (or places), repeat ones and repeat incidents, with rates. */
export const repeatFiguresOf = (c: RepeatCell, unit: 'victim' | 'location', min: number): RepeatFigures => ({
  unit,
  victims: c.people,
  repeat_victims: c.repeat_people,
  repeat_victim_rate: c.people ? (100 * c.repeat_people) / c.people : null,
  incidents: c.incidents,
  repeat_incidents: c.repeat_incidents,
  repeat_incident_rate: c.incidents ? (100 * c.repeat_incidents) / c.incidents : null,
  min_incidents: min,
});

/** A repeat-victimisation indicator: repeat victims (or locations) as a share of victims, from a local extract. */
export function repeatResult(run: EngineRun, ind: Extract<Indicator, { kind: 'repeat' }>, outcomeId: number, area: string): RepeatResult {
  const r = rateResult(run, ind, outcomeId, area, (s, w) => rateCounts(run, ind, s, area, w) ?? { k: 0, n: 0 }, ind.unit === 'victim' ? 'victims' : 'locations');
  const c = r.source ? run.repeats.get(keyOf(ind.id, r.source))?.get(area)?.current : undefined;
  return { ...r, repeat: c && r.state !== 'none' ? repeatFiguresOf(c, ind.unit, ind.min_incidents ?? 2) : null };
}

/** An outcome-share indicator: incidents with a sanction detection (or positive outcome) as a share of incidents. */
export function shareResult(run: EngineRun, ind: Extract<Indicator, { kind: 'share' }>, outcomeId: number, area: string): ShareResult {
  const r = rateResult(run, ind, outcomeId, area, (s, w, at = area) => rateCounts(run, ind, s, at, w) ?? { k: 0, n: 0 }, ind.source === 'stopsearch' ? 'searches' : 'offences');
  const c = r.source ? run.shares.get(keyOf(ind.id, r.source))?.get(area)?.current : undefined;
  if (c && r.state !== 'none' && r.source !== 'stopsearch')
    r.note = `${ind.outcome.replace('_', ' ')}s of ${c.n} offences; ${c.n - c.with_outcome} have no outcome recorded${r.note ? `; ${r.note}` : ''}`;
  return { ...r, outcome: ind.outcome as ShareResult['outcome'], repeat: null };
}
