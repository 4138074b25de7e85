import { DuckDBInstance } from '@duckdb/node-api';
import { StatementCache } from '../data/prepared.ts';
import { sql } from '../api/queries.ts';
import { resolvePeriod } from '../api/periods.ts';
import { seriesParams } from '../api/indicators/series.ts';
import { BOROUGHS } from './latency.ts';
const db = process.argv[2]!; const every = process.argv[3] === 'every'; const reps = Number(process.argv[4] ?? 40);
const inst = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY', threads: '1' });
const mk = async (setup?: string) => { const c = await inst.connect(); if (setup) await c.run(setup); return StatementCache.create(c); };
const period = resolvePeriod('2018-12'); const codes = BOROUGHS.map((x) => x.code);
const text = sql('engine-counts');
const p = (i: number) => seriesParams({ source: 'policeuk', category: 'burglary', period, area: every ? undefined : codes[i % codes.length] });
const lit = (v: unknown) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
const literal = (i: number) => { const ps = p(i) as Record<string, unknown>; return text.replace(/\$(\w+)/g, (_, n) => lit(ps[n])); };
const variants: [string, StatementCache, (i: number) => [string, Record<string, unknown> | undefined]][] = [
  ['default', await mk(), (i) => [text, p(i)]],
  ['nocheck', await mk('SET scalar_subquery_error_on_multiple_rows=false'), (i) => [text, p(i)]],
  ['literal(no params, plan cached per text: same area reused)', await mk(), (i) => [literal(i % 4), undefined]],
];
for (const [, c, f] of variants) { const [t, ps] = f(0); await c.all(t, ps as never); }
const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const cpu = variants.map(() => [] as number[]), wall = variants.map(() => [] as number[]);
for (let i = 0; i < reps; i++) for (const [k, [, c, f]] of variants.entries()) {
  const [t, ps] = f(i + 1);
  const c0 = process.cpuUsage(); const t0 = performance.now(); await c.all(t, ps as never);
  wall[k]!.push(performance.now() - t0); const u = process.cpuUsage(c0); cpu[k]!.push((u.user + u.system) / 1000);
}
for (const [k, [n]] of variants.entries()) console.log(n.padEnd(50), 'cpu', med(cpu[k]!).toFixed(2), 'wall', med(wall[k]!).toFixed(2));
