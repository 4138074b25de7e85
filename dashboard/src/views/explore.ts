import { inLondon } from '../../../core/scope.ts';
import type { GroupComparator, Hotspots, Meta, Ranks, RanksRow, Rolling, StopSearchRates, Trend } from '../../../core/types.ts';
import { bandWords, boroughMap, mapBands, type Boundaries } from '../../../charts/borough-map.ts';
import { fmt1, fmtInt, inSentence } from '../../../core/format.ts';
import { addMonths, monthName } from '../../../core/months.ts';
import { funnelChart, funnelFinding } from '../../../charts/funnel.ts';
import { hotspotFinding, hotspotMap, unmatchedNote } from '../../../charts/hotspot-map.ts';
import { londonBars, londonFinding, type RankRow } from '../../../charts/london-bars.ts';
import { seasonRows, seasonSpan, seasonalityChart, seasonalityFinding } from '../../../charts/seasonality.ts';
import { chartRows, trendChart, trendFinding, trendSeries, type SpcOverlay, type TrendRow, type Verdict } from '../../../charts/trend.ts';
import { londonRateOf } from '../../../core/stats/funnel.ts';
import { getArrow, getJson, getMeta } from '../api.ts';
import { addressProblems, badAddress } from '../address.ts';
import { type Area, areaOptions, cannotExpress, defaultCategory, offeredCategories, pickArea, pickSource, type Source, span } from '../common.ts';
import { SOURCE_NAMES, SOURCE_SHORT } from '../../../core/sources.ts';
import { controls, PERIODS, type Field, type Patch } from '../controls.ts';
import { h, message } from '../dom.ts';
import { dataTable, panel } from '../panel.ts';
import { ranksTarget, type ExplainTarget } from '../explain.ts';
import { spcIcon, spcLine } from '../spc-words.ts';
import { changeNote, state } from '../state.ts';
import { compareChoices, compareGroup, compareLabel, compareWhat, peersSummary, peersWhatItIs, type CompareChoice } from '../../../core/compare-words.ts';
import { wardPanel } from '../wards.ts';

type Category = Meta['categories'][number];

/** The trend explorer: `/explore?area=&category=&source=&from=&to=`. */
export async function explore(main: HTMLElement) {
  const meta = await getMeta();
  const q = state();
  const source = pickSource(meta, q.get('source'));
  if (!source) return void main.append(h('p', { class: 'empty' }, 'No data loaded: run "saferboard load FILE…" to load an MPS, police.uk or local extract.'));
  const asked = pickArea(meta, q.get('area'));
  const rules = { source: true, categories: { source }, months: { first: source.first, last: source.last, source: source.id, names: ['from', 'to'] as ('from' | 'to')[] }, comparison: asked ? { area: asked } : undefined };
  if (badAddress(main, await addressProblems(meta, q, rules), q)) return;
  const area = asked!;
  // outside London: the comparison group chosen (the force area by default) and the period ranked (12 months by default)
  const choice = (area.compare && (q.get('compare') as CompareChoice | null)) || 'force';
  const period = area.compare ? (q.get('period') ?? '12m') : undefined;
  // only what the source can express is offered (police.uk has no residential burglary, MPS no ASB)
  const offered = offeredCategories(meta, source.id);
  const byId = new Map(offered.map((c) => [c.id, c]));
  const cats = (q.get('category') ?? '').split(',').filter((id) => byId.has(id)).map((id) => byId.get(id)!);
  if (cats.length === 0) cats.push(defaultCategory(meta, source.id));
  const to = q.get('to') ?? source.last;
  // the recent 36 months by default (the board's window, so the process chart judges the latest month as the tiles
  // do); the long view is an option (Months shown: the whole series, limits recalculated at each sustained shift)
  const from = q.get('from') ?? max(source.first, addMonths(to, -35));
  const seasonal = q.get('seasonal') === '1';

  /** A source change keeps the categories the new source can express and drops the others, saying so. */
  const switchSource: Patch = (id) => {
    const next = meta.sources.find((s) => s.id === id);
    if (!next) return { patch: {} };
    const dropped = cats.filter((c) => cannotExpress(meta, id, c.id));
    const kept = cats.filter((c) => !dropped.includes(c));
    const patch: Record<string, string | undefined> = {};
    const notes: string[] = [];
    if (dropped.length) {
      const fallback = kept.length ? undefined : defaultCategory(meta, id);
      patch.category = kept.length ? kept.map((c) => c.id).join(',') : fallback?.id;
      const names = dropped.map((c) => c.label).join(' and ');
      notes.push(`${names} ${dropped.length === 1 ? 'is' : 'are'} not among the categories ${SOURCE_NAMES[id] ?? id} records, so ${dropped.length === 1 ? 'it was' : 'they were'} taken off${fallback ? `: showing ${fallback.label}` : ''}.`);
    }
    const outside = (['from', 'to'] as const).filter((name) => { const m = q.get(name); return m !== null && (m < next.first || m > next.last); });
    for (const name of outside) patch[name] = undefined;
    if (outside.length) notes.push(`${SOURCE_SHORT[id] ?? id} data covers ${span(next.first, next.last)}: showing its latest months.`);
    return { patch, note: notes.join(' ') || undefined };
  };

  const several = cats.length > 1;
  main.append(
    h('h1', {}, `Trend explorer: ${cats.map((c) => c.label).join(', ')} in ${area.name}`),
    h('p', { class: 'lede' }, `${span(from, to)}, from ${SOURCE_NAMES[source.id]} (loaded ${span(source.first, source.last)}).`),
    controls([
      { name: 'area', label: 'Area', kind: 'select', value: [area.code], options: areaOptions(meta, area) },
      { name: 'category', label: `Categories in the ${SOURCE_SHORT[source.id]} data (one or more)`, kind: 'select', multiple: true, value: cats.map((c) => c.id), options: categoryOptions(offered) },
      { name: 'source', label: 'Source', kind: 'select', value: [source.id], options: meta.sources.map((s) => ({ value: s.id, label: SOURCE_NAMES[s.id] ?? s.id })), patch: switchSource },
      { name: 'from', label: 'Months shown', kind: 'select', value: [q.get('from') ?? ''], options: [
        { value: '', label: 'The last 36 months' },
        ...(source.first < addMonths(to, -35) ? [{ value: source.first, label: `The whole series, from ${monthName(source.first)}` }] : []),
      ] },
      { name: 'from', label: 'From', kind: 'month', value: from, min: source.first, max: source.last },
      { name: 'to', label: 'To', kind: 'month', value: to, min: source.first, max: source.last },
      { name: 'seasonal', label: 'Expected range', kind: 'select', value: [seasonal ? '1' : '0'], options: [
        { value: '0', label: 'Flat: the mean of the months shown' },
        { value: '1', label: 'Seasonal: each calendar month its own' },
      ] },
      ...comparisonFields(area, choice, period),
    ]),
  );
  const note = changeNote();
  if (note) main.append(h('p', { class: 'note changed', role: 'status' }, note));
  const peers = h('div', { class: 'peers-slot' });
  const grid = h('div', { class: 'grid' });
  main.append(peers, grid);
  const jobs: Promise<void>[] = [];
  for (const cat of cats) {
    const series = getArrow<TrendRow>('/api/trend', { source: source.id, area: area.code, category: cat.id, from: source.first, to });
    const spc = getJson<SpcOverlay>('/api/spc', { source: source.id, area: area.code, category: cat.id, from, to, seasonal: seasonal ? '1' : undefined })
      .catch((e: unknown) => message(e));
    jobs.push(trendPanel(grid, cat, area, series, spc, from, to, source), seasonPanel(grid, cat, area, series, from, to));
  }
  const first = cats[0]!;
  // the panels drawing one category say so when several are selected
  const only = several ? `Showing ${first.label} only: the first of ${cats.length} selected.` : undefined;
  // outside London (not an E09 area) the ranks are among the comparator chosen (its force area's CSPs by default): one
  // request, whose answer the comparison, map and funnel panels share
  const ranks = getJson<Ranks>('/api/ranks', {
    source: source.id, category: first.id, to, measure: 'rate', area: area.code.startsWith('E09') ? undefined : area.code,
    group: area.compare ? compareGroup(choice, area.compare) : undefined, period,
  });
  if (choice === 'peers') jobs.push(peerList(peers, ranks));
  jobs.push(
    mapPanel(grid, first, area, ranks, to, only),
    londonPanel(grid, first, area, ranks, source, only),
    funnelPanel(grid, first, area, ranks, source, to, only),
    hotspotPanel(grid, meta, first, area, from, to, source, only),
    wardPanel(grid, first, area, to),
    knifePanel(grid, meta, area, to),
  );
  await Promise.all(jobs);
}

