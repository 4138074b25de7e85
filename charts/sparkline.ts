import * as Plot from '@observablehq/plot';
import { type ChartOptions, midMonth, plot } from './common.ts';
import type { TrendRow } from './trend.ts';

/**
 * A small rolling-12-month line for an indicator tile: no axes, the last point marked, each point at mid-month;
 * `label` is its accessible name (core/text.ts sparkLabel).
 * @example sparkline(rows, { width: 160 })
 */
export function sparkline(rows: TrendRow[], { document, width = 160, label }: ChartOptions & { label?: string } = {}) {
  const data = rows.filter((r) => r.rolling_12m !== null);
  const last = data.slice(-1);
  return plot({
    document,
    width,
    height: 40,
    margin: 4,
    axis: null,
    y: { zero: false },
    ariaLabel: label ?? 'rolling 12-month total by month',
    marks: [
      Plot.lineY(data, { x: (d) => midMonth(d.month), y: 'rolling_12m', stroke: '#1f2933', strokeWidth: 1.5 }),
      Plot.dot(last, { x: (d) => midMonth(d.month), y: 'rolling_12m', fill: '#1f2933', r: 2.5 }),
    ],
  });
}
