import { inLondon } from '../../../core/scope.ts';
import { WATCH_CATEGORIES, wardsToWatchSection } from '../wards.ts';
import type { Comparison, CountResult, IndicatorResult, Scorecard, ScorecardComparator } from '../../../core/types.ts';
import { meets, verdictWords, worse } from '../../../core/rag.ts';
import { rankHeading, sparkLabel, tileNote } from '../../../core/text.ts';
import { fmt1, fmtInt, fmtPct, ordinal } from '../../../core/format.ts';
import { sparkline } from '../../../charts/sparkline.ts';
import { spcIcon } from '../spc-words.ts';
import { chartRows } from '../../../charts/trend.ts';
import { addressProblems, badAddress } from '../address.ts';
import { getJson, getMeta } from '../api.ts';
import { type Area, areaOptions, lastMonth, pickArea, span } from '../common.ts';
import { SOURCE_NAMES, SOURCE_SHORT } from '../../../core/sources.ts';
import { monthName } from '../../../core/months.ts';
import { positiveOutcomeLine } from '../../../core/text.ts';
import { controls, lastMarch, periodFields, pickPeriod } from '../controls.ts';
import { h, message } from '../dom.ts';
import { explainButton } from '../explain.ts';
import { state } from '../state.ts';

/** The board view: `/?area=&to=&period=&vs=`. Every figure, status and sentence is the engine's (`/api/outcomes`). */
export async function board(main: HTMLElement) {
  const meta = await getMeta();
  const q = state();
  const last = lastMonth(meta);
  if (!last) return void main.append(h('p', { class: 'empty' }, 'No data loaded: run "saferboard load FILE…" to load an MPS, police.uk or local extract.'));
  const first = meta.sources.map((s) => s.first).sort()[0]!;
  if (badAddress(main, await addressProblems(meta, q, { months: { first, last, names: ['to'] }, period: true }), q)) return;
  const area = pickArea(meta, q.get('area'))!;
  const p = pickPeriod(q);
  const asked = q.get('to') ?? last;
  // a financial year ends in March: a non-March month shows the financial year ending before it
  const to = p.period === 'fy' ? lastMarch(asked) : asked;
  const heading = h('div', { class: 'heading' }, h('h1', {}, `Performance update: ${area.name}`));
  main.append(
    heading,
    controls([
      { name: 'area', label: 'Area', kind: 'select', value: [area.code], options: areaOptions(meta, area) },
      ...periodFields(p),
      { name: 'to', label: 'Period ending', kind: 'month', value: to, max: last },
    ]),
  );
  if (to !== asked) main.append(h('p', { class: 'note' }, `A financial year ends in March: showing the financial year to ${monthName(to)}.`));
  const status = h('p', { class: 'status', role: 'status' }, `Loading the priority outcomes for ${area.name}…`);
  main.append(status);
  let data: Scorecard;
  try {
    data = await getJson<Scorecard>('/api/outcomes', { area: area.code, to, period: p.period, vs: p.vs });
  } catch (e) {
    status.replaceWith(h('p', { class: 'error', role: 'alert' }, `Could not load the priority outcomes: ${message(e)}`));
    return;
  }
  status.remove();
  const label = data.period.label;
  heading.replaceChildren(
    printHeader(`${data.profile.title} · ${area.name} · ${label}`),
    h('p', { class: 'kicker' }, data.profile.title),
    h('h1', {}, `Performance update: ${area.name}, ${label}`),
    h('p', { class: 'lede' }, `${data.period.words.charAt(0).toUpperCase()}${data.period.words.slice(1)}. Data: `,
      ...meta.sources.flatMap((s, i) => [i ? '; ' : '', `${SOURCE_NAMES[s.id] ?? s.id} (${span(s.first, s.last)})`]), '.'),
  );
  const all = data.outcomes.flatMap((o) => o.indicators);
  main.append(exceptions(data, all), summaryMatrix(all), unusualList(data, new Map(all.map((i) => [i.id, i]))));
  const compare = h('section', { class: 'compare', 'aria-labelledby': 'compare' });
  howWeCompare(compare, data, area, p);
  for (const o of data.outcomes) {
    const section = h('section', { class: 'outcome', 'data-outcome': String(o.id), 'aria-labelledby': `outcome-${o.id}` },
      h('h2', { id: `outcome-${o.id}` }, `${o.id}. ${o.title}`));
    const tiles = h('div', { class: 'tiles' });
    if (o.indicators.length === 0) tiles.append(h('p', { class: 'empty' }, 'No indicators defined for this outcome.'));
    for (const ind of o.indicators) tiles.append(tile(ind, data, area.code, p));
    section.append(tiles);
    main.append(section);
  }
  main.append(compare);
  // wards to watch (dashboard/src/wards.ts): only when ward-level data is loaded
  await wardsToWatchSection(main, WATCH_CATEGORIES.map((id) => ({ id, label: meta.categories.find((c) => c.id === id)?.label ?? id })), area, to);
}

