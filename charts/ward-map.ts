import * as Plot from '@observablehq/plot';
import { attribution, type Boundaries } from './borough-map.ts';
import { bandColour, type ChartOptions, HIGHLIGHT, plot } from './common.ts';
import { fmt1, fmtInt, inSentence } from '../core/format.ts';
import type { Wards } from '../core/types.ts';

/** What the ward map and its finding read of an `/api/wards` body (core/types.ts). */
export type WardMap = Pick<Wards, 'area' | 'category' | 'period' | 'rows' | 'borough' | 'complete'>;

/**
 * A borough's wards (ONS December 2022 boundaries, property WD22CD) shaded by their band of rate per 1,000 residents
 * (Census 2021), fifths by rank as on the borough map; wards whose rate is significantly above the borough's
 * (99.8% funnel limit) outlined in ink, and wards with no rate (no population, or a window not fully covered) grey.
 * @example wardMap(wardShapes, await getJson('/api/wards', { area: 'Barnet', category: 'burglary' }), { width: 560 })
 */
export function wardMap(boundaries: Boundaries, w: WardMap, { document, width = 520 }: ChartOptions = {}) {
  const byCode = new Map(w.rows.map((r) => [r.code, r]));
  const rates = new Map(w.rows.filter((r) => r.rate_per_1000 !== null).map((r) => [r.code, r.rate_per_1000!]));
  const { fill, color } = bandColour(rates, `${w.category.label} per 1,000 residents, by rank among ${w.area.name}'s wards`);
  const above = boundaries.features.filter((f) => byCode.get(f.properties.WD22CD)?.vs_borough === 'higher');
  return plot({
    document,
    width,
    height: Math.round(width * 0.85),
    marginBottom: 30,
    projection: { type: 'mercator', domain: boundaries, inset: 6 },
    color,
    marks: [
      Plot.geo(boundaries, {
        fill: (f) => fill(f.properties.WD22CD),
        stroke: 'white',
        strokeWidth: 0.75,
        title: (f) => {
          const r = byCode.get(f.properties.WD22CD);
          if (!r || r.rate_per_1000 === null) return `${f.properties.WD22NM}: no rate${r?.count != null ? ` (${fmtInt(r.count)} crimes)` : ''}`;
          const vs = r.vs_borough === 'higher' ? ", significantly above the borough's rate" : r.vs_borough === 'lower' ? ", significantly below the borough's rate" : '';
          return `${f.properties.WD22NM}: ${fmt1(r.rate_per_1000)} per 1,000 (${fmtInt(r.count!)} crimes, ${fmtInt(r.population!)} residents)${vs}`;
        },
      }),
      Plot.geo(above, { stroke: HIGHLIGHT, strokeWidth: 2.5 }),
      attribution(),
    ],
  });
}

/** The map's finding: the ward with the highest rate, and how many are significantly above the borough's rate. */
export function wardFinding(w: WardMap): string {
  const rated = w.rows.filter((r) => r.rate_per_1000 !== null).sort((a, b) => b.rate_per_1000! - a.rate_per_1000!);
  if (rated.length === 0) return `No ward rates of ${inSentence(w.category.label)} in ${w.area.name} for ${w.period.label}`;
  const top = rated[0]!;
  const above = rated.filter((r) => r.vs_borough === 'higher').length;
  const borough = w.borough.rate_per_1000 !== null ? ` against ${fmt1(w.borough.rate_per_1000)} for ${w.area.name}` : '';
  return `${top.name} had the highest rate of ${inSentence(w.category.label)} (${fmt1(top.rate_per_1000!)} per 1,000${borough}); ${above} of ${rated.length} wards significantly above the borough's rate`;
}
