import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../data/db.ts';
import { loadFiles, rebuildDerived, type LoadSummary } from '../data/load.ts';
import { MPS_SAMPLE, POLICEUK_SAMPLE, SAMPLE, tempDb } from './helpers.ts';

/**
 * A load rebuilds the derived tables only where it changed rows (data/incremental.sql). Loading the samples in pieces
 * and out of order — later months first, a month replaced by a changed file, one local extract then another, an
 * incident moved to another month — must leave every derived table exactly as a full rebuild of the same rows does.
 */

const DERIVED: Record<string, string> = {
  monthly_counts: 'SELECT * FROM monthly_counts',
  monthly_shares: 'SELECT * FROM monthly_shares',
  category_coverage: 'SELECT * FROM category_coverage',
  local_indicator_members: 'SELECT * FROM local_indicator_members',
  policeuk_current_outcomes: 'SELECT * FROM policeuk_current_outcomes',
  slice_classification: `SELECT source, slice, month, classification FROM slices`,
};

type Row = Record<string, string>;
const parse = (text: string) => Papa.parse<Row>(text, { header: true, skipEmptyLines: true });
const write = (file: string, fields: string[], rows: Row[]) => writeFileSync(file, Papa.unparse({ fields, data: rows.map((r) => fields.map((f) => r[f] ?? '')) }));

async function dump(db: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [name, sql] of Object.entries(DERIVED))
    out[name] = (await db.all(`${sql} ORDER BY ALL`)).map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
  return out;
}

/** The derived tables of the database as it is, and as a full rebuild on a copy of it makes them. */
async function incrementalAndFull(path: string) {
  const db = await Database.open(path, { readOnly: true });
  const incremental = await dump(db).finally(() => db.close());
  const copy = `${path}.full.duckdb`;
  copyFileSync(path, copy);
  const full = await Database.open(copy);
  try {
    await full.run('BEGIN TRANSACTION');
    await rebuildDerived(full);
    await full.run('COMMIT');
    return { incremental, full: await dump(full) };
  } finally {
    full.close();
  }
}

/** Each table's rows the incremental path has and the full rebuild has not, and the other way round (a few of each). */
function expectSame(incremental: Record<string, string[]>, full: Record<string, string[]>) {
  for (const name of Object.keys(DERIVED)) {
    const a = new Set(incremental[name]);
    const b = new Set(full[name]);
    const extra = incremental[name]!.filter((r) => !b.has(r)).slice(0, 5);
    const missing = full[name]!.filter((r) => !a.has(r)).slice(0, 5);
    expect({ name, extra, missing }).toEqual({ name, extra: [], missing: [] });
    // a row repeated a different number of times
    expect(incremental[name]!.length, `${name} rows`).toBe(full[name]!.length);
  }
}

