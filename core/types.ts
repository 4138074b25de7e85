/**
 * The one typed result of the indicator engine (api/indicators/engine.ts): what `/api/outcomes`, `/api/league`, the
 * board view, the pack, `indicators.csv`, `exceptions.csv`, disclosure control and the needs assessment all read.
 * Declared here once; every consumer imports it (type-only imports are erased by esbuild for the dashboard).
 */
import type { Significance } from './stats/significance.ts';

export type Rag = 'red' | 'amber' | 'green' | 'grey';
export type Polarity = 'lower-is-better' | 'higher-is-better';
export type IndicatorKind = 'count' | 'repeat' | 'share' | 'manual';
export type PeriodKind = '12m' | 'fytd' | 'quarter' | 'month' | 'fy';
export type Versus = 'year' | 'previous';

/** A significance result for a count (conditional binomial) or a rate (two-proportion z). */
export type AnySignificance = Significance | (Omit<Significance, 'test'> & { test: 'two-proportion-z' });

/**
 * What a figure is: `number` (every month of both windows covered: compared, tested, ranked), `partial` (some
 * months covered: the count of those months, never compared) or `none` (no covered month: `current` is null).
 */
export type FigureState = 'number' | 'partial' | 'none';

/** The months of one window and which of them the chosen source covers for this area and category. */
export interface Coverage {
  from: string;
  to: string;
  /** the window's length in months */
  months: number;
  months_covered: number;
  missing_months: string[];
  complete: boolean;
}

/** One window of a count indicator. `count` is null when no month is covered (never 0 for a gap). */
export interface CountWindow extends Coverage {
  count: number | null;
  population: number | null;
  population_year: number | null;
  /** count / population x 1,000; only for a complete window */
  rate_per_1000: number | null;
  /** its exact 95% Poisson interval, per 1,000 residents; only for a complete window */
  rate_ci95: [number, number] | null;
}

/** One window of a rate indicator (repeat victims, outcome shares): k of n, as a percentage. */
export interface RateWindow extends Coverage {
  k: number | null;
  n: number | null;
  /** 100 k / n; null when n is 0 or null */
  rate: number | null;
}

/** The period of the figures and its comparison, in months and in words. */
export interface PeriodInfo {
  period: PeriodKind;
  vs: Versus;
  current: { from: string; to: string; months: number };
  previous: { from: string; to: string; months: number };
  label: string;
  versus: string;
  words: string;
}

/** Repeat-victimisation figures (victims; for unit 'location', places) of the current window. */
export interface RepeatFigures {
  unit: 'victim' | 'location';
  /** victims (or places) among the window's incidents */
  victims: number;
  /** those with at least min_incidents incidents in the window */
  repeat_victims: number;
  repeat_victim_rate: number | null;
  incidents: number;
  /** incidents whose victim had another such incident in the 12 months before it */
  repeat_incidents: number;
  repeat_incident_rate: number | null;
  min_incidents: number;
}

interface Common {
  id: string;
  label: string;
  kind: IndicatorKind;
  polarity: Polarity;
  /** the priority outcome the indicator belongs to (1-based) */
  outcome_id: number;
  unit: 'count' | 'percent' | 'value';
  /** the source the figures come from (local, mps, policeuk, …; manual for manual values), or null */
  source: string | null;
  /** why this source: the source-choice rule applied (api/indicators/sources.ts) */
  source_rule: string;
  state: FigureState;
  /** the current window, as /api/outcomes always gave it */
  from: string;
  to: string;
  months: number;
  months_covered: number;
  /** the missing months of both windows (previous first) */
  missing_months: string[];
  /** both windows complete: only then are change, pct_change, significance, rank and a non-grey RAG given */
  complete: boolean;
  current: number | null;
  previous: number | null;
  change: number | null;
  pct_change: number | null;
  significance: AnySignificance | null;
  /** 'up' | 'down' | 'none' when compared; null otherwise */
  direction: 'up' | 'down' | 'none' | null;
  rate_per_1000: number | null;
  rate_ci95: [number, number] | null;
  rank: number | null;
  of: number | null;
  /** against London's rate (rank_source's ranked boroughs), from the 99.8% funnel limits for the area's population */
  vs_london: 'higher' | 'lower' | 'similar' | null;
  /** the same from the 95% limits */
  vs_london_95: 'higher' | 'lower' | 'similar' | null;
  /** the source the rank comes from, when it is not `source` (e.g. a local count ranked on MPS) */
  rank_source: string | null;
  /** whom the rank compares the area with; `london: false` with a `reason` when no source covers every London borough (no London rank); outside London, the scorecard's comparator group ("the 3 CSPs of Thames Valley") */
  rank_scope: import('./scope.ts').RankScope | null;
  /**
   * outside London only (issue 24): against the comparator group's rate (the scorecard's `comparator`, every member's
   * window complete on rank_source ?? source), from the 99.8% funnel limits for the area's population; absent in London
   */
  vs_comparator?: 'higher' | 'lower' | 'similar' | null;
  /** the same from the 95% limits */
  vs_comparator_95?: 'higher' | 'lower' | 'similar' | null;
  target: number | null;
  note: string | null;
  /** series breaks the two windows straddle (a change of MPS classification in the loaded data, data/reference/series-breaks.csv): the comparison crosses them */
  breaks: { month: string; note: string }[];
  /** why the two windows are not compared although both are complete: a break in `breaks` makes them not like for like (change, test and direction null, RAG grey); null otherwise */
  not_compared: string | null;
  rag: Rag;
  summary: string;
}

