import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { POLICEUK_SAMPLE, query, readCsv, tempDb } from './helpers.ts';

const allRows = () =>
  readdirSync(POLICEUK_SAMPLE, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('-street.csv'))
    .flatMap((f) => readCsv(join(POLICEUK_SAMPLE, f)));

describe('data.police.uk street-level files', () => {
  let db: string;
  let summary: Awaited<ReturnType<typeof loadFiles>>;
  beforeAll(async () => {
    db = tempDb();
    // the archive layout as it is: YYYY-MM/YYYY-MM-<force>-street.csv
    summary = await loadFiles([POLICEUK_SAMPLE], { db });
  });

  it('loads every row of the archive folder, crime and ASB, and counts no-location rows', async () => {
    const rows = allRows();
    const [loaded] = await query<{ n: number; asb: number; noloc: number }>(
      db,
      `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE crime_id IS NULL)::INTEGER AS asb,
              count(*) FILTER (WHERE area_code = 'NO-LOCATION')::INTEGER AS noloc FROM policeuk_incidents`,
    );
    expect(loaded!.n).toBe(rows.length);
    expect(loaded!.asb).toBe(rows.filter((r) => r['Crime ID'] === '').length);
    const noLocation = rows.filter((r) => r['LSOA code'] === '').length;
    expect(noLocation).toBeGreaterThan(0);
    expect(loaded!.noloc).toBe(noLocation);
    expect(summary.files.filter((f) => f.kind === 'street').reduce((s, f) => s + f.noLocation, 0)).toBe(noLocation);
    expect(summary.files.filter((f) => f.kind === 'street')).toHaveLength(6);
  });

  it("counts Camden's January 2018 burglary from both forces by LSOA, not by force", async () => {
    const expected = allRows().filter(
      (r) => r['Month'] === '2018-01' && r['Crime type'] === 'Burglary' && r['LSOA name']!.startsWith('Camden '),
    ).length;
    const [row] = await query<{ n: number }>(
      db,
      `SELECT sum(count)::INTEGER AS n FROM monthly_counts
       WHERE source = 'policeuk' AND area_code = 'E09000007' AND category_id = 'burglary' AND month = DATE '2018-01-01'`,
    );
    expect(row!.n).toBe(expected);
    // City of London Police rows in Camden LSOAs count for Camden
    const cityInCamden = allRows().filter(
      (r) => r['Reported by'] === 'City of London Police' && r['LSOA name']!.startsWith('Camden '),
    ).length;
    expect(cityInCamden).toBeGreaterThan(0);
    const [city] = await query<{ n: number }>(
      db,
      `SELECT count(*)::INTEGER AS n FROM policeuk_incidents WHERE reported_by = 'City of London Police' AND area_code = 'E09000007'`,
    );
    expect(city!.n).toBe(cityInCamden);
  });

  it('counts ASB for the City of London from the ASB rows', async () => {
    const expected = allRows().filter(
      (r) => r['Crime type'] === 'Anti-social behaviour' && r['LSOA name']!.startsWith('City of London '),
    ).length;
    const [row] = await query<{ n: number }>(
      db,
      `SELECT sum(count)::INTEGER AS n FROM monthly_counts WHERE source = 'policeuk' AND area_code = 'E09000001' AND category_id = 'asb'`,
    );
    expect(row!.n).toBe(expected);
  });

  it('trims spaces (and no-break spaces) around fields; a 2011 LSOA code not in the reference goes by its name', async () => {
    const path = tempDb();
    const file = join(dirname(path), '2018-01-metropolitan-street.csv');
    const nbsp = '\u00a0';
    writeFileSync(
      file,
      [
        'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
        // padded month, force, code and crime type
        `a1, 2018-01 , Metropolitan Police Service ,Metropolitan Police Service,-0.2,51.6,On or near A Road, E01000115 ,Barnet 001A, Burglary ,,`,
        // a no-break space before the month and after the LSOA name, and a 2011 code (E01000000 is not a 2021 code)
        `a2,${nbsp}2018-01,Metropolitan Police Service,Metropolitan Police Service, -0.2 ,51.6,On or near A Road,E01000000,Camden 027B${nbsp},Burglary,,`,
        // an ASB row (no Crime ID), unpadded
        `,2018-01,Metropolitan Police Service,Metropolitan Police Service,-0.2,51.6,On or near A Road,E01000115,Barnet 001A,Anti-social behaviour,,`,
      ].join('\n') + '\n',
    );
    await loadFiles([file], { db: path });
    const rows = await query<Record<string, unknown>>(
      path,
      `SELECT crime_id, strftime(month, '%Y-%m') AS month, reported_by, lsoa_code, lsoa_name, crime_type, label_key, area_code, longitude
       FROM policeuk_incidents ORDER BY crime_id NULLS LAST`,
    );
    expect(rows).toEqual([
      { crime_id: 'a1', month: '2018-01', reported_by: 'Metropolitan Police Service', lsoa_code: 'E01000115', lsoa_name: 'Barnet 001A', crime_type: 'Burglary', label_key: '|burglary', area_code: 'E09000003', longitude: -0.2 },
      { crime_id: 'a2', month: '2018-01', reported_by: 'Metropolitan Police Service', lsoa_code: 'E01000000', lsoa_name: 'Camden 027B', crime_type: 'Burglary', label_key: '|burglary', area_code: 'E09000007', longitude: -0.2 },
      { crime_id: null, month: '2018-01', reported_by: 'Metropolitan Police Service', lsoa_code: 'E01000115', lsoa_name: 'Barnet 001A', crime_type: 'Anti-social behaviour', label_key: '|anti-social behaviour', area_code: 'E09000003', longitude: -0.2 },
    ]);
  });
});

