/**
 * Issue 21's national scale, by hand (not in CI): B2's uncached route latency on two databases of the national
 * generator (`bench/generate-national.ts`), e.g. 1M and 100M rows over the same 168 months, one after the other in one
 * run, and the growth of each route's median from the first to the second (target ≤ 1.5).
 *
 *   npx tsx bench/national-latency.ts --small /tmp/bench-n1m/saferboard.duckdb --large /tmp/bench-100m/saferboard.duckdb --to 2024-12 [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { addMonths } from '../core/months.ts';
import { benchLatency } from './latency.ts';
import { round } from './spawn.ts';

const { values } = parseArgs({
  options: { small: { type: 'string' }, large: { type: 'string' }, to: { type: 'string', default: '2024-12' }, from: { type: 'string' }, reps: { type: 'string', default: '20' }, out: { type: 'string' } },
});
if (!values.small || !values.large) throw new Error('expected --small DB --large DB (two loaded databases)');
const from = values.from ?? addMonths(values.to, -23);
const opts = { to: values.to, from, reps: Number(values.reps), budgetMs: 60_000 };
type Route = { miss?: { median: number } };
const small = (await benchLatency(values.small, opts)) as Record<string, Route>;
const large = (await benchLatency(values.large, opts)) as Record<string, Route>;
const growth = Object.fromEntries(
  Object.keys(small).filter((k) => small[k]?.miss && large[k]?.miss).map((k) => [k, round(large[k]!.miss!.median / small[k]!.miss!.median, 2)]),
);
const result = { when: new Date().toISOString(), settings: { ...opts, small: values.small, large: values.large }, small, large, growth };
if (values.out) writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
console.log('route       small ms   large ms   growth (target ≤ 1.5)');
for (const [k, g] of Object.entries(growth)) console.log(`${k.padEnd(10)} ${String(small[k]!.miss!.median).padStart(9)} ${String(large[k]!.miss!.median).padStart(10)}   ${g}`);
