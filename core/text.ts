/**
 * Every sentence about a figure — tile summaries, the pack, exception lines, headlines — written from the engine's
 * result, here and nowhere else.
 */
import { exceptions, isWorse } from './exceptions.ts';
import { fmt, ordinal, pct } from './format.ts';
import { monthName, monthRuns, monthShort } from './months.ts';
import { SOURCE_SHORT } from './sources.ts';
import type { Signal, SpcLatest } from './stats/spc.ts';
import type { Coverage, IndicatorResult, PeriodInfo, PositiveOutcomes } from './types.ts';


/** "in the 12 months to January 2014", "in Q2 2018/19 (July to September 2018)", "in March 2018". */
export function inPeriod(p: PeriodInfo): string {
  return p.period === '12m' || p.period === 'fytd' ? `in the ${p.label}` : `in ${p.label}`;
}

/** "on the previous 12 months", "on the same months a year earlier", "on the quarter before". */
export function onPrevious(p: PeriodInfo): string {
  if (p.period === '12m') return 'on the previous 12 months';
  if (p.vs === 'year') return p.period === 'fy' ? `on the financial year before` : 'on the same months a year earlier';
  if (p.period === 'quarter') return 'on the quarter before';
  if (p.period === 'month') return 'on the month before';
  return `on the ${p.current.months} months before`;
}

/** "2016-01, 2016-02" or, for many, "2016-01 to 2016-09 (9 months)". */
export const gaps = (months: string[]): string =>
  months.length <= 3 ? months.join(', ') : `${months[0]} to ${months.at(-1)} (${months.length} months)`;

/** "9 of 12 months" for a partial window. */
export const monthsOf = (w: Coverage): string => `${w.months_covered} of ${w.months} months`;

interface Figure {
  label: string;
  period: PeriodInfo;
  source: string | null;
  current: Coverage;
  previous: Coverage;
}

/** Why there is no figure: "no loaded source covers it for Barnet" or the chosen source's gaps. */
export function noDataSentence(label: string, period: PeriodInfo, why: string): string {
  return `${label}: no data ${inPeriod(period)} (${why}).`;
}

/**
 * Why an indicator has no figure, in a board member's words: no source that could count it (`sources`, ids) holds
 * these months for the area, or none loaded can count it at all.
 * @example noSourceWhy(['local', 'policeuk'], 'Barnet') // 'nothing loaded from the local extract or police.uk covers Barnet in these months'
 */
export function noSourceWhy(sources: string[], area: string): string {
  const names = sources.map((s) => SOURCE_SHORT[s] ?? s);
  if (names.length === 0) return `none of the data loaded records it for ${area}`;
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  return `nothing loaded from the ${list} covers ${area} in these months`;
}


/** A current window with some months only: its count labelled with its months, never compared. */
export function partialSentence(f: Figure, shown: string): string {
  return `${f.label}: ${shown} in ${monthsOf(f.current)} ${inPeriod(f.period).replace(/^in /, 'of ')} (${SOURCE_SHORT[f.source!] ?? f.source} has no data for ${gaps(f.current.missing_months)}); not compared.`;
}

/** The tail of a complete current window whose previous window is not complete. */
const notCompared = (f: Figure) =>
  `; not compared: the comparison window (${f.previous.from} to ${f.previous.to}) has ${f.previous.months_covered === 0 ? 'no data' : `data for ${monthsOf(f.previous)} only`}`;

/** "similar to London" / "higher than London (99.8% limits)" from a funnel verdict. */
export const vsLondonWords = (v: 'higher' | 'lower' | 'similar' | null | undefined): string =>
  v === 'similar' ? 'similar to London' : v ? `${v} than London (99.8% limits)` : '';

/**
 * "similar to Thames Valley" / "higher than Thames Valley (99.8% limits)": a funnel verdict against a comparator group
 * outside London (issue 24), named by the group's name.
 */
export const vsComparatorWords = (v: 'higher' | 'lower' | 'similar' | null | undefined, name: string): string =>
  v === 'similar' ? `similar to ${name}` : v ? `${v} than ${name} (99.8% limits)` : '';

/** Outside London (issue 24): whom a rank is among and the verdict's name, from the scorecard's comparator. */
export interface GroupWords {
  /** the rank's scope label: "the 3 CSPs of Thames Valley" */
  among: string;
  /** the comparator's name: "Thames Valley" */
  name: string;
  vs: 'higher' | 'lower' | 'similar' | null | undefined;
}

