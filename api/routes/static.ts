import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { getMimeType } from 'hono/utils/mime';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { Database } from '../../data/db.ts';
import { rootUrl } from '../../data/paths.ts';
import { resolveArea } from '../params.ts';
import { partnershipShapes } from './partnership-shapes.ts';

const DIST = rootUrl('dashboard/dist/');
const BOUNDARIES = rootUrl('data/reference/boundaries/');
const VIEWS = ['/', '/explore', '/assessment'];
export const ATTRIBUTION =
  'Source: Office for National Statistics licensed under the Open Government Licence v.3.0. Contains OS data © Crown copyright and database right.';

let built: Promise<void> | undefined;
/** Builds the dashboard once if `dashboard/dist` is missing (a fresh clone that skipped `npm run build`). */
function ensureBuilt(): Promise<void> {
  if (existsSync(new URL('index.html', DIST))) return Promise.resolve();
  built ??= import('../dashboard-build.ts').then(({ buildDashboard }) => {
    console.error('saferboard: dashboard/dist is missing: building the dashboard');
    return buildDashboard({ quiet: true });
  });
  built.catch(() => (built = undefined));
  return built;
}

type Collection = GeoJSON.FeatureCollection<GeoJSON.Geometry, Record<string, string>>;
const geo = new Map<string, Collection>();
/** A boundary file converted from TopoJSON to a GeoJSON FeatureCollection (read once). */
function boundaries(name: string): Collection {
  let fc = geo.get(name);
  if (!fc) {
    const topo = JSON.parse(readFileSync(new URL(`${name}.topojson`, BOUNDARIES), 'utf8')) as Topology;
    fc = feature(topo, topo.objects.layer!) as unknown as Collection;
    // ~1 m precision is plenty on screen and halves the size
    for (const f of fc.features) round(f.geometry);
    geo.set(name, fc);
  }
  return fc;
}

function round(g: GeoJSON.Geometry) {
  const r = (c: unknown): unknown => (typeof c === 'number' ? Math.round(c * 1e5) / 1e5 : (c as unknown[]).map(r));
  if ('coordinates' in g) g.coordinates = r(g.coordinates) as typeof g.coordinates;
  else g.geometries.forEach(round);
}

/**
 * The built dashboard at `/`, `/explore`, `/assessment` and `/assets/*`, and the boundaries as GeoJSON:
 * `/boundaries/boroughs.json`, `/boundaries/lsoas/:area.json` (one borough's 2021 LSOAs) and `/boundaries/wards/:area.json`
 * (one borough's 2022 wards), `/boundaries/partnerships/:area.json` (the partnerships of the area's police force area).
 * @example app.route('/', dashboard(db));
 */
export const dashboard = (db: Database) => {
  const app = new Hono();
  app.use('/assets/*', compress());
  app.use('/boundaries/*', compress());
  for (const view of VIEWS)
    app.get(view, async (c) => {
      await ensureBuilt();
      return c.html(await readFile(new URL('index.html', DIST), 'utf8'));
    });
  app.get('/assets/:file{[A-Za-z0-9._-]+}', async (c) => {
    await ensureBuilt();
    const file = c.req.param('file');
    const url = new URL(`assets/${file}`, DIST);
    if (file.startsWith('.') || !existsSync(url)) return c.notFound();
    return c.body(await readFile(url), 200, {
      'content-type': getMimeType(file) ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
  });
  app.get('/boundaries/boroughs.json', (c) => c.json({ ...boundaries('london-boroughs'), attribution: ATTRIBUTION }));
  app.get('/boundaries/lsoas/:area{[^/]+\\.json}', async (c) => {
    const area = await resolveArea(db, c.req.param('area').replace(/\.json$/, ''));
    const all = boundaries('london-lsoa-2021');
    const features = all.features.filter((f) => f.properties.lad22cd === area.code);
    return c.json({ type: 'FeatureCollection', features, attribution: ATTRIBUTION });
  });
  // one borough's wards (ONS December 2022 boundaries, the codes the MPS ward files use)
  app.get('/boundaries/wards/:area{[^/]+\\.json}', async (c) => {
    const area = await resolveArea(db, c.req.param('area').replace(/\.json$/, ''));
    const features = boundaries('london-wards-2022').features.filter((f) => f.properties.LAD22CD === area.code);
    return c.json({ type: 'FeatureCollection', features, attribution: ATTRIBUTION });
  });
  // the partnerships of the area's police force area (ONS May 2023 districts, merged into CSPs; England and Wales)
  app.get('/boundaries/partnerships/:area{[^/]+\\.json}', async (c) => {
    const area = await resolveArea(db, c.req.param('area').replace(/\.json$/, ''));
    const features = await partnershipShapes(db, area);
    for (const f of features) round(f.geometry);
    return c.json({ type: 'FeatureCollection', features, attribution: ATTRIBUTION });
  });
  return app;
};
