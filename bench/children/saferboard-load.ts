// B1: `saferboard load` (loadFiles, as the CLI calls it) of a folder. Args: <db> <inputs...>
// With BENCH_PROFILE=1, times every SQL statement the loader runs (grouped by its first words) to show where time goes.
import { loadFiles } from '../../data/load.ts';
import { profileSql } from '../sql-profile.ts';

const [db, ...inputs] = process.argv.slice(2);
const profile = new Map<string, { calls: number; seconds: number }>();
if (process.env.BENCH_PROFILE === '1') {
  const key = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 90);
  profileSql((sql, ms) => {
    const p = profile.get(key(sql)) ?? { calls: 0, seconds: 0 };
    p.calls++;
    p.seconds += ms / 1000;
    profile.set(key(sql), p);
  });
}
const started = performance.now();
const summary = await loadFiles(inputs, { db: db! });
const seconds = (performance.now() - started) / 1000;
const rows = summary.files.reduce((n, f) => n + f.rows, 0);
const top = [...profile.entries()].sort((a, b) => b[1].seconds - a[1].seconds).slice(0, 15)
  .map(([sql, p]) => ({ sql, calls: p.calls, seconds: Math.round(p.seconds * 1000) / 1000 }));
console.log(JSON.stringify({ seconds, rows, files: summary.files.length, maxRssKb: process.resourceUsage().maxRSS, profile: top }));
