import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { ROOT, query, readCsv, tempDb } from './helpers.ts';

describe('population files', () => {
  it('are seeded into every new database from data/reference/population.csv', async () => {
    const db = tempDb();
    const file = join(dirname(db), 'one.csv');
    writeFileSync(file, 'Borough,Major Category,Minor Category,201801\nBarnet,Burglary,Burglary - Residential,5\n');
    await loadFiles([file], { db });
    const shipped = readCsv(join(ROOT, 'data/reference/population.csv'));
    const [row] = await query<{ n: number; barnet: number }>(
      db,
      // London's reference series (to 2022); England and Wales's LADs, CSPs and force areas add Census 2021 sums and
      // mid-2023/2024 (test/national-reference.test.ts), never over these rows
      `SELECT count(*) FILTER (WHERE code LIKE 'E09%' AND year <= 2022)::INTEGER AS n,
              max(population) FILTER (WHERE code = 'E09000003' AND year = 2018)::INTEGER AS barnet FROM population`,
    );
    const london = await query<{ code: string; year: number; population: number; source: string }>(
      db,
      `SELECT code, year, population::INTEGER AS population, source FROM population WHERE code LIKE 'E09%' AND year <= 2022 ORDER BY code, year`,
    );
    expect(london).toEqual(
      shipped.map((r) => ({ code: r.code, year: Number(r.year), population: Number(r.population), source: r.source })).sort((a, b) => a.code.localeCompare(b.code) || a.year - b.year),
    );
    expect(row!.n).toBe(shipped.length);
    expect(row!.barnet).toBe(Number(shipped.find((r) => r.code === 'E09000003' && r.year === '2018')!.population));
  });

  it('load by name or code, replace the (area, year) pairs they hold and say so', async () => {
    const db = tempDb();
    const file = join(dirname(db), 'pop.csv');
    writeFileSync(file, 'code,name,year,population,source\nE09000003,Barnet,2018,"400,000",revised\n,Kingston Upon Thames,2031,200000,projection\n');
    const summary = await loadFiles([file], { db });
    expect(summary.files[0]).toMatchObject({ format: 'population', rows: 2, replaced: 1 });
    const rows = await query(db, `SELECT code, year, population::INTEGER AS population, source FROM population WHERE source IN ('revised', 'projection') ORDER BY code`);
    expect(rows).toEqual([
      { code: 'E09000003', year: 2018, population: 400000, source: 'revised' },
      { code: 'E09000021', year: 2031, population: 200000, source: 'projection' },
    ]);
  });
});