/** The headline and the exception list: exactly the engine's `exceptions`, in its order. */
function exceptions(data: Scorecard, all: IndicatorResult[]) {
  const byId = new Map(all.map((i) => [i.id, i]));
  const listed = data.exceptions.map((id) => byId.get(id)).filter((i): i is IndicatorResult => !!i);
  const n = listed.length;
  return h('section', { class: 'exceptions', 'aria-labelledby': 'exceptions' },
    h('h2', { id: 'exceptions' }, n ? `Exceptions: ${n} indicator${n > 1 ? 's' : ''} changed significantly` : 'Exceptions: no indicator changed significantly'),
    h('p', { class: 'headline' }, data.headline),
    n ? h('ul', {}, ...listed.map((i) => {
      const bad = worse(i.polarity, i.direction);
      return h('li', { class: `rag-${bad ? 'red' : 'green'}`, 'data-indicator': i.id },
        h('strong', {}, bad ? 'Significantly worse: ' : 'Significantly better: '), i.summary);
    })) : null);
}

/**
 * The Making Data Count summary: every indicator counted once in a matrix of its latest month's variation (from its
 * process chart) by its assurance (meeting its target, missing it, or no target), so a member sees at a glance how
 * many are special cause and how many are measured against a target at all.
 */
function summaryMatrix(all: IndicatorResult[]) {
  const ROWS = [['special-cause-concern', 'Special cause: concern'], ['common-cause', 'Common cause variation'], ['special-cause-improvement', 'Special cause: improvement'], ['none', 'No process chart']] as const;
  const COLS = ['Meeting its target', 'Missing its target', 'Target, no figure', 'No target'] as const;
  const variation = (i: IndicatorResult) => (i.kind === 'count' && i.spc && i.spc.variation !== 'not-enough-data' ? i.spc.variation : 'none');
  const value = (i: IndicatorResult) => (i.kind === 'manual' ? i.value : i.current);
  const assurance = (i: IndicatorResult) => {
    const v = value(i);
    if (i.target === null) return COLS[3];
    if (v === null || i.state !== 'number') return COLS[2];
    return meets(i.polarity, v, i.target) ? COLS[0] : COLS[1];
  };
  const cell = (row: string, col: string) => all.filter((i) => variation(i) === row && assurance(i) === col);
  return h('section', { class: 'matrix', 'aria-labelledby': 'matrix' },
    h('h2', { id: 'matrix' }, `At a glance: ${all.length} indicators by variation and assurance`),
    h('table', { class: 'data matrix' },
      h('caption', {}, 'Each indicator counted once: its latest month on its process chart (rows) against its target (columns); a cell of more than three is counted, not named.'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Variation'), ...COLS.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...ROWS.map(([row, name]) => h('tr', { 'data-variation': row },
        h('th', { scope: 'row' }, name),
        ...COLS.map((col) => {
          const n = cell(row, col);
          return h('td', { 'data-count': String(n.length) }, n.length === 0 ? '—' : n.length > 3 ? String(n.length) : `${n.length}: ${n.map((i) => i.label).join('; ')}`);
        }))))));
}

