import { isWorse } from '../../core/exceptions.ts';
import type { Shown } from '../../core/types.ts';
import type { Indicator, Outcomes } from './data.ts';

/** The columns of `indicators.csv`, in order: every figure the pack shows, as `/api/outcomes` gives it. */
export const INDICATOR_COLUMNS = [
  'outcome_id', 'outcome_title', 'indicator_id', 'indicator_label', 'kind', 'unit', 'polarity', 'source', 'source_rule',
  'period', 'vs', 'from', 'to', 'state', 'months', 'months_covered', 'current', 'previous', 'change', 'pct_change', 'test', 'p_value', 'z', 'significant', 'direction',
  'rate_per_1000', 'rate_ci95_lo', 'rate_ci95_hi', 'rank', 'of', 'rank_source', 'vs_london', 'vs_london_95', 'vs_comparator', 'vs_comparator_95', 'spc_variation', 'spc',
  'victims', 'repeat_victims', 'repeat_victim_rate', 'locations', 'repeat_locations', 'repeat_location_rate',
  'incidents', 'repeat_incidents', 'repeat_incident_rate', 'min_incidents',
  'value', 'target', 'period_end', 'rag', 'complete', 'missing_months', 'not_compared', 'note', 'withheld', 'summary',
] as const;

/** The columns of `exceptions.csv`: the significant changes, worst first. */
export const EXCEPTION_COLUMNS = [
  'order', 'outcome_id', 'indicator_id', 'indicator_label', 'verdict', 'current', 'previous', 'change', 'pct_change', 'p_value', 'z', 'rag', 'source', 'summary',
] as const;

type Cell = string | number | boolean | null;
const shown = (v: Shown | boolean | undefined): Cell => (v === undefined ? null : v);

/**
 * One row per outcome × indicator with every figure of `/api/outcomes` (numbers at full precision).
 * @example indicatorRows(body)[0] // { outcome_id: 1, indicator_id: 'asb', current: 3026, … }
 */
export function indicatorRows(body: Outcomes): Record<(typeof INDICATOR_COLUMNS)[number], Cell>[] {
  return body.outcomes.flatMap((o) =>
    o.indicators.map((i) => {
      // the engine's repeat figures count victims, or places for unit 'location', under the same keys: the CSV
      // names them by what they count
      const r = i.repeat;
      const [victims, places] = r?.unit === 'location' ? [null, r] : [r, null];
      return {
        outcome_id: o.id,
        outcome_title: o.title,
        indicator_id: i.id,
        indicator_label: i.label,
        kind: i.kind,
        unit: i.unit,
        polarity: i.polarity,
        source: i.source,
        source_rule: i.source_rule,
        period: body.period.period,
        vs: body.period.vs,
        from: i.from,
        to: i.to,
        state: i.state,
        months: i.months,
        months_covered: i.months_covered,
        current: shown(i.current),
        previous: shown(i.previous),
        change: i.change,
        pct_change: i.pct_change,
        test: i.significance?.test ?? null,
        p_value: i.significance?.p_value ?? null,
        z: i.significance?.z ?? null,
        significant: i.significance?.significant ?? null,
        direction: i.significance?.direction ?? null,
        rate_per_1000: i.rate_per_1000,
        rate_ci95_lo: i.rate_ci95?.[0] ?? null,
        rate_ci95_hi: i.rate_ci95?.[1] ?? null,
        rank: i.rank,
        of: i.of,
        rank_source: i.rank_source,
        vs_london: i.vs_london,
        vs_london_95: i.vs_london_95,
        // outside London only (issue 24): against the comparator group's rate
        vs_comparator: i.vs_comparator ?? null,
        vs_comparator_95: i.vs_comparator_95 ?? null,
        spc_variation: i.kind === 'count' ? (i.spc?.variation ?? null) : null,
        spc: i.kind === 'count' ? (i.spc?.line ?? null) : null,
        victims: shown(victims?.victims),
        repeat_victims: shown(victims?.repeat_victims),
        repeat_victim_rate: shown(victims?.repeat_victim_rate),
        locations: shown(places?.victims),
        repeat_locations: shown(places?.repeat_victims),
        repeat_location_rate: shown(places?.repeat_victim_rate),
        incidents: shown(r?.incidents),
        repeat_incidents: shown(r?.repeat_incidents),
        repeat_incident_rate: shown(r?.repeat_incident_rate),
        min_incidents: shown(r?.min_incidents),
        value: i.value,
        target: i.target,
        period_end: i.period_end,
        rag: i.rag,
        complete: i.complete,
        missing_months: i.missing_months.join(' '),
        not_compared: i.not_compared ?? null,
        note: i.note,
        withheld: i.disclosure ? [...i.disclosure.suppressed, ...i.disclosure.withheld].join(' ') : '',
        summary: i.summary,
      };
    }),
  );
}

/** Whether a listed exception is for the worse given the indicator's polarity. */
export const worse = (i: Indicator) => isWorse(i as never);

/**
 * The exceptions in the engine's order (api/indicators/exceptions.ts: worse first, then better, smallest p first),
 * less any whose test disclosure control withheld.
 * @example exceptions(body).map((e) => e.indicator.id) // ['mopac7', 'asb', 'domestic-abuse-repeat']
 */
export function exceptions(body: Outcomes) {
  const all = body.outcomes.flatMap((o) => o.indicators.map((indicator) => ({ outcome: o, indicator })));
  return body.exceptions
    .map((id) => all.find((x) => x.indicator.id === id)!)
    .filter((x) => x && x.indicator.significance?.significant === true);
}

/** `exceptions.csv` rows. */
export function exceptionRows(body: Outcomes): Record<(typeof EXCEPTION_COLUMNS)[number], Cell>[] {
  return exceptions(body).map(({ outcome, indicator: i }, k) => ({
    order: k + 1,
    outcome_id: outcome.id,
    indicator_id: i.id,
    indicator_label: i.label,
    verdict: worse(i) ? 'significantly worse' : 'significantly better',
    current: shown(i.current),
    previous: shown(i.previous),
    change: i.change,
    pct_change: i.pct_change,
    p_value: i.significance!.p_value,
    z: i.significance!.z,
    rag: i.rag,
    source: i.source,
    summary: i.summary,
  }));
}