const rankText = (rank: number | null, of: number | null, rankSource: string | null, source: string | null, vs?: 'higher' | 'lower' | 'similar' | null, group?: GroupWords) => {
  if (!rank || !of) return '';
  const from = rankSource && rankSource !== source ? ` (${SOURCE_SHORT[rankSource] ?? rankSource})` : '';
  if (group) return `; ${ordinal(rank)} of ${group.among}${from}${group.vs ? `, ${vsComparatorWords(group.vs, group.name)}` : ''}`;
  return `; ${ordinal(rank)} of ${of} London boroughs${from}${vs ? `, ${vsLondonWords(vs)}` : ''}`;
};

/**
 * The heading of a rank column or line: "London rank" for a London area, "Rank in Thames Valley" outside London (the
 * scorecard's comparator), "Rank" when there is none.
 */
export const rankHeading = (comparator: { name: string } | null | undefined, london: boolean): string =>
  london ? 'London rank' : comparator ? `Rank in ${comparator.name}` : 'Rank';

/**
 * The sentence for a count indicator with a complete current window.
 * @example 'Residential burglary: 2,837 in the 12 months to January 2014, down 19% on the previous 12 months (significant); 30th of 32 London boroughs.'
 */
export function countSentence(
  f: Figure & { count: number; previousCount: number | null; significant: boolean; rank: number | null; of: number | null; rankSource: string | null; vsLondon?: 'higher' | 'lower' | 'similar' | null; notCompared?: string | null; group?: GroupWords },
): string {
  const head = `${f.label}: ${fmt(f.count)} ${inPeriod(f.period)}`;
  const rank = rankText(f.rank, f.of, f.rankSource, f.source, f.vsLondon, f.group);
  if (f.notCompared) return `${head}; not compared: ${f.notCompared}${rank}.`;
  if (f.previousCount === null) return `${head}${notCompared(f)}${rank}.`;
  const change = f.count - f.previousCount;
  const on = onPrevious(f.period);
  const trend =
    change === 0
      ? `unchanged ${on}`
      : f.previousCount === 0
        ? `up from 0 ${on.replace(/^on /, 'in ')}`
        : `${change > 0 ? 'up' : 'down'} ${Math.round(Math.abs((100 * change) / f.previousCount))}% ${on}`;
  const sig = change === 0 ? '' : f.significant ? ' (significant)' : ' (not significant)';
  return `${head}, ${trend}${sig}${rank}.`;
}

/**
 * The sentence for a rate (repeat victims, outcome shares) with a complete current window.
 * @example 'Domestic abuse repeat victims: 23.4% (45 of 192 victims) in the 12 months to December 2018, up from 20.1% in the previous 12 months (not significant).'
 */
export function rateSentence(
  f: Figure & { k: number; n: number; rate: number; previousRate: number | null; of: string; significant: boolean; rank?: string; notCompared?: string | null },
): string {
  const head = `${f.label}: ${pct(f.rate)} (${fmt(f.k)} of ${fmt(f.n)} ${f.of}) ${inPeriod(f.period)}`;
  if (f.notCompared) return `${head}; not compared: ${f.notCompared}${f.rank ?? ''}.`;
  if (f.previousRate === null) return `${head}${notCompared(f)}${f.rank ?? ''}.`;
  const on = onPrevious(f.period).replace(/^on /, 'in ');
  const prev =
    f.rate === f.previousRate
      ? `, unchanged ${onPrevious(f.period)}`
      : `, ${f.rate > f.previousRate ? 'up' : 'down'} from ${pct(f.previousRate)} ${on} (${f.significant ? 'significant' : 'not significant'})`;
  return `${head}${prev}${f.rank ?? ''}.`;
}

/** The sentence for a manual value. */
export function manualSentence(label: string, value: number, periodEnd: string, target: number | null, met: boolean): string {
  const when = `at ${monthName(periodEnd)}`;
  if (target === null) return `${label}: ${value.toLocaleString('en-GB')} ${when}; no target set.`;
  return `${label}: ${value.toLocaleString('en-GB')} ${when} against a target of ${target.toLocaleString('en-GB')} (${met ? 'meeting' : 'missing'} the target).`;
}

/** One exception line: "Significantly worse: <summary>". */
export const exceptionLine = (i: IndicatorResult): string => `${isWorse(i) ? 'Significantly worse' : 'Significantly better'}: ${i.summary}`;

