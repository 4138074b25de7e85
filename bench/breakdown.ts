/**
 * Where the time of one uncached request goes, route by route (issue 21's latency ratios).
 *
 *   npx tsx bench/breakdown.ts --db bench/data/1m/saferboard.duckdb [--to 2018-12] [--reps 12] [--routes rolling,repeat]
 *
 * For each route, `reps` distinct questions (another borough, category or indicator each time, so neither the
 * response cache nor the engine's per-run cache answers) through `createApp(db).request(...)`, and prints the medians
 * of: wall time, CPU time of the whole process (every thread: DuckDB's too, so it is less disturbed than wall time
 * by other jobs on a shared machine), the time inside SQL statements (summed: statements run at once add up), and
 * each statement's time by its queries/*.sql name. `outcomes-cold` asks each question of another month too (the first
 * question of a period, which runs the every-area statements the later questions of that period share). Made to compare two builds in one run (BENCHMARKS.md).
 */
import { parseArgs } from 'node:util';
import { createApp } from '../api/app.ts';
import { addMonths } from '../core/months.ts';
import { QUERIES } from '../api/queries.ts';
import { Database } from '../data/db.ts';
import { BOROUGHS, CATEGORIES } from './latency.ts';
import { profileSql } from './sql-profile.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    to: { type: 'string', default: '2018-12' },
    reps: { type: 'string', default: '12' },
    routes: { type: 'string' },
  },
});
if (!values.db) throw new Error('expected --db FILE (a loaded database, e.g. bench/data/1m/saferboard.duckdb)');
const to = values.to;
const reps = Number(values.reps);
const byText = new Map(Object.entries(QUERIES).map(([k, v]) => [v, k]));
let statements: [string, number][] = [];
const sql = profileSql((text, ms) => statements.push([byText.get(text) ?? text.replace(/\s+/g, ' ').slice(0, 50), ms]));
const INDICATORS = ['burglary', 'asb', 'robbery', 'domestic-abuse', 'knife-crime', 'hate-crime', 'violence-with-injury', 'mopac7'];

/** The i-th distinct question of each route (i = 0 is the warm-up: Barnet). */
const ROUTES: Record<string, (area: string, i: number) => string> = {
  health: (a) => `/api/health?q=${a}`,
  rolling: (a) => `/api/rolling?source=policeuk&area=${a}&category=burglary&to=${to}`,
  ranks: (_a, i) => `/api/ranks?source=policeuk&category=${CATEGORIES[i % CATEGORIES.length]}&to=${to}&measure=${i % 2 ? 'count' : 'rate'}`,
  repeat: (a) => `/api/repeat?source=policeuk&area=${a}&indicator=burglary&to=${to}&unit=location`,
  hotspots: (a) => `/api/hotspots?source=policeuk&area=${a}&category=burglary&to=${to}`,
  outcomes: (a) => `/api/outcomes?area=${a}&to=${to}`,
  // each question another borough AND another month, so not even the every-area statements of a period
  // (api/indicators/engine.ts everyArea) have been run: the first question of a period
  'outcomes-cold': (a, i) => `/api/outcomes?area=${a}&to=${addMonths(to, -i)}`,
  league: (_a, i) => `/api/league?indicator=${INDICATORS[i % INDICATORS.length]}&to=${to}`,
  explain: (a) => `/api/explain?route=outcomes&area=${a}&indicator=burglary&to=${to}`,
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
const db = await Database.open(values.db, { readOnly: true });
const app = createApp(db);
try {
  const wanted = values.routes?.split(',');
  for (const [name, path] of Object.entries(ROUTES).filter(([k]) => !wanted || wanted.includes(k))) {
    await app.request(path('Barnet', 0));
    const wall: number[] = [];
    const cpu: number[] = [];
    const inSql: number[] = [];
    const per = new Map<string, number[]>();
    for (let i = 0; i < reps; i++) {
      statements = [];
      sql.reset();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await app.request(path(encodeURIComponent(BOROUGHS.filter((b) => b.name !== 'Barnet')[i % 31]!.name), i + 1));
      await res.arrayBuffer();
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      inSql.push(sql.current().ms);
      const sums = new Map<string, number>();
      for (const [k, ms] of statements) sums.set(k, (sums.get(k) ?? 0) + ms);
      for (const [k, ms] of sums) (per.get(k) ?? per.set(k, []).get(k)!).push(ms);
    }
    const each = [...per].map(([k, v]) => `${k} ${median(v).toFixed(1)}${v.length < reps ? ` (${v.length}/${reps})` : ''}`).join(', ');
    console.log(`${name.padEnd(9)} wall ${median(wall).toFixed(1)} ms, CPU ${median(cpu).toFixed(1)} ms, SQL ${median(inSql).toFixed(1)} ms | ${each}`);
  }
} finally {
  db.close();
}
