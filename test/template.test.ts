import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadFiles } from '../data/load.ts';
import { Database } from '../data/db.ts';
import { buildTemplate, refreshReferenceIfChanged, seedFromTemplate, templateKey, templatePath } from '../data/template.ts';
import { fixture, query, SAMPLE, tempDb } from './helpers.ts';

/**
 * A load that creates a database starts from a copy of the reference template (data/template.ts) when one is built.
 * The database it leaves must be the one a load without the template leaves: every table, row for row.
 */

/** Every table's rows in `a` and not in `b`, and the other way round (the load log and its timestamp left out). */
async function differences(a: string, b: string): Promise<Record<string, [number, number]>> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    await c.run(`ATTACH '${a}' AS a (READ_ONLY); ATTACH '${b}' AS b (READ_ONLY)`);
    const tables = (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE database_name = 'a' ORDER BY 1`))
      .getRowObjectsJson()
      .map((r) => String(r.table_name));
    const other = (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE database_name = 'b' ORDER BY 1`))
      .getRowObjectsJson()
      .map((r) => String(r.table_name));
    expect(other).toEqual(tables);
    const out: Record<string, [number, number]> = {};
    for (const t of tables.filter((t) => t !== 'loads')) {
      const rows = (db: string) => `SELECT * FROM ${db}.${t}${t === 'meta' ? ` WHERE key <> 'last_load'` : ''}`;
      const r = (
        await c.runAndReadAll(
          `SELECT (SELECT count(*) FROM (${rows('a')} EXCEPT ALL ${rows('b')}))::INTEGER AS ab,
                  (SELECT count(*) FROM (${rows('b')} EXCEPT ALL ${rows('a')}))::INTEGER AS ba,
                  (SELECT count(*) FROM (${rows('a')}))::INTEGER AS n`,
        )
      ).getRowObjectsJson()[0]!;
      out[t] = [Number(r.ab), Number(r.ba)];
      if (t === 'lsoas' || t === 'areas' || t === 'policeuk_incidents') expect(Number(r.n), `${t} has rows`).toBeGreaterThan(0);
    }
    return out;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

describe('the reference template', () => {
  beforeAll(async () => {
    await buildTemplate(); // built by the global setup already; builds it if not
  }, 120_000);
  afterEach(() => {
    delete process.env.SAFERBOARD_TEMPLATE;
  });

  it('is built for this saferboard, and a new database path is seeded from it (never an existing one)', () => {
    expect(existsSync(templatePath())).toBe(true);
    expect(templatePath()).toContain(`reference-${templateKey()}.duckdb`);
    const path = tempDb();
    expect(seedFromTemplate(path)).toBe(true);
    expect(existsSync(path)).toBe(true);
    expect(seedFromTemplate(path)).toBe(false); // there is a file now: never replaced
    rmSync(path);
    process.env.SAFERBOARD_TEMPLATE = 'off';
    expect(seedFromTemplate(path)).toBe(false);
    expect(existsSync(path)).toBe(false);
  });

  it('gives the database a load without it gives: every table the same, row for row', async () => {
    const inputs = [SAMPLE];
    // in one folder: the two share the pseudonymisation key beside them (.saferboard-secret), so the local extract's
    // pseudonymised identifiers are the same
    const seeded = tempDb();
    const built = join(dirname(seeded), 'built.duckdb');
    await loadFiles(inputs, { db: seeded });
    process.env.SAFERBOARD_TEMPLATE = 'off';
    await loadFiles(inputs, { db: built });
    // and a second load into each (a database made from the template takes later loads as any other does)
    delete process.env.SAFERBOARD_TEMPLATE;
    const more = [`${SAMPLE}/police-uk/2018-02`];
    await loadFiles(more, { db: seeded });
    await loadFiles(more, { db: built });
    const diff = await differences(seeded, built);
    const differing = Object.entries(diff).filter(([, [ab, ba]]) => ab || ba);
    expect(differing).toEqual([]);
    expect(Object.keys(diff)).toEqual(expect.arrayContaining(['areas', 'lsoas', 'lsoa_areas', 'population', 'monthly_counts']));
  }, 180_000);

  it('a load rebuilds the reference tables only when they were built for another key, and a rebuild changes no row', async () => {
    // an area a load added (--allow-unknown-areas) is kept by a rebuild, with its aliases
    const db = tempDb();
    await loadFiles([fixture('mps/unknown-area.csv'), `${SAMPLE}/police-uk/2018-02`], { db, allowUnknownAreas: true });
    const key = async (path: string) => (await query<{ value: string }>(path, `SELECT value FROM meta WHERE key = 'reference_key'`))[0]?.value;
    expect(await key(db)).toBe(templateKey());
    const loaded = await query<{ code: string }>(db, `SELECT code FROM areas WHERE origin = 'loaded'`);
    expect(loaded.length).toBeGreaterThan(0);
    const before = join(dirname(db), 'before.duckdb');
    copyFileSync(db, before);
    const open = await Database.open(db);
    try {
      await open.run('BEGIN TRANSACTION');
      expect(await refreshReferenceIfChanged(open)).toBe(false); // the same key: nothing rebuilt
      expect(await refreshReferenceIfChanged(open, 'another saferboard')).toBe(true);
      expect(await refreshReferenceIfChanged(open, 'another saferboard')).toBe(false);
      await open.run('COMMIT');
    } finally {
      open.close();
    }
    expect(await key(db)).toBe('another saferboard');
    // every reference table row for row as the first build left it (the key apart)
    const diff = await differences(db, before);
    expect(diff.meta).toEqual([1, 1]);
    expect(Object.entries(diff).filter(([t, [ab, ba]]) => t !== 'meta' && (ab || ba))).toEqual([]);
    expect(Object.keys(diff)).toEqual(expect.arrayContaining(['areas', 'area_aliases', 'category_map', 'lsoas', 'wards']));
    for (const { code } of loaded)
      expect(await query(db, `SELECT alias FROM area_aliases WHERE code = $code ORDER BY 1`, { code })).toEqual(
        await query(before, `SELECT alias FROM area_aliases WHERE code = $code ORDER BY 1`, { code }),
      );
  }, 120_000);
});