const max = (a: string, b: string) => (a > b ? a : b);

/** The categories as the explorer lists them: each under its group's heading ("Robbery" under "Robbery"), groups in first-seen order. */
const categoryOptions = (categories: Category[]) => {
  const order = [...new Set(categories.map((c) => c.group))];
  return [...categories].sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group)).map((c) => ({ value: c.id, label: c.label, group: c.group }));
};

/** The `/api/ranks` body: every borough, only those with every month of the window loaded ranked. */

/** A ranked borough as the London chart draws it. */
const ranked = (rows: RanksRow[]): RankRow[] =>
  rows.filter((r) => r.rank !== null && r.count !== null && r.population !== null).map((r) => ({ area: r.area, count: r.count!, population: r.population!, rate_per_1000: r.rate_per_1000, rank: r.rank }));

/** How a borough's window stands: ranked, "3 of 12 months" (partial: not ranked) or "no data". */
const standing = (r: RanksRow, months: number) => (r.rank !== null ? 'ranked' : r.months_covered === 0 ? 'no data' : r.complete ? 'not ranked' : `${r.months_covered} of ${months} months`);

/** The boroughs not ranked, grouped by how many months they have: "3 of 12 months: Barnet, Bexley; no data: Brent". */
function notRanked(rows: RanksRow[], months: number, unit = 'boroughs'): string {
  const groups = new Map<string, string[]>();
  for (const r of rows.filter((x) => x.rank === null)) groups.set(standing(r, months), [...(groups.get(standing(r, months)) ?? []), r.area.name]);
  if (groups.size === 1 && rows.every((r) => r.rank === null)) return `all ${rows.length} ${unit} have ${[...groups.keys()][0]}`;
  return [...groups].map(([k, names]) => `${k === 'not ranked' ? 'every month but not ranked' : k}: ${names.join(', ')}`).join('; ');
}

/**
 * The engine's verdict on the 12 months to `to` against the 12 before (`/api/rolling`): the trend titles read it and
 * never work out a change of their own; null when the engine gives none (e.g. `to` after the source's last month).
 */
const verdictOf = (source: string, area: Area, category: string, to: string): Promise<Verdict | null> =>
  getJson<Rolling>('/api/rolling', { source, area: area.code, category, to }).catch(() => null);