/** "Unusual this month": the engine's `unusual` (special-cause variation in the latest month), apart from the 12-month changes. */
function unusualList(data: Scorecard, byId: Map<string, IndicatorResult>) {
  const listed = data.unusual.map((id) => byId.get(id)).filter((i): i is CountResult => i?.kind === 'count' && i.spc !== null);
  const box = h('section', { class: 'unusual', 'aria-labelledby': 'unusual', 'data-unusual': String(listed.length) },
    h('h2', { id: 'unusual' }, `Unusual this month (${monthName(data.to)})`),
    h('p', { class: 'note' }, 'Each count indicator’s last 36 monthly figures as a process chart (XmR, Making Data Count rules): a month is unusual when it is special-cause variation, whatever the 12-month change.'));
  if (!listed.length) box.append(h('p', {}, 'No indicator’s latest month is special-cause variation.'));
  else box.append(h('ul', {}, ...listed.map((i) => {
    const li = h('li', { 'data-indicator': i.id }, h('span', { class: 'spc-icon' }), h('strong', {}, `${i.label}: `), h('span', { class: 'spc-text' }, i.spc!.line));
    li.querySelector('.spc-icon')!.innerHTML = spcIcon(i.spc as Parameters<typeof spcIcon>[0], 20);
    return li;
  })));
  return box;
}

/** "in the 12 months to December 2018", "in Q3 2018/19 (October to December 2018)". */
const inLabel = (p: Scorecard['period']) => (p.period === '12m' || p.period === 'fytd' ? `in the ${p.label}` : `in ${p.label}`);

/** A figure in its unit. */
const shownValue = (ind: IndicatorResult, v: number) => (ind.unit === 'count' ? fmtInt(v) : ind.unit === 'percent' ? `${fmt1(v)}%` : fmt1(v));

/** The `/api/explain` target of a tile's figure: the same parameters as the board's `/api/outcomes` request. */
const tileExplain = (ind: IndicatorResult, data: Scorecard, area: string, p: { period: string; vs: string }, figure: 'current' | 'previous') => {
  const w = data.period[figure];
  return {
    what: `${ind.label}, ${figure === 'current' ? data.period.label : `the comparison period, ${span(w.from, w.to)}`}`,
    params: { route: 'outcomes', figure, indicator: ind.id, area, to: data.to, period: p.period, vs: p.vs },
  };
};

/**
 * One indicator as a calm tile a member reads in seconds: the figure (and its target, if any), its change and verdict,
 * its London position, its trend (a labelled sparkline and the latest month's variation icon), a sentence only where
 * it adds what those do not say (core/text.ts tileNote), and one "How is this figure made?" control whose dialog holds
 * both windows' explanations and the rows behind them.
 */
