import * as Plot from '@observablehq/plot';
import type { FeatureCollection, Geometry } from 'geojson';
import { type ChartOptions, HIGHLIGHT, plot } from './common.ts';
import { fmt1, ordinal } from '../core/format.ts';

export type Boundaries = FeatureCollection<Geometry, Record<string, string>>;

/** The attribution the ONS boundaries are published under: keep it on every map. */
export const ATTRIBUTION =
  'Source: Office for National Statistics licensed under the Open Government Licence v.3.0.\nContains OS data © Crown copyright and database right.';

/**
 * The attribution in two small lines under the bottom-left corner of a map (the map needs a bottom margin of 26
 * for them), part of the SVG so downloads keep it.
 */
export const attribution = () =>
  Plot.text([ATTRIBUTION], { frameAnchor: 'bottom-left', lineAnchor: 'top', dy: 4, fontSize: 8.5, fill: '#52606d' });

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

/** The map title's words for the area: "in the highest fifth of the 32 boroughs ranked (27th of 32)". */
export function bandWords(rates: Map<string, number>, area: string): string | null {
  const b = mapBands(rates);
  const me = b.of.get(area);
  return me ? `in the ${me.label} of the ${b.count} boroughs ranked (${ordinal(me.rank)} of ${b.count}, 1 = lowest rate)` : null;
}

/**
 * London's boroughs shaded by their band of rate per 1,000 (fifths by rank, each band named in the legend with its
 * range), the selected area outlined; City of London and unranked boroughs grey.
 * @example boroughMap(boroughs, new Map([['E09000003', 9.4]]), { area: 'E09000003', label: 'Burglary' })
 */
export function boroughMap(
  boundaries: Boundaries,
  rates: Map<string, number>,
  { area, label, document, width = 520 }: ChartOptions & { area: string; label: string },
) {
  const selected = boundaries.features.filter((f) => f.properties.lad22cd === area);
  const b = mapBands(rates);
  const legendOf = new Map(b.bands.map((x) => [x.band, b.legend(x)]));
  const fill = (code: string) => {
    const me = b.of.get(code);
    return me ? legendOf.get(me.band)! : null;
  };
  return plot({
    document,
    width,
    height: Math.round(width * 0.78),
    marginBottom: 30,
    projection: { type: 'mercator', domain: boundaries, inset: 4 },
    color: {
      type: 'ordinal',
      domain: b.bands.map((x) => legendOf.get(x.band)!),
      range: b.bands.map((x) => b.colour(x.band)),
      legend: true,
      label: `${label} per 1,000 residents, by rank`,
      unknown: '#e4e7eb',
    },
    marks: [
      Plot.geo(boundaries, {
        fill: (f) => fill(f.properties.lad22cd),
        stroke: 'white',
        strokeWidth: 0.75,
        title: (f) => {
          const me = b.of.get(f.properties.lad22cd);
          return `${f.properties.lad22nm}: ${me ? `${fmt1(rates.get(f.properties.lad22cd)!)} per 1,000, ${ordinal(me.rank)} of ${b.count} (${me.label})` : 'not ranked'}`;
        },
      }),
      Plot.geo(selected, { stroke: HIGHLIGHT, strokeWidth: 3 }),
      Plot.text(selected, Plot.centroid({ text: (f) => f.properties.lad22nm, fill: 'black', stroke: 'white', strokeWidth: 3, fontWeight: 'bold' })),
      attribution(),
    ],
  });
}