/** The latest month of an indicator's monthly series read as a statistical process control chart (core/stats/spc.ts). */
export interface LatestVariation {
  month: string;
  variation: 'special-cause-concern' | 'special-cause-improvement' | 'common-cause' | 'not-enough-data';
  why: string;
  signal: string | null;
  count: number | null;
  /** "Special cause: concern — June 2013 above the expected range" / "Common cause variation" */
  line: string;
}

/**
 * "How we compare" for one count indicator in one area (issue 20), as the engine computed it when it ranked the
 * indicator, so no consumer asks `/api/league` again: the area's figure on the source it is compared on, London's
 * rate over the ranked boroughs, and its rank. The one coverage rule (core/scope.ts) holds: London's rate and
 * `vs_london` only when `scope.london` (every London borough complete on `source`); a source covering fewer boroughs
 * ranks the area among them (`scope.label`: "the 3 boroughs with a local extract"); a partial window is never ranked
 * (`rank` null, `months_covered` < `months`). `source` is the London rank's source (`rank_source ?? source` of the
 * result) when there is a London rank; otherwise the figure's own source, ranked among the boroughs it covers.
 * @example { source: 'mps', rate_per_1000: 9.1, london_rate_per_1000: 7.6, rank: 25, of: 32, scope: { london: true, … }, vs_london: 'higher', … }
 */
export interface Comparison {
  /** the source the area is compared on */
  source: string;
  /** why this source, in words */
  source_rule: string;
  /** the current window on `source` */
  from: string;
  to: string;
  months: number;
  months_covered: number;
  /** the area's count on `source` over the window (null when no month is covered) and the population it is divided by */
  count: number | null;
  population: number | null;
  /** the area's count per 1,000 residents on `source`: only for a complete window */
  rate_per_1000: number | null;
  /** London's rate per 1,000 over the ranked boroughs: only when `scope.london` (else null, `scope.reason` says why) */
  london_rate_per_1000: number | null;
  /** 1 = best given the polarity, among `scope.label`; null when the area's window is not complete */
  rank: number | null;
  /** how many boroughs are ranked (complete windows on `source`) */
  of: number;
  scope: import('./scope.ts').RankScope;
  /** against London's rate from the 99.8% (and 95%) funnel limits for the area's population: only when `scope.london` */
  vs_london: 'higher' | 'lower' | 'similar' | null;
  vs_london_95: 'higher' | 'lower' | 'similar' | null;
  /** outside London only: the comparator group's rate per 1,000 over its members, only when every member is complete (`scope.reason` null) */
  comparator_rate_per_1000?: number | null;
  /** outside London only: against the comparator group's rate (99.8% and 95% funnel limits), only when it has one */
  vs_comparator?: 'higher' | 'lower' | 'similar' | null;
  vs_comparator_95?: 'higher' | 'lower' | 'similar' | null;
}

