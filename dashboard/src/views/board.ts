import { fmt1, fmtInt, fmtPct, monthName, ordinal } from '../../charts/common.ts';
import { sparkline } from '../../charts/sparkline.ts';
import type { TrendRow } from '../../charts/trend.ts';
import { getJson, getMeta, type Meta } from '../api.ts';
import { addMonths, boroughs, lastMonth, pickArea, span, SOURCE_NAMES } from '../common.ts';
import { controls } from '../controls.ts';
import { h, message } from '../dom.ts';
import { state } from '../state.ts';

/** One indicator of `/api/outcomes` (issue 4): figures may be numbers or `{count}` windows. */
export interface Indicator {
  id: string;
  label: string;
  kind: string;
  unit?: string;
  source?: string | null;
  polarity?: string;
  current?: number | { count: number; from?: string; to?: string } | null;
  previous?: number | { count: number } | null;
  change?: number | null;
  pct_change?: number | null;
  significance?: { significant: boolean; direction: string; p_value?: number; z?: number } | null;
  rank?: number | null;
  of?: number | null;
  rag: 'red' | 'amber' | 'green' | 'grey';
  summary: string;
  value?: number | null;
  target?: number | null;
  [k: string]: unknown;
}
export interface Outcomes {
  area: unknown;
  to: string;
  outcomes: { id: number; title: string; indicators: Indicator[] }[];
}

/** The count in a window, whichever shape the API gives it. */
export const figure = (x: Indicator['current']) => (x === null || x === undefined ? null : typeof x === 'number' ? x : x.count);

export const RAG_WORDS: Record<Indicator['rag'], string> = {
  red: 'Red: significantly worse',
  amber: 'Amber: no significant change',
  green: 'Green: significantly better or on target',
  grey: 'Grey: not enough data',
};

/** The board view: `/?area=&to=`. */
export async function board(main: HTMLElement) {
  const meta = await getMeta();
  const q = state();
  const area = pickArea(meta, q.get('area'));
  const last = lastMonth(meta);
  if (!last) return void main.append(h('p', { class: 'empty' }, 'No data loaded: run "saferboard load FILE…" to load an MPS, police.uk or local extract.'));
  if (!area) return void main.append(h('p', { class: 'error', role: 'alert' }, `Unknown area "${q.get('area')}": choose one of London's boroughs.`));
  const to = q.get('to') && /^\d{4}-\d{2}$/.test(q.get('to')!) ? q.get('to')! : last;
  const from = addMonths(to, -11);
  main.append(
    printHeader(`Safer Communities Partnership Board · Performance update · ${area.name} · 12 months to ${monthName(to)}`),
    h('h1', {}, `Performance update: ${area.name}, 12 months to ${monthName(to)}`),
    h('p', { class: 'lede' }, `${span(from, to)} against the 12 months before. Data: `,
      ...meta.sources.flatMap((s, i) => [i ? '; ' : '', `${SOURCE_NAMES[s.id] ?? s.id} (${span(s.first, s.last)})`]), '.'),
    controls([
      { name: 'area', label: 'Area', kind: 'select', value: [area.code], options: boroughs(meta).map((a) => ({ value: a.code, label: a.name })) },
      { name: 'to', label: '12 months to', kind: 'month', value: to, max: last },
    ]),
  );
  const status = h('p', { class: 'status', role: 'status' }, `Loading the priority outcomes for ${area.name}…`);
  main.append(status);
  let data: Outcomes;
  try {
    data = await getJson<Outcomes>('/api/outcomes', { area: area.code, to });
  } catch (e) {
    status.replaceWith(h('p', { class: 'error', role: 'alert' }, `Could not load the priority outcomes: ${message(e)}`));
    return;
  }
  status.remove();
  const all = data.outcomes.flatMap((o) => o.indicators);
  main.append(exceptions(all));
  const sparks: Promise<void>[] = [];
  for (const o of data.outcomes) {
    const section = h('section', { class: 'outcome', 'data-outcome': String(o.id), 'aria-labelledby': `outcome-${o.id}` },
      h('h2', { id: `outcome-${o.id}` }, `${o.id}. ${o.title}`));
    const tiles = h('div', { class: 'tiles' });
    if (o.indicators.length === 0) tiles.append(h('p', { class: 'empty' }, 'No indicators defined for this outcome.'));
    for (const ind of o.indicators) tiles.append(tile(ind, area.code, to, meta, sparks));
    section.append(tiles);
    main.append(section);
  }
  await Promise.all(sparks);
}

