import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { apportion, buildLondon, CRIME_TYPES, cumulative, draw, monthRange, prng, StreetFile } from './synthetic.ts';

export const POLICEUK_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

export interface PoliceUkOptions {
  out: string;
  rows: number;
  months: number;
  /** first month, `YYYY-MM` */
  start?: string;
  seed?: number;
}

const MET = 'Metropolitan Police Service';
const CITY = 'City of London Police';
const FORCES = [
  { name: MET, slug: 'metropolitan' },
  { name: CITY, slug: 'city-of-london' },
];
/** City of London Police's share of London's rows (about 6,000 of 900,000 a year). */
const CITY_SHARE = 0.007;
const NO_LOCATION_SHARE = 0.015;
const OUTSIDE_LONDON_SHARE = 0.002;
/** Border LSOAs outside London that Met rows sometimes fall in (synthetic codes, real district names). */
const OUTSIDE = [
  ['E01021600', 'Epping Forest 001A'], ['E01030450', 'Elmbridge 003B'], ['E01024100', 'Dartford 002C'],
  ['E01030880', 'Spelthorne 005A'], ['E01023700', 'Hertsmere 001D'], ['E01023950', 'Three Rivers 010A'],
  ['E01015990', 'Thurrock 015A'],
] as const;

const GENERAL_OUTCOMES: [string, number][] = [
  ['Investigation complete; no suspect identified', 45], ['Unable to prosecute suspect', 20], ['Under investigation', 6],
  ['Status update unavailable', 5], ['Local resolution', 3], ['Offender given a caution', 2],
  ['Awaiting court outcome', 3], ['Court result unavailable', 2], ['Offender sent to prison', 2],
  ['Offender given community sentence', 1.5], ['Offender fined', 1.5], ['Offender given suspended prison sentence', 1],
  ['Formal action is not in the public interest', 1.5], ['Further investigation is not in the public interest', 1],
  ['Action to be taken by another organisation', 1], ['Defendant found not guilty', 0.5], ['Court case unable to proceed', 0.5],
];
const PROACTIVE_OUTCOMES: [string, number][] = [
  ['Local resolution', 25], ['Offender given a drugs possession warning', 18], ['Awaiting court outcome', 12],
  ['Offender given a caution', 8], ['Offender fined', 6], ['Court result unavailable', 6], ['Offender sent to prison', 4],
  ['Unable to prosecute suspect', 10], ['Under investigation', 6], ['Formal action is not in the public interest', 5],
];

const hex8 = (rand: () => number) => ((rand() * 4294967296) >>> 0).toString(16).padStart(8, '0');

/**
 * Writes synthetic data.police.uk street-level files laid out as the archive is
 * (`YYYY-MM/YYYY-MM-metropolitan-street.csv`, `…-city-of-london-street.csv`), streaming row by row.
 * The same options always write the same bytes.
 * @example generatePoliceUk({ out: 'bench/data/1m', rows: 1_000_000, months: 36, start: '2016-01', seed: 1 });
 */
export function generatePoliceUk(options: PoliceUkOptions): { files: string[]; rows: number; months: string[] } {
  const { out, rows, months: monthCount, start = '2016-01', seed = 1 } = options;
  const rand = prng(seed);
  const { areas } = buildLondon(rand);
  const metAreas = areas.filter((a) => a.code !== 'E09000001');
  const city = areas.find((a) => a.code === 'E09000001')!;
  const cityNeighbours = areas.filter((a) => ['E09000007', 'E09000019', 'E09000012', 'E09000030', 'E09000028', 'E09000033'].includes(a.code));
  // each area's crime mix differs a little from London's, so rankings differ between crime types
  const areaCumByType = CRIME_TYPES.map(() =>
    cumulative(metAreas.map((a) => a.population * a.factor * Math.exp((rand() - 0.5) * 0.9))),
  );
  const outcomeCum = (table: [string, number][]) => ({ labels: table.map((t) => t[0]), cum: cumulative(table.map((t) => t[1])) });
  const general = outcomeCum(GENERAL_OUTCOMES);
  const proactive = outcomeCum(PROACTIVE_OUTCOMES);

  const months = monthRange(start, monthCount);
  const weights = months.flatMap((m, i) => {
    const moy = Number(m.slice(5)) - 1;
    const noise = 1 + (rand() - 0.5) * 0.08 + 0.02 * (i / 12);
    return CRIME_TYPES.map((t) => t.share * (t.season?.[moy] ?? 1) * noise);
  });
  const cells = apportion(rows, weights);
  const files: string[] = [];

  months.forEach((month, mi) => {
    const dir = join(out, month);
    mkdirSync(dir, { recursive: true });
    const writers = FORCES.map((f) => {
      const file = join(dir, `${month}-${f.slug}-street.csv`);
      files.push(file);
      return new StreetFile(openSync(file, 'w'), POLICEUK_HEADER);
    });
    const remaining = cells.slice(mi * CRIME_TYPES.length, (mi + 1) * CRIME_TYPES.length);
    let left = remaining.reduce((a, b) => a + b, 0);
    const recent = mi >= monthCount - 3;
    while (left > 0) {
      // draw the crime type without replacement, so each month's counts are exactly the apportioned ones
      let x = Math.floor(rand() * left);
      let t = 0;
      while (x >= remaining[t]!) x -= remaining[t++]!;
      remaining[t]!--;
      left--;
      const type = CRIME_TYPES[t]!.type;
      const asb = t === 0;
      const isCity = rand() < CITY_SHARE;
      const force = isCity ? CITY : MET;
      const crimeId = asb ? '' : hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand);
      let outcome = '';
      if (!asb) {
        const table = type === 'Drugs' || type === 'Possession of weapons' ? proactive : general;
        outcome = recent && rand() < 0.4 ? 'Under investigation' : table.labels[draw(table.cum, rand)]!;
      }
      let place: string;
      let lsoaName = '';
      const u = rand();
      if (!asb && u < NO_LOCATION_SHARE) {
        place = ',,No Location,,';
      } else if (!isCity && u > 1 - OUTSIDE_LONDON_SHARE) {
        const [code, name] = OUTSIDE[Math.floor(rand() * OUTSIDE.length)]!;
        place = `${(0.3 * rand() - 0.6).toFixed(6)},${(51.3 + rand() * 0.4).toFixed(6)},On or near Parking Area,${code},${name}`;
        lsoaName = name;
      } else {
        const area = isCity
          ? rand() < 0.9 ? city : cityNeighbours[Math.floor(rand() * cityNeighbours.length)]!
          : metAreas[draw(areaCumByType[t]!, rand)]!;
        const lsoa = area.lsoas[draw(area.lsoaCum, rand)]!;
        const snap = lsoa.snaps[draw(lsoa.snapCum, rand)]!;
        place = `${snap.lon},${snap.lat},${snap.name},${lsoa.code},${lsoa.name}`;
        lsoaName = lsoa.name;
      }
      writers[isCity ? 1 : 0]!.push(lsoaName, `${crimeId},${month},${force},${force},${place},${type},${outcome},\n`);
    }
    for (const w of writers) w.close();
  });
  return { files, rows, months };
}
