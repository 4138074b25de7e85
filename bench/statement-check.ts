/**
 * Checks that a rewritten statement gives every figure the old one gave: both texts run over many distinct questions
 * (area, category, window; for hotspots both sources) on one database, as the server runs them (read-only, one
 * thread, prepared through data/prepared.ts), and their rows compared whole. Then, optionally, both timed in
 * alternating runs on distinct boroughs (burglary, 2018): wall ms medians.
 *
 *   npx tsx bench/statement-check.ts --db DB --name hotspots --old /tmp/hotspots-old.sql [--new FILE] [--questions 200] [--reps 30]
 *
 * --new defaults to the statement of this checkout (queries/NAME.sql); --name is hotspots or repeat-policeuk, or one
 * of the engine's statements: engine-counts, engine-shares, engine-series, engine-repeats (their parameters as runEngine
 * builds them, for every borough, every area at once and several `to` months, forcing each loaded source in turn as
 * well as the profile's order; engine-counts also for each borough alone, as /api/rolling asks) or engine-manual (over
 * an in-memory database of made-up manual values, with NULL targets and notes: the benchmark databases have none). The engine's rows are compared as multisets (sorted first).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from '../api/queries.ts';
import { seriesRequirement } from '../api/indicators/requirements.ts';
import { Database } from '../data/db.ts';
import { incidentScope, lookups } from '../api/lookups.ts';
import { allIndicators } from '../data/outcomes.ts';
import { BOROUGHS } from './latency.ts';
import { manualParams, runEngine } from '../api/indicators/engine.ts';
import { PERIODS, resolvePeriod } from '../api/periods.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    name: { type: 'string', default: 'hotspots' },
    old: { type: 'string' },
    new: { type: 'string' },
    questions: { type: 'string', default: '200' },
    reps: { type: 'string', default: '0' },
  },
});
if (!values.db || !values.old) throw new Error('expected --db FILE --old FILE');
const name = values.name!;
const ENGINE = ['engine-counts', 'engine-shares', 'engine-series', 'engine-repeats', 'engine-manual'];
if (name !== 'hotspots' && name !== 'repeat-policeuk' && !ENGINE.includes(name)) throw new Error(`--name: hotspots, repeat-policeuk or ${ENGINE.join(', ')}`);
const db = await Database.open(values.db, { readOnly: true });
const oldText = readFileSync(values.old, 'utf8');
const newText = values.new ? readFileSync(values.new, 'utf8') : sql(name);
if (ENGINE.includes(name)) {
  await engineCheck();
  db.close();
  process.exit(0);
}
const list = async (q: string) => (await db.all<{ v: string }>(q)).map((r) => r.v);
const areas = await list(`SELECT DISTINCT area_code AS v FROM monthly_counts WHERE source = 'policeuk' ORDER BY 1`);
const cats = await list(`SELECT DISTINCT category_id AS v FROM monthly_counts WHERE source = 'policeuk' AND category_id <> 'unmapped' ORDER BY 1`);
const localAreas = await list(`SELECT DISTINCT area_code AS v FROM local_incidents ORDER BY 1`);
const localCats = await list(`SELECT DISTINCT category_id AS v FROM monthly_counts WHERE source = 'local' ORDER BY 1`);
const ym = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;
type Params = Record<string, string | number | boolean | null>;
/** The placement branches that can give an area rows (api/lookups.ts), as the server passes them. */
const found = await lookups(db);

/** What the server passes to narrow a question (api/lookups.ts, incidentScope), over every force: no force range. */
const scope = (area: string, category: string) => ({ ...incidentScope(found, area, category), forces_from: null, forces_to: null });

/** The i-th question: areas, categories, start months and window lengths (1 to 24 months) in turn. */
function question(i: number): Params {
  const y = 2016 + (i % 9), m = 1 + ((i * 3) % 12), months = [1, 3, 6, 12, 24][i % 5]!;
  const end = new Date(Date.UTC(y, m - 1 + months - 1, 1));
  const from = ym(y, m), to = ym(end.getUTCFullYear(), end.getUTCMonth() + 1);
  const local = name === 'hotspots' && i % 4 === 3 && localAreas.length > 0;
  const area = local ? localAreas[i % localAreas.length]! : areas[(i * 7) % areas.length]!;
  const category = local ? localCats[(i * 5) % localCats.length]! : cats[(i * 5) % cats.length]!;
  if (name === 'repeat-policeuk') return { area, category, from, to, min_incidents: i % 3 === 0 ? 3 : 2, ...scope(area, category) };
  const source = local ? 'local' : 'policeuk';
  const requires = JSON.stringify(seriesRequirement(source, category, allIndicators()).requires);
  return { source, area, category, requires, from: `${from}-01`, to: `${to}-01`, ...scope(area, category) };
}
/** Only the parameters a text names. */
const only = (text: string, p: Params) => Object.fromEntries(Object.entries(p).filter(([k]) => new RegExp(`\\$${k}\\b`).test(text)));

