import * as Plot from '@observablehq/plot';
import { funnelCurve, vsLondon, type VsLondon } from '../core/stats/funnel.ts';
import { type ChartOptions, HIGHLIGHT, INK, MUTED, plot } from './common.ts';
import { fmt1, fmtInt, inSentence } from '../core/format.ts';

export interface FunnelRow {
  area: { code: string; name: string };
  count: number;
  population: number | null;
  rate_per_1000: number | null;
  complete: boolean;
  /** the /api/ranks verdict at 99.8%; computed here when absent */
  vs_london?: VsLondon | null;
  /** the /api/ranks verdict against a comparator group outside London (issue 24), preferred when present */
  vs_comparator?: VsLondon | null;
}
export interface FunnelOptions extends ChartOptions {
  area: string;
  label: string;
  /** the comparator: London's rate per 1,000 over the complete boroughs (or the comparator group's, with `comparator`) */
  londonRate: number | null;
  /** the comparator's name and its members in words when it is not London: { name: 'Thames Valley', members: 'CSPs' } */
  comparator?: { name: string; members: string };
}

/** The boroughs a funnel can place: a complete window, a population and a rate; each with its 99.8% verdict. */
export function funnelPoints(rows: FunnelRow[], londonRate: number | null) {
  return rows
    .filter((r) => r.complete && r.population !== null && r.population > 0 && r.rate_per_1000 !== null)
    .map((r) => ({ ...r, verdict: (r.vs_comparator ?? r.vs_london ?? vsLondon(r.count, r.population, londonRate).vs_london ?? 'similar') as VsLondon }));
}

/**
 * A funnel plot: every borough's rate per 1,000 against its population, with the 95% (dashed) and 99.8% (solid)
 * exact Poisson limits around London's rate; the selected area highlighted and labelled.
 * @example funnelChart(rows, { area: 'E09000003', label: 'Burglary', londonRate: 9.05 })
 */
export function funnelChart(rows: FunnelRow[], { area, label, londonRate, comparator, document, width = 560 }: FunnelOptions) {
  const name = comparator?.name ?? 'London';
  const points = funnelPoints(rows, londonRate);
  const pops = points.map((p) => p.population!);
  const lo = Math.min(...pops) * 0.9;
  const hi = Math.max(...pops) * 1.1;
  const curve = londonRate === null || points.length === 0 ? [] : funnelCurve(londonRate, lo, hi, 60);
  const me = points.filter((p) => p.area.code === area);
  const x = (d: { population: number | null }) => d.population! / 1000;
  const limit = (y: 'lower95' | 'upper95' | 'lower998' | 'upper998', dash: boolean) =>
    Plot.lineY(curve, { x, y, stroke: INK, strokeWidth: dash ? 1 : 1.5, strokeDasharray: dash ? '4 3' : undefined, className: 'funnel-limit' });
  return plot({
    document,
    width,
    height: 340,
    marginLeft: 56,
    marginRight: 84,
    // the axis label clear of the tick labels above it, also at print's 12 px (Source Sans 3's line is 1.42 em tall)
    marginBottom: 42,
    x: { label: 'Resident population (thousands)', grid: true },
    y: { label: `${label} per 1,000 residents`, grid: true, nice: true },
    inset: 8,
    // London's label in the right margin, at the end of its line: no limit line runs through it (inside the frame the
    // limits close in on London's rate and would strike it)
    marks: [
      limit('lower998', false),
      limit('upper998', false),
      limit('lower95', true),
      limit('upper95', true),
      ...(londonRate === null ? [] : [Plot.ruleY([londonRate], { stroke: INK, strokeWidth: 1 }), Plot.text([londonRate], { y: (d) => d, frameAnchor: 'right', textAnchor: 'start', dx: 4, text: (d) => `${name} ${fmt1(d)}`, fontWeight: 'bold', className: 'funnel-london' })]),
      Plot.dot(points, {
        x,
        y: 'rate_per_1000',
        r: (d) => (d.area.code === area ? 6 : 3.5),
        fill: (d) => (d.area.code === area ? HIGHLIGHT : MUTED),
        stroke: (d) => (d.verdict === 'similar' ? 'none' : INK),
        symbol: (d) => (d.verdict === 'higher' ? 'triangle' : d.verdict === 'lower' ? 'diamond' : 'circle'),
        className: 'funnel-point',
        title: (d) => `${d.area.name}: ${fmt1(d.rate_per_1000!)} per 1,000, population ${fmtInt(d.population!)}: ${words(d.verdict, name)}`,
      }),
      Plot.text(me, { x, y: 'rate_per_1000', text: (d) => d.area.name, dy: -12, fontWeight: 'bold', fill: HIGHLIGHT, stroke: 'white', strokeWidth: 3, paintOrder: 'stroke', className: 'funnel-label' }),
    ],
  });
}

const words = (v: VsLondon, name = 'London') => (v === 'similar' ? `similar to ${name}` : `${v} than ${name} (99.8% limits)`);

/** The finding: the area's verdict against London, and how many boroughs lie beyond the 99.8% limits. */
export function funnelFinding(rows: FunnelRow[], { area, label, londonRate, comparator }: Omit<FunnelOptions, 'document' | 'width'>): string {
  const name = comparator?.name ?? 'London';
  const points = funnelPoints(rows, londonRate);
  const me = points.find((p) => p.area.code === area);
  const beyond = points.filter((p) => p.verdict !== 'similar').length;
  const them = `${beyond} of ${points.length} ${comparator?.members ?? 'boroughs'} lie beyond ${name}'s 99.8% limits`;
  if (!me || londonRate === null) return `${label} per 1,000 residents against population: ${them} (the selected area is not placed)`;
  const vs = me.verdict === 'similar' ? `similar to ${name}'s ${fmt1(londonRate)}` : `${me.verdict} than ${name}'s ${fmt1(londonRate)} (beyond the 99.8% limits)`;
  return `${me.area.name}'s ${inSentence(label)} rate (${fmt1(me.rate_per_1000!)} per 1,000) is ${vs}; ${them}`;
}
