import { wardsSection } from './wards.ts';
import { escapeHtml as esc, ordinal } from '../../core/format.ts';
import { monthName, monthShort } from '../../core/months.ts';
import { SOURCE_NAMES, SOURCE_SHORT } from '../../core/sources.ts';
import { glossaryFor, inPeriod, rankHeading } from '../../core/text.ts';
import { inLondon } from '../../core/scope.ts';
import { ruleText, SECONDARY, type Shown } from '../disclosure/index.ts';
import { changesSvg, trendSvg } from './charts.ts';
import { charted, type Indicator, type PackData, type PackFigures } from './data.ts';
import { exceptions, worse } from './rows.ts';
import { ANNEX, chartedOutcomes } from './notes.ts';
import { ragWords } from '../../core/rag.ts';
import { positiveOutcomeLine } from '../../core/text.ts';
import { packCss, type Paper } from './style.ts';
import { embeddedFontFaces } from '../../data/fonts.ts';

export const DEFAULT_TITLE = 'Safer Communities Partnership Board: performance update';


const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const int = (n: number) => Math.round(n).toLocaleString('en-GB');
const one = (n: number) => n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A figure as the pack prints it: counts with separators, rates to one decimal, suppressed marks as they are. */
function fig(v: Shown | undefined, unit: Indicator['unit'], withheld = false): string {
  if (typeof v === 'string') return esc(v);
  if (v === null || v === undefined) return withheld ? '<span class="withheld">withheld</span>' : '–';
  return unit === 'count' ? int(v) : unit === 'percent' ? `${one(v)}%` : one(v);
}
const signed = (v: number | null, unit: Indicator['unit'], withheld: boolean) =>
  v === null ? fig(null, unit, withheld) : `${v > 0 ? '+' : v < 0 ? '−' : ''}${fig(Math.abs(v), unit === 'percent' ? 'percent' : unit)}${unit === 'percent' ? ' pts' : ''}`.replace('% pts', ' pts');
const pct = (v: number | null, withheld: boolean) => (v === null ? fig(null, 'count', withheld) : `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(Math.round(v))}%`);
const isWithheld = (i: Indicator, k: string) => i.disclosure?.withheld.includes(k) ?? false;

function repeatCell(i: Indicator): string {
  const r = i.repeat;
  if (!r || i.kind !== 'count') return '–';
  // the engine counts victims, or places for unit 'location', under the same keys
  const [rate, k, n] = [r.repeat_victim_rate, r.repeat_victims, r.victims];
  const shownRate = typeof rate === 'number' ? `${one(rate)}%` : rate === null && i.disclosure?.withheld.some((w) => w.startsWith('repeat.')) ? '<span class="withheld">withheld</span>' : '–';
  return `${shownRate}<br><span class="small">${fig(k, 'count')} of ${fig(n, 'count')} ${r.unit === 'location' ? 'places' : 'victims'}</span>`;
}

function ragCell(i: Indicator, publicPack: boolean): string {
  // grey by disclosure control only when it withheld the comparison itself (not, say, London's rate in `compare`)
  const byDisclosure = i.disclosure?.withheld.some((k) => k === 'significance' || k === 'current') ?? false;
  // (the row's own sentence says why a grey figure is not compared, when it does)
  const words = publicPack && i.rag === 'grey' && byDisclosure ? 'Grey: withheld (small numbers)' : i.rag === 'grey' && explains(i) ? 'Grey: not compared' : ragWords(i.rag, i.target);
  return `<span class="rag rag-${i.rag}">${esc(words)}</span>`;
}

function mainFigure(i: Indicator, which: 'current' | 'previous'): string {
  if (i.kind === 'manual' && which === 'current')
    return i.value === null ? '–' : `${one(i.value)}${i.target !== null ? `<br><span class="small">target ${one(i.target)}</span>` : ''}`;
  if (which === 'current' && i.state === 'none') return 'No data';
  const partial = which === 'current' && i.state === 'partial' ? `<br><span class="small">in ${i.months_covered} of ${i.months} months</span>` : '';
  return fig(i[which], i.unit, isWithheld(i, which)) + partial;
}

/** A source's name in the paper: "police.uk", "local extract" (never its id). */
const sourceName = (id: string | null | undefined) => (id ? SOURCE_SHORT[id] ?? SOURCE_NAMES[id] ?? id : '–');

/** The change and % change in one cell: "−215 (−7%)"; a rate's in points. */
function changeCell(i: Indicator): string {
  const change = signed(i.change, i.unit, isWithheld(i, 'change'));
  if (i.change === null || i.unit === 'percent' || (i.kind === 'manual' && i.pct_change === null)) return change;
  return `${change}<br><span class="small">${pct(i.pct_change, isWithheld(i, 'pct_change'))}</span>`;
}

