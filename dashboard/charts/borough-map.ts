import * as Plot from '@observablehq/plot';
import type { FeatureCollection, Geometry } from 'geojson';
import { fmt1, type ChartOptions } from './common.ts';
import { plot } from './common.ts';

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

/**
 * London's boroughs shaded by rate per 1,000, the selected area outlined; City of London is not ranked.
 * @example boroughMap(boroughs, new Map([['E09000003', 9.4]]), { area: 'E09000003', label: 'Burglary' })
 */
export function boroughMap(
  boundaries: Boundaries,
  rates: Map<string, number>,
  { area, label, document, width = 520 }: ChartOptions & { area: string; label: string },
) {
  const selected = boundaries.features.filter((f) => f.properties.lad22cd === area);
  return plot({
    document,
    width,
    height: Math.round(width * 0.78),
    marginBottom: 30,
    projection: { type: 'mercator', domain: boundaries, inset: 4 },
    color: { type: 'quantize', n: 5, scheme: 'blues', legend: true, label: `${label} per 1,000 residents`, unknown: '#e4e7eb' },
    marks: [
      Plot.geo(boundaries, {
        fill: (f) => rates.get(f.properties.lad22cd) ?? null,
        stroke: 'white',
        strokeWidth: 0.75,
        title: (f) => `${f.properties.lad22nm}: ${rates.has(f.properties.lad22cd) ? `${fmt1(rates.get(f.properties.lad22cd)!)} per 1,000` : 'not ranked'}`,
      }),
      Plot.geo(selected, { stroke: '#D55E00', strokeWidth: 3 }),
      Plot.text(selected, Plot.centroid({ text: (f) => f.properties.lad22nm, fill: 'black', stroke: 'white', strokeWidth: 3, fontWeight: 'bold' })),
      attribution(),
    ],
  });
}
