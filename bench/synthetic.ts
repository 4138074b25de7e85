import { closeSync, readFileSync, writeSync } from 'node:fs';
import Papa from 'papaparse';

/**
 * A small seeded PRNG (mulberry32): the same seed always gives the same sequence.
 * @example const rand = prng(42); rand(); // 0.6011037519201636
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Cumulative weights for drawing an index in proportion to `weights`.
 * @example draw(cumulative([1, 3]), rand) // 1 three times in four
 */
export function cumulative(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out;
}

/** Draws an index from cumulative weights (binary search). */
export function draw(cum: Float64Array, rand: () => number): number {
  const x = rand() * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder), so the parts add up exactly.
 * @example apportion(10, [1, 1, 1]) // [4, 3, 3]
 */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    parts[i]!++;
  }
  return parts;
}

/** Months `YYYY-MM` from `start`, `count` of them. */
export function monthRange(start: string, count: number): string[] {
  const [y, m] = start.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const t = y * 12 + (m - 1) + i;
    return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
  });
}

/** The 14 data.police.uk crime types with their approximate Met share of all rows (2018), and seasonality. */
export const CRIME_TYPES: { type: string; share: number; season?: number[] }[] = [
  // ASB peaks in summer evenings
  { type: 'Anti-social behaviour', share: 0.25, season: [0.85, 0.8, 0.9, 1, 1.1, 1.15, 1.2, 1.15, 1, 1, 0.95, 0.9] },
  { type: 'Violence and sexual offences', share: 0.22, season: [0.9, 0.9, 0.95, 1, 1.05, 1.1, 1.1, 1.05, 1, 1, 0.95, 1] },
  { type: 'Other theft', share: 0.1 },
  { type: 'Vehicle crime', share: 0.095, season: [1.1, 1, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 1, 1.05, 1.1, 1.1] },
  // the winter burglary peak: after the clocks go back, up to nearly twice the summer level
  { type: 'Burglary', share: 0.075, season: [1.25, 1.05, 0.95, 0.85, 0.8, 0.75, 0.8, 0.85, 0.9, 1.1, 1.35, 1.4] },
  { type: 'Criminal damage and arson', share: 0.05 },
  { type: 'Public order', share: 0.045 },
  { type: 'Theft from the person', share: 0.04, season: [1, 0.95, 0.95, 0.95, 1, 1, 1, 1, 1, 1.05, 1.05, 1.1] },
  { type: 'Shoplifting', share: 0.04, season: [1, 0.95, 1, 1, 1, 0.95, 0.95, 0.95, 1, 1, 1.05, 1.15] },
  { type: 'Robbery', share: 0.03, season: [1.15, 1, 0.95, 0.9, 0.9, 0.9, 0.9, 0.9, 0.95, 1.05, 1.2, 1.2] },
  { type: 'Drugs', share: 0.03 },
  { type: 'Bicycle theft', share: 0.02, season: [0.6, 0.6, 0.8, 1, 1.2, 1.4, 1.4, 1.4, 1.2, 1, 0.8, 0.6] },
  { type: 'Other crime', share: 0.01 },
  { type: 'Possession of weapons', share: 0.005 },
];

/** Approximate centroid (lon, lat) and crimes-per-head factor of each London area, by GSS code. */
const AREA_MODEL: Record<string, [number, number, number]> = {
  E09000001: [-0.092, 51.515, 5], E09000002: [0.129, 51.545, 1], E09000003: [-0.218, 51.615, 0.8],
  E09000004: [0.146, 51.455, 0.7], E09000005: [-0.268, 51.559, 1.05], E09000006: [0.051, 51.372, 0.8],
  E09000007: [-0.163, 51.546, 1.7], E09000008: [-0.088, 51.372, 1], E09000009: [-0.331, 51.522, 1],
  E09000010: [-0.08, 51.651, 0.9], E09000011: [0.065, 51.471, 0.95], E09000012: [-0.06, 51.548, 1.3],
  E09000013: [-0.226, 51.492, 1.3], E09000014: [-0.107, 51.588, 1.2], E09000015: [-0.336, 51.59, 0.65],
  E09000016: [0.235, 51.564, 0.85], E09000017: [-0.446, 51.538, 1], E09000018: [-0.376, 51.463, 1],
  E09000019: [-0.109, 51.548, 1.5], E09000020: [-0.192, 51.502, 1.4], E09000021: [-0.289, 51.389, 0.75],
  E09000022: [-0.117, 51.46, 1.3], E09000023: [-0.015, 51.445, 1], E09000024: [-0.196, 51.41, 0.75],
  E09000025: [0.03, 51.526, 1.2], E09000026: [0.07, 51.585, 0.85], E09000027: [-0.318, 51.441, 0.65],
  E09000028: [-0.072, 51.47, 1.3], E09000029: [-0.18, 51.359, 0.7], E09000030: [-0.036, 51.515, 1.3],
  E09000031: [-0.017, 51.592, 0.95], E09000032: [-0.189, 51.453, 0.95], E09000033: [-0.153, 51.513, 3.5],
};

