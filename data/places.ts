import { readFileSync } from 'node:fs';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { inRing } from './boroughs.ts';
import { referencePath } from './reference.ts';

/** One local authority's polygons (rings of [longitude, latitude]) with their bounding box. */
interface Shape {
  code: string;
  polygons: Position[][][];
  box: [number, number, number, number];
}

/** The grid's cell, in degrees: about 11 km north-south, 7 km east-west in England. */
const CELL = 0.1;
/**
 * How far outside every shipped boundary a point may lie and still be placed in the nearest local authority: the
 * boundaries are simplified (a coastline cuts off piers, harbours and beaches by a few hundred metres).
 */
export const COAST_METRES = 2_000;

interface Index {
  shapes: Shape[];
  cells: Map<string, Shape[]>;
}
let index: Index | undefined;

const cellKey = (i: number, j: number) => `${i},${j}`;

/**
 * The local authority districts of England and Wales (data/reference/national/lad-2023-ew.topojson, ONS December 2023,
 * simplified), less London's 33 (placed by data/boroughs.ts, London's own boundaries), with a grid of bounding boxes:
 * each point is tested against the few districts whose box meets its cell.
 */
function ladIndex(): Index {
  if (index) return index;
  const topology = JSON.parse(readFileSync(referencePath('national/lad-2023-ew.topojson'), 'utf8')) as Topology;
  const collection = feature(topology, topology.objects.layer!) as unknown as {
    features: Feature<Polygon | MultiPolygon, { lad23cd: string }>[];
  };
  const shapes: Shape[] = [];
  const cells = new Map<string, Shape[]>();
  for (const f of collection.features) {
    if (f.properties.lad23cd.startsWith('E09')) continue;
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const ring of polygons.flat())
      for (const [x, y] of ring as [number, number][]) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    const s: Shape = { code: f.properties.lad23cd, polygons, box: [x0, y0, x1, y1] };
    shapes.push(s);
    for (let i = Math.floor(x0 / CELL); i <= Math.floor(x1 / CELL); i++)
      for (let j = Math.floor(y0 / CELL); j <= Math.floor(y1 / CELL); j++) {
        const k = cellKey(i, j);
        if (!cells.has(k)) cells.set(k, []);
        cells.get(k)!.push(s);
      }
  }
  index = { shapes, cells };
  return index;
}

const contains = (s: Shape, x: number, y: number) => {
  const [x0, y0, x1, y1] = s.box;
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  return s.polygons.some(([outer, ...holes]) => inRing(x, y, outer!) && !holes.some((h) => inRing(x, y, h)));
};

/** Metres from a point to a shape's nearest edge (equirectangular: good to < 1% over a few km). */
function metresToEdge(s: Shape, x: number, y: number): number {
  const kx = 111_320 * Math.cos((y * Math.PI) / 180);
  const ky = 110_574;
  let best = Infinity;
  for (const ring of s.polygons.flat())
    for (let i = 1; i < ring.length; i++) {
      const ax = (ring[i - 1]![0]! - x) * kx;
      const ay = (ring[i - 1]![1]! - y) * ky;
      const bx = (ring[i]![0]! - x) * kx;
      const by = (ring[i]![1]! - y) * ky;
      const len = (bx - ax) ** 2 + (by - ay) ** 2;
      const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(ax * (bx - ax) + ay * (by - ay)) / len));
      best = Math.min(best, Math.hypot(ax + t * (bx - ax), ay + t * (by - ay)));
    }
  return best;
}

/**
 * The GSS code of the local authority district outside London containing a point; a point outside every district
 * but within COAST_METRES of one (a pier, a beach the simplified coastline cuts off) is placed in the nearest;
 * undefined beyond (out at sea, Scotland, a mistyped coordinate). London's points are data/boroughs.ts's.
 * @example ladAt(-1.2577, 51.752) // 'E07000178' (Oxford)
 */
export function ladAt(longitude: number, latitude: number): string | undefined {
  const { cells } = ladIndex();
  const i = Math.floor(longitude / CELL);
  const j = Math.floor(latitude / CELL);
  for (const s of cells.get(cellKey(i, j)) ?? []) if (contains(s, longitude, latitude)) return s.code;
  // the nearest district within COAST_METRES: the shapes of the cells around (a cell is wider than COAST_METRES)
  let best: { code: string; d: number } | undefined;
  const seen = new Set<Shape>();
  for (let di = -1; di <= 1; di++)
    for (let dj = -1; dj <= 1; dj++)
      for (const s of cells.get(cellKey(i + di, j + dj)) ?? []) {
        if (seen.has(s)) continue;
        seen.add(s);
        const d = metresToEdge(s, longitude, latitude);
        if (d <= COAST_METRES && (!best || d < best.d)) best = { code: s.code, d };
      }
  return best?.code;
}