/**
 * The headline: names only significant changes (worse first), or says that none changed significantly.
 * @example headline(all, period) // 'Significant changes in the 12 months to December 2018: Residential burglary up 12% (worse); Robbery down 20% (better).'
 */
export function headline(all: IndicatorResult[], period: PeriodInfo): string {
  const list = exceptions(all);
  if (list.length === 0) return `No indicator changed significantly ${inPeriod(period)}, ${period.versus}.`;
  const parts = list.map((i) => {
    const change = i.unit === 'count' ? (i.pct_change === null ? `up from 0 to ${fmt(i.current ?? 0)}` : `${i.direction} ${Math.round(Math.abs(i.pct_change))}%`) : `${i.direction} ${Math.abs(i.change ?? 0).toFixed(1)} points`;
    return `${i.label} ${change} (${isWorse(i) ? 'worse' : 'better'})`;
  });
  return `Significant changes ${inPeriod(period)}, ${period.versus}: ${parts.join('; ')}.`;
}

/** What each rule says about the month, after its name. */
const WHAT: Record<Signal, string> = {
  above: 'above the expected range',
  below: 'below the expected range',
  'shift-up': 'in a run of 7 or more months above the mean',
  'shift-down': 'in a run of 7 or more months below the mean',
  'trend-up': 'in a run of 7 or more months each higher than the one before',
  'trend-down': 'in a run of 7 or more months each lower than the one before',
  'two-of-three-up': 'one of two in three months close to the upper limit',
  'two-of-three-down': 'one of two in three months close to the lower limit',
};

/**
 * The tile line for the latest month.
 * @example spcLine({ month: '2013-06', variation: 'special-cause-concern', signal: 'above', … }) // 'Special cause: concern — June 2013 above the expected range'
 * @example spcLine({ month: '2018-12', variation: 'common-cause', … }) // 'Common cause variation'
 */
export function spcLine(latest: Pick<SpcLatest, 'month' | 'variation' | 'why'> & { signal?: Signal | null }): string {
  switch (latest.variation) {
    case 'common-cause':
      return 'Common cause variation';
    case 'not-enough-data':
      return `Not enough data to judge ${monthName(latest.month)}`;
    default: {
      const kind = latest.variation === 'special-cause-concern' ? 'concern' : 'improvement';
      const what = latest.signal ? WHAT[latest.signal] : latest.why;
      return `Special cause: ${kind} — ${monthName(latest.month)} ${what}`;
    }
  }
}


/**
 * A published indicator's sentence when disclosure control withheld some of its figures: what is shown, and why the
 * comparison is withheld.
 * @example withheldSentence(i, 5) // 'Hate crime: transgender identity: <5 in the 12 months to December 2018 (…)'
 */
export function withheldSentence(
  i: { label: string; kind: string; to: string; months: number; current: unknown; previous: unknown; rank: number | null; of: number | null; polarity?: string },
  n: number,
): string {
  const fig = (v: unknown) => (typeof v === 'number' ? (i.kind === 'count' ? v.toLocaleString('en-GB') : `${Math.round(v * 10) / 10}%`) : v === null ? 'withheld' : String(v));
  const rank = typeof i.rank === 'number' ? ` London rank ${i.rank} of ${i.of} (1 = ${i.polarity === 'higher-is-better' ? 'highest' : 'lowest'} rate).` : '';
  const months = i.months === 1 ? monthName(i.to) : `the ${i.months} months to ${monthName(i.to)}`;
  return (
    `${i.label}: ${fig(i.current)} in ${months} (comparison window: ${fig(i.previous)}); ` +
    `the comparison is withheld because counts below ${n} are suppressed.${rank}`
  );
}

/**
 * The partnership a board paper names: the profile's title for its home area (or where the title names `{area}`);
 * for any other area, that area's own partnership, never another borough's.
 * @example partnershipTitle('Barnet Safer Communities Partnership Board: Performance update', { code: 'E09000003' }, { code: 'E09000014', name: 'Haringey' })
 * // 'Haringey Community Safety Partnership: performance update'
 */
export function partnershipTitle(title: string, home: { code: string } | null, area: { code: string; name: string }): string {
  if (title.includes('{area}')) return title.replaceAll('{area}', area.name);
  if (home === null || home.code === area.code) return title;
  return `${ownName(area)}: performance update`;
}