/**
 * The MPS's positive outcomes for an MPS dashboard count over the figure's current window: k positive outcomes of n
 * offences of the same category and months (data/monthly-counts.sql, measure 'positive-outcome'). The MPS's measure,
 * not a sanction-detection rate: a positive outcome recorded in a month may be for an offence of an earlier month.
 * Ranked across London (1 = the highest rate) only when every London borough has offences in the window.
 * @example { k: 63, n: 2911, rate: 2.16, rank: 20, of: 32, label: 'positive outcome rate (MPS measure, not a sanction-detection rate)', … }
 */
export interface PositiveOutcomes {
  /** positive outcomes recorded in the window */
  k: number;
  /** offences recorded in the window */
  n: number;
  /** 100 x k / n (%); null when n is 0 */
  rate: number | null;
  /** 1 = the highest rate among the London boroughs; null when not every borough has a rate */
  rank: number | null;
  of: number | null;
  /** London's rate (%): all boroughs' positive outcomes / their offences; null when not every borough has a rate */
  london_rate: number | null;
  /** "positive outcome rate (MPS measure, not a sanction-detection rate)" */
  label: string;
}

export interface CountResult extends Common {
  kind: 'count';
  /**
   * MPS dashboard figures (source 'mpsdash'): the positive outcome rate over the current window ({@link PositiveOutcomes});
   * null for any other source, a partial window, or a dashboard count with no positive outcomes published (victim counts)
   */
  positive_outcomes: PositiveOutcomes | null;
  /**
   * how the area compares on the source it is ranked on ({@link Comparison}); null when the indicator is not ranked
   * at all (no figure, or no borough ranked on its source)
   */
  compare: Comparison | null;
  /** the chosen source's last 36 months (to the period's end) as an XmR chart: is the latest month unusual? */
  spc: LatestVariation | null;
  /**
   * the chosen source's monthly series: the 36 months to the period's end, each with its count (null where the
   * source does not cover the month: a gap, never 0) and rolling 12-month sum (null unless all 12 months are
   * covered), from the engine's own run (queries/engine-series.sql, core/stats/rolling.ts); every month null when no
   * source was chosen; null for a run of every area (leagues), which computes no series
   */
  series: SeriesMonth[] | null;
  unit: 'count';
  windows: { current: CountWindow; previous: CountWindow };
  repeat: RepeatFigures | null;
  value: null;
  period_end: null;
}
export interface RepeatResult extends Common {
  kind: 'repeat';
  unit: 'percent';
  windows: { current: RateWindow; previous: RateWindow };
  repeat: RepeatFigures | null;
  value: null;
  period_end: null;
}
export interface ShareResult extends Common {
  kind: 'share';
  unit: 'percent';
  windows: { current: RateWindow; previous: RateWindow };
  /** share indicators: which outcome is counted */
  outcome: 'sanction_detection' | 'positive_outcome';
  repeat: null;
  value: null;
  period_end: null;
}
export interface ManualResult extends Common {
  kind: 'manual';
  unit: 'value';
  windows: null;
  repeat: null;
  value: number | null;
  period_end: string | null;
}

/** One indicator's figures for one area and period: a discriminated union by `kind`. */
export type IndicatorResult = CountResult | RepeatResult | ShareResult | ManualResult;

/** The `/api/outcomes` body: every priority outcome of the profile for one area and period. */
export interface Scorecard {
  /** the profile's name; the board paper's title and the partnership it names (the profile's for its home area, else the area's own) */
  profile: { name: string; title: string; partnership: string };
  area: { code: string; name: string };
  /** the current window (as before periods existed) */
  from: string;
  to: string;
  /** the source asked for (`source=`), or null for the profile's source order */
  source: string | null;
  period: PeriodInfo;
  outcomes: { id: number; title: string; indicators: IndicatorResult[] }[];
  /** significant changes, worse first then better, smallest p first (api/indicators/exceptions.ts) */
  exceptions: string[];
  /** "Unusual this month": count indicators whose latest month is special-cause variation, concern first */
  unusual: string[];
  /** one sentence naming the significant changes, or saying none changed significantly */
  headline: string;
  /** the engine run's statements and what it bound to each; `indicators`: the statements behind each indicator's windows */
  made_by: ScorecardMadeBy;
  /** outside London only (issue 24): the group the area is ranked among ({@link ScorecardComparator}); absent for a London area */
  comparator?: ScorecardComparator | null;
  disclosure?: { threshold: number; rule: string };
}

