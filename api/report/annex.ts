/**
 * The technical annex written beside the board paper (`technical-annex.html`, `technical-annex.pdf`): for every
 * table and set of charts of the paper, under the reference the paper prints beside it ("Annex A3"), the SQL files,
 * the parameters bound to them, the files loaded and the row requests, as `/api/explain` gives them (the engine's
 * `made_by`, read in api/report/data.ts; nothing here queries the database). Then the methods behind the paper's
 * words, for an analyst checking them.
 */
import { inLondon } from '../../core/scope.ts';
import { escapeHtml as esc } from '../../core/format.ts';
import { monthName } from '../../core/months.ts';
import { SOURCE_NAMES } from '../../core/sources.ts';
import { ruleText } from '../disclosure/index.ts';
import { embeddedFontFaces } from '../../data/fonts.ts';
import type { PackData } from './data.ts';
import { annexSections } from './notes.ts';
import { packCss, type Paper } from './style.ts';
import { DEFAULT_TITLE } from './html.ts';

/**
 * The annex as one self-contained page (inline CSS, no script, nothing fetched), printed like the paper.
 * @example annexHtml(await packData(db, { area: 'Barnet', to: '2018-12', threshold: null }), '22 November 2025')
 */
export function annexHtml(data: PackData, produced: string, paper: Paper = 'a4'): string {
  const { outcomes, options } = data;
  const title = options.title ?? outcomes.profile.title ?? DEFAULT_TITLE;
  const area = outcomes.area.name;
  const n = options.threshold;
  const running = `Technical annex · ${title} · ${area} · ${outcomes.period.label}`;
  const sources = data.meta.sources.map((s) => `<li><code>${esc(s.id)}</code>: ${esc(SOURCE_NAMES[s.id] ?? s.id)}, ${esc(s.first)} to ${esc(s.last)}, ${s.rows.toLocaleString('en-GB')} rows.</li>`).join('\n');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Technical annex: ${esc(title)}: ${esc(area)}, ${esc(outcomes.period.label)}</title>
<style>
${embeddedFontFaces()}
${packCss(paper)}
@page { @top-left { content: ${JSON.stringify(running.replace(/[\\"]/g, ''))}; } }
@page :first { @top-left { content: ${JSON.stringify(running.replace(/[\\"]/g, ''))}; } }
</style>
</head>
<body class="annex">
<header class="annex-head">
<p class="kicker">${esc(outcomes.profile.partnership)}</p>
<h1>Technical annex</h1>
<p class="area">${esc(title)}: ${esc(area)}, ${esc(outcomes.period.label)} (${esc(monthName(outcomes.from))} to ${esc(monthName(outcomes.to))})</p>
<p>This annex goes with the board paper <code>board-pack.pdf</code>. For each table and set of charts of the paper it gives, under the reference the paper prints beside it (E for the exceptions, A1 to A${outcomes.outcomes.length} for the outcome tables, B1 to B${outcomes.outcomes.length} for their charts), the SQL files of <code>queries/</code> that computed it, the parameters bound to them, the months and files the figures came from and${n ? '' : ' the <code>/api/rows</code> request that gives the rows behind each figure (partnership use only: they are the unsuppressed incidents and cells), and'} the significance test of each change. It is what <code>/api/explain</code> gives for the same figure; <code>saferboard serve</code> shows the same for any figure of the dashboard, with each SQL file's text. ${n ? 'This is a public pack: the rows behind the figures are never offered, and only what disclosure control allows is shown.' : ''}</p>
<h2>Data loaded</h2>
<ul class="small">
${sources}
</ul>
<h2>Methods</h2>
<ul class="small">
<li><strong>Period</strong>: ${esc(outcomes.period.words)}. A window with a month its source does not cover (for that area and category) is partial: its count is shown with its months and never compared, tested, ranked or listed as an exception; a window with no covered month shows no figure, never 0.</li>
<li><strong>Significance</strong>: an exact conditional (binomial) test on the two counts, or a two-proportion z test for rates; p &lt; 0.05 is significant.</li>
<li><strong>Status</strong>: Red = significantly worse given the indicator’s direction of improvement, or a manual measure missing its target; Green = significantly better, or meeting its target; Amber = no significant change; Grey = not compared.</li>
<li><strong>SPC</strong>: an XmR chart of each count indicator’s last 36 months (Making Data Count rules); the latest month is unusual when it is special-cause variation.</li>
${inLondon(outcomes.area.code) ? '<li><strong>London rank</strong>: by rate per 1,000 residents (mid-year population estimates) among the 32 boroughs, from a source covering all of them.</li>' : outcomes.comparator ? `<li><strong>Rank in ${esc(outcomes.comparator.name)}</strong>: by rate per 1,000 residents (mid-year population estimates) among the ${outcomes.comparator.members} ${esc(outcomes.comparator.label)} (${esc(outcomes.comparator.rule)}; <code>/api/ranks?group=${esc(outcomes.comparator.group)}</code> gives the same group), only when the source covers every month of the period for every one of them; ${esc(outcomes.comparator.name)}’s rate is over all of them and “higher” or “lower” means outside the 99.8% exact Poisson funnel limits around it for the partnership’s population (docs/peers.md).</li>` : ''}
<li><strong>Data download</strong>: every figure of the paper is in <code>indicators.csv</code> (as <code>/api/outcomes</code> gives it); the exceptions are in <code>exceptions.csv</code>.</li>
${n ? `<li id="disclosure"><strong>Disclosure control</strong>: ${esc(ruleText(n))}</li>` : ''}
</ul>
<p class="produced">Produced on ${esc(produced)} by saferboard.</p>
</header>
<section class="how-made-notes" id="how-made">
${annexSections(outcomes, data.explain, n !== null)}
</section>
</body>
</html>
`;
}
