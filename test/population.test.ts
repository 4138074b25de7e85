/**
 * The population rule (core/stats/population.ts): an area's mid-year population of the year asked for, else of the
 * nearest year loaded, the earlier on a tie. Expected values are worked out by hand from the rows below; the SQL
 * macro population_near (queries/macros.sql), which other statements still join, must give the same answers.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { Database, MACROS, SCHEMA } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { resolvePeriod } from '../api/periods.ts';
import { seriesWindows, windowsOf } from '../api/indicators/series.ts';
import { nearestPopulation, type PopulationYear } from '../core/stats/population.ts';
import { MPS_SAMPLE, ROOT, readCsv, tempDb } from './helpers.ts';

// A: 2011 and 2021 (ten years apart: 2016 is a tie); B: 2019 only; C: 2015, 2017, 2020 (2016 ties 2015/2017;
// 2018 ties nothing: 2017 is 1 away, 2020 is 2); D: no population at all.
const ROWS: Record<string, PopulationYear[]> = {
  A: [{ year: 2011, population: 300_000 }, { year: 2021, population: 400_000 }],
  B: [{ year: 2019, population: 150_000 }],
  C: [{ year: 2015, population: 10 }, { year: 2017, population: 20 }, { year: 2020, population: 30 }],
};

/** [area, year asked, population, year used], by hand. */
const CASES: [string, number, number | null, number | null][] = [
  ['A', 2011, 300_000, 2011], // the year itself
  ['A', 2021, 400_000, 2021],
  ['A', 2015, 300_000, 2011], // 4 years from 2011, 6 from 2021
  ['A', 2016, 300_000, 2011], // 5 and 5: the earlier
  ['A', 2017, 400_000, 2021], // 6 and 4
  ['A', 2005, 300_000, 2011], // before every year: the first
  ['A', 2030, 400_000, 2021], // after every year: the last
  ['B', 2010, 150_000, 2019], // one year: always it
  ['B', 2025, 150_000, 2019],
  ['C', 2016, 10, 2015], // 1 and 1: the earlier
  ['C', 2018, 20, 2017], // 1 (2017) and 2 (2020)
  ['C', 2019, 30, 2020], // 2 (2017) and 1 (2020)
  ['C', 2020, 30, 2020],
  ['D', 2018, null, null], // no population loaded: nulls, never 0
];

describe('nearestPopulation: the year asked for, else the nearest loaded (the earlier on a tie)', () => {
  it.each(CASES)('%s in %i: %s of %s', (area, year, population, populationYear) => {
    expect(nearestPopulation(ROWS[area], year)).toEqual({ population, population_year: populationYear });
  });

  it('does not depend on the order the years come in', () => {
    expect(nearestPopulation([...ROWS.C!].reverse(), 2016)).toEqual({ population: 10, population_year: 2015 });
    expect(nearestPopulation([...ROWS.A!].reverse(), 2016)).toEqual({ population: 300_000, population_year: 2011 });
  });

  it('the SQL macro population_near gives the same answers (the statements that still join it agree)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    try {
      await c.run(SCHEMA);
      await c.run(MACROS);
      for (const [code, years] of Object.entries(ROWS))
        for (const p of years) await c.run('INSERT INTO population VALUES ($code, $year, $population, NULL)', { code, year: p.year, population: p.population });
      for (const [area, year, population, populationYear] of CASES) {
        const rows = (await c.runAndReadAll('SELECT population, population_year FROM population_near(CAST($y AS INTEGER)) WHERE area_code = $a', { y: year, a: area })).getRowObjectsJson();
        // an area with no population has no row in the macro (a LEFT JOIN gives it nulls)
        expect(rows[0] ?? { population: null, population_year: null }, `${area} ${year}`).toEqual({ population, population_year: populationYear });
      }
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });
});

describe("the engine's windows take the population from the lookups, read again when a load replaces the database", () => {
  it("Barnet's 2018 and 2017 populations from data/reference/population.csv, then a revised 2018 after a population load", async () => {
    const file = tempDb();
    await loadFiles([MPS_SAMPLE], { db: file });
    const shipped = readCsv(join(ROOT, 'data/reference/population.csv'));
    const barnet = (year: number) => Number(shipped.find((r) => r.code === 'E09000003' && Number(r.year) === year)!.population);
    const db = await Database.open(file, { readOnly: true });
    try {
      const period = resolvePeriod('2018-12'); // Jan-Dec 2018 (mid-year 2018) against Jan-Dec 2017 (2017)
      const windows = async () => windowsOf(await seriesWindows(db, { source: 'mps', category: 'burglary', period, area: 'E09000003' }), 'E09000003', period);
      const before = await windows();
      expect(before.current).toMatchObject({ population: barnet(2018), population_year: 2018 });
      expect(before.previous).toMatchObject({ population: barnet(2017), population_year: 2017 });

      const pop = join(dirname(file), 'pop.csv');
      writeFileSync(pop, 'code,name,year,population,source\nE09000003,Barnet,2018,"400,000",revised\n');
      await loadFiles([pop], { db: file });
      await db.reopen();
      const after = await windows();
      expect(after.current).toMatchObject({ population: 400_000, population_year: 2018 });
      expect(after.previous).toMatchObject({ population: barnet(2017), population_year: 2017 });
    } finally {
      db.close();
    }
  }, 120_000);
});