function tile(ind: IndicatorResult, data: Scorecard, area: string, p: { period: string; vs: string }) {
  const big = ind.kind === 'manual' ? ind.value : ind.current;
  const none = ind.state === 'none' || big === null;
  const shown = none ? 'No data' : shownValue(ind, big);
  const rates = ind.kind === 'repeat' || ind.kind === 'share' ? ind.windows.current : null;
  const unit = none
    ? ''
    : ind.kind === 'manual'
      ? ind.period_end ? ` at ${monthName(ind.period_end)}` : ''
      : ind.state === 'partial'
        ? ` in ${ind.months_covered} of ${ind.months} months`
        : ` ${inLabel(data.period)}`;
  const note = tileNote(ind);
  const current = tileExplain(ind, data, area, p, 'current');
  const explain = explainButton(ind.change !== null
    ? { ...current, name: `This period (${data.period.label})`, others: [{ ...tileExplain(ind, data, area, p, 'previous'), name: `The earlier period (${span(data.period.previous.from, data.period.previous.to)})` }] }
    : current);
  const trend = h('div', { class: 'trend' });
  const el = h('article', { class: `tile rag-${ind.rag}`, 'data-indicator': ind.id, 'data-state': ind.state },
    h('h3', {}, ind.label),
    h('p', { class: 'figure' }, h('span', { class: none ? 'value none' : 'value', 'data-value': none ? '' : String(big) }, shown),
      unit ? h('span', { class: 'unit' }, unit) : null,
      rates && rates.k !== null && rates.n !== null && !none ? h('span', { class: 'unit' }, ` (${fmtInt(rates.k)} of ${fmtInt(rates.n)})`) : null,
      ind.target != null ? h('span', { class: 'target' }, `Target ${shownValue(ind, ind.target)}`) : null),
    ind.change !== null ? changeLine(ind, data) : null,
    // the verdict: colour words and "target" only where there is a target; none at all on a tile with no figure
    none ? null : h('p', { class: 'rag' }, h('span', { class: 'badge' }, verdictWords(ind.rag, ind.target))),
    ind.rank !== null && ind.of !== null
      ? h('p', inLondon(area) ? { class: 'rank' } : { class: 'rank', title: ind.rank_scope?.label ?? '' }, `${inLondon(area) ? 'London rank' : `${rankHeading(data.comparator, false)}:`} ${ordinal(ind.rank)} of ${ind.of}${ind.rank_source ? ` (${SOURCE_SHORT[ind.rank_source] ?? ind.rank_source})` : ''}`)
      : null,
    trend,
    ind.kind === 'count' && ind.positive_outcomes ? h('p', { class: 'positive-outcomes' }, positiveOutcomeLine(ind.positive_outcomes)) : null,
    ind.kind === 'count' && ind.source === 'mpsdash' && ind.state === 'number' && ind.note ? h('p', { class: 'note' }, ind.note) : null,
    note ? h('p', { class: 'summary' }, note) : null,
    h('div', { class: 'tile-foot' },
      ind.source ? h('span', { class: 'source', title: ind.source_rule }, `Source: ${SOURCE_SHORT[ind.source] ?? ind.source}`) : h('span', { class: 'source' }, 'No source'),
      explain),
  );
  // the trend of the indicator's own source: its monthly series as the engine computed it (the 36 months to the
  // period's end, gaps null), carried by the result, so no second request
  if (ind.kind === 'count' && ind.source && ind.series) {
    const rows = chartRows(ind.series);
    if (rows.some((r) => r.rolling_12m !== null)) trend.append(h('div', { class: 'spark' }, sparkline(rows, { label: sparkLabel(ind.label, rows) })));
  }
  if (ind.kind === 'count' && ind.spc) trend.append(spcLineEl(ind.spc));
  if (!trend.childElementCount) trend.remove();
  return el;
}

/** The tile's line for its latest month on the process chart, in words with the Making Data Count style icon. */
function spcLineEl(spc: NonNullable<CountResult['spc']>) {
  const el = h('p', { class: `spc spc-${spc.variation}`, 'data-variation': spc.variation }, h('span', { class: 'spc-icon' }), h('span', { class: 'spc-text' }, spc.line));
  el.querySelector('.spc-icon')!.innerHTML = spcIcon(spc as Parameters<typeof spcIcon>[0], 20);
  return el;
}

/**
 * "↑ +146 (+4.1%) against the 12 months before": only when the engine compared both windows (↑ ↓ and =: glyphs of the
 * shipped font, data/fonts.ts, where ▲ ▼ would be drawn in a system font).
 */
