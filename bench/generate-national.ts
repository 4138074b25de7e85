/**
 * Synthetic data.police.uk street files for every force of England and Wales (issue 21's national scale):
 *
 *   npx tsx bench/generate-national.ts --rows 100m --months 168 --out /tmp/bench-100m/police-uk [--start 2011-01] [--seed 1]
 *
 * writes `<out>/YYYY-MM/YYYY-MM-<force>-street.csv` for the 43 territorial forces, laid out as the archive is, each
 * row in one of its force's real 2021 LSOAs (data/reference/national/lookup-lsoa21-csp24.csv.gz), LSOAs drawn in
 * proportion to their Census 2021 population times a heavy-tailed hotspot factor, the 14 crime types at the shares and
 * seasons of bench/synthetic.ts, coordinates near the LSOA's local authority's centroid (from the shipped LAD
 * boundaries), a few "No Location" rows and ASB without a Crime ID. Streams row by row; same arguments, same bytes.
 */
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { geoCentroid } from 'd3';
import Papa from 'papaparse';
import { feature } from 'topojson-client';
import { parseCount } from './generate.ts';
import { POLICEUK_HEADER } from './generate-policeuk.ts';
import { apportion, CRIME_TYPES, cumulative, draw, monthRange, prng, StreetFile, type SnapPoint } from './synthetic.ts';

const NATIONAL = new URL('../data/reference/national/', import.meta.url);
const NO_LOCATION_SHARE = 0.015;
const STREETS = 'Station Road|High Street|Church Lane|Park Road|Victoria Street|Green Lane|Manor Road|Mill Lane|Market Place|Bridge Street'.split('|');

const csv = (name: string) => {
  const buf = readFileSync(new URL(name, NATIONAL));
  const text = name.endsWith('.gz') ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
};

interface Force {
  name: string;
  slug: string;
  lsoas: { code: string; name: string; snaps: SnapPoint[]; snapCum: Float64Array }[];
  lsoaCum: Float64Array;
  population: number;
}

/** The 43 territorial forces with their LSOAs, snap points and weights. Deterministic for a seed. */
export function buildForces(rand: () => number): Force[] {
  const forceOf = new Map(csv('forces.csv').map((r) => [r.pfa_code!, r.force!]));
  const population = new Map(csv('lsoa21-population-2021.csv.gz').map((r) => [r.lsoa21_code!, Number(r.population_2021)]));
  const topo = JSON.parse(readFileSync(new URL('lad-2023-ew.topojson', NATIONAL), 'utf8'));
  const centroid = new Map<string, [number, number]>();
  for (const f of (feature(topo, topo.objects[Object.keys(topo.objects)[0]!]) as unknown as { features: { properties: Record<string, string>; geometry: unknown }[] }).features) {
    const code = f.properties.LAD23CD ?? f.properties.lad23cd ?? f.properties.code;
    if (code) centroid.set(code, geoCentroid(f as never) as [number, number]);
  }
  const byForce = new Map<string, Force>();
  const rows = csv('lookup-lsoa21-csp24.csv.gz').sort((a, b) => a.lsoa21_code!.localeCompare(b.lsoa21_code!));
  for (const r of rows) {
    const force = forceOf.get(r.pfa24_code!);
    if (!force) continue;
    const f = byForce.get(force) ?? { name: force, slug: force.toLowerCase().replace(/ (police|constabulary|police service)$/g, '').replace(/ & /g, ' and ').replace(/[^a-z]+/g, '-'), lsoas: [], lsoaCum: new Float64Array(), population: 0 };
    const [lon, lat] = centroid.get(r.lad24_code!) ?? [-1.5, 52.5];
    const snapCount = 3 + Math.floor(rand() * 10);
    const snaps: SnapPoint[] = [];
    const cx = lon + (rand() - 0.5) * 0.06;
    const cy = lat + (rand() - 0.5) * 0.04;
    for (let i = 0; i < snapCount; i++)
      snaps.push({ lon: (cx + (rand() - 0.5) * 0.01).toFixed(6), lat: (cy + (rand() - 0.5) * 0.007).toFixed(6), name: `On or near ${STREETS[Math.floor(rand() * STREETS.length)]}` });
    f.lsoas.push({ code: r.lsoa21_code!, name: r.lsoa21_name!.includes(',') ? `"${r.lsoa21_name}"` : r.lsoa21_name!, snaps, snapCum: cumulative(snaps.map((_, i) => 1 / Math.pow(i + 1, 1.3))) });
    f.population += population.get(r.lsoa21_code!) ?? 1500;
    byForce.set(force, f);
  }
  const forces = [...byForce.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const f of forces) f.lsoaCum = cumulative(f.lsoas.map((l) => (population.get(l.code) ?? 1500) * Math.exp(rand() * 2.2)));
  return forces;
}

const hex8 = (rand: () => number) => ((rand() * 4294967296) >>> 0).toString(16).padStart(8, '0');

/** Writes the files; returns them with the row count. */
export function generateNational(o: { out: string; rows: number; months: number; start?: string; seed?: number }) {
  const rand = prng(o.seed ?? 1);
  const forces = buildForces(rand);
  const months = monthRange(o.start ?? '2011-01', o.months);
  // rows per month (a slow rise with the seasons), then per force by population
  const perMonth = apportion(o.rows, months.map((m, i) => 1 + 0.03 * (i / 12) + 0.05 * Math.sin(((Number(m.slice(5)) - 1) / 12) * 2 * Math.PI)));
  const typeCum = months.map((m) => cumulative(CRIME_TYPES.map((t) => t.share * (t.season?.[Number(m.slice(5)) - 1] ?? 1))));
  const files: string[] = [];
  months.forEach((month, mi) => {
    const dir = join(o.out, month);
    mkdirSync(dir, { recursive: true });
    const counts = apportion(perMonth[mi]!, forces.map((f) => f.population));
    forces.forEach((f, fi) => {
      const file = join(dir, `${month}-${f.slug}-street.csv`);
      files.push(file);
      const w = new StreetFile(openSync(file, 'w'), POLICEUK_HEADER);
      for (let k = 0; k < counts[fi]!; k++) {
        const t = draw(typeCum[mi]!, rand);
        const asb = t === 0;
        const crimeId = asb ? '' : hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand);
        let place: string;
        let lsoaName = '';
        if (!asb && rand() < NO_LOCATION_SHARE) place = ',,No Location,,';
        else {
          const l = f.lsoas[draw(f.lsoaCum, rand)]!;
          const s = l.snaps[draw(l.snapCum, rand)]!;
          place = `${s.lon},${s.lat},${s.name},${l.code},${l.name}`;
          lsoaName = l.name.replace(/^"|"$/g, '');
        }
        w.push(lsoaName, `${crimeId},${month},${f.name},${f.name},${place},${CRIME_TYPES[t]!.type},${asb ? '' : 'Investigation complete; no suspect identified'},\n`);
      }
      w.close();
    });
  });
  return { files, rows: o.rows, months, forces: forces.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1m' },
      months: { type: 'string', default: '168' },
      start: { type: 'string', default: '2011-01' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'bench/data/national/police-uk' },
    },
  });
  const started = performance.now();
  const r = generateNational({ out: values.out, rows: parseCount(values.rows), months: Number(values.months), start: values.start, seed: Number(values.seed) });
  console.error(`police.uk (national): ${r.rows} rows, ${r.forces} forces, ${r.files.length} files under ${values.out} (${r.months[0]}..${r.months.at(-1)}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