/** An indicator's sentence without its label in front (the label is printed beside it): "3,026 in the 12 months…". */
const sentence = (i: Indicator) => {
  const s = i.summary.startsWith(`${i.label}: `) ? i.summary.slice(i.label.length + 2) : i.summary;
  return cap(s);
};
/** Whether the row says why it has no comparison (no data, an incomplete period, or figures withheld). */
const SHOWN = new Set(['current', 'previous', 'change', 'pct_change', 'significance', 'value']);
const explains = (i: Indicator) => i.state === 'none' || i.state === 'partial' || (i.disclosure?.withheld.some((k) => SHOWN.has(k) || k.startsWith('repeat.')) ?? false);
/** The row's sentence, only where it says what the figures do not: why there is no figure, or what is withheld. */
const rowNote = (i: Indicator) => (explains(i) ? `<span class="summary">${esc(sentence(i))}</span>` : '');

function indicatorRow(i: Indicator, publicPack: boolean): string {
  const rank = i.rank !== null ? `${ordinal(i.rank)} of ${i.of}` : '–';
  return `<tr class="rag-row-${i.rag}" data-indicator="${esc(i.id)}">
  <th scope="row"><span class="label">${esc(i.label)}</span>${rowNote(i)}${
    i.kind === 'count' && i.positive_outcomes ? `<span class="summary positive-outcomes">${esc(positiveOutcomeLine(i.positive_outcomes))}</span>` : ''
  }${i.kind === 'count' && i.source === 'mpsdash' && i.state === 'number' && i.note ? `<span class="summary">${esc(i.note)}</span>` : ''}</th>
  <td class="num">${mainFigure(i, 'current')}</td>
  <td class="num">${mainFigure(i, 'previous')}</td>
  <td class="num">${changeCell(i)}</td>
  <td class="num">${rank}</td>
  <td class="num">${repeatCell(i)}</td>
  <td class="status">${ragCell(i, publicPack)}</td>
  <td class="src">${esc(sourceName(i.source))}</td>
</tr>`;
}

/** The pack's charts as markup, drawn before the HTML around them (`packCharts`). */
export interface PackCharts {
  /** `<outcome id>/<indicator id>` → the indicator's trend chart in that outcome's section */
  trends: Map<string, string>;
  /** the exceptions' chart of significant changes, if any */
  changes: string | null;
}

/** The paper's trend charts: small multiples, four across an A4 page, their text at 8.25 pt. */
const CHART_WIDTH = 240;

/** The trend chart of an indicator whose figure draws one (charted, at most a third of its months hidden), else null. */
function trendOf(i: Indicator, data: PackFigures): string | null {
  const rows = data.trends.get(i.id);
  if (!rows || !charted(rows) || rows.filter((r) => typeof r.count === 'string').length > rows.length / 3) return null;
  return trendSvg(rows, { label: i.label, spc: data.spc.get(i.id), width: CHART_WIDTH, compact: true });
}

const allIndicators = (data: PackFigures) => data.outcomes.outcomes.flatMap((o) => o.indicators);

/**
 * Every chart of the pack, one at a time and giving way to the event loop between two (so the database's answers
 * are taken in while they are drawn): `packData` calls this once the figures are in, before the explanations are.
 * Drawn in the order of the page (Plot numbers its clip paths as it draws), so the HTML is the same as drawn inline.
 * @example const charts = await packCharts(figures); packHtml(data, produced, 'a4', charts)
 */
export async function packCharts(data: PackFigures): Promise<PackCharts> {
  const charts: PackCharts = { trends: new Map(), changes: null };
  const yieldNow = () => new Promise((resolve) => setImmediate(resolve));
  charts.changes = changesSvg(allIndicators(data), data.outcomes.period.versus);
  for (const o of data.outcomes.outcomes)
    for (const i of o.indicators) {
      await yieldNow();
      const svg = trendOf(i, data);
      if (svg !== null) charts.trends.set(`${o.id}/${i.id}`, svg);
    }
  return charts;
}