/** One area's row of a league table. */
export interface LeagueRow {
  area: { code: string; name: string };
  state: FigureState;
  months_covered: number;
  missing_months: string[];
  count: number | null;
  population: number | null;
  population_year: number | null;
  /** per 1,000 residents (count indicators) or % (rate indicators); only for a complete window */
  rate: number | null;
  /** counts: the rate's exact 95% Poisson interval per 1,000 residents; only for a complete window */
  rate_ci95: [number, number] | null;
  k: number | null;
  n: number | null;
  rank: number | null;
  /** against London's rate over the ranked boroughs (the area itself included): 99.8% funnel limits */
  vs_london: 'higher' | 'lower' | 'similar' | null;
  /** the same from the 95% limits */
  vs_london_95: 'higher' | 'lower' | 'similar' | null;
}

/** The `/api/league` body: every London borough's figures for one indicator from one source, best rate first. */
export interface League {
  indicator: { id: string; label: string; kind: IndicatorKind; polarity: Polarity; unit: 'count' | 'percent' | 'value' };
  source: string | null;
  source_rule: string;
  period: PeriodInfo;
  from: string;
  to: string;
  /** 'rate_per_1000' for counts, 'percent' for repeat and share indicators */
  measure: 'rate_per_1000' | 'percent';
  /** how many boroughs were ranked (complete windows only); no ranks with fewer than two */
  of: number;
  /** whom the rows are ranked among: `london: true` only when the source's window is complete for every London borough */
  scope: import('./scope.ts').RankScope;
  /** over the ranked boroughs, only when `scope.london` (else null, `scope.reason` says why) */
  london: { count: number | null; population: number | null; rate: number | null };
  rows: LeagueRow[];
  /** with `history=N`: each borough's rank over the 12 months to each of the N latest quarter ends */
  history?: LeagueHistory;
  /** the statements of the engine run behind the rows (and `league-history` behind `history`), as bound */
  made_by: MadeBy;
}

/**
 * A league's rank history: at each quarter end, the boroughs with a complete 12 months ranked (1 = best given the
 * polarity), `of` how many; `scope.london` only when every London borough is ranked (a London rank), else the ranks
 * are among `scope.label` and `scope.reason` says why there is no London rank.
 */
export type LeagueHistory = {
  to: string;
  of: number;
  scope: import('./scope.ts').RankScope;
  rows: { code: string; rank: number | null; rate: number }[];
}[];

/** A published count: a number, `"<N"` (primary suppression) or `"[c]"` (secondary), or null. */
export type Shown = number | string | null;

/** One month of an indicator's monthly series (`series` of a count indicator); `V` is `Shown` once published. */
export interface SeriesMonth<V extends Shown = number | null> {
  month: string;
  count: V;
  rolling_12m: V;
}

/** Repeat figures as published: each figure a number, a mark (`"<N"`, `"[c]"`) or null; the unit kept. */
export type PublishedRepeat = Pick<RepeatFigures, 'unit'> & { [K in Exclude<keyof RepeatFigures, 'unit'>]: Shown };

/** An indicator result after disclosure control (`public=1`, `--public`): hidden counts are shown as marks. */
export type Published<T extends IndicatorResult = IndicatorResult> = T extends unknown
  ? Omit<T, 'current' | 'previous' | 'repeat' | 'series' | 'compare'> & {
      current: Shown;
      previous: Shown;
      repeat: PublishedRepeat | null;
      disclosure?: { suppressed: string[]; withheld: string[] };
    } & (T extends CountResult ? { series: SeriesMonth<Shown>[] | null; compare: (Omit<Comparison, 'count'> & { count: Shown }) | null } : unknown)
  : never;

/** A scorecard as served: the engine's, or after disclosure control. */
export interface PublishedScorecard extends Omit<Scorecard, 'outcomes'> {
  outcomes: { id: number; title: string; indicators: Published[] }[];
}

