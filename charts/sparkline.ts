import * as Plot from '@observablehq/plot';
import { type ChartOptions, plot } from './common.ts';
import { monthDate } from '../core/months.ts';
import type { TrendRow } from './trend.ts';

/**
 * A small rolling-12-month line for an indicator tile: no axes, the last point marked.
 * @example sparkline(rows, { width: 160 })
 */
export function sparkline(rows: TrendRow[], { document, width = 160 }: ChartOptions = {}) {
  const data = rows.filter((r) => r.rolling_12m !== null);
  const last = data.slice(-1);
  return plot({
    document,
    width,
    height: 40,
    margin: 4,
    axis: null,
    y: { zero: false },
    ariaLabel: 'rolling 12-month total by month',
    marks: [
      Plot.lineY(data, { x: (d) => monthDate(d.month), y: 'rolling_12m', stroke: '#1f2933', strokeWidth: 1.5 }),
      Plot.dot(last, { x: (d) => monthDate(d.month), y: 'rolling_12m', fill: '#1f2933', r: 2.5 }),
    ],
  });
}
