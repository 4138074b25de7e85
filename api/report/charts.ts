import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import { accessible, plot } from '../../dashboard/charts/common.ts';
import { changesChart, type ChangeRow } from '../../dashboard/charts/changes.ts';
import { trendChart, type SpcOverlay, type TrendRow } from '../../dashboard/charts/trend.ts';
import type { Indicator, TrendPoint } from './data.ts';

const { document } = new JSDOM('<!doctype html><body></body>').window;

/** A chart element as markup, with Plot's generated class names kept and its `<figure>` wrapper opened up. */
const markup = (el: Element) => accessible(el).outerHTML;

/**
 * The dashboard's trend chart of one indicator, rendered on the server: monthly bars, last year's months and the
 * rolling 12-month average; hidden (suppressed) months are left out.
 * @example trendSvg(rows, { label: 'Residential burglary', width: 340 })
 */
export function trendSvg(rows: TrendPoint[], { label, width = 330, spc }: { label: string; width?: number; spc?: SpcOverlay | null }): string {
  const plain: TrendRow[] = rows.map((r) => ({
    month: r.month,
    count: typeof r.count === 'number' ? r.count : (null as unknown as number),
    rolling_12m: typeof r.rolling_12m === 'number' ? r.rolling_12m : null,
  }));
  const from = rows[0]!.month;
  const to = rows.at(-1)!.month;
  return markup(trendChart(plain, { from, to, label, document, width, spc: spc ?? undefined }));
}

/**
 * The dashboard's chart of significant changes (% change on the previous 12 months) for the exception report.
 * @example changesSvg(indicators)
 */
export function changesSvg(inds: Indicator[], width = 900): string | null {
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
  return markup(changesChart(rows, { document, width }));
}

const RAG_FILL: Record<Indicator['rag'], string> = { red: '#D55E00', amber: '#E69F00', green: '#009E73', grey: '#9aa5b1' };
const RAG_SHORT: Record<Indicator['rag'], string> = { red: 'Red: worse', amber: 'Amber: no change', green: 'Green: better', grey: 'Grey: no data' };

/**
 * An outcome at a glance: one row per indicator, its status as a coloured cell with the status in words.
 * @example statusSvg(outcome.indicators)
 */
export function statusSvg(inds: Indicator[], width = 440): string {
  const label = (i: Indicator) => (i.label.length > 46 ? `${i.label.slice(0, 44)}…` : i.label);
  return plot({
    document,
    width,
    height: 24 + 20 * inds.length,
    marginLeft: 270,
    marginRight: 4,
    marginTop: 22,
    x: { axis: null, domain: ['status'] },
    y: { domain: inds.map(label), label: null, tickSize: 0 },
    ariaLabel: 'status of each indicator',
    marks: [
      Plot.cell(inds, { x: () => 'status', y: label, fill: (i: Indicator) => RAG_FILL[i.rag], inset: 1.5 }),
      Plot.text(inds, { x: () => 'status', y: label, text: (i: Indicator) => RAG_SHORT[i.rag], fill: (i: Indicator) => (i.rag === 'amber' || i.rag === 'grey' ? '#1f2933' : '#fff'), fontWeight: 'bold' }),
      Plot.text(['Status at a glance'], { frameAnchor: 'top-left', dy: -16, dx: -265, fontWeight: 'bold' }),
    ],
  }).outerHTML;
}
