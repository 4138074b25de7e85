import { readFileSync } from 'node:fs';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { referencePath } from './reference.ts';

/** One borough's polygons (rings of [longitude, latitude]) with their bounding box. */
interface Shape {
  code: string;
  polygons: Position[][][];
  box: [number, number, number, number];
}

let shapes: Shape[] | undefined;

/** The bundled borough boundaries (data/reference/boundaries/london-boroughs.topojson, ONS 2021, simplified). */
function boroughShapes(): Shape[] {
  if (shapes) return shapes;
  const topology = JSON.parse(readFileSync(referencePath('boundaries/london-boroughs.topojson'), 'utf8')) as Topology;
  const collection = feature(topology, topology.objects.layer!) as unknown as { features: Feature<Polygon | MultiPolygon, { lad22cd: string }>[] };
  shapes = collection.features.map((f) => {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const points = polygons.flat(2);
    const xs = points.map((p) => p[0]!);
    const ys = points.map((p) => p[1]!);
    return { code: f.properties.lad22cd, polygons, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
  });
  return shapes;
}

/** Even-odd ray casting on one ring, in the plane of longitude and latitude (segments a few hundred metres long). */
export function inRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The GSS code of the London borough containing a point, or undefined outside London. A bounding-box test first,
 * then ray casting on the outer ring less its holes.
 * @example boroughAt(-0.1276, 51.5072) // 'E09000033' (Westminster)
 */
export function boroughAt(longitude: number, latitude: number): string | undefined {
  for (const s of boroughShapes()) {
    const [x0, y0, x1, y1] = s.box;
    if (longitude < x0 || longitude > x1 || latitude < y0 || latitude > y1) continue;
    for (const [outer, ...holes] of s.polygons)
      if (inRing(longitude, latitude, outer!) && !holes.some((h) => inRing(longitude, latitude, h))) return s.code;
  }
  return undefined;
}

/** Metres from a point to the nearest borough boundary (equirectangular approximation: good to < 1% in London). */
export function metresToBoroughEdge(longitude: number, latitude: number): number {
  const kx = 111_320 * Math.cos((latitude * Math.PI) / 180);
  const ky = 110_574;
  let best = Number.POSITIVE_INFINITY;
  for (const s of boroughShapes()) {
    const [x0, y0, x1, y1] = s.box;
    // a box further than the best distance so far cannot hold a nearer edge
    const dx = Math.max(x0 - longitude, 0, longitude - x1) * kx;
    const dy = Math.max(y0 - latitude, 0, latitude - y1) * ky;
    if (Math.hypot(dx, dy) > best) continue;
    for (const ring of s.polygons.flat()) {
      for (let i = 1; i < ring.length; i++) {
        const ax = (ring[i - 1]![0]! - longitude) * kx;
        const ay = (ring[i - 1]![1]! - latitude) * ky;
        const bx = (ring[i]![0]! - longitude) * kx;
        const by = (ring[i]![1]! - latitude) * ky;
        const len = (bx - ax) ** 2 + (by - ay) ** 2;
        const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(ax * (bx - ax) + ay * (by - ay)) / len));
        best = Math.min(best, Math.hypot(ax + t * (bx - ax), ay + t * (by - ay)));
      }
    }
  }
  return best;
}
