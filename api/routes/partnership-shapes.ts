import { readFileSync } from 'node:fs';
import { merge } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Database } from '../../data/db.ts';
import { rootUrl } from '../../data/paths.ts';
import { InputError } from '../errors.ts';
import { sql } from '../queries.ts';

type Feature = GeoJSON.Feature<GeoJSON.Geometry, Record<string, string>>;

let topology: Topology | undefined;
/** The ONS local authority districts (May 2023) of England and Wales, read once. */
function lads(): Topology {
  topology ??= JSON.parse(readFileSync(rootUrl('data/reference/national/lad-2023-ew.topojson'), 'utf8')) as Topology;
  return topology;
}

/**
 * The map of the partnerships of the police force area `area` lies in (or is), as GeoJSON: one feature per Community Safety Partnership
 * (properties `code`, `name`), a partnership of several districts drawn as their union; a district split between
 * partnerships (no CSP boundary is shipped) is drawn once, whole, with properties `code` = the district, `name`,
 * `split` = the partnerships' names joined by "; " and `partnerships` = their codes joined by "|", so a map can say
 * so rather than colour it as one partnership.
 */
export async function partnershipShapes(db: Database, area: { code: string; name: string }): Promise<Feature[]> {
  const rows = await db.all<{ code: string; name: string; lads: string[] }>(sql('boundaries-partnerships'), { area: area.code });
  if (!rows.length) throw new InputError(`no partnership map for ${area.name}: it lies in no police force area of the reference`, { parameter: 'area' });
  const topo = lads();
  const layer = topo.objects.layer as GeometryCollection<{ lad23cd: string; lad23nm: string }>;
  const props = (g: (typeof layer.geometries)[number]) => g.properties as { lad23cd: string; lad23nm: string };
  const byLad = new Map(layer.geometries.map((g) => [props(g).lad23cd, g]));
  const owners = new Map<string, typeof rows>();
  for (const r of rows) for (const lad of r.lads) owners.set(lad, [...(owners.get(lad) ?? []), r]);
  const features: Feature[] = [];
  for (const r of rows) {
    const whole = r.lads.filter((lad) => owners.get(lad)!.length === 1 && byLad.has(lad));
    if (whole.length) features.push({ type: 'Feature', properties: { code: r.code, name: r.name }, geometry: merge(topo, whole.map((l) => byLad.get(l)! as never)) });
  }
  for (const [lad, rs] of owners) {
    const g = byLad.get(lad);
    if (rs.length < 2 || !g) continue;
    features.push({
      type: 'Feature',
      properties: { code: lad, name: props(g).lad23nm, split: rs.map((r) => r.name).join('; '), partnerships: rs.map((r) => r.code).join('|') },
      geometry: merge(topo, [g as never]),
    });
  }
  return features;
}