function chartFigure(outcome: number, i: Indicator, data: PackData, charts: PackCharts | undefined): string {
  const rows = data.trends.get(i.id);
  if (!rows || !charted(rows)) return '';
  const hiddenMonths = rows.filter((r) => typeof r.count === 'string').length;
  const hidden = hiddenMonths > 0 || rows.some((r) => typeof r.rolling_12m === 'string');
  if (hiddenMonths > rows.length / 3)
    return `<figure class="chart withheld-chart"><figcaption><strong>${esc(i.label)}</strong></figcaption><p>Monthly figures not shown: ${hiddenMonths} of the ${rows.length} months are suppressed (counts below ${data.options.threshold}, and the months that would reveal them). The 12-month figures are in the table.</p></figure>`;
  const note = hidden ? ` Suppressed months: “&lt;${data.options.threshold}” or “${SECONDARY}”, no bar.` : '';
  return `<figure class="chart">
  <figcaption><strong>${esc(i.label)}</strong>, ${esc(monthShort(rows[0]!.month))} to ${esc(monthShort(rows.at(-1)!.month))} (${esc(sourceName(i.source))}).${note}</figcaption>
  ${charts ? charts.trends.get(`${outcome}/${i.id}`) : trendOf(i, data)}
</figure>`;
}

/** The key every page of charts carries once (the small charts have no legend of their own). */
function chartKey(ref: string, withSpc: boolean): string {
  const sw = (style: string) => `<span class="swatch" style="${style}"></span>`;
  return `<p class="chart-key small">${sw('background:#56B4E9')} each month’s count; ${sw('border-top:2px dashed #616e7c')} the same month a year earlier; ${sw('border-top:3px solid #1f2933')} the rolling 12-month average${withSpc ? `; ${sw('background:#c9d6e3')} the expected range (SPC) around its mean ${sw('border-top:2px dashed #7b2d8b')}` : ''}. How the charts are made: <span class="annex-ref">Annex ${esc(ref)}</span>.</p>`;
}

function outcomeSection(o: PackData['outcomes']['outcomes'][number], data: PackData, drawn: PackCharts | undefined): string {
  const publicPack = data.options.threshold !== null;
  const period = data.outcomes.period;
  const charts = o.indicators.map((i) => chartFigure(o.id, i, data, drawn)).filter(Boolean);
  const withSpc = o.indicators.some((i) => data.spc.has(i.id) && drawn?.trends.has(`${o.id}/${i.id}`) !== false);
  const explained = chartedOutcomes(data.outcomes, data.explain).has(o.id);
  return `<section class="outcome" id="outcome-${o.id}" data-outcome="${o.id}">
<div class="outcome-head">
<h2><span class="num-badge">${o.id}</span> ${esc(o.title)}</h2>
<table class="indicators">
<caption class="how-link">How these figures are made: <span class="annex-ref">Annex ${esc(ANNEX.outcome(o.id))}</span> of the technical annex.</caption>
<thead><tr><th scope="col">Indicator</th><th scope="col">${esc(cap(period.label))}</th><th scope="col">Comparison (${esc(monthShort(period.previous.from))} to ${esc(monthShort(period.previous.to))})</th><th scope="col">Change</th><th scope="col">${esc(rankHeading(data.outcomes.comparator, inLondon(data.outcomes.area.code)))} (1 = best)</th><th scope="col">Repeat victims</th><th scope="col">Status</th><th scope="col">Source</th></tr></thead>
<tbody>
${o.indicators.map((i) => indicatorRow(i, publicPack)).join('\n')}
</tbody>
</table>${inLondon(data.outcomes.area.code) ? '' : `\n<p class="small">${esc(rankedAmong(data))}</p>`}
</div>
${charts.length ? `<div class="charts">\n${charts.join('\n')}\n</div>\n${chartKey(explained ? ANNEX.charts(o.id) : ANNEX.outcome(o.id), withSpc)}` : '<p class="small">No monthly chart for this outcome: its indicators are survey, rate or partner measures, or have too few months of data.</p>'}
</section>`;
}

/** "Unusual this month": the count indicators whose latest month is special-cause variation, in words. */
function unusualList(data: PackData): string {
  const all = data.outcomes.outcomes.flatMap((o) => o.indicators);
  const items = (data.outcomes.unusual ?? []).map((id) => all.find((i) => i.id === id)!).filter((i) => i?.kind === 'count' && i.spc !== null);
  const month = monthName(data.outcomes.to);
  return `<div class="unusual">
<h3>Unusual months (${esc(month)})</h3>
${items.length ? `<ul class="unusual-list">\n${items.map((i) => `<li><strong>${esc(i.label)}</strong>: ${esc(i.kind === 'count' ? i.spc?.line : '')}.</li>`).join('\n')}\n</ul>` : `<p>No indicator’s latest month is unusual: each is within its expected range (SPC), or has too few months to judge.</p>`}
</div>`;
}

