import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { POLICEUK_SAMPLE, checksum, cli, query, readCsv, tempDb } from './helpers.ts';

const MET_MARCH = join(POLICEUK_SAMPLE, '2018-03/2018-03-metropolitan-street.csv');
const BARNET = 'E09000003';

/** Writes `rows` as a street file named `name` in a fresh directory, and returns its path. */
function writeStreetFile(name: string, rows: Record<string, string>[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'saferboard-cross-force-')), name);
  writeFileSync(file, Papa.unparse(rows, { newline: '\n' }) + '\n');
  return file;
}

/** The Met's March 2018 file relabelled as Kent Police's, in both force columns and in its name. */
const relabelled = () =>
  writeStreetFile(
    '2018-03-kent-street.csv',
    readCsv(MET_MARCH).map((r) => ({ ...r, 'Reported by': 'Kent Police', 'Falls within': 'Kent Police' })),
  );

/** Barnet's burglary in March 2018 counted from the raw file: every burglary row in a Barnet LSOA. */
function rawBarnetBurglary(): number {
  let n = 0;
  for (const r of readCsv(MET_MARCH)) if (r['Crime type'] === 'Burglary' && r['LSOA name']!.startsWith('Barnet ')) n++;
  return n;
}

const barnetBurglary = async (db: string) =>
  (
    await query<{ n: number }>(
      db,
      `SELECT coalesce(sum(count), 0)::INTEGER AS n FROM monthly_counts
       WHERE source = 'policeuk' AND area_code = '${BARNET}' AND category_id = 'burglary' AND month = DATE '2018-03-01'`,
    )
  )[0]!.n;

/** What the loaded street rows and the figures made from them are, whichever load brought them. */
async function figures(db: string): Promise<string> {
  const hash = createHash('sha256');
  for (const sql of [
    `SELECT * EXCLUDE (load_id) FROM policeuk_incidents ORDER BY ALL`,
    `SELECT * FROM monthly_counts WHERE source = 'policeuk' ORDER BY ALL`,
    `SELECT source, slice, month, rows FROM slices WHERE source = 'policeuk' ORDER BY ALL`,
  ])
    hash.update(JSON.stringify(await query(db, sql)));
  return hash.digest('hex');
}

