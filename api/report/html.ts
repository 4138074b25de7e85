import { wardsSection } from './wards.ts';
import { escapeHtml as esc, ordinal } from '../../core/format.ts';
import { monthName, monthShort } from '../../core/months.ts';
import { SOURCE_NAMES } from '../../core/sources.ts';
import { ruleText, SECONDARY, type Shown } from '../disclosure/index.ts';
import { changesSvg, statusSvg, trendSvg } from './charts.ts';
import { charted, type Indicator, type PackData, type PackFigures } from './data.ts';
import { exceptions, worse } from './rows.ts';
import { HOW_MADE, howMadeNotes } from './notes.ts';
import { ragWords } from '../../core/rag.ts';
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
const pValue = (i: Indicator) => {
  const s = i.significance;
  if (!s) return fig(null, 'count', isWithheld(i, 'significance'));
  const p = s.p_value < 0.001 ? '&lt;0.001' : s.p_value.toFixed(3);
  return `${p}<br><span class="small">${s.significant ? 'significant' : 'not significant'}</span>`;
};
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
  const words = publicPack && i.rag === 'grey' && byDisclosure ? 'Grey: withheld (small numbers)' : ragWords(i.rag, i.target);
  return `<span class="rag rag-${i.rag}">${esc(words)}</span>`;
}

function mainFigure(i: Indicator, which: 'current' | 'previous'): string {
  if (i.kind === 'manual' && which === 'current')
    return i.value === null ? '–' : `${one(i.value)}${i.target !== null ? `<br><span class="small">target ${one(i.target)}</span>` : ''}`;
  if (which === 'current' && i.state === 'none') return 'No data';
  const partial = which === 'current' && i.state === 'partial' ? `<br><span class="small">in ${i.months_covered} of ${i.months} months</span>` : '';
  return fig(i[which], i.unit, isWithheld(i, which)) + partial;
}

function indicatorRow(i: Indicator, publicPack: boolean): string {
  const rank = i.rank !== null ? `${ordinal(i.rank)} of ${i.of}` : '–';
  return `<tr class="rag-row-${i.rag}" data-indicator="${esc(i.id)}">
  <th scope="row"><span class="label">${esc(i.label)}</span><span class="summary">${esc(i.summary)}</span></th>
  <td class="num">${mainFigure(i, 'current')}</td>
  <td class="num">${mainFigure(i, 'previous')}</td>
  <td class="num">${signed(i.change, i.unit, isWithheld(i, 'change'))}</td>
  <td class="num">${i.kind === 'manual' && i.pct_change === null ? '–' : pct(i.pct_change, isWithheld(i, 'pct_change'))}</td>
  <td class="num">${pValue(i)}</td>
  <td class="num">${rank}</td>
  <td class="num">${repeatCell(i)}</td>
  <td class="status">${ragCell(i, publicPack)}</td>
  <td class="src">${esc(i.source ?? '–')}</td>
</tr>`;
}

/** The pack's charts as markup, drawn before the HTML around them (`packCharts`). */
export interface PackCharts {
  /** `<outcome id>/<indicator id>` → the indicator's trend chart in that outcome's section */
  trends: Map<string, string>;
  /** outcome id → its status chart */
  status: Map<number, string>;
  /** the exception report's chart of significant changes, if any */
  changes: string | null;
}

/** The trend chart of an indicator whose figure draws one (charted, at most a third of its months hidden), else null. */
function trendOf(i: Indicator, data: PackFigures): string | null {
  const rows = data.trends.get(i.id);
  if (!rows || !charted(rows) || rows.filter((r) => typeof r.count === 'string').length > rows.length / 3) return null;
  return trendSvg(rows, { label: i.label, spc: data.spc.get(i.id) });
}

const allIndicators = (data: PackFigures) => data.outcomes.outcomes.flatMap((o) => o.indicators);

/**
 * Every chart of the pack, one at a time and giving way to the event loop between two (so the database's answers
 * are taken in while they are drawn): `packData` calls this once the figures are in, before the explanations are.
 * Drawn in the order of the page (Plot numbers its clip paths as it draws), so the HTML is the same as drawn inline.
 * @example const charts = await packCharts(figures); packHtml(data, produced, 'a4', charts)
 */
export async function packCharts(data: PackFigures): Promise<PackCharts> {
  const charts: PackCharts = { trends: new Map(), status: new Map(), changes: null };
  const yieldNow = () => new Promise((resolve) => setImmediate(resolve));
  charts.changes = changesSvg(allIndicators(data), data.outcomes.period.versus);
  for (const o of data.outcomes.outcomes) {
    await yieldNow();
    charts.status.set(o.id, statusSvg(o.indicators));
    for (const i of o.indicators) {
      await yieldNow();
      const svg = trendOf(i, data);
      if (svg !== null) charts.trends.set(`${o.id}/${i.id}`, svg);
    }
  }
  return charts;
}