let differ = 0, nonTrivial = 0;
const n = Number(values.questions);
for (let i = 0; i < n; i++) {
  const p = question(i);
  const a = JSON.stringify(await db.all(oldText, only(oldText, p)));
  const b = JSON.stringify(await db.all(newText, only(newText, p)));
  if (a !== b && ++differ <= 3) console.log(`differs: ${JSON.stringify(p)}\n  old ${a.slice(0, 300)}\n  new ${b.slice(0, 300)}`);
  if (name === 'hotspots' ? /"repeat_locations":[1-9]/.test(a) : /"repeat_victims":[1-9]/.test(a)) nonTrivial++;
}
console.log(`${n} questions, ${differ} differ (${nonTrivial} with repeat locations)`);

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1] ?? NaN;
const wall: [number[], number[]] = [[], []];
for (let i = 0; i < Number(values.reps); i++) {
  const area = BOROUGHS[i % BOROUGHS.length]!.code;
  const p: Params = name === 'repeat-policeuk'
    ? { area, category: 'burglary', from: '2018-01', to: '2018-12', min_incidents: 2, ...scope(area, 'burglary') }
    : { source: 'policeuk', area, category: 'burglary', requires: '["burglary"]', from: '2018-01-01', to: '2018-12-01', ...scope(area, 'burglary') };
  for (const [v, text] of [oldText, newText].entries()) {
    const t = performance.now();
    await db.all(text, only(text, p));
    wall[v as 0 | 1].push(performance.now() - t);
  }
}
if (Number(values.reps) > 0) console.log(`wall median: old ${median(wall[0]).toFixed(1)} ms, new ${median(wall[1]).toFixed(1)} ms`);
db.close();

/** The engine's statements: both texts over many parameter sets, rows compared as multisets. */
async function engineCheck() {
  const tos = ['2015-12', '2017-03', '2018-12', '2019-07', '2020-12', '2022-06'];
  const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
  let differ = 0, questions = 0, rows = 0, nonEmpty = 0;
  const compare = async (on: Database, p: Record<string, string | number | null>) => {
    const a = sorted(await on.all(oldText, p));
    const b = sorted(await on.all(newText, p));
    questions++;
    rows += a.length;
    if (a.length) nonEmpty++;
    if (JSON.stringify(a) !== JSON.stringify(b) && ++differ <= 3)
      console.log(`differs: ${JSON.stringify(p).slice(0, 300)}\n  old (${a.length}) ${a.slice(0, 3).join(' ')}\n  new (${b.length}) ${b.slice(0, 3).join(' ')}`);
  };
  if (name === 'engine-manual') {
    // made-up manual values: 4 indicators x 6 areas, monthly and quarterly period ends 2013..2023, some targets and
    // notes NULL, some (indicator, area) with none at all in a window
    const mem = await Database.open(':memory:');
    const ids = ['m1', 'm2', 'm3', 'm4'];
    const areas = BOROUGHS.slice(0, 6).map((b) => b.code);
    await mem.all(`
      INSERT INTO manual_values
      SELECT id, area, d::DATE, (hash(id, area, d) % 1000) / 10.0,
             CASE WHEN hash(area, d) % 3 = 0 THEN NULL ELSE (hash(d, id) % 500) / 10.0 END,
             CASE WHEN hash(id, d) % 4 = 0 THEN NULL ELSE 'note ' || strftime(d, '%Y-%m') END, 1
      FROM unnest(from_json($ids, '["VARCHAR"]')) a(id), unnest(from_json($areas, '["VARCHAR"]')) b(area),
           range(DATE '2013-01-01', DATE '2024-01-01', INTERVAL 1 MONTH) c(d)
      WHERE hash(id, area, d) % (CASE id WHEN 'm1' THEN 1 WHEN 'm2' THEN 3 WHEN 'm3' THEN 7 ELSE 40 END) = 0`,
      { ids: JSON.stringify(ids), areas: JSON.stringify(areas) } as never);
    for (const to of tos) for (const kind of PERIODS) {
      let period;
      try { period = resolvePeriod(to, kind); } catch { continue; }
      for (const area of [null, ...areas, BOROUGHS[10]!.code]) await compare(mem, manualParams(ids, area, period));
      await compare(mem, manualParams(['m4', 'nope'], null, period));
    }
    mem.close();
  } else {
    const sources = (await db.all<{ s: string }>(`SELECT DISTINCT source AS s FROM monthly_counts ORDER BY 1`)).map((r) => r.s);
    let multi = 0;
    for (const to of tos) {
      const period = resolvePeriod(to);
      for (const source of [undefined, ...sources]) {
        for (const area of [undefined, ...BOROUGHS.map((b) => b.code)]) {
          if (area === undefined && name === 'engine-series') continue;
          if (source !== undefined && area !== undefined && BOROUGHS.findIndex((b) => b.code === area) % 4 !== 0) continue;
          const run = await runEngine(db, { period, area, source });
          const p = run.parameters[name];
          if (!p) continue;
          if (/"requires":\["[^"]*","/.test(String(p.candidates))) multi++;
          await compare(db, p);
          // the same candidates for one area, as /api/rolling and /api/trend's windows ask
          if (name === 'engine-counts' && area !== undefined) await compare(db, { ...p, area });
        }
      }
    }
    if (name === 'engine-series' || name === 'engine-counts') console.log(`${multi} questions with a candidate of more than one required key`);
  }
  console.log(`${name}: ${questions} questions (${nonEmpty} with rows, ${rows} rows in all), ${differ} differ`);
}
