import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database, SCHEMA_KEY } from '../data/db.ts';
import { readHeader } from '../data/text.ts';
import { tempDb } from './helpers.ts';

/**
 * A writable open brings a database up to this saferboard's schema and macros, and skips them when the database says
 * it has them (meta.schema_key, data/db.ts): a load's copy of a served database, or of the reference template.
 */
describe('a writable open applies the schema and macros unless the database has them', () => {
  const macro = async (db: Database) => (await db.all(`SELECT count(*)::INTEGER AS n FROM duckdb_functions() WHERE function_name = 'ym_text'`))[0]!.n;
  const key = async (db: Database) => (await db.all(`SELECT value FROM meta WHERE key = 'schema_key'`))[0]?.value ?? null;

  it('a new file gets them, and the key naming them', async () => {
    const path = tempDb();
    const db = await Database.open(path);
    try {
      expect(await macro(db)).toBe(1);
      expect(await key(db)).toBe(SCHEMA_KEY);
    } finally {
      db.close();
    }
  });

  it('a database with another key (another saferboard or DuckDB) gets them again; one with this key is left as it is', async () => {
    const path = tempDb();
    let db = await Database.open(path);
    await db.run(`DROP MACRO ym_text`);
    await db.run(`UPDATE meta SET value = 'another-version' WHERE key = 'schema_key'`);
    db.close();
    db = await Database.open(path);
    try {
      expect(await macro(db), 'the macro made again').toBe(1);
      expect(await key(db)).toBe(SCHEMA_KEY);
      // the key is the database's word that nothing is missing: a writable open then runs nothing
      await db.run(`DROP MACRO ym_text`);
    } finally {
      db.close();
    }
    db = await Database.open(path);
    try {
      expect(await macro(db)).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('readHeader reads the first line only', () => {
  const file = (text: string | Buffer) => {
    const path = join(mkdtempSync(join(tmpdir(), 'saferboard-')), 'f.csv');
    writeFileSync(path, text);
    return path;
  };

  it('with a byte-order mark, CRLF line ends and quoted fields', () => {
    expect(readHeader(file('\uFEFFCrime ID,"Month",  Reported by \r\nx,2018-01,Met\r\n'))).toEqual(['Crime ID', 'Month', 'Reported by']);
  });

  it('a header longer than the first 4 KB read, and a file of one line with no line end', () => {
    const long = Array.from({ length: 600 }, (_, i) => `column_${i}`);
    expect(readHeader(file(`${long.join(',')}\n1,2\n`))).toEqual(long);
    expect(readHeader(file('a,b,c'))).toEqual(['a', 'b', 'c']);
  });

  it('a multi-byte character across the 4 KB boundary is read whole', () => {
    const names = [`${'x'.repeat(4095)}é`, 'Month'];
    expect(readHeader(file(`${names.join(',')}\nq,w\n`))).toEqual(names);
  });
});
