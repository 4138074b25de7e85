import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expandInputs } from '../data/files.ts';
import { round, runChild } from './spawn.ts';

export interface ProfileEntry { sql: string; calls: number; seconds: number }

/** The B1 targets: issue 21 (load ÷ DuckDB ≤ 1.2 for the synthetic sizes, tightened from issue 7's 1.3; peak RSS ≤ 4 GiB). */
export const INGEST_TARGETS = { ratio: 1.2, maxRssMiB: 4096 };

/**
 * B1: `saferboard load` of a folder of police.uk files against DuckDB's own
 * `CREATE TABLE t AS SELECT * FROM read_csv([...])` of the same files, each in its own child process.
 * Leaves the saferboard database at `<work>/saferboard.duckdb` for the other benchmarks.
 * @example const b1 = await benchIngest({ dir: 'bench/data/1m/police-uk', work: 'bench/data/1m' });
 */
export async function benchIngest({ dir, work }: { dir: string; work: string }) {
  const files = expandInputs([dir]);
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const duckPath = join(work, 'duckdb-ctas.duckdb');
  const dbPath = join(work, 'saferboard.duckdb');
  for (const p of [duckPath, dbPath]) for (const f of [p, `${p}.wal`, `${p}.next`, `${p}.lock`]) rmSync(f, { force: true });

  const duck = await runChild<{ seconds: number; rows: number; maxRssKb: number }>('duckdb-ctas.ts', [duckPath, ...files]);
  const sb = await runChild<{ seconds: number; rows: number; files: number; maxRssKb: number; profile: ProfileEntry[] }>(
    'saferboard-load.ts', [dbPath, dir], { BENCH_PROFILE: '1' });
  const duckdbSize = statSync(duckPath).size;
  rmSync(duckPath, { force: true });
  if (duck.result.rows !== sb.result.rows) throw new Error(`row counts differ: duckdb ${duck.result.rows}, saferboard ${sb.result.rows}`);
  const side = (r: typeof duck, seconds: number, size: number) => ({
    seconds: round(seconds), wallSeconds: round(r.wallSeconds), rowsPerSecond: Math.round(r.result.rows / seconds),
    cpuSeconds: r.cpuSeconds, maxRssMiB: r.maxRssMiB, rssSource: r.rssSource, databaseMiB: round(size / 2 ** 20, 1),
  });
  const ratio = round(sb.result.seconds / duck.result.seconds, 2);
  return {
    rows: sb.result.rows,
    files: files.length,
    csvMiB: round(bytes / 2 ** 20, 1),
    duckdb: side(duck, duck.result.seconds, duckdbSize),
    saferboard: { ...side(sb, sb.result.seconds, statSync(dbPath).size), profile: sb.result.profile },
    ratio,
    wallRatio: round(sb.wallSeconds / duck.wallSeconds, 2),
    // CPU seconds of the whole child (Node start-up included): less sensitive to other jobs on a shared machine
    cpuRatio: sb.cpuSeconds && duck.cpuSeconds ? round(sb.cpuSeconds / duck.cpuSeconds, 2) : null,
    targets: {
      ratio: { target: INGEST_TARGETS.ratio, met: ratio <= INGEST_TARGETS.ratio },
      maxRss: { targetMiB: INGEST_TARGETS.maxRssMiB, met: sb.maxRssMiB <= INGEST_TARGETS.maxRssMiB },
    },
    dbPath,
  };
}
