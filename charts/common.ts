import * as Plot from '@observablehq/plot';
import { SANS } from '../core/fonts.ts';
import { monthDate } from '../core/months.ts';

/** Okabe-Ito: a categorical palette readable with every common colour-vision deficiency. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
/**
 * Categories (a line per crime type): the palette without the rise vermillion and the fall blue, so that no category
 * reads as a rise or a fall.
 */
export const CATEGORICAL = ['#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#7b5e00', '#000000', '#7b8794'];
/** The selected area among the others (ink on grey): never vermillion or blue, which mean a rise and a fall. */
export const HIGHLIGHT = '#1f2933';
/** The one chart grammar: a rise is vermillion and a fall blue, in every chart and table (and words say which). */
export const RISE = '#D55E00';
export const FALL = '#0072B2';
/** Mid-month: where a line or point of a month is drawn, so it sits on the centre of that month's bar. */
export const midMonth = (ym: string): Date => new Date(monthDate(ym).getTime() + 14.5 * 86_400_000);

/**
 * Tick values thinned so that no two labels of an axis overlap: every k-th of `values`, always keeping the last,
 * k chosen so that each label has `labelWidth` pixels of the `span` available.
 * @example thin(quarterEnds, { span: 520, labelWidth: 60 })
 */
export function thin<T>(values: T[], { span, labelWidth }: { span: number; labelWidth: number }): T[] {
  const fit = Math.max(1, Math.floor(span / labelWidth));
  if (values.length <= fit) return values;
  const k = Math.ceil(values.length / fit);
  const last = values.length - 1;
  // count back from the last, so the latest value is always labelled
  return values.filter((_, i) => (last - i) % k === 0);
}

/**
 * End labels that cannot collide: each wanted position moved as little as it must so that consecutive labels are at
 * least `gap` apart, in their order, all within [lo, hi] (when they fit there). Positions in any unit, the same as
 * `gap` (pixels, or data units such as ranks).
 * @example dodge([26, 27, 10], { gap: 1.5, lo: 1, hi: 32 }) // [25.75, 27.25, 10]
 */
export function dodge(wanted: number[], { gap, lo = -Infinity, hi = Infinity }: { gap: number; lo?: number; hi?: number }): number[] {
  const order = wanted.map((y, i) => ({ y: Math.min(hi, Math.max(lo, y)), i })).sort((a, b) => a.y - b.y || a.i - b.i);
  // blocks of labels stacked `gap` apart; a block starts where its members' wishes are best met on average
  // (the mean of each wish less its offset in the block), within [lo, hi]; blocks that overlap are merged
  type Block = { sum: number; members: number[]; start: number };
  const place = (b: Block) => (b.start = Math.min(hi - gap * (b.members.length - 1), Math.max(lo, b.sum / b.members.length)));
  const blocks: Block[] = [];
  for (const o of order) {
    let b: Block = { sum: o.y, members: [o.i], start: o.y };
    place(b);
    for (let a = blocks.at(-1); a && a.start + gap * a.members.length > b.start + 1e-9; a = blocks.at(-1)) {
      blocks.pop();
      b = { sum: a.sum + b.sum - gap * a.members.length * b.members.length, members: [...a.members, ...b.members], start: 0 };
      place(b);
    }
    blocks.push(b);
  }
  const out = new Array<number>(wanted.length);
  for (const b of blocks) b.members.forEach((i, k) => (out[i] = b.start + gap * k));
  return out;
}

/**
 * A Plot legend's swatches drawn as the chart draws them: `lines` maps a series name to its stroke (and dash),
 * and that series' square becomes a line.
 * @example lineSwatches(figure, { 'Rolling 12-month average': { stroke: '#D55E00', width: 2.5 } })
 */
export function lineSwatches<T extends Element>(el: T, lines: Record<string, { stroke: string; width?: number; dash?: string }>): T {
  for (const swatch of el.querySelectorAll('[class$="-swatch"]')) {
    const line = lines[(swatch.textContent ?? '').trim()];
    const svg = swatch.querySelector('svg');
    if (!line || !svg) continue;
    const ns = 'http://www.w3.org/2000/svg';
    const l = el.ownerDocument.createElementNS(ns, 'line');
    for (const [k, v] of Object.entries({ x1: '0', x2: '15', y1: '7.5', y2: '7.5', stroke: line.stroke, 'stroke-width': String(line.width ?? 2), 'stroke-dasharray': line.dash })) if (v) l.setAttribute(k, v);
    svg.replaceChildren(l);
    svg.setAttribute('fill', 'none');
  }
  return el;
}
export const MUTED = '#9aa5b1';
export const INK = '#1f2933';

/** Options every chart accepts: the document to draw in (jsdom in tests) and a width in pixels. */
export interface ChartOptions {
  document?: Document;
  width?: number;
}


/**
 * Makes a chart's SVG read as one image to assistive technology: a labelled SVG gets `role="img"`, an unlabelled
 * one (a legend ramp) and every mark group (Plot labels them "bar", "line"…, which ARIA forbids on a plain `g`)
 * are hidden from it; the words are in the chart's label, its finding and its data table.
 * @example accessible(Plot.plot({ ariaLabel: 'Monthly burglary', marks }))
 */
export function accessible<T extends Element>(el: T): T {
  const svgs = el.matches('svg') ? [el, ...el.querySelectorAll('svg')] : [...el.querySelectorAll('svg')];
  for (const svg of svgs) {
    if (svg.getAttribute('aria-label')) svg.setAttribute('role', 'img');
    else svg.setAttribute('aria-hidden', 'true');
  }
  for (const g of el.querySelectorAll('g[aria-label]')) g.setAttribute('aria-hidden', 'true');
  return el;
}


