import { copyFileSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { SAMPLE, cli, query, serveCli, tempDb, type Served } from './helpers.ts';

const ROUTES = [
  '/api/meta',
  '/api/outcomes?area=Barnet&to=2018-12',
  '/api/rolling?area=Barnet&category=burglary&to=2018-12',
];

/** A copy of the loaded sample database, alone in a fresh directory. */
let loaded: string;
const copy = () => {
  const db = tempDb();
  copyFileSync(loaded, db);
  return db;
};

/** Serves `db` with the real command line, asks every route, and stops the server (waiting for it to end). */
async function serveAndAsk(db: string): Promise<Record<string, string>> {
  const served = await serveCli(db);
  try {
    // while it serves: no lock, no write-ahead log, no copy beside the file
    const answers: Record<string, string> = {};
    for (const route of ROUTES) {
      const res = await fetch(`${served.base}${route}`);
      expect(res.status, route).toBe(200);
      answers[route] = await res.text();
    }
    expect(readdirSync(dirname(db))).toEqual(['test.duckdb']);
    return answers;
  } finally {
    await stop(served);
  }
}

const stop = (served: Served) =>
  new Promise<void>((resolve) => {
    if (served.child.exitCode !== null || served.child.signalCode !== null) return resolve();
    served.child.on('exit', () => resolve());
    served.stop();
  });

/** Sets meta.derived_version by hand, as a database loaded by an older saferboard has it. */
async function setDerivedVersion(db: string, value: string) {
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  await connection.run(`UPDATE meta SET value = $value WHERE key = 'derived_version'`, { value });
  await connection.run('CHECKPOINT');
  connection.closeSync();
  instance.closeSync();
}

beforeAll(async () => {
  loaded = tempDb();
  await loadFiles([SAMPLE], { db: loaded });
});

describe('saferboard serve never writes to the database', () => {
  it('leaves an up-to-date database byte-identical, with nothing beside it, after answering routes', async () => {
    const db = copy();
    const bytes = readFileSync(db);
    const answers = await serveAndAsk(db);
    expect(JSON.parse(answers['/api/meta']!)).toBeTypeOf('object');
    expect(readFileSync(db).equals(bytes)).toBe(true);
    expect(readdirSync(dirname(db))).toEqual(['test.duckdb']);
  });

  it('refuses a database whose derived tables are stale, names the command that fixes it, and changes nothing', async () => {
    const db = copy();
    await setDerivedVersion(db, '5:0123456789abcdef');
    expect(readdirSync(dirname(db))).toEqual(['test.duckdb']);
    const bytes = readFileSync(db);

    const refused = await serveCli(db).then(
      (s) => (s.stop(), 'it served'),
      (e: Error) => e.message,
    );
    expect(refused).toContain('saferboard serve exited 2');
    expect(refused).toContain('loaded by another version of saferboard');
    expect(refused).toContain(`npx saferboard upgrade --db ${db}`);
    expect(refused).toContain('Nothing was changed');
    expect(readFileSync(db).equals(bytes)).toBe(true);
    expect(readdirSync(dirname(db))).toEqual(['test.duckdb']);

    // the command it names brings the database up to date; then it serves the same answers as a fresh load, and
    // still writes nothing
    const upgrade = cli(['upgrade', '--db', db]);
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(upgrade.stderr).toContain('was out of date');
    const [meta] = await query<{ value: string }>(db, `SELECT value FROM meta WHERE key = 'derived_version'`);
    const [fresh] = await query<{ value: string }>(loaded, `SELECT value FROM meta WHERE key = 'derived_version'`);
    expect(meta!.value).toBe(fresh!.value);
    const upgraded = readFileSync(db);
    const answers = await serveAndAsk(db);
    expect(readFileSync(db).equals(upgraded)).toBe(true);
    const reference = await serveAndAsk(copy());
    for (const route of ROUTES.slice(1)) expect(answers[route], route).toBe(reference[route]);

    // an upgrade of an up-to-date database does not touch it
    const again = cli(['upgrade', '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('up to date');
    expect(readFileSync(db).equals(upgraded)).toBe(true);
    expect(readdirSync(dirname(db))).toEqual(['test.duckdb']);
  });

  it('does not switch to an out-of-date version a load puts in place while it serves, and does not write it', async () => {
    const db = copy();
    const served = await serveCli(db);
    try {
      const stale = copy();
      await setDerivedVersion(stale, '5:0123456789abcdef');
      const bytes = readFileSync(stale);
      renameSync(stale, db); // as a load under another profile, or by another saferboard, would
      const deadline = Date.now() + 10_000;
      while (!served.log().includes('still serving the previous version') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(served.log()).toContain('cannot be served as it is: it was loaded by another version of saferboard');
      expect(served.log()).toContain(`npx saferboard upgrade --db ${db}`);
      for (const route of ROUTES) expect((await fetch(`${served.base}${route}`)).status, route).toBe(200);
      expect(readFileSync(db).equals(bytes)).toBe(true);
      expect(readdirSync(dirname(db))).toEqual(['test.duckdb']);
    } finally {
      await stop(served);
    }
  });
});