function exceptionSection(data: PackData, charts: PackCharts | undefined): string {
  const list = exceptions(data.outcomes);
  const chart = charts ? charts.changes : changesSvg(allIndicators(data), data.outcomes.period.versus);
  const items = list.map(({ outcome, indicator: i }) =>
    `<li class="rag-row-${i.rag}"><span class="rag rag-${worse(i) ? 'red' : 'green'}">${worse(i) ? 'Significantly worse' : 'Significantly better'}</span> <strong>${esc(i.label)}</strong> (outcome ${outcome.id}): ${esc(sentence(i))}</li>`);
  return `<section class="exceptions" id="exceptions">
<h2>Exceptions and unusual months</h2>
<div class="keep">
<p class="lede">${list.length ? `${list.length === 1 ? 'One indicator' : `${list.length} indicators`} changed significantly ${esc(inPeriod(data.outcomes.period))}, ${esc(data.outcomes.period.versus)}${list.some((x) => worse(x.indicator)) ? '; those that are worse come first' : ''}.` : `No indicator changed significantly ${esc(inPeriod(data.outcomes.period))}, ${esc(data.outcomes.period.versus)}.`}</p>
${list.length ? `<ol class="exception-list">\n${items.join('\n')}\n</ol>\n<p class="how-link small">How these figures are made: <span class="annex-ref">Annex ${ANNEX.exceptions}</span> of the technical annex.</p>` : ''}
</div>
${unusualList(data)}
${chart ? `<figure class="chart wide"><figcaption>Significant changes in count indicators: % change, ${esc(data.outcomes.period.versus)} (counts before and after).</figcaption>${chart}</figure>` : ''}
</section>`;
}

const RAG_ORDER = ['red', 'amber', 'green', 'grey'] as const;
const RAG_HEAD: Record<Indicator['rag'], string> = { red: 'Red: significantly worse', amber: 'Amber: no significant change', green: 'Green: significantly better', grey: 'Grey: not compared' };