/**
 * What an area shown outside its profile's home is called: a police force area (ONS codes E23…, W15…) by its name as a
 * force area, never a partnership; any other area as its Community Safety Partnership.
 * @example ownName({ code: 'E23000029', name: 'Thames Valley' }) // 'Thames Valley police force area'
 */
const ownName = (area: { code: string; name: string }): string =>
  /^(E23|W15)/.test(area.code) ? `${area.name} police force area` : `${area.name} Community Safety Partnership`;

/** The partnership's own name for a board paper: the profile's name for its home area, else the area's own partnership. */
export function partnershipName(name: string, home: { code: string } | null, area: { code: string; name: string }): string {
  return home === null || home.code === area.code ? name : ownName(area);
}

/**
 * The board paper's glossary: each word or phrase the paper uses about its figures, in a board member's words (the
 * pack's last page; the technical annex holds how each figure is computed).
 */
export const GLOSSARY: readonly { term: string; meaning: string }[] = [
  { term: 'Rolling 12 months', meaning: 'The 12 months up to and including the month reported on, compared with the 12 months before them (or, for a shorter period, the same months a year earlier).' },
  { term: 'Significantly better or worse', meaning: 'A change too large to be explained by the usual ups and downs of the numbers (a statistical test at the 95% level). Small numbers can swing by a large percentage without being significant.' },
  { term: 'Exception', meaning: 'An indicator whose change is significant, better or worse given the direction in which it should move.' },
  { term: 'Status', meaning: 'Red: significantly worse. Amber: no significant change. Green: significantly better (or, for a measure with a target, meeting it). Grey: not compared, because a period is incomplete, the figures are not comparable (a change in how crimes are recorded), or they are withheld.' },
  { term: 'SPC (statistical process control)', meaning: 'A chart of the monthly figures with an expected range worked out from their usual variation. A month outside the range, or a long run on one side of the average, is special-cause variation: an unusual month that may need a look. Months within the range are common-cause variation.' },
  { term: 'Unusual month', meaning: 'The latest month shows special-cause variation on the SPC chart, whatever the 12-month change.' },
  { term: 'London rank', meaning: 'The borough’s place among the 32 London boroughs, 1 being the best: the lowest rate per 1,000 residents for a crime, the highest for a positive outcome rate. Given only from data covering every borough.' },
  { term: 'Rate per 1,000 residents', meaning: 'The count divided by the borough’s population (latest mid-year estimate) and multiplied by 1,000, so that boroughs of different sizes can be compared.' },
  { term: 'Sanction detection rate', meaning: 'The share of offences that ended in a charge or summons, a caution, a penalty notice or an offence taken into consideration.' },
  { term: 'Positive outcome rate', meaning: 'The broader, newer measure: the share of offences with a positive outcome, which adds community resolutions to sanction detections.' },
  { term: 'Repeat victims', meaning: 'The share of victims (or places) with two or more incidents of the same kind in the 12 months. Victims are never named: the figure is counted from pseudonymised records.' },
  { term: 'Incomplete period', meaning: 'A period with a month its data does not cover: its figure is shown with the months it covers (“in 9 of 12 months”) and is never compared, ranked or listed as an exception.' },
  { term: 'No data', meaning: 'Nothing loaded covers the indicator in the period. A gap is never shown as zero.' },
];

/**
 * The glossary of a board paper for its area: London's ({@link GLOSSARY}) for a London borough; outside London
 * (issue 24) the rank entry names the comparator group ("Rank in Thames Valley") or goes when there is none, and no
 * entry speaks of boroughs.
 * @example glossaryFor(false, { name: 'Thames Valley', label: 'CSPs of Thames Valley', members: 16, kind: 'force' })
 */
export function glossaryFor(london: boolean, comparator: { name: string; label: string; members: number; kind: string } | null | undefined): readonly { term: string; meaning: string }[] {
  if (london) return GLOSSARY;
  const group =
    comparator?.kind === 'peers'
      ? `the partnership’s own peer group (${comparator.members} partnerships, itself included, chosen by saferboard from public data as the most alike in population, density and crime mix; not the Home Office’s most similar group)`
      : comparator
        ? `the ${comparator.members} ${comparator.label.replace(/^CSPs of /, 'community safety partnerships of ')}`
        : '';
  return GLOSSARY.flatMap((g) => {
    if (g.term === 'London rank')
      return comparator
        ? [{ term: `Rank in ${comparator.name}`, meaning: `The partnership’s place among ${group}, 1 being the best: the lowest rate per 1,000 residents for a crime, the highest for a positive outcome rate. Given only when every one of them has every month of the period loaded; “${comparator.name}’s rate” is over all of them, and “higher” or “lower” than it means outside the 99.8% funnel limits around that rate for the partnership’s population.` }]
        : [];
    if (g.term === 'Rate per 1,000 residents')
      return [{ term: g.term, meaning: 'The count divided by the area’s population (the mid-year estimate of the period’s year, or the nearest loaded) and multiplied by 1,000, so that areas of different sizes can be compared.' }];
    return [g];
  });
}

