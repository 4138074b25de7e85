/**
 * The population a rate uses: an area's mid-year population of the year asked for, else of the nearest year loaded
 * (the earlier on a tie). The one rule, also written as the `population_near` macro (queries/macros.sql) for the
 * statements that join it in SQL; test/population.test.ts checks the two agree.
 */

/** One loaded year of an area's mid-year population (the `population` table). */
export interface PopulationYear {
  year: number;
  population: number;
}

/** An area's population for a year and the year it is of; both null when the area has no population loaded. */
export interface NearestPopulation {
  population: number | null;
  population_year: number | null;
}

/**
 * The population of the loaded year nearest `year` (any year, before or after, counts; the earlier of two equally
 * near), or nulls when `years` is empty or absent. Years are distinct (the table's key is area and year).
 * @example nearestPopulation([{ year: 2011, population: 10 }, { year: 2021, population: 20 }], 2016) // { population: 10, population_year: 2011 }
 * @example nearestPopulation([{ year: 2011, population: 10 }, { year: 2021, population: 20 }], 2017) // { population: 20, population_year: 2021 }
 * @example nearestPopulation(undefined, 2018) // { population: null, population_year: null }
 */
export function nearestPopulation(years: readonly PopulationYear[] | undefined, year: number): NearestPopulation {
  let best: PopulationYear | null = null;
  let bestKey = Infinity;
  for (const p of years ?? []) {
    // as population_near: the distance doubled, plus one for a later year, so the earlier wins a tie
    const key = Math.abs(p.year - year) * 2 + (p.year > year ? 1 : 0);
    if (key < bestKey) {
      best = p;
      bestKey = key;
    }
  }
  return best ? { population: best.population, population_year: best.year } : { population: null, population_year: null };
}
