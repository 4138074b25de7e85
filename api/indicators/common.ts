import type { Indicator } from '../../data/outcomes.ts';
import { comparisonAcross, type Across } from '../breaks.ts';
import { emptyPair, keyOf, type CountCell, type EngineRun, type Pair } from './engine.ts';
import { choose } from './sources.ts';
import type { FigureState, IndicatorResult } from '../../core/types.ts';

/** Both windows of one candidate in one area; windows with no row are empty (no covered month). */
export function cellsOf(run: EngineRun, key: string, area: string): Pair<CountCell> {
  return run.counts.get(key)?.get(area) ?? emptyPair(run.period);
}

/** The state of a current window: a number, a partial count, or nothing. */
export const stateOf = (w: { months_covered: number; months: number }): FigureState =>
  w.months_covered === w.months ? 'number' : w.months_covered > 0 ? 'partial' : 'none';

/** The sources that can express an indicator, in order, with their windows in an area; and the chosen one. */
export function pick(run: EngineRun, ind: Indicator, area: string) {
  const options = run.order
    .filter((s) => run.requirements.has(keyOf(ind.id, s)))
    .map((source) => ({ source, key: keyOf(ind.id, source), ...cellsOf(run, keyOf(ind.id, source), area) }));
  return { options, ...choose(options) };
}

/** The fields every result starts from: no figure, grey. */
export function blank(run: EngineRun, ind: Indicator, outcomeId: number) {
  const { current } = run.period;
  return {
    id: ind.id,
    label: ind.label,
    polarity: ind.polarity,
    outcome_id: outcomeId,
    source: null as string | null,
    source_rule: '',
    state: 'none' as FigureState,
    from: current.from,
    to: current.to,
    months: current.months,
    months_covered: 0,
    missing_months: [] as string[],
    complete: false,
    current: null as number | null,
    previous: null as number | null,
    change: null as number | null,
    pct_change: null as number | null,
    significance: null as IndicatorResult['significance'],
    direction: null as IndicatorResult['direction'],
    rate_per_1000: null as number | null,
    rate_ci95: null as [number, number] | null,
    rank: null as number | null,
    of: null as number | null,
    vs_london: null as IndicatorResult['vs_london'],
    vs_london_95: null as IndicatorResult['vs_london_95'],
    rank_source: null as string | null,
    rank_scope: null as IndicatorResult['rank_scope'],
    target: ind.target ?? null,
    note: null as string | null,
    breaks: [] as { month: string; note: string }[],
    not_compared: null as string | null,
    rag: 'grey' as IndicatorResult['rag'],
    summary: '',
  };
}

/** 100 x (current - previous) / previous; null when previous is 0. */
export const pctChange = (current: number, previous: number): number | null =>
  previous === 0 ? null : (100 * (current - previous)) / previous;

/**
 * The series breaks of an area's series (the classification changes its loaded data has, the reference file's) and,
 * for rates per 1,000, population rebasing, between a comparison's two windows; and, when one makes the windows not
 * like for like, why the comparison is not made (the one rule: breaks.ts `comparisonAcross`).
 */
export function breaksOf(run: EngineRun, area: string, source: string, category: string, years?: [number | null, number | null]): Across {
  const { previous, current } = run.period;
  return comparisonAcross(source, category, previous.from, current.to, { area, changes: run.classificationChanges }, years);
}

/** The sentence's note on the breaks a comparison crosses: " Series break: … ." */
export const breakNote = (breaks: { month: string; note: string }[]) =>
  breaks.length ? ` Series break${breaks.length > 1 ? 's' : ''} between the two windows: ${breaks.map((b) => `${b.month}, ${b.note.replace(/\.$/, '')}`).join('; ')}.` : '';
