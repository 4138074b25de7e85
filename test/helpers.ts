import { gunzipSync } from 'node:zlib';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { Database } from '../data/db.ts';

export const ROOT = new URL('..', import.meta.url).pathname;
export const SAMPLE = join(ROOT, 'data/sample');
export const MPS_SAMPLE = join(SAMPLE, 'mps-borough-2017-2018.csv');
export const POLICEUK_SAMPLE = join(SAMPLE, 'police-uk');
export const fixture = (name: string) => join(ROOT, 'test/fixtures', name);

/** A fresh database path in a temporary directory. */
export const tempDb = (): string => join(mkdtempSync(join(tmpdir(), 'saferboard-')), 'test.duckdb');

/**
 * Runs the real command line (`bin/saferboard.js`) in the test's own temporary directory (test/setup.ts) and returns
 * its exit code and output.
 */
export function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/saferboard.js'), ...args], {
    cwd: process.cwd(),
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `cli`, without blocking the test worker while the command runs (a long command, such as printing the pack on a
 * busy machine, would otherwise keep vitest's worker from answering its runner and fail the run with "Timeout calling
 * onTaskUpdate").
 */
export function cliAsync(args: string[], env: Record<string, string> = {}): Promise<ReturnType<typeof cli>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/saferboard.js'), ...args], { cwd: process.cwd(), env: { ...process.env, ...env } });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Parses a CSV file (gzipped when its name ends .gz) with papaparse into objects keyed by header: the tests'
 * independent route to the figures. */
export function readCsv(file: string): Record<string, string>[] {
  const text = file.endsWith('.gz') ? gunzipSync(readFileSync(file)).toString('utf8') : readFileSync(file, 'utf8');
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

/** Runs a query on a database file (opened read-only, then closed). */
export async function query<T = Record<string, unknown>>(path: string, sql: string, params?: Record<string, string | number>) {
  const db = await Database.open(path, { readOnly: true });
  try {
    return await db.all<T>(sql, params);
  } finally {
    db.close();
  }
}

/** A checksum of every table's content, to prove a failed load changed nothing. */
export async function checksum(path: string): Promise<string> {
  const db = await Database.open(path, { readOnly: true });
  try {
    const tables = await db.all<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const hash = createHash('sha256');
    for (const { name } of tables) {
      const rows = await db.all(`SELECT * FROM "${name}" ORDER BY ALL`);
      hash.update(name).update(JSON.stringify(rows));
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

export interface Served {
  base: string;
  child: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  log: () => string;
  stop: () => void;
}

/**
 * Starts the real `saferboard serve` on a port the system picks (`--port 0`) and resolves once it says where it
 * listens; stopped with `stop()` (SIGKILL).
 * @example const s = await serveCli(db); await fetch(`${s.base}/api/health`); s.stop();
 */
export function serveCli(db: string, { env = {}, args = [] }: { env?: Record<string, string>; args?: string[] } = {}): Promise<Served> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/saferboard.js'), 'serve', '--db', db, '--port', '0', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let log = '';
  return new Promise<Served>((resolve, reject) => {
    const seen = (d: Buffer) => {
      log += d;
      const m = /serving .* on (http:\/\/\S+?):(\d+)/.exec(log);
      if (m) resolve({ base: `http://127.0.0.1:${m[2]}`, child, log: () => log, stop: () => child.kill('SIGKILL') });
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.on('exit', (code) => reject(new Error(`saferboard serve exited ${code}: ${log}`)));
  });
}

/** The MPS Monthly Crime Dashboard fixtures (test/fixtures/mpsdash/): every Borough row of the shared samples, and Barnet's ward rows of 2023-24. */
export const MPSDASH_OTHER = fixture('mpsdash/other-2021-08-2023-07.csv');
export const MPSDASH_KNIFE = fixture('mpsdash/knife-2022-03-2024-02.csv');

/** One dashboard row as the test reads it from the raw file with papaparse, trimmed. */
export interface DashRow {
  month: string;
  areaType: string;
  snt: string;
  name: string;
  code: string;
  type: string;
  subtype: string;
  measure: string;
  count: number;
  refreshed: string;
}

/** A dashboard CSV's rows, read with papaparse (the independent route to its figures). */
export const readDashboard = (file: string): DashRow[] =>
  readCsv(file).map((r) => ({
    month: r.Month_Year!.slice(0, 7),
    areaType: r['Area Type']!.trim(),
    snt: r.Borough_SNT!.trim(),
    name: (r['Area name'] ?? r['Area Name'] ?? '').trim(),
    code: (r['Area code'] ?? r['Area Code'] ?? '').trim(),
    type: (r['Crime Type'] ?? r['Offence Group'])!.trim(),
    subtype: (r['Crime Subtype'] ?? r['Offence Subgroup'])!.trim(),
    measure: r.Measure!.trim(),
    count: Number(r.Count),
    refreshed: r['Refresh Date']!.trim(),
  }));

/**
 * Consecutive months from `start`, one per value: a monthly series for the SPC tests.
 * @example monthsFrom('2018-11', [3, 4]) // [{ month: '2018-11', count: 3 }, { month: '2018-12', count: 4 }]
 */
export const monthsFrom = <T>(start: string, values: T[]) =>
  values.map((count, i) => {
    const t = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1 + i;
    return { month: `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`, count };
  });

/**
 * Asks the app one question on a database opened read-only (closed after): the status and the JSON body.
 * @example const { status, body } = await requestJson<Wards>(db, '/api/wards?area=Barnet&category=burglary');
 */
export async function requestJson<T>(db: string, path: string): Promise<{ status: number; body: T & { error?: string } }> {
  // imported here, not at the top: most tests that use these helpers never start the app
  const { createApp } = await import('../api/app.ts');
  const d = await Database.open(db, { readOnly: true });
  try {
    const res = await createApp(d).request(path);
    return { status: res.status, body: await res.json() };
  } finally {
    d.close();
  }
}

/** The national comparison fixture (issue 24): test/fixtures/national-compare/ (areas, populations, LSOAs, police.uk counts). */
export const NATIONAL = fixture('national-compare');

/**
 * A database holding the national comparison fixture as the contract's tables (data/schema.sql: areas with level, csp,
 * pfa_code, region; lsoa_areas; population; police.uk monthly_counts, category_coverage and slices for the 12 months to
 * 2024-01), inserted directly on top of a real load of one small police.uk file (for the reference tables). The
 * fixture's partnerships are the only CSPs: every loaded area's csp flag is cleared. A count row is a covered month
 * (Guildford has no 2023-06: a gap). `profile`: the profile file whose indicator filters the derived tables are built for.
 */
export async function nationalDb(profile?: string): Promise<string> {
  const path = tempDb();
  const { loadFiles } = await import('../data/load.ts');
  const { setProfilePath } = await import('../data/profile.ts');
  // built for `profile`'s indicator filters, so that `serve --profile` takes the database as it is
  if (profile) setProfilePath(profile);
  try {
    await loadFiles([join(POLICEUK_SAMPLE, '2018-01/2018-01-city-of-london-street.csv')], { db: path });
  } finally {
    if (profile) setProfilePath(undefined);
  }
  const db = await Database.open(path);
  try {
    await db.run('UPDATE areas SET csp = false');
    for (const a of readCsv(join(NATIONAL, 'areas.csv'))) {
      await db.run(
        `INSERT OR REPLACE INTO areas (code, name, borough, force, level, csp, pfa_code, region, origin)
         VALUES ($code, $name, false, $force, $level, $csp = 'true', $pfa, $region, 'reference')`,
        { code: a.code!, name: a.name!, force: a.force!, level: a.level!, csp: a.csp!, pfa: a.pfa_code!, region: a.region! },
      );
      for (const alias of [a.code!, a.name!, ...a.aliases!.split(';').filter(Boolean)])
        await db.run('INSERT OR REPLACE INTO area_aliases VALUES (lower($alias), $code)', { alias, code: a.code! });
    }
    for (const p of readCsv(join(NATIONAL, 'population.csv')))
      await db.run(`INSERT OR REPLACE INTO population VALUES ($code, CAST($year AS INTEGER), CAST($pop AS BIGINT), 'fixture')`, { code: p.code!, year: p.year!, pop: p.population! });
    for (const l of readCsv(join(NATIONAL, 'lsoa-areas.csv'))) await db.run('INSERT INTO lsoa_areas VALUES ($l, $a)', { l: l.lsoa_code!, a: l.area_code! });
    const counts = join(NATIONAL, 'counts.csv');
    await db.run(`INSERT INTO monthly_counts SELECT 'policeuk', code, category_id, CAST(month || '-01' AS DATE), count FROM read_csv('${counts}', all_varchar = false, types = {'month': 'VARCHAR'})`);
    await db.run(`INSERT INTO category_coverage SELECT 'policeuk', code, category_id, CAST(month || '-01' AS DATE) FROM read_csv('${counts}', types = {'month': 'VARCHAR'})`);
    await db.run(
      `INSERT OR REPLACE INTO slices (source, slice, month, file, rows)
       SELECT DISTINCT 'policeuk', a.force, CAST(c.month || '-01' AS DATE), 'fixture', 0
       FROM read_csv('${counts}', types = {'month': 'VARCHAR'}) c JOIN areas a ON a.code = c.code`,
    );
  } finally {
    db.close();
  }
  return path;
}