/**
 * `Plot.plot` for every chart of the dashboard and the pack: the one chart grammar and `accessible`, drawn in the
 * product's font (an SVG saved on its own keeps it), and no arrow after a horizontal axis's label: the shipped
 * font's subsets have ↑ and ↓ but not → or ←, which a system font would draw.
 */
export function plot(options: Plot.PlotOptions) {
  const x = { labelArrow: 'none' as const, ...options.x };
  const fx = options.fx && { labelArrow: 'none' as const, ...options.fx };
  const el = accessible(Plot.plot({ ...options, x, ...(fx && { fx }), ariaLabel: options.ariaLabel ?? chartLabel(options) }));
  // the chart and any colour ramp (a legend's swatches are HTML, in the page's font)
  for (const svg of el.matches('svg') ? [el] : el.querySelectorAll(':scope > svg')) svg.setAttribute('font-family', SANS);
  return el;
}

/** A chart's name from its axes when it has none of its own: "Incidents per month by Month". */
function chartLabel(o: Plot.PlotOptions): string {
  const label = (s: Plot.ScaleOptions | undefined) => (typeof s?.label === 'string' ? s.label.replace(/\s*[↑↓→←]\s*/g, ' ').trim() : '');
  const [y, x] = [label(o.y) || label(o.fy), label(o.x) || label(o.fx)];
  return y && x ? `${y} by ${x}` : y || x || 'Chart';
}




/** Five blues, light (lowest rates) to dark (highest). */
const BLUES = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const FIFTHS = ['lowest fifth', 'second fifth', 'middle fifth', 'fourth fifth', 'highest fifth'];

/**
 * The map's bands, by rank: the boroughs in order of rate (1 = lowest), split into fifths (fewer bands when fewer
 * than five boroughs), tied rates in the same band. The map's colours, its legend's words and the title's words
 * all come from here, so they cannot disagree.
 * @example mapBands(new Map([['E09000003', 9.4], …])).of.get('E09000003') // { band: 3, rank: 17, label: 'fourth fifth', … }
 */
export function mapBands(rates: Map<string, number>) {
  const sorted = [...rates].sort((a, b) => a[1] - b[1]);
  const n = Math.min(5, sorted.length);
  const names = n === 5 ? FIFTHS : Array.from({ length: n }, (_, i) => (n === 1 ? 'only band' : i === 0 ? 'lowest band' : i === n - 1 ? 'highest band' : `band ${i + 1} of ${n}`));
  const of = new Map<string, { band: number; rank: number; label: string }>();
  sorted.forEach(([code, rate]) => {
    // a tie takes the rank of the first borough with that rate
    const rank = sorted.findIndex(([, r]) => r === rate) + 1;
    const band = Math.floor(((rank - 1) * n) / sorted.length);
    of.set(code, { band, rank, label: names[band]! });
  });
  const bands = names.map((name, band) => {
    const members = sorted.filter(([code]) => of.get(code)!.band === band).map(([, r]) => r);
    return { band, name, min: members[0] ?? null, max: members.at(-1) ?? null, count: members.length };
  }).filter((b) => b.count > 0);
  // as many decimals as make the bands' ranges distinct (small rates: "0.31–0.42", never "0.2–0.2" twice), at most 3
  const digits = [1, 2, 3].find((d) => distinct(bands, d)) ?? 3;
  const range = (b: (typeof bands)[number]) => (fixed(b.min!, digits) === fixed(b.max!, digits) ? fixed(b.min!, digits) : `${fixed(b.min!, digits)}–${fixed(b.max!, digits)}`);
  const legend = (b: (typeof bands)[number]) => `${b.name[0]!.toUpperCase()}${b.name.slice(1)}: ${range(b)}`;
  return { of, bands, legend, count: sorted.length, colour: (band: number) => BLUES[Math.round((band * (BLUES.length - 1)) / Math.max(1, n - 1))]! };
}

/** A rate with `d` decimals: "0.42". */
const fixed = (v: number, d: number) => v.toLocaleString('en-GB', { minimumFractionDigits: d, maximumFractionDigits: d });

/**
 * Whether `d` decimals tell every band apart: each band's range written with them differs from every other's, and
 * no band's top reads the same as the next band's bottom.
 */
function distinct(bands: { min: number | null; max: number | null }[], d: number): boolean {
  const texts = bands.map((b) => `${fixed(b.min!, d)}–${fixed(b.max!, d)}`);
  if (new Set(texts).size !== texts.length) return false;
  return bands.every((b, i) => i === 0 || bands[i - 1]!.max === b.min || fixed(bands[i - 1]!.max!, d) !== fixed(b.min!, d));
}

/**
 * A map's colour by band of rate (mapBands): `fill` gives an area's legend entry (null: no rate, drawn grey) and
 * `color` is the Plot ordinal scale whose legend names each band with its range, titled `label`. The borough map
 * and the ward map both shade through it, so their bands, colours and legends cannot drift apart.
 * @example const { fill, color } = bandColour(rates, 'Burglary per 1,000 residents, by rank')
 */
export function bandColour(rates: Map<string, number>, label: string) {
  const b = mapBands(rates);
  const legendOf = new Map(b.bands.map((x) => [x.band, b.legend(x)]));
  const fill = (code: string): string | null => {
    const me = b.of.get(code);
    return me ? legendOf.get(me.band)! : null;
  };
  const color = {
    type: 'ordinal' as const,
    domain: b.bands.map((x) => legendOf.get(x.band)!),
    range: b.bands.map((x) => b.colour(x.band)),
    legend: true,
    label,
    unknown: '#e4e7eb',
  };
  return { b, fill, color };
}
