import type { Database } from '../data/db.ts';
import type { Area, Category } from './lookups.ts';
import { proportionSignificance } from '../core/stats/significance.ts';
import { resolvePeriod, type Period, type PeriodKind, type Versus } from './periods.ts';
import { seriesWindows, windowsOf } from './indicators/series.ts';
import { sql } from './queries.ts';
import { ascendingFor, rank } from './indicators/rank.ts';
import { rankScope, type RankScope } from '../core/scope.ts';
import type { Polarity, StopSearchRates, StopSearchWindow } from '../core/types.ts';
import { stopSearchGap } from '../core/text.ts';

interface Input {
  area: Area;
  category: Category;
  to: string;
  period?: PeriodKind;
  vs?: Versus;
}

const rate = (k: number, n: number) => (n > 0 ? k / n : null);

/** The share measures (k, n) of one source/area/category window. */
async function shares(db: Database, source: string, area: string, category: string, from: string, to: string) {
  const rows = await db.all<{ measure: string; k: number; n: number }>(sql('outcome-rates'), { source, area, category, from, to });
  return (m: string) => rows.find((r) => r.measure === m) ?? { k: 0, n: 0 };
}

/** Every area's coverage of a source and category over both windows of a period: the engine's coverage rule. */
const coverageOf = (db: Database, source: string, category: string, period: Period) => seriesWindows(db, { source, category, period });

/** A positive-outcome rate: higher is better, so rank 1 is the highest rate. */
const POSITIVE_OUTCOME_POLARITY: Polarity = 'higher-is-better';

/**
 * The rank of `area` by one measure's rate over a window (1 = best given `polarity`), through the one rank function,
 * among the boroughs whose window is complete and has at least one case. Its scope follows the one rule (scope.ts):
 * a London rank (with `of`) only when every London borough is ranked; otherwise `rank` and `of` are null and
 * `rank_scope` says among whom the boroughs could be compared and why there is no London rank.
 */
async function londonRank(
  db: Database,
  p: { source: string; category: string; measure: string; from: string; to: string },
  polarity: Polarity,
  complete: (area: string) => boolean,
  area: string,
): Promise<{ rank: number | null; of: number | null; rank_scope: RankScope }> {
  const rows = await db.all<{ area_code: string; k: number; n: number }>(sql('outcome-rates-ranks'), p);
  const full = rows.filter((r) => complete(r.area_code));
  const ranks = rank(
    full.filter((r) => r.n > 0).map((r) => ({ id: r.area_code, value: r.k / r.n })),
    ascendingFor(polarity),
  );
  const scope = rankScope(p.source, ranks.size, rows.length);
  // every window complete, but a borough with no case has no rate to rank: say so rather than "not complete"
  if (!scope.london && full.length === rows.length)
    scope.reason = `no London rank: ${rows.length - ranks.size} of the ${rows.length} London boroughs had no ${p.category} crimes in the window, so no rate to rank`;
  return scope.london && ranks.has(area) ? { rank: ranks.get(area)!, of: ranks.size, rank_scope: scope } : { rank: null, of: null, rank_scope: scope };
}

/**
 * `GET /api/outcome-rates?source=policeuk`: outcome rates of the police.uk crimes of a window (by the crime's month),
 * each crime by its current outcome, against the comparison window; rates, test and rank only for complete windows.
 * @example await outcomeRates(db, { area, category, to: '2018-03', period: 'quarter' })
 */