/** One borough of `/api/ranks` (rank 1 = lowest). */
// (type aliases, not interfaces: disclosure control reads them as records)
export type RanksRow = {
  area: { code: string; name: string };
  count: number | null;
  population: number | null;
  population_year: number | null;
  rate_per_1000: number | null;
  complete: boolean;
  months_covered: number;
  missing_months: string[];
  rank: number | null;
  /** exact 95% interval of the rate; only for a complete window with a population */
  rate_ci95: [number, number] | null;
  vs_london: import('./stats/funnel.ts').VsLondon | null;
  vs_london_95: import('./stats/funnel.ts').VsLondon | null;
  /** against the chosen comparator group (a force area's, a region's CSPs, the peer group): only with `comparator` */
  vs_comparator?: import('./stats/funnel.ts').VsLondon | null;
  vs_comparator_95?: import('./stats/funnel.ts').VsLondon | null;
};

/**
 * The comparator of a ranking outside the London groups (issue 24): a force area's CSPs, a region's, or the product's own
 * peer group. Its rate (the funnel's line, `vs_comparator`) only when the source's window is complete for every member.
 */
export interface GroupComparator {
  kind: 'force' | 'region' | 'peers';
  /** the force area's or the partnership's code; null for a region */
  code: string | null;
  /** "Thames Valley", "South East", "Aylesbury Vale's peer group" */
  name: string;
  /** whom the members are, in words: "CSPs of Thames Valley" */
  label: string;
  members: number;
  complete: number;
  rate_per_1000: number | null;
  basis: string;
  reason: string | null;
}

/**
 * Whom the scorecard ranks a partnership outside London among (issue 24): the profile's `comparator` (a force area,
 * `region:<name>` or `peers`) when the area belongs to it, else the area's own force area; resolved by the code that
 * resolves `/api/ranks?group=` (api/groups.ts). Each indicator's `rank_scope` says how many were ranked.
 * @example { group: 'E23000029', kind: 'force', code: 'E23000029', name: 'Thames Valley', label: 'CSPs of Thames Valley', members: 16, rule: "the profile's comparator" }
 */
export interface ScorecardComparator extends Pick<GroupComparator, 'kind' | 'code' | 'name' | 'label'> {
  /** the group as `/api/ranks?group=` and `/api/league?group=` take it */
  group: string;
  /** how many partnerships the group holds (the area itself included) */
  members: number;
  /** why this group, in words */
  rule: string;
}

/** The body of `/api/ranks` (api/ranks.ts), read by the explorer, the needs assessment and `/api/explain`. */
export type Ranks = {
  source: string;
  category: { id: string; label: string };
  from: string;
  to: string;
  period: PeriodKind;
  vs: Versus;
  label: string;
  measure: 'rate' | 'count';
  /** rank 1 is the lowest figure when lower is better, the highest when higher is better */
  polarity: Polarity;
  /** where the polarity comes from, in words */
  polarity_rule: string;
  group: string | null;
  of: number;
  scope: import('./scope.ts').RankScope;
  london: { count: number | null; population: number | null; rate_per_1000: number | null };
  london_comparator: { rate_per_1000: number | null; boroughs: number; basis: string; reason: string | null };
  /** a force area's, a region's or the peer group's comparison (absent for London and its groups) */
  comparator?: GroupComparator;
  /** `group=peers`: the product's own peer group the rows are ranked in (core/stats/peers.ts) */
  peers?: import('./stats/peers.ts').PeerGroup;
  rows: RanksRow[];
  /** the counts statement every row was read from, as bound */
  made_by: MadeBy;
};

/**
 * Which statements made a result, filled by the code that ran them (never reconstructed): the `queries/*.sql` files
 * by name (without `.sql`), in the order they build on each other, and the values bound to each, by file name.
 * `/api/explain` shows them as its `sql` and `parameters`.
 */
export interface MadeBy {
  sql: string[];
  parameters: Record<string, Record<string, unknown>>;
}

/** A scorecard's `made_by`: every statement of its engine run, and by indicator id the statements behind its windows. */
export interface ScorecardMadeBy extends MadeBy {
  indicators: Record<string, string[]>;
}

/** The routes `/api/explain` explains. */
export type ExplainRoute = 'rolling' | 'ranks' | 'trend' | 'outcomes' | 'league' | 'wards';

/**
 * What `/api/explain?route=wards` adds for a ward's count: the rate's arithmetic with the ward's Census 2021
 * population, the borough it is compared with and the borough's crimes placed in no ward. In public mode the counts
 * are as disclosure control shows them.
 */