/** The trend title's figure (the rolling 12 months to `to`, when it has a year before to compare with) for /api/explain. */
function trendExplain(rows: TrendRow[], cat: Category, area: Area, to: string, source: Source): ExplainTarget | null {
  const at = new Map(rows.map((r) => [r.month, r.rolling_12m]));
  const before = at.get(addMonths(to, -12));
  if (at.get(to) == null || before == null || before <= 0) return null;
  return {
    what: `${cat.label} in ${area.name}, 12 months to ${monthName(to)}`,
    params: { route: 'trend', figure: 'rolling_12m', source: source.id, area: area.code, category: cat.id, from: source.first, to, month: to },
  };
}

/** A ranks title's figure (the London bars, the map), for /api/explain. */
const ranksExplain = (body: Ranks, cat: Category, area: Area) =>
  ranksTarget(body.rows, `${cat.label} in ${area.name}, ${body.label}`, { source: body.source, area: area.code, category: cat.id, to: body.to, ...comparisonOf(body) });

/** Outside London, the group and period the ranks were asked for, so "How is this figure made?" explains the same ranks. */
const comparisonOf = (body: Ranks) => (body.comparator ? { group: body.group ?? undefined, period: body.period } : {});

const trendPanel = (grid: HTMLElement, cat: Category, area: Area, series: Promise<TrendRow[]>, spcBody: Promise<SpcOverlay | string>, from: string, to: string, source: Source) =>
  panel(grid, {
    name: `trend-${cat.id}`,
    heading: `${cat.label} by month`,
    wide: true,
    loading: `Loading monthly ${inSentence(cat.label)} counts for ${area.name}…`,
    load: () => Promise.all([series, spcBody, verdictOf(source.id, area, cat.id, to)]),
    explain: ([rows]) => trendExplain(rows, cat, area, to, source),
    render: ([rows, spcOrError, verdict]) => {
      const data = trendSeries(rows, { from, to });
      // a month the source does not cover is a gap (null), never a zero: no covered month, no chart, and words saying why
      const known = data.filter((d) => d.count !== null);
      if (known.length === 0)
        return `No ${inSentence(cat.label)} figures for ${area.name} from ${span(from, to)}: the data loaded from ${SOURCE_NAMES[source.id]} does not cover ${inSentence(cat.label)} in these months (no data, not a zero)`;
      if (known.every((d) => d.count === 0))
        return `No ${inSentence(cat.label)} recorded in ${area.name} from ${span(from, to)} in this source${known.length < data.length ? ` (no data for the other ${data.length - known.length} of the ${data.length} months)` : ''}`;
      const peak = known.reduce((a, b) => (b.count > a.count ? b : a));
      const spc = typeof spcOrError === 'string' ? null : spcOrError;
      const byMonth = new Map(spc?.rows.map((r) => [r.month, r]) ?? []);
      return {
        title: trendFinding(rows, { from, to, label: `${cat.label} in ${area.name}`, verdict }),
        chart: trendChart(rows, { from, to, label: cat.label, spc, width: 1000 }),
        description: `Bars: ${inSentence(cat.label)} each month from ${span(from, to)}; dashed line: the same month a year earlier; solid line: the rolling 12-month total divided by 12. The highest month was ${peak.month} with ${fmtInt(peak.count)}.${spc ? spcDescription(spc) : ''}`,
        rows: data.map((d) => {
          const s = byMonth.get(d.month);
          return { ...d, expected: s?.expected ?? null, lower: s?.lower ?? null, upper: s?.upper ?? null, signal: s?.signal ?? null };
        }),
        extra: [spcNote(spc, spcOrError)],
      };
    },
  });

/** The latest month's SPC verdict under the trend chart: the variation icon, the tile line and the reason. */
function spcNote(spc: SpcOverlay | null, error: SpcOverlay | string): HTMLElement {
  if (!spc) return h('p', { class: 'note' }, `No expected range: ${error as string}`);
  const icon = h('span', { class: 'spc-icon-wrap' });
  icon.innerHTML = spcIcon(spc.latest);
  return h('p', { class: 'spc-latest', 'data-variation': spc.latest.variation }, icon, h('strong', {}, `${spcLine(spc.latest)}.`), ` ${spc.latest.why[0]!.toUpperCase()}${spc.latest.why.slice(1)}.`);
}

const spcDescription = (spc: SpcOverlay) => {
  const signals = spc.rows.filter((r) => r.signal !== null).length;
  const centre = spc.method === 'xmr-seasonal' ? 'each month\'s seasonal expected value (the mean of the same calendar month)' : 'the mean';
  const breaks = spc.breaks.map((b) => ` A rule marks a series break in ${monthName(b.month)}: ${b.note}.`).join('');
  const segments = spc.segments ?? [];
  const recalc = segments.filter((s) => s.starts === 'shift' && s.shift);
  const baseline = segments[0]?.baseline
    ? ` The limits come from ${segments[0].baseline.asked ? 'the baseline chosen' : `the first ${segments[0].baseline.months} months with data`} (${monthName(segments[0].baseline.from)} to ${monthName(segments[0].baseline.to)}) and are projected forward${recalc.length ? `; they are recalculated where the level shifted and stayed (${recalc.map((s) => monthName(s.from)).join(', ')}: a dotted line; hover it for why)` : ''}${breaks ? ' and after each series break' : ''}.`
    : '';
  return ` Shaded band between grey lines: the expected range (process limits: ${centre} ± 2.66 × the mean moving range); purple dashed line: ${centre}.${baseline} ${signals ? `${signals} month${signals === 1 ? ' is' : 's are'} marked as special cause (triangle: a rise, diamond: a fall; orange: concern, blue: improvement).` : 'No month is special cause.'}${breaks}`;
};

