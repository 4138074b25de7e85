import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import { accessible, plot } from '../../charts/common.ts';
import { changesChart, type ChangeRow } from '../../charts/changes.ts';
import { chartRows, trendChart, type SpcOverlay, type TrendRow } from '../../charts/trend.ts';
import type { Indicator, TrendPoint } from './data.ts';

const { document } = new JSDOM('<!doctype html><body></body>').window;

/** A chart element as markup, with Plot's generated class names kept and its `<figure>` wrapper opened up. */
const markup = (el: Element) => accessible(el).outerHTML;

/**
 * The dashboard's trend chart of one indicator, rendered on the server: monthly bars, last year's months and the
 * rolling 12-month average; a hidden (suppressed) month is a marked gap (its mark, no bar), a withheld rolling sum a
 * break in the line.
 * @example trendSvg(rows, { label: 'Residential burglary', width: 340 })
 */
export function trendSvg(rows: TrendPoint[], { label, width = 330, spc, compact = false }: { label: string; width?: number; spc?: SpcOverlay | null; compact?: boolean }): string {
  const plain: TrendRow[] = chartRows(rows);
  const from = rows[0]!.month;
  const to = rows.at(-1)!.month;
  return markup(trendChart(plain, { from, to, label, document, width, spc: spc ?? undefined, compact }));
}

/**
 * The dashboard's chart of significant changes (% change on the previous 12 months) for the exception report.
 * @example changesSvg(indicators, 'against the same months a year earlier')
 */
export function changesSvg(inds: Indicator[], versus: string, width = 900): string | null {
  const rows: ChangeRow[] = inds
    .filter((i) => i.kind === 'count' && i.significance && typeof i.current === 'number' && typeof i.previous === 'number')
    .map((i) => ({
      label: i.label,
      current: i.current as number,
      previous: i.previous as number,
      pct_change: i.pct_change,
      z: i.significance!.z,
      significant: i.significance!.significant,
    }));
  if (!rows.some((r) => r.significant)) return null;
  return markup(changesChart(rows, { document, width, versus }));
}

/** RAG cells: white words on the darker red and green (5.4:1, as the dashboard's badges), ink on amber and grey. */
const RAG_FILL: Record<Indicator['rag'], string> = { red: '#b34a00', amber: '#E69F00', green: '#007a5a', grey: '#9aa5b1' };
const RAG_SHORT: Record<Indicator['rag'], string> = { red: 'Red: worse', amber: 'Amber: no change', green: 'Green: better', grey: 'Grey: not compared' };

/**
 * An outcome at a glance: one row per indicator, its status as a coloured cell with the status in words.
 * @example statusSvg(outcome.indicators)
 */
export function statusSvg(inds: Indicator[], width = 470): string {
  // at the pack's 11 px chart type about 6.2 px a character: 44 characters and the ellipsis fit 300 px
  const label = (i: Indicator) => (i.label.length > 44 ? `${i.label.slice(0, 42)}…` : i.label);
  // one band per indicator (by its place, so two labels that shorten alike keep a row each), 22 px a row
  const rows = inds.map((i, n) => ({ i, n }));
  const [top, row, bottom] = [22, 22, 2];
  return plot({
    document,
    width,
    height: top + row * inds.length + bottom,
    marginLeft: 300,
    marginRight: 4,
    marginTop: top,
    marginBottom: bottom,
    x: { axis: null, domain: ['status'] },
    y: { domain: rows.map((r) => r.n), label: null, tickSize: 0, tickFormat: (n: number) => label(inds[n]!) },
    ariaLabel: 'status of each indicator',
    marks: [
      Plot.cell(rows, { x: () => 'status', y: 'n', fill: (r: { i: Indicator }) => RAG_FILL[r.i.rag], inset: 1.5 }),
      Plot.text(rows, { x: () => 'status', y: 'n', text: (r: { i: Indicator }) => RAG_SHORT[r.i.rag], fill: (r: { i: Indicator }) => (r.i.rag === 'amber' || r.i.rag === 'grey' ? '#1f2933' : '#fff'), fontWeight: 'bold' }),
      Plot.text(['Status at a glance'], { frameAnchor: 'top-left', dy: -16, dx: -295, fontWeight: 'bold' }),
    ],
  }).outerHTML;
}