export interface WardExplanation<C extends Shown = number | null> {
  code: string;
  name: string;
  population: number | null;
  population_source: string;
  count: C;
  rate_per_1000: number | null;
  /** "123 crimes ÷ 15,234 residents (Census 2021) × 1,000 = 8.1 per 1,000", or why there is no rate */
  arithmetic: string;
  vs_borough: 'higher' | 'lower' | 'similar' | null;
  borough: { source: string; count: C; population: number | null; rate_per_1000: number | null; basis: string };
  unplaced: { count: C; borough_count: C; wards_count: C; note: string };
}

/** The body of `/api/explain`: the one shape the route, the dashboard's dialog and the pack's notes read. */
export interface Explanation {
  route: ExplainRoute;
  figure: string;
  source: string | null;
  source_rule: string | null;
  area: { code: string; name: string };
  /** the category or indicator, and how the source counts it */
  subject: { id: string; label: string; kind: string };
  from: string;
  to: string;
  months: number;
  state: FigureState;
  /** the figure; in public mode as disclosure control shows it (a count, "<5", or null when withheld) */
  value: Shown;
  months_covered: number;
  covered_months: string[];
  missing_months: string[];
  population_year: number | null;
  counted_as: { category: string; requires: string[] } | null;
  sql: { name: string; text: string }[];
  /** the parameters bound to each statement, by SQL file name */
  parameters: Record<string, Record<string, unknown>>;
  /**
   * each file the covered months came from; `slice_rows` (its rows in the figure's slices) is left out in public mode;
   * MPS: `classification`, the crime classification its months were published in ('mps', 'home-office'; null when its
   * labels cannot tell): a series break is named where it changes
   */
  files: { file: string; load_id: number; loaded_at: string | null; months: string[]; slice_rows?: number; classification?: string | null; source?: string }[];
  rows: { offered: boolean; url: string | null; count?: number | null; why: string | null };
  /** wards: the ward, its rate's arithmetic, its borough and the unplaced remainder */
  ward?: WardExplanation<Shown>;
  /** public mode: the suppression threshold and its rule in words */
  disclosure?: { threshold: number; rule: string };
}

/**
 * The comparison groups `/api/ranks?group=` offers an area outside London (issue 24), as `/api/meta` lists them so a
 * view can offer the choice: its force area (the default), its region (`group=region:<region>`) and, for a Community
 * Safety Partnership, the product's own peer group (`group=peers`).
 */
export interface AreaComparisons {
  force: { code: string; name: string };
  /** the region's name (`South East`, `Wales`); null when the reference names none */
  region: string | null;
  /** whether the area is a CSP (`areas.csp`): only a CSP has a peer group */
  csp: boolean;
}

/** The body of `/api/meta` (api/routes/meta.ts), read by every view and the pack. */
export interface Meta {
  /** `compare`: only for an area outside London whose default comparator is its force area (see {@link AreaComparisons}) */
  areas: { code: string; name: string; borough: boolean; compare?: AreaComparisons }[];
  /** every spelling of an area the API accepts, lower case with single spaces → its code */
  aliases: Record<string, string>;
  categories: { id: string; label: string; group: string }[];
  /** each loaded source with its first and last month and its rows */
  sources: { id: string; first: string; last: string; rows: number }[];
  /** the canonical categories each source can express: asking a source for any other is a 400 */
  expresses: Record<string, string[]>;
  /** the partnership profile: every view opens on its home area */
  profile: { name: string; title: string; home_area: { code: string; name: string } | null };
}

/** One LSOA of `/api/hotspots` (api/routes/hotspots.ts; no LSOA: `lsoa_code` null). */
export interface HotspotRow {
  lsoa_code: string | null;
  lsoa_name: string | null;
  count: number;
  /** the same months a year earlier; null when that window is not complete */
  previous_count: number | null;
  /** count - previous_count; null when the year before is not complete or not comparable (`not_compared`) */
  change: number | null;
  /** repeat places (queries/macros.sql: repeat_places, 2 or more incidents in the window) mapped under this LSOA */
  repeat_locations: number;
  /** the code is in the 2021 LSOA boundaries (else drawn by its coordinates, if any) */
  in_boundaries: boolean;
  longitude: number | null;
  latitude: number | null;
}