const seasonPanel = (grid: HTMLElement, cat: Category, area: Area, series: Promise<TrendRow[]>, from: string, to: string) =>
  panel(grid, {
    name: `seasonality-${cat.id}`,
    heading: `${cat.label}: seasonality`,
    loading: `Loading ${inSentence(cat.label)} by month and year…`,
    load: () => series,
    render: (all) => {
      // the series is loaded from the source's first month (for the rolling line); the seasonal profile uses only
      // the months chosen, from..to; months without data are gaps (no cell), not zeros
      const range = { from, to };
      const rows = seasonRows(all, range);
      if (rows.length === 0) return `No ${inSentence(cat.label)} months covered for ${area.name} from ${seasonSpan(range)} (no data, not a zero)`;
      return {
        title: seasonalityFinding(rows, `${cat.label} in ${area.name}`, range),
        chart: seasonalityChart(rows, { label: cat.label, range, width: 560 }),
        description: `A grid of months (columns) by year (rows), from ${seasonSpan(range)}; each cell is shaded and labelled with the count of ${inSentence(cat.label)} in that month. Darker cells are busier months. A month with no data has no cell.`,
        rows: rows.map(({ month, count }) => ({ month, count })),
      };
    },
  });

const londonPanel = (grid: HTMLElement, cat: Category, area: Area, ranks: Promise<Ranks>, source: Source, caption?: string) =>
  panel(grid, {
    caption,
    name: `london-${cat.id}`,
    heading: `${cat.label}: ${inLondon(area.code) ? 'London comparison' : `comparison with ${compareWhat(choiceOf(area))}`}`,
    loading: `Loading ${inLondon(area.code) ? "every London borough's" : `the partnerships' of ${compareWhat(choiceOf(area))}`} ${inSentence(cat.label)} rate…`,
    load: () => ranks,
    explain: (body) => ranksExplain(body, cat, area),
    render: (body) => {
      const months = monthsOf(body.from, body.to);
      const rows = ranked(body.rows);
      const unranked = body.rows.length - rows.length;
      // boroughs whose window is not complete are listed as such, never drawn as bars or ranked
      if (rows.length === 0) {
        const full = body.rows.filter((r) => r.complete).map((r) => r.area.name);
        const unit = body.comparator ? 'partnerships' : 'boroughs';
        const why = full.length ? `only ${full.join(', ')} ${full.length === 1 ? 'has' : 'have'} every month loaded, and a rank needs at least two ${unit}` : `no ${unit.slice(0, -1)} has every month loaded`;
        return `No ${body.comparator ? `comparison with ${body.comparator.name}` : 'London comparison'} for ${inSentence(cat.label)}, ${body.label} (${source.id}): ${why}, so none is ranked. ${capitalised(notRanked(body.rows, months, unit))}.${body.comparator && months > 1 && body.rows.some((r) => r.months_covered > 0) ? ' Choose a shorter "Period compared" (a quarter or a month) to compare the months loaded.' : ''}`;
      }
      const london = body.london.rate_per_1000;
      const opts = { area: area.code, label: cat.label, londonRate: london, best: body.polarity === 'higher-is-better' ? ('highest' as const) : ('lowest' as const) };
      // a source covering fewer boroughs is compared among them, in its own words, never as London
      const scope = body.scope.london ? undefined : body.scope.label;
      return {
        title: londonFinding(rows, opts, scope) + (unranked ? ` (${unranked} not ranked: ${body.comparator ? `the data loaded does not cover all of the ${body.label} for them` : `not every month of the ${months} is loaded`})` : ''),
        chart: londonBars(rows, { ...opts, width: 560 }),
        description: `${rows.length} bars, one per ${body.comparator ? `partnership of ${body.scope.label}` : scope ? `borough of ${scope}` : 'London borough with every month loaded'}, for the ${body.label} (${source.id}): ${inSentence(cat.label)} per 1,000 residents, lowest first. ${area.name} is highlighted${rows.some((r) => r.area.code === area.code) ? '' : ' (not ranked)'}; ${body.comparator ? (body.comparator.rate_per_1000 === null ? `no rate for ${body.comparator.name}: ${body.comparator.reason ?? 'not every member is complete'}` : `the funnel plot compares it with ${body.comparator.name}'s rate`) : london === null ? `no London line: ${body.scope.reason ?? 'no London rate'}` : `the dashed line is London's rate over the ranked boroughs (${fmt1(london)})`}.`,
        rows: body.rows.map((r) => ({ rank: r.rank, area: r.area.name, code: r.area.code, count: r.count, population: r.population, rate_per_1000: r.rate_per_1000, months_covered: r.months_covered, status: standing(r, months) })),
        extra: unranked ? [h('p', { class: 'not-ranked' }, `Not ranked (${unranked}): ${notRanked(body.rows, months)}.`)] : [],
      };
    },
  });