export async function outcomeRates(db: Database, input: Input) {
  const { area, category } = input;
  const period = resolvePeriod(input.to, input.period, input.vs);
  const cover = await coverageOf(db, 'policeuk', category.id, period);
  const window = async (which: 'current' | 'previous') => {
    const w = period[which];
    const get = await shares(db, 'policeuk', area.code, category.id, w.from, w.to);
    const cell = windowsOf(cover, area.code, period)[which];
    const { missing_months } = cell;
    // no month covered (no police.uk file of the area's force for the window): no figures, never 0; otherwise the
    // counts over the covered months
    const known = cell.months_covered > 0;
    const crimes = known ? get('with_outcome').n : null;
    const [withOutcome, positive, charged, sanction] = ['with_outcome', 'positive_outcome', 'charged', 'sanction_detection'].map((m) => (known ? get(m).k : null));
    const complete = missing_months.length === 0;
    const byOutcome = await db.all<{ outcome: string | null; crimes: number }>(sql('outcome-rates-by-outcome'), {
      area: area.code,
      category: category.id,
      from: w.from,
      to: w.to,
    });
    return {
      from: w.from,
      to: w.to,
      complete,
      missing_months,
      crimes,
      with_outcome: withOutcome,
      positive,
      charged,
      sanction_detection: sanction,
      positive_rate: complete ? rate(positive!, crimes!) : null,
      charge_rate: complete ? rate(charged!, crimes!) : null,
      by_outcome: known ? byOutcome : [],
    };
  };
  const current = await window('current');
  const previous = await window('previous');
  const comparable = current.complete && previous.complete && current.crimes! > 0 && previous.crimes! > 0;
  const place = await londonRank(
    db,
    { source: 'policeuk', category: category.id, measure: 'positive_outcome', from: period.current.from, to: period.current.to },
    POSITIVE_OUTCOME_POLARITY,
    (code) => windowsOf(cover, code, period).current.complete,
    area.code,
  );
  return {
    source: 'policeuk',
    area: { code: area.code, name: area.name },
    category: { id: category.id, label: category.label },
    period: period.period,
    label: period.label,
    versus: period.versus,
    ...current,
    previous,
    significance: comparable ? proportionSignificance(current.positive!, current.crimes!, previous.positive!, previous.crimes!) : null,
    rank: place.rank,
    of: place.of,
    /** whom the rank compares the area with; `london: false` with `reason` when there is no London rank */
    rank_scope: place.rank_scope,
    polarity: POSITIVE_OUTCOME_POLARITY,
  };
}

/**
 * `GET /api/stop-search-rates`: searches of a stop-search category in an area and window, with their arrest and find
 * rates, against the comparison window. find_rate's denominator is the searches whose "Outcome linked to object of
 * search" was recorded (`find_recorded`): null when none was.
 */
export async function stopSearchRates(db: Database, input: Input): Promise<StopSearchRates> {
  const { area, category } = input;
  const period = resolvePeriod(input.to, input.period, input.vs);
  const cover = await coverageOf(db, 'stopsearch', category.id, period);
  const window = async (which: 'current' | 'previous'): Promise<StopSearchWindow> => {
    const w = period[which];
    const get = await shares(db, 'stopsearch', area.code, category.id, w.from, w.to);
    const arrest = get('arrest');
    const find = get('find');
    const cell = windowsOf(cover, area.code, period)[which];
    const { missing_months } = cell;
    const complete = missing_months.length === 0;
    // no month covered (no file of the area's force, or of any force for No location / Outside London): no figures,
    // never 0; otherwise the counts over the covered months
    const known = cell.months_covered > 0;
    const some = (v: number) => (known ? v : null);
    return {
      from: w.from,
      to: w.to,
      complete,
      missing_months,
      searches: known ? (cell.count ?? 0) : null,
      arrests: some(arrest.k),
      /** searches with an outcome recorded: the arrest rate's denominator */
      outcome_recorded: some(arrest.n),
      finds: some(find.k),
      find_recorded: some(find.n),
      arrest_rate: complete ? rate(arrest.k, arrest.n) : null,
      find_rate: complete ? rate(find.k, find.n) : null,
    };
  };
  const current = await window('current');
  const previous = await window('previous');
  const arrests = (w: typeof current) => w.complete && w.arrest_rate !== null;
  // only a CSP (E22/W14) or a force area (E23) can lack a figure for this reason: asked only then, and only without one
  const gap =
    current.searches === null && /^(E22|W14|E23)/.test(area.code)
      ? await db.one<{ split_lad: string | null; london_force_area: boolean }>(sql('stopsearch-gap'), { area: area.code })
      : undefined;
  return {
    source: 'stopsearch',
    area: { code: area.code, name: area.name },
    reason: gap?.split_lad ? stopSearchGap({ splitLad: gap.split_lad }) : gap?.london_force_area ? stopSearchGap({ londonForceArea: true }) : null,
    category: { id: category.id, label: category.label },
    period: period.period,
    label: period.label,
    versus: period.versus,
    ...current,
    previous,
    // the arrest rate against the comparison window (two proportions); find rates are too often unrecorded to test
    significance:
      arrests(current) && arrests(previous)
        ? proportionSignificance(current.arrests!, current.outcome_recorded!, previous.arrests!, previous.outcome_recorded!)
        : null,
  };
}
