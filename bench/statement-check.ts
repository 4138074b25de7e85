/**
 * Checks that a rewritten statement gives every figure the old one gave: both texts run over many distinct questions
 * (area, category, window; for hotspots both sources) on one database, as the server runs them (read-only, one
 * thread, prepared through data/prepared.ts), and their rows compared whole. Then, optionally, both timed in
 * alternating runs on distinct boroughs (burglary, 2018): wall ms medians.
 *
 *   npx tsx bench/statement-check.ts --db DB --name hotspots --old /tmp/hotspots-old.sql [--new FILE] [--questions 200] [--reps 30]
 *
 * --new defaults to the statement of this checkout (queries/NAME.sql); --name is hotspots or repeat-policeuk.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from '../api/queries.ts';
import { seriesRequirement } from '../api/indicators/requirements.ts';
import { Database } from '../data/db.ts';
import { allIndicators } from '../data/outcomes.ts';
import { BOROUGHS } from './latency.ts';

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
if (name !== 'hotspots' && name !== 'repeat-policeuk') throw new Error('--name: hotspots or repeat-policeuk');
const db = await Database.open(values.db, { readOnly: true });
const oldText = readFileSync(values.old, 'utf8');
const newText = values.new ? readFileSync(values.new, 'utf8') : sql(name);
const list = async (q: string) => (await db.all<{ v: string }>(q)).map((r) => r.v);
const areas = await list(`SELECT DISTINCT area_code AS v FROM monthly_counts WHERE source = 'policeuk' ORDER BY 1`);
const cats = await list(`SELECT DISTINCT category_id AS v FROM monthly_counts WHERE source = 'policeuk' AND category_id <> 'unmapped' ORDER BY 1`);
const localAreas = await list(`SELECT DISTINCT area_code AS v FROM local_incidents ORDER BY 1`);
const localCats = await list(`SELECT DISTINCT category_id AS v FROM monthly_counts WHERE source = 'local' ORDER BY 1`);
const ym = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;
type Params = Record<string, string | number>;

/** The i-th question: areas, categories, start months and window lengths (1 to 24 months) in turn. */
function question(i: number): Params {
  const y = 2016 + (i % 9), m = 1 + ((i * 3) % 12), months = [1, 3, 6, 12, 24][i % 5]!;
  const end = new Date(Date.UTC(y, m - 1 + months - 1, 1));
  const from = ym(y, m), to = ym(end.getUTCFullYear(), end.getUTCMonth() + 1);
  const local = name === 'hotspots' && i % 4 === 3 && localAreas.length > 0;
  const area = local ? localAreas[i % localAreas.length]! : areas[(i * 7) % areas.length]!;
  const category = local ? localCats[(i * 5) % localCats.length]! : cats[(i * 5) % cats.length]!;
  if (name === 'repeat-policeuk') return { area, category, from, to, min_incidents: i % 3 === 0 ? 3 : 2 };
  const source = local ? 'local' : 'policeuk';
  const requires = JSON.stringify(seriesRequirement(source, category, allIndicators()).requires);
  return { source, area, category, requires, from: `${from}-01`, to: `${to}-01` };
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
    ? { area, category: 'burglary', from: '2018-01', to: '2018-12', min_incidents: 2 }
    : { source: 'policeuk', area, category: 'burglary', requires: '["burglary"]', from: '2018-01-01', to: '2018-12-01' };
  for (const [v, text] of [oldText, newText].entries()) {
    const t = performance.now();
    await db.all(text, only(text, p));
    wall[v as 0 | 1].push(performance.now() - t);
  }
}
if (Number(values.reps) > 0) console.log(`wall median: old ${median(wall[0]).toFixed(1)} ms, new ${median(wall[1]).toFixed(1)} ms`);
db.close();