const funnelPanel = (grid: HTMLElement, cat: Category, area: Area, ranks: Promise<Ranks>, source: Source, to: string, caption?: string) =>
  panel(grid, {
    caption,
    name: `funnel-${cat.id}`,
    heading: `${cat.label}: funnel plot against ${inLondon(area.code) ? 'London' : compareWhat(choiceOf(area))}`,
    loading: `Loading every London borough's ${inSentence(cat.label)} rate and population…`,
    load: () => ranks,
    explain: (body) => ranksTarget(body.rows, `${cat.label} in ${area.name}, ${body.comparator ? body.label : `12 months to ${monthName(to)}`}`, { source: source.id, area: area.code, category: cat.id, to, ...comparisonOf(body) }),
    render: (body) => {
      const all = body.rows;
      // outside London: against the chosen comparator group, only when its window is complete for every member
      if (body.comparator) return comparatorFunnel(body, body.comparator, cat, area, source);
      // a funnel is against London: only from a source complete for every London borough (the ranks' scope), never
      // a "London" line drawn from the few boroughs a source covers
      if (!body.scope.london) return `No funnel plot against London for ${inSentence(cat.label)} from ${source.id}: ${body.scope.reason ?? 'it does not cover every London borough'}`;
      // the funnel places only complete boroughs (funnelPoints); a borough with no data has no count to place
      const rows = all.map((r) => ({ ...r, count: r.count ?? 0 })).filter((r) => r.months_covered > 0);
      const london = londonRateOf(rows);
      if (london === null) return `No funnel plot: no borough has a complete 12 months of ${inSentence(cat.label)} to ${monthName(to)} with a population`;
      const opts = { area: area.code, label: cat.label, londonRate: london };
      return {
        title: funnelFinding(rows, opts) + incomplete(rows),
        chart: funnelChart(rows, { ...opts, width: 560 }),
        description: `A point per London borough with a complete 12 months to ${to} (${source.id}): its ${inSentence(cat.label)} rate per 1,000 residents against its population. The horizontal line is London's rate (${fmt1(london)}, every complete borough, the borough itself included); the dashed funnel is the 95% and the solid funnel the 99.8% exact Poisson limits around it. A borough outside the solid funnel is higher (triangle) or lower (diamond) than London; inside it, the difference is within chance. ${area.name} is highlighted and labelled.`,
        rows: all.map((r) => ({ area: r.area.name, code: r.area.code, count: r.count, population: r.population, rate_per_1000: r.rate_per_1000, vs_london: r.vs_london, complete: r.complete })),
      };
    },
  });

/** The funnel against a comparator group outside London (issue 24): its rate is the line, its members the points. */
function comparatorFunnel(body: Ranks, c: GroupComparator, cat: Category, area: Area, source: Source) {
  if (c.rate_per_1000 === null) return `No funnel plot against ${c.name} for ${inSentence(cat.label)} from ${source.id}: ${c.reason ?? 'no rate for the group'}`;
  const rows = body.rows.map((r) => ({ ...r, count: r.count ?? 0 })).filter((r) => r.months_covered > 0);
  const opts = { area: area.code, label: cat.label, londonRate: c.rate_per_1000, comparator: { name: c.name, members: 'partnerships' } };
  return {
    title: funnelFinding(rows, opts),
    chart: funnelChart(rows, { ...opts, width: 560 }),
    description: `A point per partnership of ${body.scope.label} with every month of the ${body.label} (${source.id}): its ${inSentence(cat.label)} rate per 1,000 residents against its population. The horizontal line is the group's rate (${fmt1(c.rate_per_1000)}, every member, ${area.name} included); the dashed funnel is the 95% and the solid funnel the 99.8% exact Poisson limits around it. ${area.name} is highlighted and labelled.`,
    rows: body.rows.map((r) => ({ area: r.area.name, code: r.area.code, count: r.count, population: r.population, rate_per_1000: r.rate_per_1000, vs_comparator: r.vs_comparator ?? null, complete: r.complete })),
  };
}

const capitalised = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** The months from..to, both included. */
const monthsOf = (from: string, to: string) => (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5)) + 1;

/**
 * What a map's or funnel's title adds when some borough has only part of the 12 months (it is left out): never for a
 * complete window, and never for boroughs the source does not cover at all (the scope says those).
 */
const incomplete = (rows: { complete: boolean; months_covered: number }[], unit = 'borough', months = 12) => {
  const n = rows.filter((r) => r.months_covered > 0 && r.months_covered < months).length;
  if (n && !rows.some((r) => r.months_covered >= months)) return ` (incomplete: no ${unit} has every month of the ${months} loaded)`;
  return n ? ` (${n} ${unit}${n > 1 ? 's' : ''} left out: not every month of the ${months} is loaded for ${n > 1 ? 'them' : 'it'})` : '';
};