/** The body of `/api/hotspots` (api/routes/hotspots.ts), read by the explorer's hotspot map. */
export interface Hotspots {
  source: string;
  area: { code: string; name: string };
  category: { id: string; label: string };
  from: string;
  to: string;
  /** the months of the window, those the source covers for this category, and the others (gaps, not zeros) */
  months: number;
  months_covered: number;
  missing_months: string[];
  complete: boolean;
  /** why the figures are missing or partial, else null */
  reason: string | null;
  previous: { from: string; to: string; complete: boolean };
  breaks: { month: string; note: string }[];
  /** why the change on a year earlier is not given although both windows are complete (a series break), else null */
  not_compared: string | null;
  /** null when no month of the window is covered (never a total of 0) */
  total: number | null;
  /** incidents the map cannot shade as a 2021 LSOA */
  not_in_boundaries: { incidents: number; lsoas: number; no_lsoa: number; drawn_by_coordinates: number };
  /** what a place and a repeat location are for this source */
  note: string;
  rows: HotspotRow[];
}

/**
 * The body of `/api/trend` (api/routes/trend.ts; JSON): one series' monthly counts and rolling 12-month sums, null
 * where the source does not cover the month; after disclosure control (`public=1`) a hidden figure is its mark.
 */
export interface Trend {
  source: string;
  area: { code: string; name: string };
  category: { id: string; label: string };
  rows: SeriesMonth<Shown>[];
  disclosure?: { threshold: number; rule: string };
  /** the statement the months were read from, as bound (JSON only: CSV and Arrow are the rows) */
  made_by: MadeBy;
}

/** One window of `/api/stop-search-rates` (api/outcome-rates.ts): null counts when no month of it is covered. */
export interface StopSearchWindow {
  from: string;
  to: string;
  complete: boolean;
  missing_months: string[];
  searches: number | null;
  arrests: number | null;
  /** searches with an outcome recorded: the arrest rate's denominator */
  outcome_recorded: number | null;
  finds: number | null;
  /** searches whose "Outcome linked to object of search" was recorded: the find rate's denominator */
  find_recorded: number | null;
  /** only for a complete window */
  arrest_rate: number | null;
  find_rate: number | null;
}

/** The body of `/api/stop-search-rates` (api/outcome-rates.ts): the current window's figures, and the comparison's. */
export interface StopSearchRates extends StopSearchWindow {
  source: 'stopsearch';
  area: { code: string; name: string };
  /** why the area never has a stop-and-search figure of its own (a split LAD's CSP, a London force area); else null */
  reason: string | null;
  category: { id: string; label: string };
  period: PeriodKind;
  label: string;
  versus: string;
  previous: StopSearchWindow;
  /** the arrest rate against the comparison window, when both are complete */
  significance: AnySignificance | null;
}

/** One window of `/api/rolling` (api/rolling.ts); `C` is `Shown` once published (`public=1`). */
export interface RollingWindow<C extends Shown = number | null> {
  from: string;
  to: string;
  months: number;
  months_covered: number;
  complete: boolean;
  /** the count over the covered months; null when none is covered */
  count: C;
  /** only for a complete window of an area with a resident population */
  rate_per_1000: number | null;
  /** why there is no rate, in words; null when there is one */
  rate_reason: string | null;
  rate_ci95: [number, number] | null;
  population_year: number | null;
}

/**
 * The body of `/api/rolling` (api/rolling.ts, api/routes/rolling.ts): a period against its comparison window (and
 * optionally a baseline). A change, % change and significance only when both windows are complete and no series
 * break makes them not like for like (`not_compared`). `C` is `Shown` once published.
 */
export interface Rolling<C extends Shown = number | null> {
  source: string;
  area: { code: string; name: string };
  category: { id: string; label: string };
  period: PeriodKind;
  vs: Versus;
  label: string;
  current: RollingWindow<C>;
  previous: RollingWindow<C>;
  change: number | null;
  pct_change: number | null;
  significance: Significance | null;
  complete: boolean;
  missing_months: string[];
  breaks: { month: string; note: string }[];
  not_compared: string | null;
  baseline: {
    label: string;
    from: string;
    to: string;
    count: C;
    change: number | null;
    pct_change: number | null;
    complete: boolean;
    missing_months: string[];
    breaks: { month: string; note: string }[];
    not_compared: string | null;
    /** the baseline's own run: the statement and what it bound */
    made_by: MadeBy;
  } | null;
  /** public mode: the suppression threshold, its rule and the figures withheld */
  disclosure?: { threshold: number; rule: string; withheld: string[] };
  /** the statement the two windows were read from, as bound */
  made_by: MadeBy;
}

