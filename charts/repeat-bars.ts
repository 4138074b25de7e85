import * as Plot from '@observablehq/plot';
import { type ChartOptions, plot } from './common.ts';
import { fmt1, fmtInt } from '../core/format.ts';

export interface RepeatRow {
  outcome: string;
  indicator: string;
  unit: 'victim' | 'location';
  rate: number;
  repeats: number;
  of: number;
}

/** One colour per priority outcome: Okabe-Ito and greys, leaving out the vermillion and blue of a rise and a fall. */
const OUTCOME_COLOURS = ['#E69F00', '#009E73', '#CC79A7', '#7b2d8b', '#616e7c', '#1f2933', '#8c6d1f'];

/**
 * The share of victims (or places) victimised more than once in the 12 months, one bar per indicator, grouped
 * by priority outcome.
 * @example repeatBars([{ outcome: '3. VAWG', indicator: 'Domestic abuse', unit: 'victim', rate: 21.5, repeats: 43, of: 200 }])
 */
export function repeatBars(rows: RepeatRow[], { document, width = 720 }: ChartOptions = {}) {
  return plot({
    document,
    width,
    height: 58 + 26 * rows.length,
    // the axis label clear of the tick labels under it, also at print's 12 px (Source Sans 3's line is 1.42 em tall)
    marginTop: 38,
    marginLeft: 260,
    marginRight: 70,
    x: { label: 'Repeat rate (% of victims or places with 2 or more incidents in 12 months)', grid: true, axis: 'top', domain: [0, Math.max(10, ...rows.map((r) => r.rate))] },
    y: { domain: rows.map((r) => `${r.indicator}${r.unit === 'location' ? ' (places)' : ''}`), label: null },
    color: { domain: [...new Set(rows.map((r) => r.outcome))], range: OUTCOME_COLOURS, legend: true },
    marks: [
      Plot.barX(rows, { x: 'rate', y: (d) => `${d.indicator}${d.unit === 'location' ? ' (places)' : ''}`, fill: 'outcome', title: (d) => `${fmtInt(d.repeats)} of ${fmtInt(d.of)}` }),
      Plot.text(rows, { x: 'rate', y: (d) => `${d.indicator}${d.unit === 'location' ? ' (places)' : ''}`, text: (d) => `${fmt1(d.rate)}%`, textAnchor: 'start', dx: 4 }),
      Plot.ruleX([0]),
    ],
  });
}

/** The finding: the highest repeat rate. */
export function repeatFinding(rows: RepeatRow[]): string {
  if (rows.length === 0) return 'No repeat victimisation figures: they need a local extract with victim or location ids';
  const top = rows.reduce((a, b) => (b.rate > a.rate ? b : a));
  return `${top.indicator} has the highest repeat rate: ${fmt1(top.rate)}% of ${top.unit === 'location' ? 'places' : 'victims'} (${fmtInt(top.repeats)} of ${fmtInt(top.of)}) had more than one incident in 12 months`;
}