let boroughShapes: Promise<Boundaries> | undefined;
const partnershipShapes = new Map<string, Promise<Boundaries>>();
/** London's boroughs, or outside London the partnerships of the area's police force area (its comparator group). */
const shapesFor = (area: Area, outside: boolean) => {
  if (!outside) return (boroughShapes ??= getJson<Boundaries>('/boundaries/boroughs.json'));
  let p = partnershipShapes.get(area.code);
  if (!p) partnershipShapes.set(area.code, (p = getJson<Boundaries>(`/boundaries/partnerships/${encodeURIComponent(area.code)}.json`)));
  return p;
};
const mapPanel = (grid: HTMLElement, cat: Category, area: Area, ranks: Promise<Ranks>, to: string, caption?: string) =>
  panel(grid, {
    caption,
    name: `borough-map-${cat.id}`,
    heading: `${cat.label}: ${area.borough === false && area.code !== 'E09000001' ? 'partnership' : 'borough'} map`,
    loading: 'Loading the map…',
    load: () => ranks.then((body) => Promise.all([body, body.comparator && body.comparator.kind !== 'force' ? ({ type: 'FeatureCollection', features: [] } as unknown as Boundaries) : shapesFor(area, !!body.comparator)])),
    explain: ([body]) => ranksExplain(body, cat, area),
    render: ([body, shapes]) => {
      // outside London: the partnerships of the force area, ranked among themselves (the comparator group); the map
      // draws only the force area's partnerships, so a region's or peer group's ranks are not shaded on it
      if (body.comparator && body.comparator.kind !== 'force')
        return `No map for the comparison with ${body.comparator.kind === 'region' ? `the CSPs of ${body.comparator.name}` : body.comparator.name}: the map draws the partnerships of ${area.compare?.force.name ?? 'the force area'} only (choose "Compare with: its force area" to see them shaded). The ranks are in the comparison panel`;
      if (body.comparator) return partnershipMap(body, shapes, cat, area);
      const rows = body.rows;
      // only ranked boroughs (every month loaded) are shaded; the others stay grey
      const rates = new Map(rows.filter((r) => r.rank !== null && r.rate_per_1000 !== null).map((r) => [r.area.code, r.rate_per_1000!]));
      // the title's band and the map's bands are the same: fifths of the boroughs ranked, by rank (mapBands)
      const words = bandWords(rates, area.code);
      const bands = mapBands(rates);
      return {
        title: (words ? `${cat.label} per 1,000 residents, 12 months to ${monthName(to)}: ${area.name} (outlined) is ${words}` : `${cat.label} per 1,000 residents by borough, 12 months to ${monthName(to)}`) + incomplete(rows),
        chart: boroughMap(shapes, rates, { area: area.code, label: cat.label, width: 560 }),
        description: rates.size
          ? `A map of London's boroughs shaded in ${bands.bands.length} bands by rank of ${inSentence(cat.label)} per 1,000 residents, for the ${rates.size} boroughs ranked (every month loaded): ${bands.bands.map((b) => `${bands.legend(b)} (${b.count} boroughs)`).join('; ')}; the others and the City of London are grey.`
          : `A map of London's boroughs, all grey: no borough has every month of the ${body.label} loaded, so none is shaded.`,
        rows: rows.map((r) => ({ code: r.area.code, area: r.area.name, rate_per_1000: r.rate_per_1000 })),
      };
    },
  });

/** The map of a force area's partnerships shaded by rank among its ranked members (outside London). */
function partnershipMap(body: Ranks, shapes: Boundaries, cat: Category, area: Area) {
  const rows = body.rows;
  const rates = new Map(rows.filter((r) => r.rank !== null && r.rate_per_1000 !== null).map((r) => [r.area.code, r.rate_per_1000!]));
  const words = bandWords(rates, area.code, 'partnerships');
  const bands = mapBands(rates);
  const split = shapes.features.filter((f) => f.properties.split).map((f) => `${f.properties.name} (${f.properties.split})`);
  return {
    title: (words ? `${cat.label} per 1,000 residents, ${body.label}: ${area.name} (outlined) is ${words}` : `${cat.label} per 1,000 residents by partnership of ${body.comparator!.name}, ${body.label}`) + incomplete(rows, 'partnership', monthsOf(body.from, body.to)),
    chart: boroughMap(shapes, rates, { area: area.code, label: cat.label, width: 560 }),
    description:
      (rates.size
        ? `A map of the partnerships of ${body.comparator!.name} shaded in ${bands.bands.length} bands by rank of ${inSentence(cat.label)} per 1,000 residents, for the ${rates.size} partnerships ranked (every month loaded): ${bands.bands.map((b) => `${bands.legend(b)} (${b.count})`).join('; ')}; the others are grey.`
        : `A map of the partnerships of ${body.comparator!.name}, all grey: none has every month of the ${body.label} loaded, so none is shaded.`) +
      (split.length ? ` Grey and drawn whole, as no partnership boundaries are shipped for them: ${split.join('; ')}.` : ''),
    rows: rows.map((r) => ({ code: r.area.code, area: r.area.name, rate_per_1000: r.rate_per_1000 })),
  };
}