function chartFigure(outcome: number, i: Indicator, data: PackData, charts: PackCharts | undefined): string {
  const rows = data.trends.get(i.id);
  if (!rows || !charted(rows)) return '';
  const hiddenMonths = rows.filter((r) => typeof r.count === 'string').length;
  const hidden = hiddenMonths > 0 || rows.some((r) => typeof r.rolling_12m === 'string');
  if (hiddenMonths > rows.length / 3)
    return `<figure class="chart withheld-chart"><figcaption><strong>${esc(i.label)}</strong> (source: ${esc(i.source)})</figcaption><p>Monthly figures not shown: ${hiddenMonths} of the ${rows.length} months are suppressed (counts below ${data.options.threshold}, and the months that would reveal them). The 12-month figures are in the table above.</p></figure>`;
  const note = hidden
    ? ` A suppressed month is a gap marked “&lt;${data.options.threshold}” or “${SECONDARY}” (no bar); the 12-month line breaks where its sum is withheld.`
    : '';
  return `<figure class="chart">
  <figcaption><strong>${esc(i.label)}</strong>, ${esc(monthShort(rows[0]!.month))} to ${esc(monthShort(rows.at(-1)!.month))} (source: ${esc(i.source)}).${note} <a href="#${HOW_MADE.trends}">How it is made</a>.</figcaption>
  ${charts ? charts.trends.get(`${outcome}/${i.id}`) : trendOf(i, data)}
</figure>`;
}

function outcomeSection(o: PackData['outcomes']['outcomes'][number], data: PackData, drawn: PackCharts | undefined): string {
  const publicPack = data.options.threshold !== null;
  const glance = `<figure class="chart status">${drawn?.status.get(o.id) ?? statusSvg(o.indicators)}</figure>`;
  const charts = [glance, ...o.indicators.map((i) => chartFigure(o.id, i, data, drawn)).filter(Boolean)];
  return `<section class="outcome" id="outcome-${o.id}" data-outcome="${o.id}">
<h2><span class="num-badge">${o.id}</span> ${esc(o.title)}</h2>
<table class="indicators">
<caption class="how-link"><a href="#${HOW_MADE.outcome(o.id)}">How these figures are made: the SQL and parameters behind this table</a></caption>
<thead><tr><th scope="col">Indicator</th><th scope="col">${esc(cap(data.outcomes.period.label))}</th><th scope="col">Comparison (${esc(data.outcomes.period.previous.from)} to ${esc(data.outcomes.period.previous.to)})</th><th scope="col">Change</th><th scope="col">% change</th><th scope="col">p-value</th><th scope="col">London rank (1 = best)</th><th scope="col">Repeat victims</th><th scope="col">Status</th><th scope="col">Source</th></tr></thead>
<tbody>
${o.indicators.map((i) => indicatorRow(i, publicPack)).join('\n')}
</tbody>
</table>
<div class="charts">
${charts.join('\n')}
${charts.length === 1 ? '<p class="small">No monthly series for this outcome’s indicators (survey, rate or manual measures, or no data loaded).</p>' : ''}
</div>
</section>`;
}

/** "Unusual this month": the count indicators whose latest month is special-cause variation, in words. */
function unusualList(data: PackData): string {
  const all = data.outcomes.outcomes.flatMap((o) => o.indicators);
  const items = (data.outcomes.unusual ?? []).map((id) => all.find((i) => i.id === id)!).filter((i) => i?.kind === 'count' && i.spc !== null);
  const month = monthName(data.outcomes.to);
  return `<h3>Unusual this month (${esc(month)})</h3>
<p class="small">Statistical process control of each count indicator's last 36 monthly figures (XmR chart, Making Data Count rules): a month is unusual when it is special-cause variation, whatever the 12-month change.</p>
${items.length ? `<ul class="unusual-list">\n${items.map((i) => `<li><strong>${esc(i.label)}</strong>: ${esc(i.kind === 'count' ? i.spc?.line : '')}</li>`).join('\n')}\n</ul>` : `<p>No indicator's latest month is special-cause variation: every one is common cause variation or has too little data.</p>`}`;
}

