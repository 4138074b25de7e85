import { readFileSync } from 'node:fs';
import { geoArea } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { Database } from '../data/db.ts';
import { rootUrl } from '../data/paths.ts';
import { addMonths } from '../core/months.ts';
import { peerGroup, type PeerCandidate, type PeerGroup } from '../core/stats/peers.ts';
import { sql } from './queries.ts';

/** The mean radius of the earth in km (IUGG): geoArea (steradians) × R² is km². */
export const EARTH_RADIUS_KM = 6371.0088;

/** The main police.uk crime categories (canonical ids, data/reference/categories.csv) whose shares are the crime mix. */
export const MIX_CATEGORIES = [
  'bicycle-theft', 'burglary', 'criminal-damage', 'drugs', 'other-crime', 'other-theft', 'possession-of-weapons',
  'public-order', 'robbery', 'shoplifting', 'theft-from-person', 'vehicle-crime', 'violence-and-sexual-offences',
] as const;

let ladKm2: Map<string, number> | undefined;

/**
 * Each local authority district's land area in km², from the shipped LAD boundaries
 * (data/reference/national/lad-2023-ew.topojson, ONS May 2023, ultra generalised, clipped to the coastline): d3-geo's
 * spherical area × the earth's radius². Read once.
 */
export function ladAreas(): Map<string, number> {
  if (ladKm2) return ladKm2;
  // the national data layer ships the boundaries under boundaries/; the contract named national/: either is read
  const file = rootUrl('data/reference/national/lad-2023-ew.topojson');
  const topo = JSON.parse(readFileSync(file, 'utf8')) as Topology;
  const fc = feature(topo, topo.objects.layer!) as unknown as GeoJSON.FeatureCollection<GeoJSON.Geometry, { lad23cd: string }>;
  ladKm2 = new Map(fc.features.map((f) => [f.properties.lad23cd, geoArea(f) * EARTH_RADIUS_KM ** 2]));
  return ladKm2;
}

interface FeatureRow {
  code: string;
  name: string;
  population: number | null;
  population_year: number | null;
  lads: { lad: string; whole: boolean; population: number | null }[];
}

/**
 * A CSP's land area: the sum of its whole LADs' areas, plus, for the part of a split LAD it holds, that LAD's area
 * shared by population (the CSP's population less its whole LADs', over the split LADs' populations). A CSP area with
 * no LSOAs listed is taken as its own LAD. Null when a LAD has no boundary or a split share cannot be computed.
 */
export function cspArea(row: FeatureRow, km2: Map<string, number>): number | null {
  const lads = row.lads.length ? row.lads : [{ lad: row.code, whole: true, population: row.population }];
  let area = 0;
  let wholePop = 0;
  let splitPop = 0;
  let splitArea = 0;
  for (const l of lads) {
    const a = km2.get(l.lad);
    if (a === undefined) return null;
    if (l.whole) {
      area += a;
      wholePop += l.population ?? 0;
    } else {
      if (!l.population) return null;
      splitPop += l.population;
      splitArea += a;
    }
  }
  if (splitPop > 0) {
    if (row.population === null) return null;
    area += (Math.max(0, row.population - wholePop) / splitPop) * splitArea;
  }
  return area;
}

/**
 * The product's own peer group of `code` (core/stats/peers.ts): every CSP area's population (the year of `to`, or the
 * nearest), land area and, over the 12 months to `to`, its police.uk crime mix (used only when every CSP's window is
 * complete). The statements and their parameters are returned for `made_by`.
 * @example await peersOf(db, 'E07000004', '2024-01')
 */
export async function peersOf(db: Database, code: string, to: string): Promise<PeerGroup & { parameters: Record<string, Record<string, unknown>> }> {
  const year = Number(to.slice(0, 4));
  const from = addMonths(to, -11);
  const featureParams = { year };
  const mixParams = { categories: JSON.stringify(MIX_CATEGORIES), from, to };
  const [rows, mix] = await Promise.all([
    db.all<FeatureRow>(sql('peers-features'), featureParams),
    db.all<{ area_code: string; category_id: string; complete: boolean; count: number }>(sql('peers-mix'), mixParams),
  ]);
  const km2 = ladAreas();
  const shares = new Map<string, number[] | null>();
  for (const r of rows) {
    const mine = mix.filter((m) => m.area_code === r.code);
    const total = mine.reduce((s, m) => s + m.count, 0);
    shares.set(r.code, mine.length && mine.every((m) => m.complete) && total > 0 ? MIX_CATEGORIES.map((c) => (mine.find((m) => m.category_id === c)?.count ?? 0) / total) : null);
  }
  const candidates: PeerCandidate[] = rows.map((r) => ({
    code: r.code,
    name: r.name,
    population: Number(r.population ?? 0),
    area_km2: cspArea(r, km2) ?? 0,
    mix: shares.get(r.code) ?? null,
  }));
  return { ...peerGroup(code, candidates), parameters: { 'peers-features': featureParams, 'peers-mix': mixParams } };
}