function hotspotPanel(grid: HTMLElement, meta: Meta, cat: Category, area: Area, from: string, to: string, chosen: Source, caption?: string) {
  // incident locations come from police.uk or a local extract that records the category: the explorer's source if it
  // is one, else police.uk first
  const located = meta.sources.filter((s) => s.id === 'policeuk' || s.id === 'local');
  const able = located.filter((s) => !cannotExpress(meta, s.id, cat.id));
  const src = able.find((s) => s.id === chosen.id) ?? able.find((s) => s.id === 'policeuk') ?? able[0];
  if (!src)
    return panel(grid, {
      name: `hotspots-${cat.id}`, heading: `${cat.label}: hotspots`, caption, wide: true, loading: '', load: async () => null,
      render: () => located.length
        ? `No hotspot map for ${inSentence(cat.label)}: incident locations come from ${located.map((s) => SOURCE_NAMES[s.id]).join(' and ')}, which ${located.length === 1 ? 'does' : 'do'} not record it`
        : 'No hotspot map: it needs incident locations (load a data.police.uk archive, or a local extract with an lsoa column)',
    });
  const name = src.id === 'local' ? 'local extract' : 'police.uk';
  let hTo = to > src.last ? src.last : to;
  let hFrom = from < src.first ? src.first : from;
  if (hFrom > hTo) [hFrom, hTo] = [max(src.first, addMonths(src.last, -11)), src.last];
  return panel(grid, {
    name: `hotspots-${cat.id}`,
    heading: `${cat.label}: hotspots`,
    caption,
    wide: true,
    loading: `Loading ${inSentence(cat.label)} by LSOA in ${area.name}…`,
    load: () => Promise.all([
      getJson<Hotspots>('/api/hotspots', { source: src.id, area: area.code, category: cat.id, from: hFrom, to: hTo }),
      getJson<Boundaries>(`/boundaries/lsoas/${area.code}.json`),
    ]),
    render: ([body, shapes]) => {
      // a category or window the source does not cover is no data, never "No burglary"
      if (body.total === null) return `No hotspot map for ${inSentence(cat.label)} in ${area.name}: ${body.reason ?? `no ${name} data for ${span(hFrom, hTo)}`}`;
      const hs = { ...body, total: body.total };
      const partial = hs.complete ? '' : ` Incomplete: no ${name} data for ${inSentence(cat.label)} in ${hs.missing_months.join(', ')}, so the map counts ${span(hFrom, hTo)} without those months.`;
      if (hs.total === 0) return `No ${inSentence(cat.label)} in ${area.name} in the ${name} data for ${span(hFrom, hTo)}${hs.complete ? '' : ` (no data for ${hs.missing_months.join(', ')})`}`;
      if (hs.rows.every((r) => r.lsoa_code === null))
        return `No hotspot map: the ${name} data's ${fmtInt(hs.total)} ${inSentence(cat.label)} incidents in ${area.name} for ${span(hFrom, hTo)} have no LSOA (add an lsoa column to the extract)`;
      const top = hs.rows.filter((r) => r.count > 0 && r.lsoa_code !== null).slice(0, 10).map((r) => ({
        lsoa: r.lsoa_name ?? r.lsoa_code, code: r.lsoa_code, incidents: r.count,
        year_before: r.previous_count ?? 'no data', change: r.change ?? 'n/a', repeat_locations: r.repeat_locations,
      }));
      const shifted = hFrom !== from || hTo !== to ? ` ${name} data covers ${span(src.first, src.last)}, so the map shows ${span(hFrom, hTo)}.` : '';
      return {
        title: hotspotFinding(hs),
        chart: hotspotMap(shapes, hs, { width: 560 }),
        description: shapes.features.length
          ? `A map of ${area.name}'s ${shapes.features.length} LSOAs (2021 boundaries) shaded by ${inSentence(cat.label)} recorded in the ${name} data from ${span(hFrom, hTo)}. ${unmatchedNote(hs)}${shifted}${partial}`
          : `A map of ${inSentence(cat.label)} in ${area.name} recorded in the ${name} data from ${span(hFrom, hTo)}, by LSOA. ${unmatchedNote(hs, true)}${shifted}${partial}`,
        rows: hs.rows.map(({ lsoa_code, lsoa_name, count, previous_count, change, repeat_locations, in_boundaries }) => ({ lsoa_code, lsoa_name, count, previous_count, change, repeat_locations, in_boundaries })),
        extra: [
          h('div', { class: 'side' },
            dataTable(top, `Top ${top.length} LSOAs: incidents, the same months a year before${hs.previous.complete ? '' : ` (no ${name} data a year before)`}${hs.not_compared ? ` (not compared: ${hs.not_compared})` : ''}, and repeat locations`),
            h('p', { class: 'note' }, `Repeat locations: places with 2 or more incidents in the period. ${hs.note}`)),
        ],
      };
    },
  });
}

function knifePanel(grid: HTMLElement, meta: Meta, area: Area, to: string) {
  const local = meta.sources.find((s) => s.id === 'local');
  const end = local && to > local.last ? local.last : to;
  // the period shown ends before the local extract begins: nothing to ask for (and never a from after the to)
  const before = !!local && end < local.first;
  const from = local && !before ? max(local.first, addMonths(end, -23)) : '';
  const stops = meta.sources.find((s) => s.id === 'stopsearch');
  const loaded = local ? `the local extract loaded covers ${span(local.first, local.last)}` : 'no local extract is loaded';
  return panel(grid, {
    name: 'knife-crime',
    heading: 'Knife crime',
    wide: true,
    loading: `Loading knife crime for ${area.name}…`,
    load: async () => {
      const [knife, u25] = local && !before
        ? await Promise.all(['knife-crime', 'knife-injury-u25'].map((category) =>
            getJson<Trend>('/api/trend', { source: 'local', area: area.code, category, from: local.first, to: end }).then((r) => chartRows(r.rows))))
        : [[], []];
      const searches = stops && stops.first <= to ? await weaponSearches(area, stops, to) : null;
      const verdict = await (local && !before ? verdictOf('local', area, 'knife-crime', end) : Promise.resolve(null));
      return { knife: knife!, u25: u25!, searches, verdict };
    },
    // the title's figure: the local knife crime of the 12 months to the end, else the weapon searches'
    explain: (d) =>
      local && !d.knife.every((r) => r.count === null || r.count === 0)
        ? trendExplain(d.knife, { id: 'knife-crime', label: 'Knife crime', group: 'Weapons' }, area, end, local)
        : d.searches && stops
          ? trendExplain(d.searches.rows, { id: 'stop-search-weapons', label: 'Stop and search for weapons', group: 'Stop and search' }, area, d.searches.to, stops)
          : null,
    render: (d) => {
      // no local months for this area (null: a gap) or no knife flags at all: words, never bars on an empty axis
      const noKnife = d.knife.every((r) => r.count === null || r.count === 0);
      const searches = d.searches && d.searches.rows.some((r) => (r.count ?? 0) > 0) ? d.searches : null;
      const why = !local
        ? 'no local extract is loaded (load one with a knife flag: saferboard load --format local FILE)'
        : before
          ? `the period shown ends in ${monthName(to)}, before the local extract begins (it covers ${span(local.first, local.last)})`
          : `${loaded} and holds no knife-flagged incidents in ${area.name}`;
      // weapon searches: none recorded only in months a stop-and-search file covers; months no file covers are a gap
      const noSearches = !d.searches
        ? ''
        : d.searches.rows.every((r) => r.count === null)
          ? ` No stop-and-search data for ${area.name} in ${span(d.searches.from, d.searches.to)}: no file loaded covers these months.`
          : ` No stop and search for weapons recorded in ${area.name}, ${span(d.searches.from, d.searches.to)}${d.searches.rows.some((r) => r.count === null) ? ` (in the ${d.searches.rows.filter((r) => r.count !== null).length} of ${d.searches.rows.length} months with stop-and-search data)` : ''}.`;
      if (noKnife && !searches) return `No knife-crime figures for ${area.name}: ${why}.${noSearches}`;
      const weaponRows = searches ? searches.rows.map((r) => ({ ...r, series: 'Weapon searches (stop and search)' })) : [];
      const searchNote = searches ? ` ${weaponNote(area, searches)}` : '';
      if (noKnife)
        return {
          title: trendFinding(searches!.rows, { from: searches!.from, to: searches!.to, label: `Stop and search for weapons in ${area.name}`, verdict: searches!.verdict }),
          chart: trendChart(searches!.rows, { from: searches!.from, to: searches!.to, label: 'Weapon searches' }),
          description: `No local knife-crime figures: ${why}.${searchNote}`,
          rows: weaponRows,
        };
      const rows = [...d.knife.map((r) => ({ ...r, series: 'Knife crime' })), ...d.u25.map((r) => ({ ...r, series: 'Knife injury, victim under 25' })), ...weaponRows];
      return {
        title: trendFinding(d.knife, { from, to: end, label: `Knife crime in ${area.name}`, verdict: d.verdict }),
        chart: trendChart(d.knife, { from, to: end, label: 'Knife crime' }),
        description: `Monthly knife crime in ${area.name} from local data, ${span(from, end)}, with last year's months and the rolling 12-month average. Knife injuries of victims under 25 (non-domestic): ${fmtInt(d.u25.filter((r) => r.month >= from).reduce((s, r) => s + (r.count ?? 0), 0))} in the period.${searchNote}`,
        rows,
      };
    },
  });
}