function exceptionSection(data: PackData, charts: PackCharts | undefined): string {
  const list = exceptions(data.outcomes);
  const chart = charts ? charts.changes : changesSvg(allIndicators(data), data.outcomes.period.versus);
  const items = list.map(({ outcome, indicator: i }) =>
    `<li class="rag-row-${i.rag}"><span class="rag rag-${worse(i) ? 'red' : 'green'}">${worse(i) ? 'Significantly worse' : 'Significantly better'}</span> <strong>${esc(i.label)}</strong> (outcome ${outcome.id}; p ${i.significance!.p_value < 0.001 ? '&lt; 0.001' : `= ${i.significance!.p_value.toFixed(3)}`}): ${esc(i.summary)}</li>`);
  return `<section class="exceptions" id="exceptions">
<h2>Exception report</h2>
<p class="lede">${list.length ? `${list.length} indicator${list.length > 1 ? 's' : ''} changed significantly (p &lt; 0.05), ${esc(data.outcomes.period.words)}; worst first: significantly worse given the indicator’s direction of improvement, then by p-value. Only indicators whose both windows are complete are tested.` : `No indicator changed significantly: ${esc(data.outcomes.period.words)}.`}</p>
<p class="headline">${esc(data.outcomes.headline)}</p>
${list.length ? `<ol class="exception-list">\n${items.join('\n')}\n</ol>` : ''}
${list.length ? `<p class="how-link small"><a href="#${HOW_MADE.exceptions}">How these figures are made: the SQL and parameters behind the exceptions</a></p>` : ''}
${unusualList(data)}
${chart ? `<figure class="chart wide"><figcaption>Significant changes in count indicators: % change, ${esc(data.outcomes.period.versus)} (counts before and after).</figcaption>${chart}</figure>` : ''}
</section>`;
}

function sourcesList(data: PackData): string {
  const used = new Map<string, string[]>();
  for (const i of data.outcomes.outcomes.flatMap((o) => o.indicators)) if (i.source) used.set(i.source, [...(used.get(i.source) ?? []), i.label]);
  return data.meta.sources
    .map((s) => `<li><strong>${esc(SOURCE_NAMES[s.id] ?? s.id)}</strong> (${esc(s.id)}): ${esc(monthShort(s.first))} to ${esc(monthShort(s.last))}; used for ${used.get(s.id)?.length ?? 0} indicator${used.get(s.id)?.length === 1 ? '' : 's'}${s.id === 'mps' || s.id === 'policeuk' ? ' and London ranks' : ''}.</li>`)
    .concat(used.has('manual') ? ['<li><strong>Manual indicators</strong> (survey and partner returns) loaded with the <code>indicators</code> format.</li>'] : [])
    .join('\n');
}

/**
 * The self-contained board pack: inline CSS and SVG, no script, nothing fetched. `produced` is the one line that
 * changes from run to run. `charts`: the charts drawn already from the same data (`packCharts`), else drawn here.
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
    : '<p class="marking">OFFICIAL: for the partnership. Not for publication: small numbers are not suppressed (a public version, with small numbers suppressed, can be produced alongside).</p>';
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
<li>Exception report</li>
${outcomes.outcomes.map((o) => `<li>Outcome ${o.id}: ${esc(o.title)}</li>`).join('\n')}
<li>Notes: definitions${n ? ' and disclosure control' : ''}</li>
</ol>
<p class="produced">Produced on ${esc(produced)} by saferboard.</p>
</section>
${exceptionSection(data, charts)}
${wardsSection(data.wards ?? [])}
${outcomes.outcomes.map((o) => outcomeSection(o, data, charts)).join('\n')}
<section class="notes" id="notes">
<h2>Notes</h2>
<ul>
<li><strong>Period</strong>: ${esc(outcomes.period.words)}. A window with a month its source does not cover (for that area and category) is partial: its count is shown with its months (“in 9 of 12 months”) and never compared, tested, ranked or listed as an exception (grey); a window with no covered month shows no figure, never 0.</li>
<li><strong>Significance</strong>: an exact conditional (binomial) test on the two 12-month counts, or a two-proportion test for rates; p &lt; 0.05 is significant. Small numbers make large percentage swings that are often noise.</li>
<li><strong>Status</strong>: Red = significantly worse given the indicator’s direction of improvement, or a manual measure missing its target; Green = significantly better, or meeting its target; Amber = no significant change; Grey = not compared: not enough data, or a series break between the two windows${n ? ' or withheld by disclosure control' : ''}. Status is always written in words as well as colour.</li>
<li><strong>London rank</strong>: the borough’s place among the 32 London boroughs (1 = best): for a crime, by rate per 1,000 residents, 1 = the lowest rate; for a rate where higher is better (a sanction detection or positive outcome rate), 1 = the highest. Only from public data covering every borough.</li>
<li><strong>Repeat victims</strong>: the share of victims with two or more incidents of the same kind in the 12 months (local extracts only; victim identities are pseudonymised and never leave the database).</li>
<li><strong>Data annex</strong>: every figure in this pack is in <code>indicators.csv</code>; the exception report is <code>exceptions.csv</code>.</li>
</ul>
${howMadeNotes(outcomes, data.explain, n !== null)}
${n ? `<p class="footnote" id="disclosure"><strong>Disclosure control.</strong> ${esc(ruleText(n))}</p>` : '<p class="footnote">No disclosure control has been applied to this pack: it may contain small numbers that could identify victims. Do not publish it: publish only the public version, in which small numbers are suppressed.</p>'}
</section>
</body>
</html>
`;
}