function changeLine(ind: IndicatorResult, data: Scorecard) {
  const c = ind.change!;
  const arrow = c > 0 ? '↑' : c < 0 ? '↓' : '=';
  const sign = c > 0 ? '+' : '';
  const amount = ind.unit === 'count' ? `${sign}${fmtInt(c)}${ind.pct_change !== null ? ` (${fmtPct(ind.pct_change)})` : ''}` : `${sign}${fmt1(c)} points`;
  return h('p', { class: 'change', 'data-change': String(c) }, `${arrow} ${amount} ${data.period.versus}`);
}

/**
 * "How we compare": for each count indicator the engine compared (its `compare`, computed where it ranked the
 * indicator), the area's rate per 1,000 on the source it is ranked on beside London's (over the ranked boroughs, only
 * when every London borough is ranked), its rank among the scope's boroughs and the source: from the scorecard
 * alone, no second request.
 */
function howWeCompare(section: HTMLElement, data: Scorecard, area: Area, p: { period: string; vs: string }) {
  const compared = data.outcomes.flatMap((o) => o.indicators).filter((i): i is CountResult & { compare: Comparison } => i.kind === 'count' && i.compare !== null);
  if (!inLondon(area.code)) {
    if (data.comparator) return groupCompare(section, data, area, p, compared, data.comparator);
    // outside London with no comparator group (an area in no force area): the trend explorer compares it
    section.append(h('h2', { id: 'compare' }, `How we compare: ${area.name}, ${data.period.label}`));
    return void section.append(
      h('p', { class: 'empty' }, `${area.name} is compared with the partnerships of its police force area, its region and its peer group in the trend explorer's ranks and funnel plot (docs/peers.md), not with London.`),
    );
  }
  section.append(h('h2', { id: 'compare' }, `How we compare: ${area.name} and London, ${data.period.label}`));
  if (compared.length === 0) return void section.append(h('p', { class: 'empty' }, `No indicator of ${area.name} has a London rank for this period.`));
  const cell = (v: number | null) => (v === null ? 'No rate' : fmt1(v));
  const rows = compared.map((i) => {
    const c = i.compare;
    // a source covering fewer boroughs ranks among them, named by its scope, never as London; a partial window is not ranked
    const rank = c.rank !== null ? (c.scope.london ? `${ordinal(c.rank)} of ${c.of}` : `${ordinal(c.rank)} of ${c.scope.label}`) : c.months_covered < c.months ? `Not ranked (${c.months_covered} of ${c.months} months)` : 'Not ranked';
    return h('tr', { 'data-indicator': i.id, 'data-source': c.source },
      // the area's figure is explained from its row header (the cells stay the figures alone)
      h('th', { scope: 'row' }, i.label, ' ', explainButton({
        what: `${i.label} per 1,000 residents in ${area.name}, ${data.period.label}`,
        // the ranks of the source the row's figures come from (compare.source), so the dialog explains this row's count
        params: { route: 'ranks', source: c.source, category: i.id, measure: 'rate', area: area.code, to: data.to, period: p.period, vs: p.vs },
      })),
      h('td', {}, cell(c.rate_per_1000)),
      h('td', { title: c.scope.reason ?? c.scope.label }, cell(c.london_rate_per_1000)),
      h('td', {}, rank),
      h('td', {}, c.vs_london ? VS_LONDON[c.vs_london] : '—'),
      h('td', { title: c.source_rule }, SOURCE_SHORT[c.source] ?? c.source));
  });
  section.append(h('table', { class: 'data compare' },
    h('caption', {}, `Rates per 1,000 residents, ${data.period.label}. London's rate is over the boroughs ranked (every month of the period loaded); rank 1 is the best: ${compared.every((i) => i.polarity !== 'higher-is-better') ? 'the lowest rate' : 'the lowest rate where lower is better, the highest where higher is better'}. Against London: outside the 99.8% funnel limits around London's rate for the area's population (higher or lower), or within them (similar).`),
    h('thead', {}, h('tr', {}, ...[`Indicator`, `${area.name} per 1,000`, 'London per 1,000', 'London rank', 'Against London', 'Source'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows)));
}

/**
 * "How we compare" outside London (issue 24): each count indicator's rate beside its comparator group's (the scorecard's
 * `comparator`: the profile's, else the force area's partnerships), its rank among them and the funnel verdict against
 * the group's rate; the group's rate, rank and verdict only when every member's window is complete (else the reason).
 */
function groupCompare(section: HTMLElement, data: Scorecard, area: Area, p: { period: string; vs: string }, compared: (CountResult & { compare: Comparison })[], g: ScorecardComparator) {
  section.append(h('h2', { id: 'compare' }, `How we compare: ${area.name} and ${g.name}, ${data.period.label}`));
  if (compared.length === 0) return void section.append(h('p', { class: 'empty' }, `No indicator of ${area.name} is compared with ${g.name} for this period.`));
  const cell = (v: number | null | undefined) => (v == null ? 'No rate' : fmt1(v));
  const rows = compared.map((i) => {
    const c = i.compare;
    // a rank only when every member's window is complete; otherwise why not (a partial window, or a member's gap)
    const rank = c.rank !== null && c.scope.reason === null ? `${ordinal(c.rank)} of ${c.of}` : c.months_covered < c.months ? `Not ranked (${c.months_covered} of ${c.months} months)` : 'Not ranked';
    return h('tr', { 'data-indicator': i.id, 'data-source': c.source },
      h('th', { scope: 'row' }, i.label, ' ', explainButton({
        what: `${i.label} per 1,000 residents in ${area.name}, ${data.period.label}`,
        params: { route: 'ranks', source: c.source, category: i.id, measure: 'rate', area: area.code, to: data.to, period: p.period, vs: p.vs },
      })),
      h('td', {}, cell(c.rate_per_1000)),
      h('td', { title: c.scope.reason ?? c.scope.label }, cell(c.comparator_rate_per_1000)),
      h('td', { title: c.scope.reason ?? c.scope.label }, rank),
      h('td', {}, c.vs_comparator ? `${VS_WORD[c.vs_comparator]} ${g.name}` : '—'),
      h('td', { title: c.source_rule }, SOURCE_SHORT[c.source] ?? c.source));
  });
  const missing = compared.find((i) => i.compare.scope.reason !== null)?.compare.scope.reason;
  section.append(h('table', { class: 'data compare' },
    h('caption', {}, `Rates per 1,000 residents, ${data.period.label}, among the ${g.members} ${g.label} (${g.rule}). ${g.name}'s rate is over all of them, given only when every one has every month of the period loaded; rank 1 is the best: ${compared.every((i) => i.polarity !== 'higher-is-better') ? 'the lowest rate' : 'the lowest rate where lower is better, the highest where higher is better'}. Against ${g.name}: outside the 99.8% funnel limits around its rate for the area's population (higher or lower), or within them (similar).${missing ? ` Not ranked: ${missing}.` : ''}`),
    h('thead', {}, h('tr', {}, ...[`Indicator`, `${area.name} per 1,000`, `${g.name} per 1,000`, `${rankHeading(g, false)} (1 = best)`, `Against ${g.name}`, 'Source'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows)));
}

const VS_WORD: Record<'higher' | 'lower' | 'similar', string> = { higher: 'Higher than', lower: 'Lower than', similar: 'Similar to' };

/** The funnel-plot verdict in words. */
const VS_LONDON: Record<'higher' | 'lower' | 'similar', string> = { higher: 'Higher than London', lower: 'Lower than London', similar: 'Similar to London' };

/** A header on every printed page (CSS page margin boxes), with page numbers at the foot. */
function printHeader(text: string) {
  const css = JSON.stringify(text.replace(/[\\"]/g, ''));
  return h('style', { media: 'print' },
    `@page { @top-left { content: ${css}; font: 9pt 'Source Sans 3', sans-serif; color: #52606d; } @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt 'Source Sans 3', sans-serif; color: #52606d; } }`);
}
