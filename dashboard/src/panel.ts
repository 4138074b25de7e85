import { span } from './common.ts';
import { SOURCE_NAMES } from '../../core/sources.ts';
import { monthShort } from '../../core/months.ts';
import { h, message, uid } from './dom.ts';
import { downloadCsv, downloadPng, downloadSvg, fileStem, type Describe } from './download.ts';
import { explainButton, type ExplainTarget } from './explain.ts';

/** What a panel shows once its data has arrived. */
export interface Rendered {
  /** the finding in words */
  title: string;
  chart: Element;
  /** the text alternative: what the chart shows, in a sentence or two */
  description: string;
  /** the chart's data, for the table toggle and the CSV download */
  rows: Record<string, unknown>[];
  /** anything shown under the chart (lists, notes) */
  extra?: Node[];
}

export interface PanelSpec<T> {
  /** a short name, used for download file names and test hooks */
  name: string;
  /** what the panel is about, the heading while loading and of an empty or error state */
  heading: string;
  /** a line under the heading in every state, e.g. "Showing Burglary only: the first of 2 selected." */
  caption?: string;
  /** "Loading monthly burglary counts for Barnet…" */
  loading: string;
  load: () => Promise<T>;
  /** the rendered chart, or a sentence saying why there is nothing to show */
  render: (data: T) => Rendered | string;
  wide?: boolean;
  /**
   * What the downloads say about themselves and how their files are named (`<area>-<name>-<from>-<to>`). Each part
   * defaults to what the page shows: the area and source selected in the view's controls (else the URL), the
   * months of the chart's rows (else the controls' from and to).
   */
  download?: { area?: string; from?: string; to?: string; source?: string; attribution?: string[] };
  /**
   * The figure the title states, for its "How is this figure made?" button (`/api/explain` with the same parameters
   * as the panel's own request), or null when the title's figure does not come from a route the explain API supports.
   */
  explain?: (data: T) => ExplainTarget | null;
}

/** The licence of the crime data every chart draws (MPS and police.uk publish under the OGL). */
const OGL = 'Contains public sector information licensed under the Open Government Licence v3.0.';
/** The boundaries a map draws. */
const ONS = 'Boundaries: Office for National Statistics, OGL v3.0. Contains OS data © Crown copyright and database right.';

/** The area, months and source of a panel's download, from its spec or else from the page. */
function context(spec: PanelSpec<unknown>, r: Rendered, chart: Element) {
  const form = document.querySelector('form.controls');
  const q = new URLSearchParams(location.search);
  const selected = (name: string) => {
    const el = form?.querySelector<HTMLSelectElement>(`select[name="${name}"]`);
    return el?.selectedOptions[0]?.textContent ?? undefined;
  };
  const value = (name: string) => form?.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.value || q.get(name) || undefined;
  const months = r.rows.map((row) => row.month).filter((m): m is string => typeof m === 'string' && /^\d{4}-\d{2}$/.test(m)).sort();
  const d = spec.download ?? {};
  const area = d.area ?? selected('area') ?? q.get('area') ?? undefined;
  const to = d.to ?? months.at(-1) ?? value('to');
  const from = d.from ?? months[0] ?? value('from');
  const sourceId = d.source ?? form?.querySelector<HTMLSelectElement>('select[name="source"]')?.value ?? q.get('source') ?? undefined;
  const sourceName = sourceId ? (SOURCE_NAMES[sourceId] ?? sourceId) : 'the data loaded in saferboard';
  const when = from && to ? span(from, to) : to ? `to ${monthShort(to)}` : '';
  const describe: Describe = {
    title: r.title,
    source: `Source: ${sourceName}${area ? `; ${area}` : ''}${when ? `, ${when}` : ''}. Made with saferboard.`,
    attribution: d.attribution ?? [OGL, ...(chart.querySelector('g[aria-label="geo"]') && !/Office for National Statistics/.test(chart.textContent ?? '') ? [ONS] : [])],
  };
  return { stem: fileStem({ area, what: spec.name, from, to }), describe };
}