describe('a police.uk street file holding crimes already loaded from another force', () => {
  let db: string;
  let kent: string;
  const metIds = new Set(readCsv(MET_MARCH).map((r) => r['Crime ID']).filter((id) => id));
  beforeAll(async () => {
    db = tempDb();
    await loadFiles([POLICEUK_SAMPLE], { db });
    kent = relabelled();
  });

  it('is refused with both files named and the number of repeated Crime IDs; the database is unchanged', async () => {
    expect(await barnetBurglary(db)).toBe(rawBarnetBurglary());
    const before = await checksum(db);
    const bytes = readFileSync(db);
    const r = cli(['load', '--db', db, kent]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('2018-03-kent-street.csv');
    expect(r.stderr).toContain(MET_MARCH);
    expect(r.stderr).toContain(`${metIds.size} of its ${metIds.size} Crime IDs`);
    expect(r.stderr).toContain('"Metropolitan Police Service"');
    expect(r.stderr).toContain('"Kent Police"');
    expect(r.stderr).toContain('the database is unchanged');
    expect(readFileSync(db).equals(bytes)).toBe(true);
    expect(await checksum(db)).toBe(before);
    expect(existsSync(`${db}.next`) || existsSync(`${db}.lock`)).toBe(false);
    // Barnet's burglary is still the raw file's, not twice it
    expect(await barnetBurglary(db)).toBe(rawBarnetBurglary());
  });

  it('is refused when loaded in the same load as the file whose crimes it repeats', async () => {
    const fresh = tempDb();
    // the files load in the order of their paths: the later one is refused, naming the earlier
    const error = await loadFiles([MET_MARCH, kent], { db: fresh }).then(
      () => 'loaded',
      (e: Error) => e.message,
    );
    const [first, second] = [MET_MARCH, kent].sort();
    expect(error.startsWith(`${second}: ${metIds.size} of its ${metIds.size} Crime IDs`), error).toBe(true);
    expect(error).toContain(`already loaded from ${first}, a file of another force`);
    expect(existsSync(fresh)).toBe(false);
  });

  it("is refused when it repeats the crimes of a force other than the one with most rows", async () => {
    // the City of London's March file relabelled as Kent's: neither force is the Met, the force with most rows, so
    // the check finds the clash among the other forces' Crime IDs, not in the Met's
    const cityMarch = join(POLICEUK_SAMPLE, '2018-03/2018-03-city-of-london-street.csv');
    const city = readCsv(cityMarch);
    const cityIds = new Set(city.map((r) => r['Crime ID']).filter((id) => id));
    expect(cityIds.size).toBeGreaterThan(0);
    expect([...cityIds].some((id) => metIds.has(id))).toBe(false);
    const relabelledCity = writeStreetFile(
      '2018-03-kent-street.csv',
      city.map((r) => ({ ...r, 'Reported by': 'Kent Police', 'Falls within': 'Kent Police' })),
    );
    const copy = tempDb();
    await loadFiles([POLICEUK_SAMPLE], { db: copy });
    const before = await checksum(copy);
    const error = await loadFiles([relabelledCity], { db: copy }).then(
      () => 'loaded',
      (e: Error) => e.message,
    );
    expect(error.startsWith(`${relabelledCity}: ${cityIds.size} of its ${cityIds.size} Crime IDs`), error).toBe(true);
    expect(error).toContain(`already loaded from ${cityMarch}, a file of another force ("City of London Police"; this file says "Kent Police")`);
    expect(await checksum(copy)).toBe(before);
  });

  it('loads fine into an empty database on its own', async () => {
    const alone = tempDb();
    const summary = await loadFiles([kent], { db: alone });
    expect(summary.files[0]!.rows).toBe(readCsv(MET_MARCH).length);
    expect(await barnetBurglary(alone)).toBe(rawBarnetBurglary());
  });

  it('a reload of the same Met file still succeeds and changes no figure', async () => {
    const before = await figures(db);
    const summary = await loadFiles([MET_MARCH], { db });
    expect(summary.files[0]!.rows).toBe(readCsv(MET_MARCH).length);
    expect(summary.files[0]!.replaced).toBe(readCsv(MET_MARCH).length);
    expect(await figures(db)).toBe(before);
    expect(await barnetBurglary(db)).toBe(rawBarnetBurglary());
  });

  it("keeps a force's own repeated Crime IDs and rows with no Crime ID (British Transport Police, ASB), counted as given", async () => {
    const met = readCsv(MET_MARCH);
    // the Met's file repeats a few Crime IDs itself (rows at different locations): every row is kept
    expect(metIds.size).toBeLessThan(met.length);
    const [metRows] = await query<{ n: number }>(
      db,
      `SELECT count(*)::INTEGER AS n FROM policeuk_incidents WHERE reported_by = 'Metropolitan Police Service' AND month = DATE '2018-03-01'`,
    );
    expect(metRows!.n).toBe(met.length);
    // a British Transport Police file of the same month, whose rows have no Crime ID, in the same places as Met
    // crimes: crimes of its own (and ASB), loaded and counted
    const btpRows = met
      .filter((r) => r['LSOA name']!.startsWith('Barnet '))
      .slice(0, 12)
      .map((r, i): Record<string, string> => ({
        ...r,
        'Crime ID': '',
        'Reported by': 'British Transport Police',
        'Falls within': 'British Transport Police',
        'Crime type': i < 8 ? 'Burglary' : 'Anti-social behaviour',
      }));
    const btp = writeStreetFile('2018-03-btp-street.csv', btpRows);
    const summary = await loadFiles([btp], { db });
    expect(summary.files[0]!.rows).toBe(12);
    const [loaded] = await query<{ n: number; asb: number }>(
      db,
      `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE crime_type = 'Anti-social behaviour')::INTEGER AS asb
       FROM policeuk_incidents WHERE reported_by = 'British Transport Police'`,
    );
    expect(loaded).toEqual({ n: 12, asb: 4 });
    expect(await barnetBurglary(db)).toBe(rawBarnetBurglary() + 8);
  });
});
