import * as Plot from '@observablehq/plot';
import { CATEGORICAL, type ChartOptions, dodge, midMonth, plot, thin } from './common.ts';
import { inSentence, ordinal } from '../core/format.ts';
import { monthShort } from '../core/months.ts';

export interface RankPoint {
  category: string;
  to: string;
  rank: number;
  of: number;
}

/**
 * The area's London rank over time (12 months to each date, each point at its month's middle as on every chart),
 * one line per category; rank 1 (lowest rate) at the top.
 * @example rankHistory([{ category: 'Burglary', to: '2018-12', rank: 22, of: 32 }])
 */
export function rankHistory(rows: RankPoint[], { document, width = 720 }: ChartOptions = {}) {
  const of = Math.max(32, ...rows.map((r) => r.of));
  const labels = endLabels(rows, of);
  return plot({
    document,
    width,
    height: HEIGHT,
    marginTop: MARGIN_TOP,
    marginBottom: MARGIN_BOTTOM,
    marginRight: 150,
    // one tick per date, thinned so that no two "Mar 2018" labels (about 56 px at 10 px type) overlap
    x: { type: 'utc', label: '12 months to', ticks: thin([...new Set(rows.map((r) => r.to))].sort(), { span: width - 40 - 150, labelWidth: 64 }).map(midMonth), tickFormat: '%b %Y' },
    y: { domain: [of, 1], label: `London rank (1 = lowest rate, ${of} = highest)`, grid: true, ticks: [1, 8, 16, 24, of] },
    // category colours, never the rise vermillion or the fall blue
    color: { range: CATEGORICAL, legend: true },
    marks: [
      Plot.lineY(rows, { x: (d) => midMonth(d.to), y: 'rank', stroke: 'category', strokeWidth: 2 }),
      Plot.dot(rows, { x: (d) => midMonth(d.to), y: 'rank', fill: 'category', r: 3.5, title: (d) => `${d.category}, 12 months to ${monthShort(d.to)}: ${ordinal(d.rank)} of ${d.of}` }),
      // end labels in the right margin, at their line's last rank, moved apart just enough not to collide
      Plot.text(labels, { frameAnchor: 'right', y: 'y', text: (d) => `${d.category} ${ordinal(d.rank)}`, textAnchor: 'start', dx: 8, fill: 'category', fontSize: 10 }),
    ],
  });
}

const HEIGHT = 320;
const MARGIN_TOP = 20;
const MARGIN_BOTTOM = 40;
/** The space an end label needs, in pixels (10 px type and a little air). */
const LABEL_GAP = 13;

/**
 * Each category's last point and where its end label goes, in ranks: its last rank, dodged so that no two labels
 * are closer than a label's height on the chart's rank axis.
 * @example endLabels(rows, 32) // [{ category: 'Burglary', rank: 26, y: 25.2, … }, { category: 'Violence with injury', rank: 27, y: 27.8, … }]
 */
export function endLabels(rows: RankPoint[], of: number) {
  const last = [...new Set(rows.map((r) => r.category))].map((c) => rows.filter((r) => r.category === c).at(-1)!);
  const perRank = (HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) / Math.max(1, of - 1);
  const ys = dodge(last.map((d) => d.rank), { gap: LABEL_GAP / perRank, lo: 1, hi: of });
  return last.map((d, i) => ({ ...d, y: ys[i]! }));
}

/** The finding: the category whose rank moved most between the first and last dates. */
export function rankFinding(rows: RankPoint[], area: string): string {
  const cats = [...new Set(rows.map((r) => r.category))];
  const moves = cats
    .map((c) => rows.filter((r) => r.category === c))
    .filter((s) => s.length >= 2)
    .map((s) => ({ c: s[0]!.category, a: s[0]!, b: s.at(-1)! }));
  if (moves.length === 0) return `${area}'s London rank needs at least two 12-month windows: load more months`;
  const m = moves.reduce((x, y) => (Math.abs(y.b.rank - y.a.rank) > Math.abs(x.b.rank - x.a.rank) ? y : x));
  const d = m.b.rank - m.a.rank;
  return d === 0
    ? `${area}'s London ranks held steady from ${monthShort(m.a.to)} to ${monthShort(m.b.to)}`
    : `${area}'s biggest move: ${inSentence(m.c)} went from ${ordinal(m.a.rank)} to ${ordinal(m.b.rank)} of ${m.b.of} (${d < 0 ? 'better' : 'worse'}) between the 12 months to ${monthShort(m.a.to)} and to ${monthShort(m.b.to)}`;
}
