/**
 * The technical annex's sections: for each table and set of charts of the board paper, the SQL files and the bound
 * parameters behind it, as `/api/explain` gives them (read through the API, so the annex says exactly what the
 * dashboard's dialog says). A public pack reads `/api/explain?public=1`: no rows are offered or linked, no per-file
 * row counts, and no figure (the paper's tables carry the figures disclosure control allows).
 */
import { basename } from 'node:path';
import { escapeHtml as esc } from '../../core/format.ts';
import { SOURCE_SHORT } from '../../core/sources.ts';
import { monthRuns as runs } from '../../core/months.ts';
import type { Explanation } from '../../core/types.ts';
import type { Indicator, Outcomes } from './data.ts';

/** What the notes read: the explanation of each indicator's table row, and of each trend chart. */
export interface PackExplanations {
  /** indicator id → `/api/explain?route=outcomes&indicator=…` (its current figure) */
  indicators: Map<string, Explanation>;
  /** indicator id → `/api/explain?route=trend&figure=rolling_12m&…` for the chart's last month */
  trends: Map<string, Explanation>;
  /** the query each explanation answered (without `public`), by `outcomes:<id>` and `trend:<id>` */
  queries: Map<string, Record<string, string>>;
}


const unique = <T>(xs: T[]) => [...new Set(xs)];

/**
 * The parameters of one statement as a name = value table. The engine's `candidates` (every indicator of the
 * profile, computed at once) is shown as the candidates of this table's figures (`<indicator>@<source>`), with how
 * many there are in all.
 */
