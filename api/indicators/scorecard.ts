import type { Database } from '../../data/db.ts';
import type { Indicator } from '../../data/outcomes.ts';
import { renderTitle } from '../../data/profile.ts';
import type { Period } from '../periods.ts';
import { countResult } from './count.ts';
import { runEngine, type EngineRun, type Profile } from './engine.ts';
import { exceptions, unusual } from '../../core/exceptions.ts';
import { runMadeBy } from './made-by.ts';
import { publishedComparator } from './comparator.ts';
import { inLondon } from '../../core/scope.ts';
import { manualResult } from './manual.ts';
import { repeatResult, shareResult } from './rate.ts';
import { headline, partnershipName, partnershipTitle } from '../../core/text.ts';
import type { IndicatorResult, PeriodInfo, Scorecard } from '../../core/types.ts';

/** One indicator's result for an area, by kind. */
export function indicatorResult(run: EngineRun, ind: Indicator, outcomeId: number, area: string): IndicatorResult {
  switch (ind.kind) {
    case 'count':
      return countResult(run, ind, outcomeId, area);
    case 'repeat':
      return repeatResult(run, ind, outcomeId, area);
    case 'share':
      return shareResult(run, ind, outcomeId, area);
    case 'manual':
      return manualResult(run, ind, outcomeId, area);
  }
}


/** The period in the result's shape. */
export const periodInfo = (p: Period): PeriodInfo => ({
  period: p.period,
  vs: p.vs,
  current: p.current,
  previous: p.previous,
  label: p.label,
  versus: p.versus,
  words: p.words,
});

/** The scorecard of a run for one area. */
export function scorecardOf(run: EngineRun, area: { code: string; name: string }, source: string | null): Scorecard {
  const outcomes = run.profile.outcomes.map((o) => ({
    id: o.id,
    title: renderTitle(o.title, area.name),
    indicators: o.indicators.map((ind) => indicatorResult(run, ind, o.id, area.code)),
  }));
  const all = outcomes.flatMap((o) => o.indicators);
  return {
    profile: { name: run.profile.name, title: partnershipTitle(run.profile.title, run.profile.home, area), partnership: partnershipName(run.profile.name, run.profile.home, area) },
    area: { code: area.code, name: area.name },
    from: run.period.current.from,
    to: run.period.current.to,
    source,
    period: periodInfo(run.period),
    outcomes,
    exceptions: exceptions(all).map((i) => i.id),
    unusual: unusual(all).map((i) => i.id),
    headline: headline(all, periodInfo(run.period)),
    made_by: comparatorMadeBy(runMadeBy(run), run),
    // outside London (issue 24): whom every rank of this scorecard is among
    ...(run.comparator && !inLondon(area.code) ? { comparator: publishedComparator(run.comparator) } : {}),
  };
}

/** Outside London with `comparator: peers`: the run's statements and the two that chose the peer group (api/peers.ts). */
function comparatorMadeBy(made: Scorecard['made_by'], run: EngineRun): Scorecard['made_by'] {
  const extra = run.comparator?.parameters ?? {};
  if (!Object.keys(extra).length) return made;
  return { ...made, sql: [...made.sql, ...Object.keys(extra)], parameters: { ...made.parameters, ...extra } };
}

/**
 * Every priority outcome of the profile for one area and period: the `/api/outcomes` body.
 * @example await scorecard(db, { area, period: resolvePeriod('2018-12') })
 */
export async function scorecard(
  db: Database,
  input: { area: { code: string; name: string }; period: Period; source?: string; profile?: Profile },
): Promise<Scorecard> {
  const run = await runEngine(db, { period: input.period, source: input.source, area: input.area.code, profile: input.profile });
  return scorecardOf(run, input.area, input.source ?? null);
}
