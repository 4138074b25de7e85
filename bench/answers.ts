import type { Database } from '../data/db.ts';

/** What B4 asks: the 12-month comparison for one borough and category, and the London ranking by rate. */
export interface Question { area: string; areaCode: string; category: string; crimeType: string; to: string }
export interface Answers {
  via: 'api' | 'sql';
  rolling: { current: number; previous: number };
  ranks: { area: string; count: number; rank: number }[];
}

type App = { request: (path: string) => Response | Promise<Response> };

/**
 * Answers the B4 questions from a loaded database: through `/api/rolling` and `/api/ranks` when the app has them,
 * else with SQL over `monthly_counts` (one statement each).
 * @example const a = await answer(db, app, { area: 'Barnet', areaCode: 'E09000003', category: 'burglary', crimeType: 'Burglary', to: '2018-12' });
 */
export async function answer(db: Database, app: App, q: Question): Promise<Answers> {
  const rolling = await app.request(`/api/rolling?source=policeuk&area=${encodeURIComponent(q.area)}&category=${q.category}&to=${q.to}`);
  const ranks = await app.request(`/api/ranks?source=policeuk&category=${q.category}&to=${q.to}&measure=rate`);
  if (rolling.status === 200 && ranks.status === 200) {
    const r = (await rolling.json()) as { current: { count: number }; previous: { count: number } };
    const k = (await ranks.json()) as { rows: { area: { name: string }; count: number; rank: number }[] };
    return {
      via: 'api',
      rolling: { current: r.current.count, previous: r.previous.count },
      ranks: k.rows.map((x) => ({ area: x.area.name, count: x.count, rank: x.rank })),
    };
  }
  const window = `month BETWEEN (CAST($to || '-01' AS DATE) - INTERVAL 11 MONTH) AND CAST($to || '-01' AS DATE)`;
  const roll = await db.one<{ current: number; previous: number }>(
    `SELECT coalesce(sum(count) FILTER (WHERE month > CAST($to || '-01' AS DATE) - INTERVAL 12 MONTH), 0)::INTEGER AS current,
            coalesce(sum(count) FILTER (WHERE month <= CAST($to || '-01' AS DATE) - INTERVAL 12 MONTH), 0)::INTEGER AS previous
     FROM monthly_counts WHERE source = 'policeuk' AND area_code = $area AND category_id = $category
       AND month > CAST($to || '-01' AS DATE) - INTERVAL 24 MONTH AND month <= CAST($to || '-01' AS DATE)`,
    { to: q.to, area: q.areaCode, category: q.category },
  );
  const ranked = await db.all<{ area: string; count: number; rank: number }>(
    `SELECT a.name AS area, coalesce(c.n, 0)::INTEGER AS count,
            rank() OVER (ORDER BY coalesce(c.n, 0) / p.population)::INTEGER AS rank
     FROM areas a
     JOIN population p ON p.code = a.code AND p.year = year(CAST($to || '-01' AS DATE) - INTERVAL 6 MONTH)
     LEFT JOIN (SELECT area_code, sum(count) AS n FROM monthly_counts
                WHERE source = 'policeuk' AND category_id = $category AND ${window} GROUP BY 1) c ON c.area_code = a.code
     WHERE a.borough ORDER BY rank, area`,
    { to: q.to, category: q.category },
  );
  return { via: 'sql', rolling: roll!, ranks: ranked };
}
