import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateLocal, LOCAL_HEADER } from '../bench/generate-local.ts';
import { generatePoliceUk, POLICEUK_HEADER } from '../bench/generate-policeuk.ts';
import { apportion, monthRange } from '../bench/synthetic.ts';
import { loadFiles } from '../data/load.ts';
import { query, readCsv, ROOT, tempDb } from './helpers.ts';

const temp = () => mkdtempSync(join(tmpdir(), 'saferboard-gen-'));
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
const digest = (dir: string) => {
  const hash = createHash('sha256');
  for (const f of files(dir)) hash.update(f).update(readFileSync(join(dir, f)));
  return hash.digest('hex');
};

const ROWS = 24_000;
const MONTHS = 12;
const dir = temp();
generatePoliceUk({ out: dir, rows: ROWS, months: MONTHS, start: '2018-01', seed: 7 });
const rows = files(dir).flatMap((f) => readCsv(join(dir, f)));

describe('bench/generate: synthetic data.police.uk street files', () => {
  it('is deterministic: the same seed writes the same bytes, another seed does not', () => {
    const again = temp();
    generatePoliceUk({ out: again, rows: ROWS, months: MONTHS, start: '2018-01', seed: 7 });
    expect(digest(again)).toBe(digest(dir));
    const other = temp();
    generatePoliceUk({ out: other, rows: ROWS, months: MONTHS, start: '2018-01', seed: 8 });
    expect(digest(other)).not.toBe(digest(dir));
  });

  it('lays files out as the archive does, with the street-level header and exactly --rows rows', () => {
    const names = files(dir);
    expect(names).toHaveLength(MONTHS * 2);
    for (const name of names) expect(name).toMatch(/^(\d{4}-\d{2})\/\1-(metropolitan|city-of-london)-street\.csv$/);
    expect(readFileSync(join(dir, names[0]!), 'utf8').split('\n')[0]).toBe(POLICEUK_HEADER);
    expect(rows).toHaveLength(ROWS);
    expect(new Set(rows.map((r) => r.Month))).toEqual(new Set(monthRange('2018-01', 12)));
  });

  it('has the 14 crime types, ASB without a Crime ID, No Location rows and real London LSOAs', () => {
    expect(new Set(rows.map((r) => r['Crime type'])).size).toBe(14);
    const asb = rows.filter((r) => r['Crime type'] === 'Anti-social behaviour');
    expect(asb.length / ROWS).toBeGreaterThan(0.2);
    expect(asb.every((r) => r['Crime ID'] === '' && r['Last outcome category'] === '')).toBe(true);
    const crimes = rows.filter((r) => r['Crime type'] !== 'Anti-social behaviour');
    expect(crimes.every((r) => /^[0-9a-f]{64}$/.test(r['Crime ID']!))).toBe(true);
    expect(new Set(crimes.map((r) => r['Crime ID'])).size).toBe(crimes.length);
    expect(rows.filter((r) => r.Location === 'No Location' && r['LSOA code'] === '').length).toBeGreaterThan(100);
    const lsoas = new Map(readCsv(join(ROOT, 'data/reference/lsoas.csv')).map((r) => [r.lsoa_code, r.lsoa_name]));
    const london = rows.filter((r) => lsoas.has(r['LSOA code']));
    expect(london.every((r) => lsoas.get(r['LSOA code']) === r['LSOA name'])).toBe(true);
    expect(new Set(london.map((r) => r['LSOA name']!.replace(/ \d{3}[A-Z]$/, ''))).size).toBe(33);
    expect(new Set(london.map((r) => r['LSOA code'])).size).toBeGreaterThan(3000);
  });

  it("writes each file's rows in data.police.uk's order, as the real files in data/sample and the fixtures are", () => {
    // by LSOA name, rows without one last: one run per local authority (byte order, as JavaScript compares strings)
    const inPoliceUkOrder = (file: string) => {
      const names = readCsv(file).map((r) => r['LSOA name'] ?? '');
      return names.every((n, i) => i === 0 || names[i - 1] === n || n === '' || (names[i - 1] !== '' && names[i - 1]! < n));
    };
    const real = [
      ...files(join(ROOT, 'data/sample/police-uk')).map((f) => join(ROOT, 'data/sample/police-uk', f)),
      ...readdirSync(join(ROOT, 'test/fixtures/national')).filter((f) => f.endsWith('-street.csv')).map((f) => join(ROOT, 'test/fixtures/national', f)),
    ].filter((f) => f.endsWith('-street.csv'));
    expect(real.length).toBeGreaterThanOrEqual(9);
    for (const f of real) expect(inPoliceUkOrder(f), f).toBe(true);
    for (const f of files(dir)) expect(inPoliceUkOrder(join(dir, f)), f).toBe(true);
    // and not trivially: a file holds many LSOAs, and rows without a location
    const first = readCsv(join(dir, files(dir)[1]!));
    expect(new Set(first.map((r) => r['LSOA name'])).size).toBeGreaterThan(100);
    expect(first.at(-1)!['LSOA name']).toBe('');
  });

  it('has the winter burglary peak and heavily reused snap points', () => {
    const burglary = (month: string) => rows.filter((r) => r['Crime type'] === 'Burglary' && r.Month === month).length;
    // season factors 1.4 (December) vs 0.75 (June): about 1.9 times
    expect(burglary('2018-12') / burglary('2018-06')).toBeGreaterThan(1.5);
    const places = new Map<string, number>();
    for (const r of rows) if (r['LSOA code']) places.set(`${r['LSOA code']}|${r.Location}`, (places.get(`${r['LSOA code']}|${r.Location}`) ?? 0) + 1);
    const counts = [...places.values()].sort((a, b) => b - a);
    const mean = rows.length / counts.length;
    expect(counts[0]! / mean).toBeGreaterThan(5);
    expect(counts.filter((c) => c > 1).length).toBeGreaterThan(counts.length / 4);
  });

  it('loads with `saferboard load` (loadFiles) without unknown areas, every row kept', async () => {
    const db = tempDb();
    const summary = await loadFiles([dir], { db });
    expect(summary.sources).toEqual([{ source: 'policeuk', rows: ROWS, first: '2018-01', last: '2018-12' }]);
    const asb = rows.filter((r) => r['Crime type'] === 'Anti-social behaviour').length;
    // each row counts once among the local authorities (a row in an LSOA outside London in its own authority) and No
    // location; a police force area's figure and Outside London (the London view of the rows outside it) count rows
    // again, so the sum leaves them out
    const [got] = await query<{ n: number }>(
      db,
      `SELECT sum(count)::INTEGER AS n FROM monthly_counts
       WHERE category_id = 'asb' AND area_code <> 'OUTSIDE-LONDON' AND area_code NOT IN (SELECT code FROM areas WHERE level IN ('pfa', 'csp'))`,
    );
    expect(got!.n).toBe(asb);
  });
});

