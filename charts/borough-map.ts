import * as Plot from '@observablehq/plot';
import type { FeatureCollection, Geometry } from 'geojson';
import { bandColour, type ChartOptions, HIGHLIGHT, mapBands, plot } from './common.ts';
import { fmt1, ordinal } from '../core/format.ts';

/** The map's bands (charts/common.ts), where the explorer and tests have always imported them from. */
export { mapBands };

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

/** The map title's words for the area: "in the highest fifth of the 32 boroughs ranked (27th of 32)". */
export function bandWords(rates: Map<string, number>, area: string, unit = 'boroughs'): string | null {
  const b = mapBands(rates);
  const me = b.of.get(area);
  return me ? `in the ${me.label} of the ${b.count} ${unit} ranked (${ordinal(me.rank)} of ${b.count}, 1 = lowest rate)` : null;
}

/**
 * A shape's area code and name: London's borough file says `lad22cd`/`lad22nm`; the partnerships of a force area
 * (`/boundaries/partnerships/:area.json`) say `code`/`name`, and a district split between partnerships says which
 * (`split`, `partnerships`).
 */
const codeOf = (f: Boundaries['features'][number]) => f.properties.code ?? f.properties.lad22cd!;
const nameOf = (f: Boundaries['features'][number]) => f.properties.name ?? f.properties.lad22nm!;

/**
 * London's boroughs, or the partnerships of a force area, shaded by their band of rate per 1,000 (fifths by rank,
 * each band named in the legend with its range), the selected area outlined; City of London, unranked areas and
 * districts split between partnerships (no partnership boundary is shipped for them) grey.
 * @example boroughMap(boroughs, new Map([['E09000003', 9.4]]), { area: 'E09000003', label: 'Burglary' })
 */
export function boroughMap(
  boundaries: Boundaries,
  rates: Map<string, number>,
  { area, label, document, width = 520 }: ChartOptions & { area: string; label: string },
) {
  const selected = boundaries.features.filter((f) => codeOf(f) === area || (f.properties.partnerships ?? '').split('|').includes(area));
  const { b, fill, color } = bandColour(rates, `${label} per 1,000 residents, by rank`);
  return plot({
    document,
    width,
    height: Math.round(width * 0.78),
    marginBottom: 30,
    projection: { type: 'mercator', domain: boundaries, inset: 4 },
    color,
    marks: [
      Plot.geo(boundaries, {
        fill: (f) => fill(codeOf(f)),
        stroke: 'white',
        strokeWidth: 0.75,
        title: (f) => {
          if (f.properties.split) return `${nameOf(f)}: split between ${f.properties.split} (drawn whole: no partnership boundaries are shipped for it)`;
          const me = b.of.get(codeOf(f));
          return `${nameOf(f)}: ${me ? `${fmt1(rates.get(codeOf(f))!)} per 1,000, ${ordinal(me.rank)} of ${b.count} (${me.label})` : 'not ranked'}`;
        },
      }),
      Plot.geo(selected, { stroke: HIGHLIGHT, strokeWidth: 3 }),
      Plot.text(selected, Plot.centroid({ text: (f) => (f.properties.split ? `${nameOf(f)} (split)` : nameOf(f)), fill: 'black', stroke: 'white', strokeWidth: 3, fontWeight: 'bold' })),
      attribution(),
    ],
  });
}
