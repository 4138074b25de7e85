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

/** Parses a CSV file with papaparse into objects keyed by header: the tests' independent route to the figures. */
export function readCsv(file: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
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

/**
 * Consecutive months from `start`, one per value: a monthly series for the SPC tests.
 * @example monthsFrom('2018-11', [3, 4]) // [{ month: '2018-11', count: 3 }, { month: '2018-12', count: 4 }]
 */
export const monthsFrom = <T>(start: string, values: T[]) =>
  values.map((count, i) => {
    const t = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1 + i;
    return { month: `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`, count };
  });
