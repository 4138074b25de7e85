/**
 * Times variants of one statement alternately in one process, as the server runs them (a read-only database, one
 * thread, each statement prepared once through data/prepared.ts), each run a distinct area: CPU and wall ms medians.
 *
 *   npx tsx bench/statement-variants.ts --db DB --name engine-counts --variant /tmp/new.sql [--reps 40] [--params series|all]
 *
 * For engine-series, engine-repeats and engine-manual (the engine's per-area statements) each run binds the
 * parameters runEngine builds for one borough and the period ending --to (the active profile; built before timing).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Database } from '../data/db.ts';
import { incidentScope, lookups } from '../api/lookups.ts';
import { sql } from '../api/queries.ts';
import { resolvePeriod } from '../api/periods.ts';
import { seriesParams } from '../api/indicators/series.ts';
import { BOROUGHS } from './latency.ts';
import { runEngine } from '../api/indicators/engine.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    name: { type: 'string', default: 'engine-counts' },
    variant: { type: 'string', multiple: true, default: [] },
    reps: { type: 'string', default: '40' },
    to: { type: 'string', default: '2018-12' },
    category: { type: 'string', default: 'burglary' },
    source: { type: 'string', default: 'policeuk' },
    every: { type: 'boolean', default: false },
  },
});
const db = await Database.open(values.db!, { readOnly: true });
const texts = [['current', sql(values.name!)], ...values.variant.map((f) => [f, readFileSync(f, 'utf8')])] as [string, string][];
const period = resolvePeriod(values.to);
const codes = BOROUGHS.map((b) => b.code);
const engine = ['engine-series', 'engine-repeats', 'engine-manual'].includes(values.name!)
  ? await Promise.all(codes.map(async (area) => (await runEngine(db, { period, area })).parameters[values.name!]!))
  : [];
const found = await lookups(db);
const allParams = (i: number): Record<string, string | number | boolean | null> =>
  engine.length
    ? engine[i % engine.length]!
    : values.name === 'repeat-policeuk'
    ? { area: codes[i % codes.length]!, category: values.category!, from: period.current.from, to: period.current.to, min_incidents: 2 + (i % 2), ...incidentScope(found, codes[i % codes.length]!, values.category!), forces_from: null, forces_to: null }
    : seriesParams({ source: values.source!, category: values.category!, period, area: values.every ? undefined : codes[i % codes.length] });
/** Only the parameters a text names. */
const paramsFor = (text: string, i: number) =>
  Object.fromEntries(Object.entries(allParams(i)).filter(([k]) => new RegExp(`\\$${k}\\b`, 'i').test(text)));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
const cpu: number[][] = texts.map(() => []);
const wall: number[][] = texts.map(() => []);
const firsts: string[] = [];
for (const [, t] of texts) firsts.push(JSON.stringify(await db.all(t, paramsFor(t, 0))));
for (let i = 1; i < firsts.length; i++) if (firsts[i] !== firsts[0]) console.log(`variant ${texts[i]![0]} gives different rows:\n${firsts[0]!.slice(0, 400)}\n${firsts[i]!.slice(0, 400)}`);
for (let i = 0; i < Number(values.reps); i++) {
  for (let v = 0; v < texts.length; v++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await db.all(texts[v]![1], paramsFor(texts[v]![1], i + 1));
    wall[v]!.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu[v]!.push((c.user + c.system) / 1000);
  }
}
for (let v = 0; v < texts.length; v++) {
  const w = [...wall[v]!].sort((a, b) => a - b);
  const at = (q: number) => w[Math.floor(q * w.length)]!.toFixed(2);
  console.log(
    `${texts[v]![0].padEnd(30)} CPU ${median(cpu[v]!).toFixed(2)} ms, wall ${median(wall[v]!).toFixed(2)} ms ` +
      `(min ${at(0)}, p25 ${at(0.25)}, p75 ${at(0.75)}, p90 ${at(0.9)})`,
  );
}
db.close();