/**
 * A chart panel that says what it is loading, then shows the chart with its finding as the title, a text
 * alternative, a "show data" table and CSV/SVG/PNG downloads; an empty state or an API error in words.
 * @example panel(main, { name: 'trend', loading: 'Loading…', load: () => getJson('/api/trend', q), render })
 */
export function panel<T>(parent: HTMLElement, spec: PanelSpec<T>): Promise<void> {
  const titleId = uid('title');
  const section = h('section', { class: `panel${spec.wide ? ' wide' : ''}`, 'data-panel': spec.name, 'aria-labelledby': titleId, 'aria-busy': 'true' },
    h('h3', { id: titleId }, spec.heading),
    ...caption(spec),
    h('p', { class: 'status', role: 'status' }, spec.loading));
  parent.append(section);
  return spec
    .load()
    .then((data) => fill(section, titleId, spec, spec.render(data), spec.explain?.(data) ?? null))
    .catch((e: unknown) => {
      section.replaceChildren(
        h('h3', { id: titleId }, spec.heading),
        ...caption(spec),
        h('p', { class: 'error', role: 'alert' }, `Could not load this chart. The server said: ${message(e)}`),
      );
      section.dataset.state = 'error';
    })
    .finally(() => section.removeAttribute('aria-busy'));
}

/** The panel's caption line, if it has one. */
const caption = (spec: { caption?: string }): Node[] => (spec.caption ? [h('p', { class: 'caption' }, spec.caption)] : []);

function fill<T>(section: HTMLElement, titleId: string, spec: PanelSpec<T>, r: Rendered | string, explain: ExplainTarget | null = null) {
  if (typeof r === 'string') {
    section.replaceChildren(h('h3', { id: titleId }, spec.heading), ...caption(spec), h('p', { class: 'empty' }, r));
    section.dataset.state = 'empty';
    return;
  }
  const descId = uid('desc');
  const tableId = uid('table');
  const chart = h('div', { class: 'chart', role: 'img', 'aria-label': r.title, 'aria-describedby': descId }, r.chart);
  const table = dataTable(r.rows);
  table.id = tableId;
  table.hidden = true;
  const toggle = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': tableId }, 'Show data');
  toggle.addEventListener('click', () => {
    table.hidden = !table.hidden;
    toggle.setAttribute('aria-expanded', String(!table.hidden));
    toggle.textContent = table.hidden ? 'Show data' : 'Hide data';
  });
  const button = (label: string, title: string, fn: () => unknown) => {
    const b = h('button', { type: 'button', title }, label);
    b.addEventListener('click', () => void fn());
    return b;
  };
  section.replaceChildren(
    h('h3', { id: titleId }, r.title),
    ...caption(spec),
    ...(explain ? [h('p', { class: 'explain-line' }, explainButton(explain))] : []),
    chart,
    ...(r.extra ?? []),
    h('p', { id: descId, class: 'desc' }, r.description),
    h('div', { class: 'tools' }, toggle,
      button('CSV', 'Download the data as CSV', () => downloadCsv(r.rows, context(spec as PanelSpec<unknown>, r, r.chart).stem)),
      button('SVG', 'Download the chart as SVG, with its title, legend and source', () => {
        const c = context(spec as PanelSpec<unknown>, r, r.chart);
        return downloadSvg(r.chart, c.stem, c.describe);
      }),
      button('PNG', 'Download the chart as PNG, with its title, legend and source', () => {
        const c = context(spec as PanelSpec<unknown>, r, r.chart);
        return downloadPng(r.chart, c.stem, c.describe);
      })),
    table,
  );
  section.dataset.state = 'ready';
}

/** A plain table of rows (keys as headers), the chart's "show data" alternative. */
export function dataTable(rows: Record<string, unknown>[], caption?: string): HTMLTableElement {
  const keys = Object.keys(rows[0] ?? {});
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v));
  return h('table', { class: 'data' },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, ...keys.map((k) => h('th', { scope: 'col' }, k.replace(/_/g, ' '))))),
    h('tbody', {}, ...rows.map((row) => h('tr', {}, ...keys.map((k) => h('td', {}, cell(row[k])))))));
}