/** `/api/rolling` as served: the engine's body, or after disclosure control (a hidden count is its mark). */
export type PublishedRolling = Rolling<Shown>;

/**
 * One ward of `/api/wards` (api/wards.ts): its count over the window on a ward-level source, its rate per 1,000 residents
 * (Census 2021 usual residents of the ward's LSOAs, best fit), the change on the comparison window, its rate against
 * the borough's (exact Poisson funnel limits for the ward's population, core/stats/funnel.ts) and the SPC reading of
 * its latest month. Counts are null when no month of the window is covered (never 0 for a gap); every comparison is
 * null unless both windows are complete.
 */
export interface WardRow<C extends Shown = number | null> {
  code: string;
  name: string;
  /** Census 2021 usual residents; null where no LSOA falls in the ward (20 City of London wards) */
  population: number | null;
  /** public mode (`Shown`): "<N" or "[c]" where disclosure control withholds it (api/disclosure/wards.ts) */
  count: C;
  /** only for a complete window with a population */
  rate_per_1000: number | null;
  rate_ci95: [number, number] | null;
  previous: C;
  change: number | null;
  pct_change: number | null;
  significance: Significance | null;
  direction: 'up' | 'down' | 'none' | null;
  /** the ward's rate against the borough's, from the 99.8% (and 95%) funnel limits for the ward's population */
  vs_borough: 'higher' | 'lower' | 'similar' | null;
  vs_borough_95: 'higher' | 'lower' | 'similar' | null;
  /** the latest month (`to`) of the ward's monthly series read as an XmR chart (core/stats/spc.ts) */
  spc: { month: string; variation: LatestVariation['variation']; signal: string | null; why: string } | null;
  /** the 12 months to `to` (null: a month the source does not cover) */
  series: { month: string; count: C }[];
}

/** A ward-level source loaded (`GET /api/wards/sources`): its months and the categories it can express. */
export interface WardSource {
  id: string;
  first: string;
  last: string;
  categories: string[];
}

/** The body of `/api/wards` (api/wards.ts): one row per 2022 ward of a borough, and the borough's unplaced remainder. */
export interface Wards<C extends Shown = number | null> {
  source: string;
  area: { code: string; name: string };
  category: { id: string; label: string };
  measure: 'count' | 'rate';
  period: PeriodInfo;
  months: number;
  months_covered: number;
  missing_months: string[];
  /** both windows complete: only then are changes, tests and vs_borough given */
  complete: boolean;
  previous_complete: boolean;
  /** why figures are missing, partial or not compared, else null */
  reason: string | null;
  /** what each ward is compared with: the borough's count over its wards' Census 2021 population */
  borough: {
    /** the borough-level source the borough's count comes from (e.g. mps), or the ward source's own rows when it has none */
    source: string;
    count: C;
    population: number | null;
    rate_per_1000: number | null;
    basis: string;
  };
  /**
   * Crimes of the borough not placed in one of its wards: the borough figure (`borough_source`) minus the sum over its
   * wards; `pseudo` lists the ward rows under codes that are no 2022 ward (part of the unplaced, never ranked).
   */
  unplaced: {
    borough_source: string | null;
    borough_count: C;
    wards_count: C;
    count: C;
    /** count ÷ borough_count, 0..1 */
    share: number | null;
    pseudo: { code: string; name: string | null; count: C extends number | null ? number : Shown }[];
    note: string;
  };
  rows: WardRow<C>[];
  /** public mode: the suppression threshold, its rule and the figures withheld (api/disclosure/wards.ts) */
  disclosure?: { threshold: number; rule: string; withheld: string[] };
  made_by: MadeBy;
}

/** `/api/wards` as served in public mode (`public=1`): a withheld count is its mark ("<5", "[c]"). */
export type PublishedWards = Wards<Shown>;