const STREET_NAMES = ('Station|High|Church|Park|Victoria|Green|Manor|Mill|Queens|Kings|Albert|York|Grove|Richmond|' +
  'Windsor|Elm|Oak|Cedar|Alexandra|Highfield|Springfield|Chestnut|Stanley|Warwick|Clarence|Mount|Hill|Market|' +
  'Bridge|North|South|West|East|London|New|Broadway|Cromwell|Nelson|Wellington|Marlborough|Holly|Beech|Ash|' +
  'Lime|Willow|Forest|Meadow|Orchard|Cambridge|Oxford|Tudor|Crown|Castle|Bath|Canal|Railway|Dock|Wharf').split('|');
const STREET_KINDS = 'Road|Street|Lane|Avenue|Close|Gardens|Place|Way|Crescent|Drive|Court|Terrace|Walk|Mews|Row'.split('|');
const PLACES = ['Supermarket', 'Petrol Station', 'Parking Area', 'Nightclub', 'Shopping Area', 'Sports/Recreation Area',
  'Further/Higher Educational Building', 'Hospital', 'Police Station', 'Theatre/Concert Hall'];

/** One anonymised snap point: coordinates and its "On or near …" name. */
export interface SnapPoint { lon: string; lat: string; name: string }

export interface Lsoa { code: string; name: string; area: string; snaps: SnapPoint[]; snapCum: Float64Array }

export interface Area { code: string; population: number; factor: number; lsoas: Lsoa[]; lsoaCum: Float64Array }

/**
 * The synthetic London: every area of data/reference/ with its real LSOAs, each LSOA with snap points whose use
 * follows a steep power law (a few are heavily reused: repeat locations). Deterministic for a seed.
 * @example const london = buildLondon(prng(1)); london.areas.length // 33
 */
export function buildLondon(rand: () => number, referenceDir = new URL('../data/reference/', import.meta.url)) {
  const read = (name: string) =>
    Papa.parse<Record<string, string>>(readFileSync(new URL(name, referenceDir), 'utf8'), { header: true, skipEmptyLines: true }).data;
  const population = new Map<string, number>();
  for (const r of read('population.csv')) if (r.year === '2018') population.set(r.code!, Number(r.population));
  const byArea = new Map<string, Lsoa[]>();
  const rows = read('lsoas.csv').sort((a, b) => a.lsoa_code!.localeCompare(b.lsoa_code!));
  for (const r of rows) {
    const model = AREA_MODEL[r.area_code!];
    if (!model) continue;
    const lon = model[0] + (rand() - 0.5) * 0.08;
    const lat = model[1] + (rand() - 0.5) * 0.05;
    const snapCount = 6 + Math.floor(rand() * 30);
    const snaps: SnapPoint[] = [];
    for (let i = 0; i < snapCount; i++) {
      const place = rand() < 0.08;
      const name = place
        ? PLACES[Math.floor(rand() * PLACES.length)]!
        : `${STREET_NAMES[Math.floor(rand() * STREET_NAMES.length)]} ${STREET_KINDS[Math.floor(rand() * STREET_KINDS.length)]}`;
      snaps.push({
        lon: (lon + (rand() - 0.5) * 0.01).toFixed(6),
        lat: (lat + (rand() - 0.5) * 0.007).toFixed(6),
        name: `On or near ${name}`,
      });
    }
    // Zipf-like reuse: the first snap point of an LSOA takes far more incidents than its tenth
    const snapCum = cumulative(snaps.map((_, i) => 1 / Math.pow(i + 1, 1.3)));
    const lsoa = { code: r.lsoa_code!, name: r.lsoa_name!, area: r.area_code!, snaps, snapCum };
    byArea.set(r.area_code!, [...(byArea.get(r.area_code!) ?? []), lsoa]);
  }
  const areas: Area[] = [...byArea.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, lsoas]) => ({
    code,
    population: population.get(code) ?? 200_000,
    factor: AREA_MODEL[code]![2],
    lsoas,
    // hotspots: LSOA weights drawn from a heavy-tailed distribution
    lsoaCum: cumulative(lsoas.map(() => Math.exp(rand() * 2.2))),
  }));
  return { areas };
}

/** Writes text to a file descriptor in ~1 MiB chunks, so nothing large is held in memory. */
export class ChunkWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly write: (chunk: string) => void) {}
  push(line: string) {
    this.parts.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush() {
    if (this.parts.length) this.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/**
 * One street file, written in data.police.uk's own row order: by LSOA name, rows without a location last (as every
 * real file in data/sample and test/fixtures/national is: one run per local authority). Rows are kept until `close`, so a
 * file's rows are held in memory at once (a force's month: under 100k rows at national scale).
 */
export class StreetFile {
  private readonly rows: { lsoa: string; line: string }[] = [];
  constructor(private readonly fd: number, header: string) {
    writeSync(fd, header + '\n');
  }
  /** A row (`line` ends with a newline) and its LSOA name as written in the file (without quotes; '' when none). */
  push(lsoaName: string, line: string) {
    this.rows.push({ lsoa: lsoaName, line });
  }
  close() {
    // stable: rows of one LSOA keep the order they were drawn in
    const sorted = this.rows.sort((a, b) => (a.lsoa === b.lsoa ? 0 : a.lsoa === '' ? 1 : b.lsoa === '' ? -1 : a.lsoa < b.lsoa ? -1 : 1));
    const w = new ChunkWriter((chunk) => writeSync(this.fd, chunk));
    for (const r of sorted) w.push(r.line);
    w.flush();
    closeSync(this.fd);
  }
}
