/**
 * The pack's "How these figures are made" notes: for each table and chart of the pack, the SQL files and the bound
 * parameters behind it, as `/api/explain` gives them (read through the API, so the pack says exactly what the
 * dashboard's dialog says). A public pack reads `/api/explain?public=1`: no rows are offered or linked, no per-file
 * row counts, and no figure (the tables carry the figures disclosure control allows).
 */
import { basename } from 'node:path';
import { escapeHtml as esc } from '../../core/format.ts';
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

/** The anchors of the notes' blocks, which each table and chart of the pack links to. */
export const HOW_MADE = {
  exceptions: 'how-made-exceptions',
  outcome: (id: number | string) => `how-made-outcome-${id}`,
  trends: 'how-made-trends',
} as const;

/** The SQL, parameters, months and files behind a set of explanations (one table or chart). */
function block(title: string, id: string, es: { label: string; e: Explanation; query?: Record<string, string> }[], publicPack: boolean): string {
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
  const perFigure = es.map(({ label, e, query }) => {
    const months = e.subject.kind === 'manual' ? '' : e.covered_months.length ? `; months ${esc(runs(e.covered_months))}` : '; no month covered';
    const missing = e.missing_months.length ? `; missing ${esc(runs(e.missing_months))}` : '';
    const rows = publicPack || !query
      ? ''
      : e.rows.offered
        ? `; rows: <code>/api/rows?${esc(new URLSearchParams(query).toString())}&amp;format=csv</code>`
        : `; no rows: ${esc(e.rows.why)}`;
    return `<li><strong>${esc(label)}</strong>: ${esc(e.sql.map((s) => s.name).join(', '))}; source ${esc(e.source ?? 'none')}${e.source_rule ? ` (${esc(e.source_rule)})` : ''}${months}${missing}${e.population_year !== null ? `; population ${e.population_year}` : ''}${rows}.</li>`;
  });
  return `<section class="how-made" id="${esc(id)}" data-table="${esc(title)}">
<h4>${esc(title)}</h4>
<p class="small">SQL: ${sql.map((s) => `<code>${esc(s)}</code>`).join(', ')}.</p>
${[...byFile].flatMap(([file, list]) => list.map((x) => paramsTable(file, x.params, x.keys))).join('\n')}
<ul class="small">
${perFigure.join('\n')}
</ul>
${files.size ? `<p class="small">Files: ${[...files.values()].map((f) => `<code>${esc(basename(f.file))}</code> (load ${f.load_id}${f.loaded_at ? `, loaded ${esc(f.loaded_at)}` : ''})`).join('; ')}.</p>` : ''}
</section>`;
}

/**
 * The notes' "How these figures are made" section: the exception report, each outcome's table (and its status
 * chart, drawn from the same figures) and each trend chart, with their SQL files and bound parameters.
 */
export function howMadeNotes(outcomes: Outcomes, x: PackExplanations, publicPack: boolean): string {
  const all = outcomes.outcomes.flatMap((o) => o.indicators);
  const ofIndicator = (i: Indicator) => {
    const e = x.indicators.get(i.id);
    return e ? [{ label: i.label, e, query: x.queries.get(`outcomes:${i.id}`) }] : [];
  };
  const listed = outcomes.exceptions.map((id) => all.find((i) => i.id === id)).filter((i): i is Indicator => !!i);
  const blocks = [
    block('Exception report (and its chart)', HOW_MADE.exceptions, listed.flatMap(ofIndicator), publicPack),
    ...outcomes.outcomes.map((o) => block(`Outcome ${o.id}: table and status chart`, HOW_MADE.outcome(o.id), o.indicators.flatMap(ofIndicator), publicPack)),
    block('Monthly trend charts', HOW_MADE.trends, all.flatMap((i) => {
      const e = x.trends.get(i.id);
      return e ? [{ label: `${i.label} (chart)`, e, query: x.queries.get(`trend:${i.id}`) }] : [];
    }), publicPack),
  ].filter(Boolean);
  return `<section class="how-made-notes" id="how-made">
<h3>How these figures are made</h3>
<p class="small">Each table and chart is computed by the SQL files of <code>queries/</code> named below, with these parameters bound (as <code>/api/explain</code> gives them; <code>saferboard serve</code> shows the same for any figure of the dashboard, with the SQL text). ${publicPack ? 'This is a public pack: the rows behind the figures are never offered, and only what disclosure control allows is shown.' : 'The rows that add up to each figure come from <code>/api/rows</code> with the same parameters (partnership use only: they are the unsuppressed incidents and cells).'}</p>
${blocks.join('\n')}
</section>`;
}