/**
 * An MPS dashboard figure's positive outcomes in one line (the tile, the pack):
 * "Positive outcome rate (MPS measure, not a sanction-detection rate): 6.4% (202 of 3,150 offences); 32nd of 32 London boroughs (London 8.9%)".
 */
export function positiveOutcomeLine(po: PositiveOutcomes): string {
  const label = po.label.charAt(0).toUpperCase() + po.label.slice(1);
  const rate = po.rate === null ? 'no offences' : `${pct(po.rate)} (${fmt(po.k)} of ${fmt(po.n)} offences)`;
  const rank = po.rank !== null && po.of !== null ? `; ${ordinal(po.rank)} of ${po.of} London boroughs${po.london_rate !== null ? ` (London ${pct(po.london_rate)})` : ''}` : '';
  return `${label}: ${rate}${rank}`;
}

/**
 * The one sentence a board tile adds to its figure, change, verdict and rank, or null when they say it all: why there
 * is no figure, which months a partial figure lacks, why a figure is not compared. It never repeats the figure.
 * @example tileNote(partialBurglary) // 'Not compared or ranked: no data for Jan 2017 to Mar 2017.'
 * @example tileNote(comparedBurglary) // null
 */
export function tileNote(i: IndicatorResult): string | null {
  const windows = i.kind === 'manual' ? null : i.windows;
  if (i.state === 'none') {
    // the engine's reason, the parenthesis closing its no-data sentence (noDataSentence)
    const why = /\(([^()]*)\)\.$/.exec(i.summary)?.[1];
    return why ? `No figure: ${why}.` : 'No figure for these months.';
  }
  if (i.state === 'partial') {
    const missing = windows?.current.missing_months ?? [];
    return `Not compared or ranked: ${missing.length ? `no data for ${monthRuns(missing)}` : 'some months have no data'}.`;
  }
  if (i.not_compared) return `Not compared: ${i.not_compared}.`;
  if (i.change === null && i.kind !== 'manual' && windows) {
    const p = windows.previous;
    return `Not compared: the earlier period (${monthShort(p.from)} to ${monthShort(p.to)}) has ${p.months_covered === 0 ? 'no data' : `data for ${monthsOf(p)} only`}.`;
  }
  if (i.change === null && i.kind === 'manual' && i.value !== null) return 'No earlier value to compare with.';
  return null;
}

/**
 * A sparkline's accessible name: what it draws, over which months, from what to what.
 * @example sparkLabel('Burglary', rows) // 'Burglary, trend: the 12-month total at each month, 1,402 to Dec 2017 and 1,390 to Dec 2018'
 */
export function sparkLabel(label: string, rows: { month: string; rolling_12m: number | null }[]): string {
  const known = rows.filter((r): r is { month: string; rolling_12m: number } => r.rolling_12m !== null);
  if (!known.length) return `${label}: no trend`;
  const [a, b] = [known[0]!, known.at(-1)!];
  return `${label}, trend: the 12-month total at each month, ${fmt(a.rolling_12m)} to ${monthShort(a.month)} and ${fmt(b.rolling_12m)} to ${monthShort(b.month)}`;
}

/**
 * Why an area has no stop-and-search figure though its force's files are loaded (api/outcome-rates.ts): a CSP of a
 * local authority split between CSPs (searches have coordinates, not an LSOA, and are placed to the LAD only), or
 * one of London's two force areas (its force's searches count in its boroughs).
 * @example stopSearchGap({ splitLad: 'Buckinghamshire' })
 */
export function stopSearchGap(why: { splitLad: string } | { londonForceArea: true }): string {
  return 'splitLad' in why
    ? `searches are placed by their coordinates to the local authority only: ${why.splitLad} is split between Community ` +
        `Safety Partnerships, so this partnership has no stop-and-search figure (${why.splitLad} has)`
    : "a London force's searches are counted in the boroughs where they happened, not in its force area";
}
