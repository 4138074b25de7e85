import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, checksum, cli, fixture, query, tempDb } from './helpers.ts';

interface Case {
  file: string;
  note: string;
  outcome: 'load' | 'error';
  match: string | null;
}
const manifest: Case[] = JSON.parse(readFileSync(fixture('bad/manifest.json'), 'utf8'));
/** Rows each loadable file holds, counted by hand from the file. */
const ROWS: Record<string, number> = {
  '03-header-only-mps.csv': 0,
  '04-header-only-policeuk.csv': 0,
  '05-bom-mps.csv': 2,
  '06-bom-policeuk.csv': 3,
  '07-crlf-mps.csv': 2,
  '08-crlf-policeuk.csv': 3,
  '09-semicolon-mps.csv': 2,
  '10-tab-policeuk.csv': 3,
  '11-windows-1252-mps.csv': 1,
  '12-latin1-policeuk.csv': 1,
  '13-quoted-commas-newlines-policeuk.csv': 3,
  '37-header-case-and-spaces-mps.csv': 1,
  '38-trailing-blank-lines-mps.csv': 2,
  '39-unmapped-crime-type-policeuk.csv': 1,
  '40-no-location-policeuk.csv': 1,
};

const meta = async (path: string) => {
  const db = await Database.open(path, { readOnly: true });
  const body = await (await createApp(db).request('/api/meta')).json();
  db.close();
  return body;
};

describe('the bad-input corpus', () => {
  let base: string;
  let baseSum: string;
  let baseMeta: unknown;
  beforeAll(async () => {
    base = tempDb();
    await loadFiles([MPS_SAMPLE], { db: base });
    baseSum = await checksum(base);
    baseMeta = await meta(base);
  });

  it('has at least 30 files, each with a note', () => {
    expect(manifest.length).toBeGreaterThanOrEqual(30);
    for (const c of manifest) expect(c.note.length).toBeGreaterThan(10);
  });

  const failures = manifest.filter((c) => c.outcome === 'error');
  it.each(failures.map((c) => [c.file, c] as const))('%s: exit 2 with file, line and reason; database unchanged', async (_, c) => {
    const before = readFileSync(base);
    const r = cli(['load', '--db', base, fixture(`bad/${c.file}`)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`bad/${c.file}`);
    expect(r.stderr).toMatch(new RegExp(c.match!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\\\d', '\\d')));
    expect(readFileSync(base).equals(before)).toBe(true); // byte for byte
    expect(await checksum(base)).toBe(baseSum);
    expect(await meta(base)).toEqual(baseMeta);
  });

  const loads = manifest.filter((c) => c.outcome === 'load');
  it.each(loads.map((c) => [c.file, c] as const))('%s: loads correctly', async (_, c) => {
    const db = join(dirname(tempDb()), 'copy.duckdb');
    copyFileSync(base, db);
    const summary = await loadFiles([fixture(`bad/${c.file}`)], { db });
    const f = summary.files[0]!;
    expect(f.rows).toBe(ROWS[c.file]);
    const messages = [...f.warnings, ...f.unmapped.map((u) => `label "${u.label}" is not in data/reference/categories.csv`)];
    if (f.noLocation) messages.push(`${f.noLocation} rows with no location`);
    if (c.match) expect(messages.join('\n')).toContain(c.match);
    if (c.file.includes('-mps') && f.rows > 0) {
      const [row] = await query<{ n: number }>(
        db,
        `SELECT sum(count)::INTEGER AS n FROM mps_counts WHERE area_code = 'E09000003' AND month = DATE '2018-01-01'`,
      );
      expect(row!.n).toBe(5); // every MPS fixture has Barnet = 5 in 201801
    }
  });

  it('reads quoted commas and newlines into the right fields', async () => {
    const db = tempDb();
    await loadFiles([fixture('bad/13-quoted-commas-newlines-policeuk.csv')], { db });
    const rows = await query<{ location: string; outcome: string }>(db, `SELECT location, outcome FROM policeuk_incidents WHERE crime_id = 'abc2'`);
    expect(rows).toEqual([{ location: 'On or near Foo, Bar\nRoad', outcome: 'Under investigation, pending' }]);
    const latin = tempDb();
    await loadFiles([fixture('bad/12-latin1-policeuk.csv')], { db: latin });
    expect(await query(latin, `SELECT location FROM policeuk_incidents`)).toEqual([{ location: 'On or near Café Street' }]);
  });

  it('loads a 10 MB single field', async () => {
    const file = join(dirname(tempDb()), 'huge-field.csv');
    const header = readFileSync(fixture('bad/04-header-only-policeuk.csv'), 'utf8');
    const big = 'x'.repeat(10 * 1024 * 1024);
    writeFileSync(file, `${header}abc1,2018-01,Metropolitan Police Service,,-0.2,51.6,On or near Foo,E01000115,Barnet 001A,Burglary,,"${big}"\n`);
    const db = tempDb();
    await loadFiles([file], { db });
    expect(await query(db, `SELECT length(context)::INTEGER AS n FROM policeuk_incidents`)).toEqual([{ n: big.length }]);
  });

  it('loads a long row among other files once, and still names the line of a malformed long-row file', async () => {
    // a row over the reader's default limit (2 MB) rolls the load back and loads every file again with a larger one
    const dir = dirname(tempDb());
    const header = readFileSync(fixture('bad/04-header-only-policeuk.csv'), 'utf8');
    const row = (id: string, month: string, context = '') =>
      `${id},${month},Metropolitan Police Service,,-0.2,51.6,On or near Foo,E01000115,Barnet 001A,Burglary,,"${context}"\n`;
    const big = 'y'.repeat(3 * 1024 * 1024);
    const before = join(dir, '2017-12-metropolitan-street.csv');
    const plain = join(dir, '2018-02-metropolitan-street.csv');
    const long = join(dir, '2018-01-metropolitan-street.csv');
    writeFileSync(before, header + row('a0', '2017-12'));
    writeFileSync(plain, header + row('b1', '2018-02') + row('b2', '2018-02'));
    writeFileSync(long, header + row('c1', '2018-01') + row('c2', '2018-01', big) + row('c3', '2018-01'));
    const db = tempDb();
    await loadFiles([before], { db });
    const summary = await loadFiles([plain, long], { db });
    expect(summary.loadId).toBe(2);
    expect(summary.files.map((f) => f.rows).sort()).toEqual([2, 3]);
    expect(await query(db, `SELECT crime_id, length(context)::INTEGER AS n FROM policeuk_incidents ORDER BY crime_id`)).toEqual([
      { crime_id: 'a0', n: 0 }, { crime_id: 'b1', n: 0 }, { crime_id: 'b2', n: 0 },
      { crime_id: 'c1', n: 0 }, { crime_id: 'c2', n: big.length }, { crime_id: 'c3', n: 0 },
    ].map((r) => (r.n === 0 ? { ...r, n: null } : r)));
    expect(await query(db, `SELECT load_id FROM loads ORDER BY 1`)).toEqual([{ load_id: 1 }, { load_id: 2 }]);

    const bad = join(dir, '2018-03-metropolitan-street.csv');
    writeFileSync(bad, header + row('d1', '2018-03', big) + row('d2', '2018-13'));
    const sum = await checksum(db);
    await expect(loadFiles([bad], { db })).rejects.toThrow(/2018-03-metropolitan-street\.csv:3: expected Month as YYYY-MM, found "2018-13"/);
    expect(await checksum(db)).toBe(sum);
  });
});
