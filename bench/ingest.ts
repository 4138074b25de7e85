import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandInputs } from '../data/files.ts';
import { generatePoliceUk } from './generate-policeuk.ts';
import { round, runChild } from './spawn.ts';
import { monthRange } from './synthetic.ts';

export interface ProfileEntry { sql: string; calls: number; seconds: number }

/** Removes a database file and what a load leaves beside it (its WAL, a load's copy, the load lock). */
const removeDatabase = (p: string) => { for (const f of [p, `${p}.wal`, `${p}.next`, `${p}.lock`]) rmSync(f, { force: true }); };

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
  for (const p of [duckPath, dbPath]) removeDatabase(p);

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

/**
 * B1's incremental case: one more month of police.uk files (as many rows as an average month of the size, generated
 * for the month after the last, seed + 1) loaded into a copy of the size's loaded database and into an empty one, in
 * turn, `reps` times each (issue 21: "loading one more month into a 10M-row database costs about what loading it into
 * an empty one costs"). Each time is the load's own (`saferboard-load.ts`: the copy of the database, the insert, the
 * checks, the derived tables and the commit), each in its own child process. The month's files are kept in
 * `<work>/next-month` (remade with the size's data).
 * @example await benchIncrementalMonth({ work: 'bench/data/1m', dbPath: 'bench/data/1m/saferboard.duckdb', rows: 1e6, months: 36, start: '2016-01', seed: 1 });
 */
export async function benchIncrementalMonth({ work, dbPath, rows, months, start, seed, reps = 2 }: {
  work: string; dbPath: string; rows: number; months: number; start: string; seed: number; reps?: number;
}) {
  const month = monthRange(start, months + 1).at(-1)!;
  const dir = join(work, 'next-month');
  const perMonth = Math.round(rows / months);
  const manifest = join(dir, 'generated.json');
  const wanted = JSON.stringify({ month, rows: perMonth, seed: seed + 1 });
  if (!existsSync(manifest) || readFileSync(manifest, 'utf8') !== wanted) {
    rmSync(dir, { recursive: true, force: true });
    generatePoliceUk({ out: join(dir, 'police-uk'), rows: perMonth, months: 1, start: month, seed: seed + 1 });
    writeFileSync(manifest, wanted);
  }
  const into = { large: join(work, 'month-into-large.duckdb'), empty: join(work, 'month-into-empty.duckdb') };
  const seconds = { large: [] as number[], empty: [] as number[] };
  let added = 0;
  for (let i = 0; i < reps; i++) {
    for (const side of ['large', 'empty'] as const) {
      removeDatabase(into[side]);
      if (side === 'large') copyFileSync(dbPath, into[side]);
      const r = await runChild<{ seconds: number; rows: number; maxRssKb: number }>('saferboard-load.ts', [into[side], join(dir, 'police-uk')]);
      seconds[side].push(round(r.result.seconds));
      added = r.result.rows;
      removeDatabase(into[side]);
    }
  }
  const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    month, rows: added,
    intoLarge: { seconds: seconds.large, mean: mean(seconds.large) },
    intoEmpty: { seconds: seconds.empty, mean: mean(seconds.empty) },
    ratio: round(mean(seconds.large) / mean(seconds.empty), 2),
  };
}
