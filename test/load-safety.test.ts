import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, POLICEUK_SAMPLE, checksum, cli, fixture, query, tempDb } from './helpers.ts';

const counts = (db: string) =>
  query<{ source: string; area_code: string; category_id: string; month: string; count: number }>(
    db,
    `SELECT source, area_code, category_id, strftime(month, '%Y-%m') AS month, count::INTEGER AS count
     FROM monthly_counts ORDER BY ALL`,
  );

describe('idempotent and atomic loads', () => {
  it('re-loading the same files leaves every count unchanged and says what it replaced', async () => {
    const db = tempDb();
    await loadFiles([MPS_SAMPLE, POLICEUK_SAMPLE], { db });
    const before = await counts(db);
    const again = await loadFiles([MPS_SAMPLE, POLICEUK_SAMPLE], { db });
    expect(await counts(db)).toEqual(before);
    const mps = again.files.find((f) => f.format === 'mps')!;
    expect(mps.replaced).toBe(mps.rows * 24);
    expect(mps.slicesAdded).toBe(0);
  });

  it('a revised police.uk file replaces its (force, month) slice and keeps the other force', async () => {
    const db = tempDb();
    await loadFiles([POLICEUK_SAMPLE], { db });
    const dir = dirname(tempDb());
    const revised = join(dir, '2018-01', '2018-01-city-of-london-street.csv');
    mkdirSync(dirname(revised), { recursive: true });
    const lines = readFileSync(join(POLICEUK_SAMPLE, '2018-01/2018-01-city-of-london-street.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(revised, lines.slice(0, 11).join('\n') + '\n'); // header + 10 rows
    const result = await loadFiles([revised], { db });
    expect(result.files[0]!.replaced).toBe(lines.length - 1);
    const rows = await query<{ force: string; n: number }>(
      db,
      `SELECT reported_by AS force, count(*)::INTEGER AS n FROM policeuk_incidents WHERE month = DATE '2018-01-01' GROUP BY 1 ORDER BY 1`,
    );
    const met = readFileSync(join(POLICEUK_SAMPLE, '2018-01/2018-01-metropolitan-street.csv'), 'utf8').trimEnd().split('\n');
    expect(rows).toEqual([
      { force: 'City of London Police', n: 10 },
      { force: 'Metropolitan Police Service', n: met.length - 1 },
    ]);
  });

  it('a revised MPS file replaces exactly the (borough, month) slices it covers', async () => {
    const db = tempDb();
    await loadFiles([MPS_SAMPLE], { db });
    const revised = join(dirname(tempDb()), 'revised.csv');
    writeFileSync(revised, 'Borough,Major Category,Minor Category,201812\nBarnet,Burglary,Burglary - Residential,1\n');
    await loadFiles([revised], { db });
    const [dec, nov, camden] = await Promise.all(
      [
        ['E09000003', '2018-12'],
        ['E09000003', '2018-11'],
        ['E09000007', '2018-12'],
      ].map(async ([area, month]) =>
        (
          await query<{ n: number }>(
            db,
            `SELECT coalesce(sum(count), 0)::INTEGER AS n FROM monthly_counts WHERE source = 'mps' AND area_code = $area
             AND category_id = 'burglary' AND month = ($month || '-01')::DATE`,
            { area: area!, month: month! },
          )
        )[0]!.n,
      ),
    );
    expect(dec).toBe(1); // Barnet's December is now just the revised file's one burglary
    expect(nov).toBeGreaterThan(100); // November untouched
    expect(camden).toBeGreaterThan(50); // Camden untouched
  });

  it('a bad row at the end of the second of two files: exit 2, file and line named, database unchanged', async () => {
    const db = tempDb();
    await loadFiles([MPS_SAMPLE], { db });
    const before = await checksum(db);
    const dir = dirname(tempDb());
    const first = join(dir, 'a-good.csv');
    const second = join(dir, 'b-bad.csv');
    copyFileSync(fixture('mps/2019-classification.csv'), first);
    copyFileSync(fixture('mps/bad-count-last-row.csv'), second);
    const r = cli(['load', '--db', db, first, second]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('b-bad.csv:4');
    expect(r.stderr).toContain('"x9"');
    expect(await checksum(db)).toBe(before);
  });

  it('a malformed police.uk row names its line; the database is unchanged', async () => {
    const db = tempDb();
    await loadFiles([MPS_SAMPLE], { db });
    const before = await checksum(db);
    const bad = join(dirname(tempDb()), 'bad-street.csv');
    const lines = readFileSync(join(POLICEUK_SAMPLE, '2018-02/2018-02-city-of-london-street.csv'), 'utf8').trimEnd().split('\n');
    lines.push(lines[1]!.replace(',2018-02,', ',Feb 2018,'));
    writeFileSync(bad, lines.join('\n') + '\n');
    const r = cli(['load', '--db', db, bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`bad-street.csv:${lines.length}: expected Month as YYYY-MM, found "Feb 2018"`);
    expect(await checksum(db)).toBe(before);
  });

  it('an unmapped label is loaded under "unmapped" and reported', async () => {
    const db = tempDb();
    const r = cli(['load', '--db', db, fixture('mps/unmapped-label.csv')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Mystery Major / Something New');
    const rows = await query(db, `SELECT category_id, count::INTEGER AS count FROM monthly_counts WHERE category_id = 'unmapped'`);
    expect(rows).toEqual([{ category_id: 'unmapped', count: 7 }]);
  });

  it('an unknown area fails naming it, unless --allow-unknown-areas', async () => {
    const db = tempDb();
    const r = cli(['load', '--db', db, fixture('mps/unknown-area.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown-area.csv:3: unknown area "Barnett Vale"');
    const ok = cli(['load', '--db', db, '--allow-unknown-areas', fixture('mps/unknown-area.csv')]);
    expect(ok.code).toBe(0);
    const rows = await query(db, `SELECT name, borough FROM areas WHERE origin = 'loaded'`);
    expect(rows).toEqual([{ name: 'Barnett Vale', borough: false }]);
  });

  it('an unrecognised file is refused with exit 2', async () => {
    const bad = join(dirname(tempDb()), 'notes.csv');
    writeFileSync(bad, 'hello,world\n1,2\n');
    const r = cli(['load', '--db', tempDb(), bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('notes.csv:1: unrecognised format');
  });
});
