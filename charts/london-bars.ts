import * as Plot from '@observablehq/plot';
import { type ChartOptions, HIGHLIGHT, MUTED, plot } from './common.ts';
import { fmt1, inSentence, ordinal } from '../core/format.ts';
import { ratePer1000 } from '../core/stats/rate.ts';

export interface RankRow {
  area: { code: string; name: string };
  count: number;
  population: number;
  rate_per_1000: number | null;
  rank: number | null;
}
export interface LondonOptions extends ChartOptions {
  area: string;
  label: string;
  londonRate: number | null;
  /** which rate rank 1 is: the lowest (a crime: lower is better, the default) or the highest (higher is better) */
  best?: 'lowest' | 'highest';
}

/** London's rate per 1,000 over the boroughs given: total count ÷ total population × 1,000. */
export const londonRate = (rows: RankRow[]): number | null =>
  ratePer1000(
    rows.reduce((s, r) => s + r.count, 0),
    rows.reduce((s, r) => s + r.population, 0),
  );

/**
 * Every borough's rate per 1,000 as a bar, lowest first, the selected area highlighted, London's rate as a rule;
 * the rates in a column at the right.
 * @example londonBars(ranks.rows, { area: 'E09000003', label: 'Burglary', londonRate: 9.05 })
 */
export function londonBars(rows: RankRow[], { area, label, londonRate: london, document, width = 720 }: LondonOptions) {
  const data = rows.filter((r) => r.rate_per_1000 !== null);
  return plot({
    document,
    width,
    height: 40 + 17 * data.length,
    marginLeft: 170,
    marginRight: 44,
    marginBottom: 28,
    x: { grid: true, label: `${label} per 1,000 residents`, axis: 'top' },
    y: { label: null },
    marks: [
      Plot.barX(data, {
        x: 'rate_per_1000',
        y: (d) => d.area.name,
        sort: { y: 'x' },
        fill: (d) => (d.area.code === area ? HIGHLIGHT : MUTED),
        title: (d) => `${d.area.name}: ${fmt1(d.rate_per_1000!)} per 1,000 (rank ${d.rank} of ${data.length})`,
      }),
      // each bar's rate in a column of its own right of the bars, so that London's rule never strikes through one
      Plot.text(data, { frameAnchor: 'right', y: (d) => d.area.name, text: (d) => fmt1(d.rate_per_1000!), dx: 6, textAnchor: 'start', fontSize: 10 }),
      ...(london === null ? [] : [Plot.ruleX([london], { stroke: '#000', strokeWidth: 1.5, strokeDasharray: '5 3' }),
        // the rule's own label, under the frame (className: the label check knows it belongs to the rule)
        Plot.text([london], { x: (d) => d, frameAnchor: 'bottom', dy: 14, text: (d) => `London ${fmt1(d)}`, fontWeight: 'bold', className: 'rule-label' })]),
      Plot.ruleX([0]),
    ],
  });
}

/** The finding: the area's rank (1 = the lowest rate, or the highest when higher is better) and its rate against London's. */
export function londonFinding(
  rows: RankRow[],
  { area, label, londonRate: london, best = 'lowest' }: Omit<LondonOptions, 'document' | 'width'>,
  /** the response's scope label when it is not London (e.g. "the 3 boroughs with a local extract") */
  scope?: string,
): string {
  const me = rows.find((r) => r.area.code === area);
  if (!me || me.rate_per_1000 === null || me.rank === null) return `${label}: rates per 1,000 residents for ${scope ?? "London's boroughs"} (the selected area is not ranked)`;
  const vs = london === null ? '' : `, ${me.rate_per_1000 > london ? 'above' : me.rate_per_1000 < london ? 'below' : 'level with'} London's ${fmt1(london)}`;
  return `${me.area.name} ranks ${ordinal(me.rank)} of ${scope ?? `${rows.length} London boroughs`} for ${inSentence(label)} (1 = ${best} rate): ${fmt1(me.rate_per_1000)} per 1,000 residents${vs}`;
}
