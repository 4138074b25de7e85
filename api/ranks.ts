import type { Database } from '../data/db.ts';
import { addMonths } from './params.ts';
import { sql } from './queries.ts';
import { midYear } from './windows.ts';
import { LONDON_BASIS, londonRateOf, vsLondon } from './stats/funnel.ts';
import { rateCi95 } from './stats/poisson.ts';

export interface RanksInput {
  source: string;
  category: { id: string; label: string };
  to: string;
  measure: 'rate' | 'count';
  group?: string;
}

interface RankRow {
  code: string;
  name: string;
  count: number;
  population: number | null;
  population_year: number | null;
  rate_per_1000: number | null;
  complete: boolean;
  rank: number | null;
}

/**
 * London ranks over the 12 months ending `to` (rank 1 = lowest = best): the `/api/ranks` body.
 * @example await ranks(db, { source: 'mps', category, to: '2018-12', measure: 'rate' })
 */
export async function ranks(db: Database, input: RanksInput) {
  const from = addMonths(input.to, -11);
  const params = { source: input.source, category: input.category.id, from, to: input.to, year: midYear(input.to), measure: input.measure };
  const rows = await db.all<RankRow>(sql('ranks'), { ...params, group: input.group ?? null });
  // the comparator for vs_london: every London borough, also when a peer group is ranked
  const all = input.group ? await db.all<RankRow>(sql('ranks'), { ...params, group: null }) : rows;
  const londonRate = londonRateOf(all);
  const count = rows.reduce((s, r) => s + r.count, 0);
  const pop = rows.every((r) => r.population !== null) ? rows.reduce((s, r) => s + r.population!, 0) : null;
  return {
    source: input.source,
    category: { id: input.category.id, label: input.category.label },
    from,
    to: input.to,
    measure: input.measure,
    group: input.group ?? null,
    of: rows.length,
    london: { count, population: pop, rate_per_1000: pop ? (count / pop) * 1000 : null },
    london_comparator: { rate_per_1000: londonRate, boroughs: all.filter((r) => r.complete && r.population !== null).length, basis: LONDON_BASIS },
    rows: rows.map(({ code, name, ...r }) => {
      // exact 95% interval and the funnel verdicts: only for a complete window with a population
      const ok = r.complete && r.rate_per_1000 !== null;
      return {
        area: { code, name },
        ...r,
        rate_ci95: ok ? rateCi95(r.count, r.population) : null,
        ...(ok ? vsLondon(r.count, r.population, londonRate) : { vs_london: null, vs_london_95: null }),
      };
    }),
  };
}
