import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { geoDistance, geoInterpolate } from 'd3';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import { describe, expect, it } from 'vitest';
import { metresToBoroughEdge } from '../data/boroughs.ts';
import { POLICEUK_SAMPLE, ROOT, readCsv } from './helpers.ts';

const located = ['01', '02', '03']
  .flatMap((m) => readCsv(join(POLICEUK_SAMPLE, `2018-${m}/2018-${m}-metropolitan-stop-and-search.csv`)))
  .filter((r) => r.Latitude)
  .map((r) => [Number(r.Longitude), Number(r.Latitude)] as [number, number]);

describe('searches near a borough edge (README: "Stop and search: the borough of a search")', () => {
  it('metresToBoroughEdge agrees with great-circle distances (d3-geo) to the densified boundaries', () => {
    const topology = JSON.parse(readFileSync(join(ROOT, 'data/reference/boundaries/london-boroughs.topojson'), 'utf8'));
    const shapes = (feature(topology, topology.objects.layer) as unknown as { features: Feature<Polygon | MultiPolygon>[] }).features;
    const rings = shapes.flatMap((f) => (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat()));
    // every boundary segment cut into pieces of at most ~20 m
    const points: [number, number][] = [];
    for (const ring of rings)
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1] as [number, number];
        const b = ring[i] as [number, number];
        const steps = Math.max(1, Math.ceil((geoDistance(a, b) * 6_371_000) / 20));
        const at = geoInterpolate(a, b);
        for (let s = 0; s < steps; s++) points.push(at(s / steps));
      }
    const sample = located.filter((_, i) => i % 100 === 0);
    for (const p of sample) {
      let best = Infinity;
      for (const q of points) best = Math.min(best, geoDistance(p, q));
      const metres = best * 6_371_000;
      expect(Math.abs(metresToBoroughEdge(...p) - metres)).toBeLessThan(0.01 * metres + 11);
    }
  });

  it('the README gives the number of searches within 100 m of an edge', () => {
    const near = located.filter((p) => metresToBoroughEdge(...p) <= 100).length;
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`${near.toLocaleString('en-GB')} of the ${located.length.toLocaleString('en-GB')} searches with coordinates`);
  });
});
