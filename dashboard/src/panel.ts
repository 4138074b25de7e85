import { h, message, uid } from './dom.ts';
import { downloadCsv, downloadPng, downloadSvg } from './download.ts';

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
  /** "Loading monthly burglary counts for Barnet…" */
  loading: string;
  load: () => Promise<T>;
  /** the rendered chart, or a sentence saying why there is nothing to show */
  render: (data: T) => Rendered | string;
  wide?: boolean;
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
    h('p', { class: 'status', role: 'status' }, spec.loading));
  parent.append(section);
  return spec
    .load()
    .then((data) => fill(section, titleId, spec, spec.render(data)))
    .catch((e: unknown) => {
      section.replaceChildren(
        h('h3', { id: titleId }, spec.heading),
        h('p', { class: 'error', role: 'alert' }, `Could not load this chart. The server said: ${message(e)}`),
      );
      section.dataset.state = 'error';
    })
    .finally(() => section.removeAttribute('aria-busy'));
}

function fill<T>(section: HTMLElement, titleId: string, spec: PanelSpec<T>, r: Rendered | string) {
  if (typeof r === 'string') {
    section.replaceChildren(h('h3', { id: titleId }, spec.heading), h('p', { class: 'empty' }, r));
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
    chart,
    ...(r.extra ?? []),
    h('p', { id: descId, class: 'desc' }, r.description),
    h('div', { class: 'tools' }, toggle,
      button('CSV', 'Download the data as CSV', () => downloadCsv(r.rows, spec.name)),
      button('SVG', 'Download the chart as SVG', () => downloadSvg(r.chart, spec.name)),
      button('PNG', 'Download the chart as PNG', () => downloadPng(r.chart, spec.name))),
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