describe('bench/generate: synthetic local incident extracts', () => {
  const file = join(temp(), 'local.csv');
  generateLocal({ file, rows: 8000, months: 12, start: '2018-01', seed: 3 });
  const local = readCsv(file);

  it("has issue 4's columns, valid dates and flags, and is deterministic", () => {
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(LOCAL_HEADER);
    expect(local).toHaveLength(8000);
    expect(local.every((r) => /^2018-(0[1-9]|1[0-2])-([0-2]\d|3[01])$/.test(r.date!))).toBe(true);
    expect(new Set(local.flatMap((r) => [r.domestic_abuse, r.knife, r.injury]))).toEqual(new Set(['Y', 'N']));
    expect(new Set(local.map((r) => r.type))).toEqual(new Set(['crime', 'asb']));
    expect(local.every((r) => (r.type === 'asb') === r.category!.startsWith('ASB - '))).toBe(true);
    const again = join(temp(), 'local.csv');
    generateLocal({ file: again, rows: 8000, months: 12, start: '2018-01', seed: 3 });
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(file, 'utf8'));
  });

  it('plants repeat victims (most among domestic abuse) and blank victim ids', () => {
    const byVictim = new Map<string, number>();
    for (const r of local) if (r.victim_id) byVictim.set(r.victim_id, (byVictim.get(r.victim_id) ?? 0) + 1);
    const repeats = [...byVictim.values()].filter((n) => n > 1).length;
    expect(repeats / byVictim.size).toBeGreaterThan(0.05);
    expect(local.filter((r) => r.victim_id === '').length).toBeGreaterThan(500);
    const da = local.filter((r) => r.domestic_abuse === 'Y' && r.victim_id);
    const daVictims = new Set(da.map((r) => r.victim_id));
    expect(da.length / daVictims.size).toBeGreaterThan(1.2);
  });
});

describe('bench/synthetic helpers', () => {
  it('apportion splits a total exactly by largest remainder', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 2, 5])).toEqual([0, 2, 5]);
  });
  it('monthRange crosses year ends', () => {
    expect(monthRange('2017-11', 3)).toEqual(['2017-11', '2017-12', '2018-01']);
  });
});
