import * as Plot from '@observablehq/plot';
import { attribution, type Boundaries } from './borough-map.ts';
import { type ChartOptions, plot } from './common.ts';
import { fmtInt, inSentence } from '../core/format.ts';
import type { Hotspots } from '../core/types.ts';

/** What the map and its finding read of an `/api/hotspots` body (core/types.ts) with a total: some month covered. */
export type HotspotMap = Pick<Hotspots, 'area' | 'category' | 'from' | 'to' | 'not_in_boundaries' | 'rows'> & { total: number };

/** The sentence that says what the map cannot draw as an LSOA (never dropped silently). */
export function unmatchedNote(h: HotspotMap, bare = false): string {
  const u = h.not_in_boundaries;
  if (bare) {
    const drawn = u.drawn_by_coordinates;
    const rest = u.incidents - drawn;
    return `No LSOA boundaries are shipped for ${h.area.name} (only London's): each LSOA is a circle at the average position of its incidents, sized and shaded by their count (${fmtInt(drawn)} incidents drawn${rest > 0 ? `; ${fmtInt(rest)} with no LSOA or no coordinates, not drawn` : ''}).`;
  }
  if (u.incidents === 0) return 'Every incident is in a 2021 LSOA shown on the map.';
  const noLsoa = u.no_lsoa;
  const coded = u.incidents - noLsoa;
  const parts: string[] = [];
  if (coded > 0) {
    const undrawn = coded - u.drawn_by_coordinates;
    parts.push(
      `${fmtInt(coded)} incidents in ${u.lsoas} LSOAs whose code is not in the 2021 boundaries` +
        (u.drawn_by_coordinates === coded
          ? ' are drawn as circles at their average position'
          : u.drawn_by_coordinates > 0
            ? ` are drawn as circles at their average position, except ${fmtInt(undrawn)} with no coordinates, not drawn`
            : ' have no coordinates and are not drawn'),
    );
  }
  if (noLsoa > 0) parts.push(`${fmtInt(noLsoa)} incidents have no LSOA and are not drawn`);
  return `${parts.join('; ')}.`;
}

/**
 * The area's 2021 LSOAs shaded by incident count; incidents in LSOAs not in the 2021 boundaries as circles.
 * @example hotspotMap(lsoas, hotspots, { width: 520 })
 */
export function hotspotMap(boundaries: Boundaries, h: HotspotMap, { document, width = 520 }: ChartOptions = {}) {
  const counts = new Map(h.rows.map((r) => [r.lsoa_code, r.count]));
  const points = h.rows.filter((r) => !r.in_boundaries && r.count > 0 && r.longitude !== null);
  // outside London no LSOA boundaries are shipped: every LSOA is a circle at its incidents' average position
  if (boundaries.features.length === 0 && points.length > 0) return pointMap(h, points, { document, width });
  return plot({
    document,
    width,
    height: Math.round(width * 0.85) + 30,
    // below the map: the attribution (2 lines), then the note of what is not drawn (up to 3 lines)
    marginBottom: 72,
    projection: { type: 'mercator', domain: boundaries, inset: 6 },
    color: { type: 'quantize', n: 5, scheme: 'orrd', legend: true, label: `${h.category.label} (incidents in the period)`, domain: [0, Math.max(1, ...counts.values())] },
    r: { range: [2, 9] },
    marks: [
      Plot.geo(boundaries, {
        fill: (f) => counts.get(f.properties.lsoa21cd) ?? 0,
        stroke: '#52606d',
        strokeWidth: 0.3,
        title: (f) => `${f.properties.lsoa21nm}: ${fmtInt(counts.get(f.properties.lsoa21cd) ?? 0)}`,
      }),
      Plot.dot(points, {
        x: 'longitude',
        y: 'latitude',
        r: 'count',
        stroke: '#000',
        fill: '#56B4E9',
        fillOpacity: 0.8,
        title: (d) => `${d.lsoa_name ?? d.lsoa_code} (code ${d.lsoa_code}, not in the 2021 boundaries): ${fmtInt(d.count)}`,
      }),
      Plot.text([unmatchedNote(h)], { frameAnchor: 'bottom-left', lineAnchor: 'top', dy: 30, fontSize: 9.5, lineWidth: Math.floor(width / 9.5) - 4 }),
      attribution(),
    ],
  });
}

/** The hotspot map without LSOA shapes: one circle per LSOA at its incidents' average position, coloured and sized by count. */
function pointMap(h: HotspotMap, points: HotspotMap['rows'], { document, width = 520 }: ChartOptions) {
  const domain: GeoJSON.MultiPoint = { type: 'MultiPoint', coordinates: points.map((p) => [p.longitude!, p.latitude!]) };
  const el = plot({
    document,
    width,
    height: Math.round(width * 0.85) + 30,
    marginBottom: 72,
    projection: { type: 'mercator', domain, inset: 16 },
    color: { type: 'quantize', n: 5, scheme: 'orrd', legend: true, label: `${h.category.label} (incidents in the period)`, domain: [0, Math.max(1, ...points.map((p) => p.count))] },
    r: { range: [3, 12] },
    marks: [
      Plot.frame({ stroke: '#c9d6e3' }),
      Plot.dot(points, {
        x: 'longitude',
        y: 'latitude',
        r: 'count',
        fill: 'count',
        stroke: '#52606d',
        strokeWidth: 0.6,
        sort: { channel: '-r' },
        title: (d) => `${d.lsoa_name ?? d.lsoa_code} (${d.lsoa_code}): ${fmtInt(d.count)}`,
      }),
      Plot.text([unmatchedNote(h, true)], { frameAnchor: 'bottom-left', lineAnchor: 'top', dy: 30, fontSize: 9.5, lineWidth: Math.floor(width / 9.5) - 4 }),
      attribution(),
    ],
  });
  // Plot labels the frame's bare <rect> "frame": an aria-label a rect without a role may not carry (axe), and a
  // decoration a screen reader need not hear
  for (const r of el.querySelectorAll('rect[aria-label="frame"]')) r.removeAttribute('aria-label');
  return el;
}

/** The finding: the top LSOA and the share of incidents in the ten busiest. */
export function hotspotFinding(h: HotspotMap): string {
  // incidents with no LSOA are not a place: they are not ranked (the map's note counts them)
  const rows = h.rows.filter((r) => r.count > 0 && r.lsoa_code !== null);
  if (rows.length === 0) return `No ${inSentence(h.category.label)} incidents with an LSOA in ${h.area.name} in the period`;
  const top = rows[0]!;
  const top10 = rows.slice(0, 10).reduce((s, r) => s + r.count, 0);
  return `${top.lsoa_name ?? top.lsoa_code} had the most ${inSentence(h.category.label)} (${fmtInt(top.count)}); the busiest 10 of ${rows.length} LSOAs held ${Math.round((100 * top10) / h.total)}% of ${h.area.name}'s ${fmtInt(h.total)}`;
}