/** Stop and search for offensive weapons or firearms (police.uk): the monthly trend and the last month's rates. */
async function weaponSearches(area: Area, stops: { first: string; last: string }, to: string) {
  const end = to > stops.last ? stops.last : to;
  const from = max(stops.first, addMonths(end, -23));
  const [trend, rates, verdict] = await Promise.all([
    getJson<Trend>('/api/trend', { source: 'stopsearch', area: area.code, category: 'stop-search-weapons', from, to: end }),
    getJson<StopSearchRates>('/api/stop-search-rates', { area: area.code, category: 'stop-search-weapons', to: end, period: 'month' }),
    verdictOf('stopsearch', area, 'stop-search-weapons', end),
  ]);
  return { rows: chartRows(trend.rows), from, to: end, rates, verdict };
}

function weaponNote(area: Area, s: Awaited<ReturnType<typeof weaponSearches>>): string {
  const total = s.rows.reduce((t, r) => t + (r.count ?? 0), 0);
  const pct = (x: number | null) => (x === null ? null : `${fmt1(100 * x)}%`);
  const find = s.rates.find_recorded === 0 ? 'not recorded in the files loaded' : (pct(s.rates.find_rate) ?? 'not available (month incomplete)');
  return `Stop and search for weapons (offensive weapons or firearms, data.police.uk) in ${area.name}: ${fmtInt(total)} searches, ${span(s.from, s.to)}; in ${monthName(s.to)}, ${s.rates.searches === null ? 'no file loaded' : `${fmtInt(s.rates.searches)} searches`}, find rate (outcome linked to the object of search) ${find}, arrest rate ${pct(s.rates.arrest_rate) ?? 'not available'}. Searches recorded without coordinates count under "No location", not here.`;
}

/** The comparison chosen in the link (the force area by default); London's areas have none. */
const choiceOf = (area: Area): CompareChoice => (area.compare && (state().get('compare') as CompareChoice | null)) || 'force';

/**
 * Outside London, the "Compare with" choice (its force area, its region, its peer group: `compare=`) and the period
 * ranked (`period=`, 12 months by default); London's boroughs keep London and see neither.
 */
function comparisonFields(area: Area, choice: CompareChoice, period: string | undefined): Field[] {
  if (!area.compare) return [];
  const c = area.compare;
  return [
    { name: 'compare', label: 'Compare with', kind: 'select', value: [choice], options: compareChoices(c).map((k) => ({ value: k, label: compareLabel(k, c) })) },
    { name: 'period', label: 'Period compared', kind: 'select', value: [period ?? '12m'], options: PERIODS.map((p) => ({ value: p.value, label: p.label })) },
  ];
}

/** The peer group's members and what the group is and is not, from the ranks' own answer (`peers`), never re-queried. */
async function peerList(slot: HTMLElement, ranks: Promise<Ranks>) {
  const body = await ranks.catch(() => null);
  const p = body?.peers;
  if (!p) return;
  slot.append(
    h('details', { class: 'peers', 'data-peers': '' },
      h('summary', {}, peersSummary(p)),
      h('p', {}, peersWhatItIs(p)),
      h('ol', {}, ...p.peers.map((m) => h('li', { 'data-code': m.code }, m.name)))),
  );
}
