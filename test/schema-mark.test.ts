import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { Database } from '../data/db.ts';
import { loadFiles, upgradeDatabase } from '../data/load.ts';
import { MPS_SAMPLE, query, tempDb } from './helpers.ts';

/** Runs statements on the file with DuckDB alone, as another program (or an older saferboard) would. */
async function raw(path: string, ...statements: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    for (const s of statements) await connection.run(s);
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Whether the database has the macro `ym` (queries/macros.sql), after a writable open of this saferboard. */
async function hasYmAfterOpen(path: string): Promise<boolean> {
  const db = await Database.open(path);
  try {
    return (await db.all(`SELECT 1 FROM duckdb_functions() WHERE function_name = 'ym' AND function_type = 'macro'`)).length > 0;
  } finally {
    db.close();
  }
}

// A writable open applies this saferboard's schema and macros unless the database says they are its own already
// (meta 'schema': their hash with the last load's id and meta.derived_version, written by every load and upgrade).
// The macro `ym` dropped by another program stands for a schema or macro an older saferboard applied over ours.
describe('the schema and macros on a writable open', () => {
  it('are not applied again to a database this saferboard loaded (its mark names the load and the derived tables)', async () => {
    const path = tempDb();
    await loadFiles([MPS_SAMPLE], { db: path });
    const [mark] = await query<{ value: string }>(path, `SELECT value FROM meta WHERE key = 'schema'`);
    const [{ derived }] = await query<{ derived: string }>(path, `SELECT value AS derived FROM meta WHERE key = 'derived_version'`);
    expect(mark!.value).toMatch(new RegExp(`^[0-9a-f]{16}:1:${derived.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    await raw(path, 'DROP MACRO ym');
    expect(await hasYmAfterOpen(path)).toBe(false);
  });

  it('are applied again after a load the mark does not name (an older saferboard loaded the file)', async () => {
    const path = tempDb();
    await loadFiles([MPS_SAMPLE], { db: path });
    await raw(path, 'DROP MACRO ym', `INSERT INTO loads (load_id) VALUES (2)`);
    expect(await hasYmAfterOpen(path)).toBe(true);
  });

  it('are applied again when the derived tables were built by another version (an older saferboard upgraded it)', async () => {
    const path = tempDb();
    await loadFiles([MPS_SAMPLE], { db: path });
    await raw(path, 'DROP MACRO ym', `UPDATE meta SET value = '6:0000000000000000:0000000000000000' WHERE key = 'derived_version'`);
    expect(await hasYmAfterOpen(path)).toBe(true);
  });

  it('are applied to a database without the mark, and a load and an upgrade leave one that matches', async () => {
    const path = tempDb();
    await loadFiles([MPS_SAMPLE], { db: path });
    await raw(path, 'DROP MACRO ym', `DELETE FROM meta WHERE key = 'schema'`);
    expect(await hasYmAfterOpen(path)).toBe(true);
    // an upgrade that rebuilds the derived tables writes the mark with its derived_version
    await raw(path, `UPDATE meta SET value = '6:0000000000000000:0000000000000000' WHERE key = 'derived_version'`);
    expect(await upgradeDatabase(path)).toMatch(/another version of saferboard/);
    await raw(path, 'DROP MACRO ym');
    expect(await hasYmAfterOpen(path)).toBe(false);
    // a second load writes the mark with its own id
    await loadFiles([MPS_SAMPLE], { db: path });
    const [mark] = await query<{ value: string }>(path, `SELECT value FROM meta WHERE key = 'schema'`);
    expect(mark!.value.split(':')[1]).toBe('2');
  });
});