function paramsTable(file: string, params: Record<string, unknown>, keys: string[]): string {
  const rows = Object.entries(params).map(([k, v]) => {
    let text = typeof v === 'string' ? v : JSON.stringify(v);
    if (k === 'candidates' && typeof v === 'string') {
      try {
        const all = JSON.parse(v) as { key: string; source: string; category: string; requires: string[] }[];
        const mine = all.filter((c) => keys.includes(c.key));
        if (mine.length < all.length)
          text = `${all.length} candidates (every indicator and source at once); this table’s ${mine.length}: ${mine.map((c) => `${c.key} (category ${c.category}; requires ${c.requires.join(', ')})`).join('; ')}`;
      } catch {
        /* as it is */
      }
    }
    return `<tr><th scope="row"><code>${esc(k)}</code></th><td><code>${esc(text)}</code></td></tr>`;
  });
  return `<table class="params"><caption>Parameters bound to <code>queries/${esc(file)}.sql</code></caption>
<thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
}

/**
 * The annex reference of each table and set of charts of the paper, which the paper prints beside it ("Annex A3"):
 * E the exceptions, A<n> outcome n's table, B<n> outcome n's trend charts.
 */
export const ANNEX = {
  exceptions: 'E',
  outcome: (id: number | string) => `A${id}`,
  charts: (id: number | string) => `B${id}`,
} as const;
/** The anchor of an annex section in `technical-annex.html`: `annex-a3`. */
export const annexAnchor = (ref: string) => `annex-${ref.toLowerCase()}`;

const sourceWords = (id: string | null) => (id === null ? 'none' : `${SOURCE_SHORT[id] ?? id} (${id})`);

/** The SQL, parameters, months and files behind a set of explanations (one table or chart). */
function block(ref: string, title: string, es: { label: string; e: Explanation; query?: Record<string, string>; test?: string }[], publicPack: boolean): string {
  if (es.length === 0) return '';
  const sql = unique(es.flatMap(({ e }) => e.sql.map((s) => s.name)));
  // statements bound the same way for every figure of the table are shown once
  const byFile = new Map<string, { params: Record<string, unknown>; keys: string[] }[]>();
  for (const { e } of es)
    for (const [file, params] of Object.entries(e.parameters)) {
      const list = byFile.get(file) ?? [];
      const same = list.find((x) => JSON.stringify(x.params) === JSON.stringify(params));
      const key = `${e.subject.id}@${e.source}`;
      if (same) same.keys.push(key);
      else list.push({ params: params as Record<string, unknown>, keys: [key] });
      byFile.set(file, list);
    }
  const files = new Map<string, { file: string; load_id: number; loaded_at: string | null }>();
  for (const { e } of es) for (const f of e.files) files.set(`${f.file}|${f.load_id}`, f);
  const perFigure = es.map(({ label, e, query, test }) => {
    const months = e.subject.kind === 'manual' ? '' : e.covered_months.length ? `; months ${esc(runs(e.covered_months))}` : '; no month covered';
    const missing = e.missing_months.length ? `; missing ${esc(runs(e.missing_months))}` : '';
    const rows = publicPack || !query
      ? ''
      : e.rows.offered
        ? `; rows: <code>/api/rows?${esc(new URLSearchParams(query).toString())}&amp;format=csv</code>`
        : `; no rows: ${esc(e.rows.why)}`;
    return `<li><strong>${esc(label)}</strong>: ${esc(e.sql.map((s) => s.name).join(', '))}; source ${esc(sourceWords(e.source))}${e.source_rule ? ` (${esc(e.source_rule)})` : ''}${months}${missing}${e.population_year !== null ? `; population ${e.population_year}` : ''}${test ? `; ${esc(test)}` : ''}${rows}.</li>`;
  });
  return `<section class="how-made" id="${annexAnchor(ref)}" data-table="${esc(title)}" data-annex="${esc(ref)}">
<h3>Annex ${esc(ref)}. ${esc(title)}</h3>
<p class="small">SQL: ${sql.map((s) => `<code>${esc(s)}</code>`).join(', ')}.</p>
${[...byFile].flatMap(([file, list]) => list.map((x) => paramsTable(file, x.params, x.keys))).join('\n')}
<ul class="small">
${perFigure.join('\n')}
</ul>
${files.size ? `<p class="small">Files: ${[...files.values()].map((f) => `<code>${esc(basename(f.file))}</code> (load ${f.load_id}${f.loaded_at ? `, loaded ${esc(f.loaded_at)}` : ''})`).join('; ')}.</p>` : ''}
</section>`;
}

/** The significance test of an indicator's row, as the engine gave it: "exact test, p = 0.007 (significant)". */
const testWords = (i: Indicator) => {
  const s = i.significance;
  if (!s) return undefined;
  return `test ${s.test}, p ${s.p_value < 0.001 ? '< 0.001' : `= ${s.p_value.toFixed(3)}`} (${s.significant ? 'significant' : 'not significant'})`;
};

/** Which annex sections the paper has: the outcomes whose charts are explained (the paper points only to these). */
export const chartedOutcomes = (outcomes: Outcomes, x: PackExplanations) =>
  new Set(outcomes.outcomes.filter((o) => o.indicators.some((i) => x.trends.has(i.id))).map((o) => o.id));

/**
 * The annex's sections, in the paper's order: the exceptions (E), then for each outcome its table (A<n>) and its
 * trend charts (B<n>), with their SQL files and bound parameters.
 */
export function annexSections(outcomes: Outcomes, x: PackExplanations, publicPack: boolean): string {
  const all = outcomes.outcomes.flatMap((o) => o.indicators);
  const ofIndicator = (i: Indicator) => {
    const e = x.indicators.get(i.id);
    return e ? [{ label: i.label, e, query: x.queries.get(`outcomes:${i.id}`), test: testWords(i) }] : [];
  };
  const listed = outcomes.exceptions.map((id) => all.find((i) => i.id === id)).filter((i): i is Indicator => !!i);
  const exceptions = block(ANNEX.exceptions, 'Exceptions (and their chart)', listed.flatMap(ofIndicator), publicPack);
  const perOutcome = outcomes.outcomes.map((o) => {
    const table = block(ANNEX.outcome(o.id), `Outcome ${o.id}: table`, o.indicators.flatMap(ofIndicator), publicPack);
    const charts = block(ANNEX.charts(o.id), `Outcome ${o.id}: monthly trend charts`, o.indicators.flatMap((i) => {
      const e = x.trends.get(i.id);
      return e ? [{ label: `${i.label} (chart)`, e, query: x.queries.get(`trend:${i.id}`) }] : [];
    }), publicPack);
    return `<section class="annex-outcome" id="annex-outcome-${o.id}">
<h2><span class="num-badge">${o.id}</span> ${esc(o.title)}</h2>
${table}
${charts}
</section>`;
  });
  return `${exceptions ? `<section class="annex-outcome" id="annex-exceptions">\n<h2>Exceptions</h2>\n${exceptions}\n</section>` : ''}
${perOutcome.join('\n')}`;
}