describe('derived tables rebuilt incrementally', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saferboard-incr-'));
  const f = (name: string) => join(dir, name);
  const db = tempDb();
  const summaries: LoadSummary[] = [];
  const load = async (inputs: string[]) => summaries.push(await loadFiles(inputs, { db }));

  beforeAll(async () => {
    // MPS: 2018 first, then 2017, then 2018-06 republished with other counts
    const mps = parse(readFileSync(MPS_SAMPLE, 'utf8'));
    const keys = mps.meta.fields!.slice(0, 3);
    const months = mps.meta.fields!.slice(3);
    write(f('mps-2018.csv'), [...keys, ...months.filter((m) => m.startsWith('2018'))], mps.data);
    write(f('mps-2017.csv'), [...keys, ...months.filter((m) => m.startsWith('2017'))], mps.data);
    write(f('mps-201806.csv'), [...keys, '201806'], mps.data.map((r, i) => ({ ...r, 201806: String(Number(r['201806']) + (i % 3)) })));

    // local: Barnet's 2018 first, then 2017; then March 2018 again with a third of it gone, other victims and an
    // incident of May moved into March; then a Camden extract
    const local = parse(gunzipSync(readFileSync(join(SAMPLE, 'local/barnet-local-2017-2018.csv.gz'))).toString('utf8'));
    const fields = local.meta.fields!;
    write(f('barnet-2018.csv'), fields, local.data.filter((r) => r.date! >= '2018-01-01'));
    write(f('barnet-2017.csv'), fields, local.data.filter((r) => r.date! < '2018-01-01'));
    const march = local.data.filter((r) => r.date!.startsWith('2018-03')).filter((_r, i) => i % 3 !== 0)
      .map((r, i) => (i % 5 === 0 ? { ...r, victim_id: `V-MOVED-${i % 7}` } : r));
    const moved = local.data.filter((r) => r.date!.startsWith('2018-05') && r.victim_id).slice(0, 20).map((r) => ({ ...r, date: '2018-03-15' }));
    write(f('barnet-2018-03.csv'), fields, [...march, ...moved]);
    write(
      f('camden.csv'),
      fields,
      local.data.filter((_r, i) => i % 9 === 0).map((r) => ({ ...r, incident_id: `CAM-${r.incident_id}`, area: 'Camden' })),
    );

    // police.uk: March, then January, then February; then January's outcomes and stop and search and February's Met
    // street file again, each with rows dropped
    mkdirSync(f('policeuk-again'));
    const jan = parse(readFileSync(join(POLICEUK_SAMPLE, '2018-01/2018-01-metropolitan-outcomes.csv'), 'utf8'));
    write(f('policeuk-again/2018-01-metropolitan-outcomes.csv'), jan.meta.fields!, jan.data.filter((_r, i) => i % 2 === 0));
    const feb = parse(readFileSync(join(POLICEUK_SAMPLE, '2018-02/2018-02-metropolitan-street.csv'), 'utf8'));
    write(f('policeuk-again/2018-02-metropolitan-street.csv'), feb.meta.fields!, feb.data.filter((_r, i) => i % 4 !== 0));
    const ss = parse(readFileSync(join(POLICEUK_SAMPLE, '2018-01/2018-01-metropolitan-stop-and-search.csv'), 'utf8'));
    write(f('policeuk-again/2018-01-metropolitan-stop-and-search.csv'), ss.meta.fields!, ss.data.filter((_r, i) => i % 3 !== 0));

    await load([f('mps-2018.csv'), f('barnet-2018.csv'), join(POLICEUK_SAMPLE, '2018-03')]);
    await load([f('barnet-2017.csv')]);
    await load([join(POLICEUK_SAMPLE, '2018-01')]);
    await load([f('mps-2017.csv'), join(POLICEUK_SAMPLE, '2018-02')]);
    await load([f('mps-201806.csv')]);
    await load([f('barnet-2018-03.csv')]);
    await load([f('camden.csv')]);
    await load([f('policeuk-again')]);
  }, 300_000);

  it('the first load into an empty database builds them in full, every later one only where it changed rows', () => {
    expect(summaries.map((s) => s.derived)).toEqual(['full', ...Array(7).fill('incremental')]);
    expect(summaries[5]!.files[0]!.warnings.join(' ')).toMatch(/loaded before in other months/);
  });

  it('leaves every derived table as a full rebuild of the same rows', async () => {
    const { incremental, full } = await incrementalAndFull(db);
    // the comparison is not empty: every table has rows, and 2018 incidents look back into 2017 (loaded after them)
    for (const name of Object.keys(DERIVED)) expect(full[name]!.length, name).toBeGreaterThan(0);
    const back = full.local_indicator_members!.map((r) => JSON.parse(r) as Record<string, string | null>)
      .filter((m) => m.date! >= '2018-01-01' && m.victim_before !== null && m.victim_before! < '2018-01-01');
    expect(back.length).toBeGreaterThan(0);
    expectSame(incremental, full);
  });

  it('keeps every (area, force) pair of the placed street rows in policeuk_area_forces, which incident_places reads', async () => {
    // a pair may outlive its rows (a replaced slice), never be missing: a missing one would drop that force's rows
    const pairs = `SELECT DISTINCT area_code, reported_by FROM policeuk_counted`;
    const db2 = await Database.open(db, { readOnly: true });
    try {
      const all = await db2.all(pairs);
      expect(all.length).toBeGreaterThan(0);
      expect(await db2.all(`${pairs} EXCEPT SELECT area_code, reported_by FROM policeuk_area_forces`)).toEqual([]);
    } finally {
      db2.close();
    }
  });
});