describe('two street files of one force and month in one load', () => {
  it('keeps the later file (by path) and drops the earlier one, in the rows, the counts, the slices and the summary', async () => {
    const db = tempDb();
    const root = dirname(db);
    const source = join(POLICEUK_SAMPLE, '2018-01/2018-01-metropolitan-street.csv');
    const lines = readFileSync(source, 'utf8').split('\n').filter((l) => l !== '');
    // a/ holds the whole file; b/ (sorting later) a first cut of it: the later file is the one kept
    const kept = lines.slice(0, 1 + Math.floor((lines.length - 1) / 3));
    for (const [dir, text] of [['a', lines], ['b', kept]] as const) {
      mkdirSync(join(root, dir, '2018-01'), { recursive: true });
      writeFileSync(join(root, dir, '2018-01/2018-01-metropolitan-street.csv'), text.join('\n') + '\n');
    }
    const summary = await loadFiles([join(root, 'a'), join(root, 'b')], { db });
    const rows = readCsv(join(root, 'b/2018-01/2018-01-metropolitan-street.csv'));
    expect(rows.length).toBe(kept.length - 1);
    const [loaded] = await query<{ n: number; files: string[] }>(db, `SELECT count(*)::INTEGER AS n, list(DISTINCT file) AS files FROM policeuk_incidents`);
    expect(loaded!.n).toBe(rows.length);
    expect(loaded!.files.map(String)).toEqual([expect.stringContaining('b/2018-01/')]);
    const byFile = new Map(summary.files.map((f) => [f.file.includes('/b/') || f.file.startsWith('b/') ? 'b' : 'a', f]));
    expect(byFile.get('b')!.rows).toBe(rows.length);
    expect(byFile.get('a')!.rows).toBe(0);
    const [slice] = await query<{ rows: number; file: string }>(db, `SELECT rows::INTEGER AS rows, file FROM slices WHERE source = 'policeuk'`);
    expect(slice!.rows).toBe(rows.length);
    expect(slice!.file).toContain('b/2018-01/');
    // Barnet's burglaries that month, from the kept file's rows by LSOA name
    const burglary = rows.filter((r) => r['Crime type'] === 'Burglary' && r['LSOA name']!.startsWith('Barnet ')).length;
    expect(burglary).toBeGreaterThan(0);
    const [count] = await query<{ n: number }>(
      db,
      `SELECT count::INTEGER AS n FROM monthly_counts WHERE source = 'policeuk' AND area_code = 'E09000003' AND category_id = 'burglary' AND month = DATE '2018-01-01'`,
    );
    expect(count!.n).toBe(burglary);
  });
});
