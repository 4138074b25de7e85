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



