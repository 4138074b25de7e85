import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { checksum, cli, fixture, query, tempDb } from './helpers.ts';

const write = (db: string, name: string, text: string) => {
  const file = join(dirname(db), name);
  writeFileSync(file, text);
  return file;
};

type Row = Record<string, unknown>;
const incidents = (db: string) =>
  query<Row>(
    db,
    `SELECT incident_id, strftime(date, '%Y-%m-%d') AS date, area_code, category_ids, type, domestic_abuse, knife, injury,
            hate_strands, victim_age, outcome, victim_key, location_key, ward
     FROM local_incidents ORDER BY incident_id`,
  );

describe('local format', () => {
  it('reads DD/MM/YYYY (day first) and YYYY-MM-DD dates, and every boolean spelling', async () => {
    const db = tempDb();
    const spellings = ['Y', 'N', 'y', 'n', 'Yes', 'No', 'YES', 'no', 'true', 'false', 'TRUE', 'False', '1', '0', ''];
    const truth = [true, false, true, false, true, false, true, false, true, false, true, false, true, false, false];
    const rows = spellings.map(
      (s, i) => `B${String(i).padStart(2, '0')},03/04/2018,Burglary - Residential,Barnet,${s},${s},${s}`,
    );
    rows.push('B99,2018-04-30,Burglary - Residential,Barnet,,,');
    const file = write(db, 'flags.csv', `INCIDENT_ID,Date,category,AREA,domestic_abuse,knife,injury\n${rows.join('\n')}\n`);
    const summary = await loadFiles([file], { db });
    expect(summary.files[0]!.format).toBe('local'); // auto-detected from the header
    const got = await incidents(db);
    expect(got).toHaveLength(16);
    for (const [i, expected] of truth.entries()) {
      const r = got[i]!;
      expect(r.date).toBe('2018-04-03'); // 03/04/2018 is 3 April
      expect([r.domestic_abuse, r.knife, r.injury]).toEqual([expected, expected, expected]);
    }
    expect(got[15]!.date).toBe('2018-04-30');
  });

  it('rejects an unknown boolean and an impossible date, naming file, line and value; the database is unchanged', async () => {
    const db = tempDb();
    const good = write(db, 'good.csv', 'incident_id,date,category,area\nA1,2018-01-01,Burglary,Barnet\n');
    await loadFiles([good], { db });
    const before = await checksum(db);
    const badFlag = write(db, 'bad-flag.csv', 'incident_id,date,category,area,knife\nA2,2018-01-01,Burglary,Barnet,maybe\n');
    await expect(loadFiles([badFlag], { db })).rejects.toThrow(/bad-flag\.csv:2: expected knife as Y\/N.*"maybe"/);
    const badDate = write(db, 'bad-date.csv', 'incident_id,date,category,area\nA3,31/02/2018,Burglary,Barnet\n');
    await expect(loadFiles([badDate], { db })).rejects.toThrow(/bad-date\.csv:2: expected date .*"31\/02\/2018"/);
    expect(await checksum(db)).toBe(before);
  });

  it('keeps the later row of a duplicate incident_id and reports it', async () => {
    const db = tempDb();
    const file = write(
      db,
      'dups.csv',
      'incident_id,date,category,area,victim_age\nD1,2018-01-05,Burglary,Barnet,30\nD2,2018-01-06,Burglary,Barnet,31\nD1,2018-02-07,Robbery,Barnet,32\n',
    );
    const summary = await loadFiles([file], { db });
    const got = await incidents(db);
    expect(got.map((r) => [r.incident_id, r.date, r.victim_age])).toEqual([
      ['D1', '2018-02-07', 32],
      ['D2', '2018-01-06', 31],
    ]);
    expect(summary.files[0]!.rows).toBe(2);
    expect(summary.files[0]!.warnings.join('\n')).toMatch(/incident_id "D1" appears on lines 2, 4: kept the later row \(line 4\)/);
    // a later load with the same incident in another month keeps the newer row, and says so
    const later = write(db, 'later.csv', 'incident_id,date,category,area\nD2,2018-05-01,Burglary,Barnet\n');
    const again = await loadFiles([later], { db });
    expect((await incidents(db)).filter((r) => r.incident_id === 'D2').map((r) => r.date)).toEqual(['2018-05-01']);
    expect(again.files[0]!.warnings.join('\n')).toMatch(/1 incident_ids were loaded before in other months/);
  });

  it('replaces (area, type, month) slices from first to last month, so an empty month inside an extract is a zero', async () => {
    const db = tempDb();
    const first = write(
      db,
      'first.csv',
      'incident_id,date,category,area\nC1,2018-01-10,Burglary,Barnet\nC2,2018-02-10,Burglary,Barnet\nC3,2018-03-10,Burglary,Barnet\nS1,2018-02-11,ASB - Nuisance,Barnet\n',
    );
    await loadFiles([first], { db });
    // a revised crime extract for January..March with no February burglary; the ASB row is untouched
    const revised = write(db, 'revised.csv', 'incident_id,date,category,area\nC1,2018-01-10,Burglary,Barnet\nC3,2018-03-12,Burglary,Barnet\n');
    const summary = await loadFiles([revised], { db });
    expect(summary.files[0]!.replaced).toBe(3);
    expect((await incidents(db)).map((r) => r.incident_id)).toEqual(['C1', 'C3', 'S1']);
    const cov = await query<{ month: string }>(
      db,
      `SELECT strftime(month, '%Y-%m') AS month FROM coverage WHERE source = 'local' AND area_code = 'E09000003' ORDER BY 1`,
    );
    expect(cov.map((r) => r.month)).toEqual(['2018-01', '2018-02', '2018-03']);
    const feb = await query<{ n: number }>(
      db,
      `SELECT coalesce(sum(count), 0)::INTEGER AS n FROM monthly_counts WHERE source = 'local' AND category_id = 'burglary' AND month = DATE '2018-02-01'`,
    );
    expect(feb[0]!.n).toBe(0);
  });

  it('loads an extract with other column names through --mapping, recoding values', async () => {
    const db = tempDb();
    const r = cli(['load', '--db', db, '--mapping', fixture('local/cris-mapping.json'), fixture('local/cris-extract.csv')]);
    expect(r.stderr).toMatch(/cris-extract\.csv \[local\]: 5 rows added/);
    expect(r.code).toBe(0);
    const got = await incidents(db);
    const byId = Object.fromEntries(got.map((g) => [g.incident_id, g]));
    // by hand from test/fixtures/local/cris-extract.csv and cris-mapping.json
    expect(byId['5201234/18']).toMatchObject({ date: '2018-01-02', domestic_abuse: false, knife: false, outcome: 'NFA' });
    expect(byId['5201234/18']!.category_ids).toEqual(['burglary-residential', 'burglary', 'mopac7']);
    expect(byId['5201240/18']).toMatchObject({ date: '2018-01-14', domestic_abuse: true, knife: true, injury: true, area_code: 'E09000003' });
    expect(byId['5201299/18']).toMatchObject({ date: '2018-04-03', knife: false });
    expect(byId['5201300/18']).toMatchObject({ hate_strands: ['race'], knife: true, injury: false, victim_age: 17 });
    expect(byId['5201300/18']!.category_ids).toEqual(['robbery-personal', 'robbery', 'mopac7']);
    expect(byId['5201312/18']).toMatchObject({ hate_strands: ['sexual-orientation'], victim_key: null, victim_age: null });
    expect(byId['5201240/18']!.victim_key).toBe(byId['5201299/18']!.victim_key);
    expect(String(byId['5201240/18']!.victim_key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an invalid mapping fails before loading, naming the bad key; exit 2 and nothing written', () => {
    const db = tempDb();
    const bad = cli(['load', '--db', db, '--mapping', fixture('local/bad-mapping.json'), fixture('local/cris-extract.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad-mapping\.json: invalid mapping at columns\["CRIS Ref"\]: unknown column "incident_ref"/);
    const key = cli(['load', '--db', db, '--mapping', fixture('local/bad-mapping-key.json'), fixture('local/cris-extract.csv')]);
    expect(key.code).toBe(2);
    expect(key.stderr).toMatch(/invalid mapping at colums: unknown key/);
    expect(existsSync(db)).toBe(false);
  });

  it('without a mapping, a missing required column is named', async () => {
    const db = tempDb();
    await expect(loadFiles([fixture('local/cris-extract.csv')], { db, format: 'local' })).rejects.toThrow(
      /missing column "incident_id"/,
    );
  });

  it('creates the key file beside the database with owner-only permissions; SAFERBOARD_SECRET changes the pseudonyms', async () => {
    const db = tempDb();
    const text = 'incident_id,date,category,area,victim_id\nK1,2018-01-01,Burglary,Barnet,PERSON-1\n';
    const file = write(db, 'k.csv', text);
    await loadFiles([file], { db });
    const keyFile = join(dirname(db), '.saferboard-secret');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const first = (await incidents(db))[0]!.victim_key;
    const db2 = tempDb();
    process.env.SAFERBOARD_SECRET = 'a-test-secret-of-enough-length';
    try {
      await loadFiles([write(db2, 'k.csv', text)], { db: db2 });
    } finally {
      delete process.env.SAFERBOARD_SECRET;
    }
    expect(existsSync(join(dirname(db2), '.saferboard-secret'))).toBe(false);
    const second = (await incidents(db2))[0]!.victim_key;
    expect(second).toMatch(/^[0-9a-f]{64}$/);
    expect(second).not.toBe(first);
    expect(readFileSync(keyFile, 'utf8')).not.toContain('PERSON-1');
  });

  it('loads manual indicator values (the indicators format) and rejects an unknown indicator', async () => {
    const db = tempDb();
    const summary = await loadFiles([fixture('local/manual-indicators.csv')], { db });
    expect(summary.files[0]!.format).toBe('indicators');
    const rows = await query(db, `SELECT indicator_id, area_code, strftime(period_end, '%Y-%m') AS p, value, target FROM manual_values ORDER BY ALL`);
    expect(rows).toEqual([
      { indicator_id: 'prevent-training', area_code: 'E09000003', p: '2018-12', value: 412, target: null },
      { indicator_id: 'proven-reoffending', area_code: 'E09000003', p: '2018-09', value: 27.1, target: null },
      { indicator_id: 'public-confidence', area_code: 'E09000003', p: '2017-12', value: 66.5, target: 70 },
      { indicator_id: 'public-confidence', area_code: 'E09000003', p: '2018-12', value: 72, target: 70 },
    ]);
    const bad = write(db, 'bad-ind.csv', 'indicator_id,area,period_end,value\npublic-confidense,Barnet,2018-12,70\n');
    await expect(loadFiles([bad], { db })).rejects.toThrow(/bad-ind\.csv:2: unknown manual indicator "public-confidense"/);
  });
});
