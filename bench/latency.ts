import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { createApp } from '../api/app.ts';
import { addMonths } from '../core/months.ts';
import { Database } from '../data/db.ts';
import { round, stats } from './spawn.ts';
import { profileSql } from './sql-profile.ts';

/** The 32 London boroughs (name, GSS code), from data/reference/areas.csv. */
export const BOROUGHS: { name: string; code: string }[] = Papa.parse<Record<string, string>>(
  readFileSync(new URL('../data/reference/areas.csv', import.meta.url), 'utf8'),
  { header: true, skipEmptyLines: true },
).data.filter((a) => a.borough === 'true').map((a) => ({ name: a.name!, code: a.code! }));

/** police.uk categories (canonical ids) to vary the ranking question over. */
export const CATEGORIES = ['burglary', 'robbery', 'asb', 'theft', 'vehicle-crime', 'drugs', 'public-order', 'criminal-damage',
  'shoplifting', 'bicycle-theft', 'other-theft', 'theft-from-person', 'possession-of-weapons', 'violence-and-sexual-offences', 'other-crime'];

/** The B2/B3 routes and the query each is asked: Barnet, burglary (a partnership's usual question). */
export const routes = (to: string, from: string, area = 'Barnet', category = 'burglary', measure = 'rate'): Record<string, string> => ({
  // the server's floor: a route that reads one row (a distinct query string each time, so the response cache misses)
  health: `/api/health?q=${encodeURIComponent(area)}`,
  rolling: `/api/rolling?source=policeuk&area=${encodeURIComponent(area)}&category=${category}&to=${to}`,
  ranks: `/api/ranks?source=policeuk&category=${category}&to=${to}&measure=${measure}`,
  trend: `/api/trend?source=policeuk&area=${encodeURIComponent(area)}&category=${category}&from=${from}&to=${to}`,
  repeat: `/api/repeat?source=policeuk&area=${encodeURIComponent(area)}&indicator=${category}&to=${to}&unit=location`,
  outcomes: `/api/outcomes?area=${encodeURIComponent(area)}&to=${to}`,
  hotspots: `/api/hotspots?source=policeuk&area=${encodeURIComponent(area)}&category=${category}&to=${to}`,
  league: `/api/league?indicator=${category}&to=${to}`,
  explain: `/api/explain?route=outcomes&area=${encodeURIComponent(area)}&indicator=${category}&to=${to}`,
});

/**
 * The i-th distinct question for a route: another borough (rolling, trend, repeat, outcomes, hotspots, explain) or
 * another category and measure (ranks) or month (league), never Barnet/burglary (the warm-up question), so no answer comes from a cache.
 */
const variant = (route: string, i: number, to: string, from: string): string => {
  const others = BOROUGHS.filter((b) => b.name !== 'Barnet');
  if (route === 'ranks') {
    const cats = CATEGORIES.slice(1);
    return routes(to, from, 'Barnet', cats[i % cats.length], i % (2 * cats.length) < cats.length ? 'count' : 'rate').ranks!;
  }
  // league: another category, then the same categories a month earlier (14 x 2 distinct questions)
  if (route === 'league') {
    const cats = CATEGORIES.slice(1);
    return routes(i < cats.length ? to : addMonths(to, -1), from, 'Barnet', cats[i % cats.length]).league!;
  }
  return routes(to, from, others[i % others.length]!.name)[route]!;
};

/**
 * B2: latency of each route through `createApp(db).request(...)` (no network), on one database.
 * `miss`: distinct questions (another borough or category each time), so each is computed, not served from the
 * response cache; `hit`: the same question again. Each gets `reps` timed requests after 3 warm-ups, or fewer
 * (at least 5) once `budgetMs` is spent. A route that is missing (404) or fails is reported, not timed.
 * @example await benchLatency('bench/data/1m/saferboard.duckdb', { to: '2018-12', from: '2017-01', reps: 30 });
 */
export async function benchLatency(dbPath: string, o: { to: string; from: string; reps: number; budgetMs?: number }) {
  const db = await Database.open(dbPath, { readOnly: true });
  const app = createApp(db);
  const sql = profileSql();
  const out: Record<string, unknown> = {};
  const timed = async (path: string) => {
    sql.reset();
    const t = performance.now();
    const r = await app.request(path);
    const body = await r.arrayBuffer();
    return { ms: performance.now() - t, status: r.status, bytes: body.byteLength, sql: { ...sql.current() } };
  };
  try {
    for (const [name, path] of Object.entries(routes(o.to, o.from))) {
      const first = await timed(path);
      if (first.status !== 200) {
        const r = await app.request(path);
        out[name] = { path, status: first.status, available: false, error: (await r.text()).slice(0, 300) };
        continue;
      }
      for (let i = 0; i < 2; i++) await timed(path);
      const hits: number[] = [];
      const miss: number[] = [];
      const missSql: number[] = [];
      const statements: number[] = [];
      const failures: string[] = [];
      const until = performance.now() + (o.budgetMs ?? Infinity);
      // ranks has 14 categories x 2 measures = 28 distinct questions, league 14 categories x 2 months
      const reps = name === 'ranks' || name === 'league' ? Math.min(o.reps, 28) : o.reps;
      for (let i = 0; i < reps && (i < 5 || performance.now() < until); i++) {
        const m = await timed(variant(name, i, o.to, o.from));
        if (m.status !== 200) failures.push(`${variant(name, i, o.to, o.from)}: ${m.status}`);
        miss.push(m.ms);
        missSql.push(m.sql.ms);
        statements.push(m.sql.statements);
        hits.push((await timed(path)).ms);
      }
      out[name] = {
        path, status: 200, available: true, bytes: first.bytes,
        firstMs: round(first.ms, 2),
        miss: stats(miss),
        hit: stats(hits),
        // time inside Database.run/all (DuckDB, connection set-up, result conversion) of each computed request
        sql: { statements: stats(statements).median, ms: stats(missSql) },
        failures,
      };
    }
  } finally {
    db.close();
  }
  // issue 12's targets, as ratios of medians in this run: /api/rolling <= 5x /api/health, /api/outcomes <= 3x /api/rolling
  const median = (k: string) => (out[k] as { miss?: { median: number } } | undefined)?.miss?.median;
  const [health, rolling, outcomes, repeat] = [median('health'), median('rolling'), median('outcomes'), median('repeat')];
  out.ratios = {
    rollingOverHealth: health && rolling ? round(rolling / health, 2) : null,
    outcomesOverRolling: rolling && outcomes ? round(outcomes / rolling, 2) : null,
    // issue 21: /api/repeat <= 5 x /api/rolling at 10M
    repeatOverRolling: rolling && repeat ? round(repeat / rolling, 2) : null,
  };
  return out;
}