function exceptions(all: Indicator[]) {
  const sig = all.filter((i) => i.significance?.significant).sort((a, b) => Math.abs(b.significance?.z ?? 0) - Math.abs(a.significance?.z ?? 0));
  return h('section', { class: 'exceptions', 'aria-labelledby': 'exceptions' },
    h('h2', { id: 'exceptions' }, sig.length ? `Exceptions: ${sig.length} indicator${sig.length > 1 ? 's' : ''} changed significantly` : 'Exceptions: no indicator changed significantly'),
    sig.length ? h('ul', {}, ...sig.map((i) => h('li', { class: `rag-${i.rag}` }, h('strong', {}, `${RAG_WORDS[i.rag].split(':')[0]}: `), i.summary))) : null);
}

function tile(ind: Indicator, area: string, to: string, meta: Meta, sparks: Promise<void>[]) {
  const manual = ind.kind === 'manual';
  const count = (ind.unit ?? 'count') === 'count' && !manual;
  const arrow = (ind.change ?? 0) > 0 ? '▲' : (ind.change ?? 0) < 0 ? '▼' : '▶';
  const big = manual ? (ind.value ?? null) : figure(ind.current);
  const shown = big === null ? 'No data' : count ? fmtInt(big) : ind.unit === 'percent' ? `${fmt1(big)}%` : fmt1(big);
  const spark = h('div', { class: 'spark' });
  const el = h('article', { class: `tile rag-${ind.rag}`, 'data-indicator': ind.id },
    h('h3', {}, ind.label),
    h('p', { class: 'figure' }, h('span', { class: big === null ? 'value none' : 'value', 'data-value': big === null ? '' : String(big) }, shown),
      h('span', { class: 'unit' }, big !== null && count ? ' in 12 months' : ''),
      ind.target != null ? h('span', { class: 'unit' }, ` (target ${fmt1(ind.target)})`) : null),
    count && ind.change != null && big !== null
      ? h('p', { class: 'change', 'data-change': String(ind.change) }, `${arrow} ${ind.change > 0 ? '+' : ''}${fmtInt(ind.change)} (${fmtPct(ind.pct_change)}) on the previous 12 months`)
      : null,
    h('p', { class: 'rag' }, h('span', { class: 'badge' }, RAG_WORDS[ind.rag])),
    ind.rank != null ? h('p', { class: 'rank' }, `London rank ${ordinal(ind.rank)} of ${ind.of ?? 32}`) : null,
    h('p', { class: 'summary' }, ind.summary),
    spark,
    ind.source ? h('p', { class: 'source' }, `Source: ${ind.source}`) : null,
  );
  const source = meta.sources.find((s) => s.id === ind.source);
  // the trend of the indicator's own source, up to its last month (three years, or what is loaded)
  const end = source && (to > source.last ? source.last : to);
  if (ind.kind === 'count' && source && end)
    sparks.push(
      getJson<{ rows: TrendRow[] }>('/api/trend', { source: source.id, area, category: ind.id, from: maxMonth(source.first, addMonths(end, -35)), to: end })
        .then((t) => void spark.append(sparkline(t.rows)))
        .catch(() => void spark.append(h('span', { class: 'note' }, 'No monthly trend for this indicator'))),
    );
  return el;
}

const maxMonth = (a: string, b: string) => (a > b ? a : b);

/** A header on every printed page (CSS page margin boxes), with page numbers at the foot. */
function printHeader(text: string) {
  const css = JSON.stringify(text.replace(/[\\"]/g, ''));
  return h('style', { media: 'print' },
    `@page { @top-left { content: ${css}; font: 8pt sans-serif; color: #52606d; } @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #52606d; } }`);
}