/** Status at a glance: one row per outcome, its indicators under their status. */
function glanceSection(data: PackData): string {
  const rows = data.outcomes.outcomes.map((o) => {
    const cells = RAG_ORDER.map((rag) => {
      const inds = o.indicators.filter((i) => i.rag === rag);
      return inds.length ? `<td class="glance-${rag}">${inds.map((i) => esc(i.label)).join('<br>')}</td>` : '<td></td>';
    });
    return `<tr><th scope="row"><span class="num-badge">${o.id}</span> ${esc(o.title)}</th>${cells.join('')}</tr>`;
  });
  // "on target" only where a green indicator has a target (never a target word without one)
  const anyTarget = data.outcomes.outcomes.some((o) => o.indicators.some((i) => i.rag === 'green' && i.target !== null && i.target !== undefined));
  return `<section class="glance" id="glance">
<h2>Status at a glance</h2>
<table class="glance">
<thead><tr><th scope="col">Outcome</th>${RAG_ORDER.map((r) => `<th scope="col"><span class="rag rag-${r}">${esc(RAG_HEAD[r])}${r === 'green' && anyTarget ? ' or on target' : ''}</span></th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<p class="small">Grey means the indicator is not compared: a period is incomplete, the two periods are not comparable, there is no data${data.options.threshold ? ', or disclosure control withholds the comparison' : ''}. Each outcome’s page gives the reason.</p>
</section>`;
}

/**
 * Outside London (issue 24): whom the rank column ranks the partnership among (the scorecard's comparator: the profile's,
 * else its force area's partnerships) and when it gives none; the other comparisons are in the dashboard's explorer.
 */
function rankedAmong(data: PackData): string {
  const { area, comparator: g } = data.outcomes;
  if (!g) return `${area.name} has no comparison group (it is in no police force area), so this paper gives no rank.`;
  const unranked = data.outcomes.outcomes.flatMap((o) => o.indicators).find((i) => i.state === 'number' && i.rank === null && i.rank_scope?.reason)?.rank_scope?.reason;
  return `Rank in ${g.name}: ${area.name}’s place among the ${g.members} ${g.label} (${g.rule}), 1 = best, given only when every one of them has every month of the period loaded${unranked ? ` (not given here: ${unranked})` : ''}. The comparison with its force area, region and peer group is also in the dashboard’s trend explorer (ranks and funnel plot).`;
}

function glossarySection(data: PackData): string {
  const n = data.options.threshold;
  return `<section class="glossary" id="glossary">
<h2>Glossary</h2>
<dl>
${glossaryFor(inLondon(data.outcomes.area.code), data.outcomes.comparator).map((g) => `<div><dt>${esc(g.term)}</dt><dd>${esc(g.meaning)}</dd></div>`).join('\n')}
</dl>
<p class="small">Every figure of this paper is in the data download <code>indicators.csv</code>, and the exceptions in <code>exceptions.csv</code>. How each figure is computed (the data, the months and the method) is in the technical annex, <code>technical-annex.pdf</code>, under the reference printed beside it.</p>
${n ? `<p class="footnote" id="disclosure"><strong>Disclosure control.</strong> ${esc(ruleText(n))}</p>` : '<p class="footnote">No disclosure control has been applied to this paper: it may contain small numbers that could identify victims. Do not publish it: publish only the public version, in which small numbers are suppressed.</p>'}
</section>`;
}

function sourcesList(data: PackData): string {
  const used = new Map<string, string[]>();
  for (const i of data.outcomes.outcomes.flatMap((o) => o.indicators)) if (i.source) used.set(i.source, [...(used.get(i.source) ?? []), i.label]);
  return data.meta.sources
    .map((s) => {
      const k = used.get(s.id)?.length ?? 0;
      const uses = [k ? `${k} indicator${k === 1 ? '' : 's'}` : '', (s.id === 'mps' || s.id === 'policeuk' || s.id === 'mpsdash') && inLondon(data.outcomes.area.code) ? 'London ranks' : s.id === 'policeuk' && data.outcomes.comparator && !inLondon(data.outcomes.area.code) ? `ranks in ${data.outcomes.comparator.name}` : ''].filter(Boolean).join(' and ');
      return `<li><strong>${esc(SOURCE_NAMES[s.id] ?? s.id)}</strong>: ${esc(monthShort(s.first))} to ${esc(monthShort(s.last))}${uses ? `; used for ${uses}` : '; not used by this paper'}.</li>`;
    })
    .concat(used.has('manual') ? ['<li><strong>Survey and partner returns</strong> (entered by the partnership).</li>'] : [])
    .join('\n');
}

/**
 * The board paper: a self-contained page (inline CSS and SVG, no script, nothing fetched). `produced` is the one line
 * that changes from run to run. `charts`: the charts drawn already from the same data (`packCharts`), else drawn here.
 * @example packHtml(await packData(db, { area: 'Barnet', to: '2018-12', threshold: null }), '22 November 2025')
 */
export function packHtml(data: PackData, produced: string, paper: Paper = 'a4', charts?: PackCharts): string {
  const { outcomes, options } = data;
  const title = options.title ?? outcomes.profile.title ?? DEFAULT_TITLE;
  const area = outcomes.area.name;
  const period = `${monthName(outcomes.from)} to ${monthName(outcomes.to)}`;
  const n = options.threshold;
  const running = `${title} · ${area} · ${outcomes.period.label}`;
  const marking = n
    ? `<p class="marking public">For publication. Statistical disclosure control applied: counts from 1 to ${n - 1} are shown as “&lt;${n}” (see the note on disclosure control).</p>`
    : '<p class="marking">OFFICIAL: for the partnership. Not for publication: small numbers are not suppressed.</p>';
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}: ${esc(area)}, ${esc(outcomes.period.label)}</title>
<style>
${embeddedFontFaces()}
${packCss(paper)}
@page { @top-left { content: ${JSON.stringify(running.replace(/[\\"]/g, ''))}; } }
</style>
</head>
<body>
<section class="cover">
<p class="kicker">${esc(outcomes.profile.partnership)}</p>
<h1>${esc(title)}</h1>
<p class="area">${esc(area)}</p>
<p class="period">${esc(cap(outcomes.period.label))} (${esc(period)}), ${esc(outcomes.period.versus)}</p>
<h2>Data sources</h2>
<ul class="sources">
${sourcesList(data)}
</ul>
${marking}
<h2>Contents</h2>
<ol class="contents">
<li>Exceptions and unusual months; status at a glance</li>
${outcomes.outcomes.map((o) => `<li>Outcome ${o.id}: ${esc(o.title)}</li>`).join('\n')}
<li>Glossary</li>
</ol>
<p class="small">How each figure is made is in the technical annex (<code>technical-annex.pdf</code>), under the reference printed beside it (“Annex A3”).</p>
<p class="produced">Produced on ${esc(produced)} by saferboard.</p>
</section>
${exceptionSection(data, charts)}
${glanceSection(data)}
${outcomes.outcomes.map((o) => outcomeSection(o, data, charts)).join('\n')}
${wardsSection(data.wards ?? [])}
${glossarySection(data)}
</body>
</html>
`;
}
