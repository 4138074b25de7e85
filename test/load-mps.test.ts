import { describe, expect, it, beforeAll } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, fixture, query, readCsv, tempDb } from './helpers.ts';

const total = async (db: string, area: string, category: string, from: string, to: string) =>
  (
    await query<{ n: number }>(
      db,
      `SELECT coalesce(sum(count), 0)::INTEGER AS n FROM monthly_counts
       WHERE source = 'mps' AND area_code = $area AND category_id = $category
         AND month BETWEEN ($from || '-01')::DATE AND ($to || '-01')::DATE`,
      { area, category, from, to },
    )
  )[0]!.n;

describe('MPS borough files', () => {
  let db: string;
  beforeAll(async () => {
    db = tempDb();
    await loadFiles([MPS_SAMPLE], { db });
  });

  it("Barnet's residential burglary over 12 months equals the sum of the CSV's month columns", async () => {
    const rows = readCsv(MPS_SAMPLE).filter(
      (r) => r['Borough'] === 'Barnet' && r['Minor Category'] === 'Burglary - Residential',
    );
    expect(rows).toHaveLength(1);
    // the 12 months to December 2018: columns 201801..201812
    const months = Array.from({ length: 12 }, (_, i) => `2018${String(i + 1).padStart(2, '0')}`);
    const expected = months.reduce((s, m) => s + Number(rows[0]![m]), 0);
    expect(expected).toBeGreaterThan(1000);
    expect(await total(db, 'E09000003', 'burglary-residential', '2018-01', '2018-12')).toBe(expected);
  });

  it('counts a row in every id that covers it (residential burglary is also burglary and mopac7)', async () => {
    const csv = readCsv(MPS_SAMPLE).filter((r) => r['Borough'] === 'Camden');
    const sum = (pred: (r: Record<string, string>) => boolean) =>
      csv.filter(pred).reduce((s, r) => s + Number(r['201806']), 0);
    const burglary = sum((r) => r['Major Category'] === 'Burglary');
    expect(await total(db, 'E09000007', 'burglary', '2018-06', '2018-06')).toBe(burglary);
    const vwi = sum((r) => ['Assault with Injury', 'Wounding/GBH', 'Murder'].includes(r['Minor Category']!));
    expect(await total(db, 'E09000007', 'violence-with-injury', '2018-06', '2018-06')).toBe(vwi);
    const mopac7 = sum(
      (r) =>
        ['Burglary', 'Robbery', 'Criminal Damage'].includes(r['Major Category']!) ||
        ['Theft From M/V', 'Theft/Taking of M/V', 'Theft Person', 'Assault with Injury', 'Wounding/GBH', 'Murder'].includes(
          r['Minor Category']!,
        ),
    );
    expect(await total(db, 'E09000007', 'mopac7', '2018-06', '2018-06')).toBe(mopac7);
  });

  it('keeps Heathrow as a non-borough area', async () => {
    const [row] = await query<{ borough: boolean; n: number }>(
      db,
      `SELECT a.borough, count(*)::INTEGER AS n FROM mps_counts m JOIN areas a ON a.code = m.area_code
       WHERE a.code = 'MPS-HEATHROW' GROUP BY ALL`,
    );
    expect(row).toEqual({ borough: false, n: 27 * 24 });
  });
});

describe('MPS header vintages', () => {
  it('reads BoroughName/MajorText/MinorText upper case with pre-2019 labels', async () => {
    const db = tempDb();
    await loadFiles([fixture('mps/pre2019-upper.csv')], { db });
    // by hand: Assault with Injury 100 + Wounding/GBH 30 + Murder 1 = 131 in 2011-01
    expect(await total(db, 'E09000003', 'violence-with-injury', '2011-01', '2011-01')).toBe(131);
    expect(await total(db, 'E09000003', 'burglary-residential', '2011-01', '2011-02')).toBe(580);
    expect(await total(db, 'E09000003', 'theft-of-motor-vehicle', '2011-01', '2011-02')).toBe(150);
    // mopac7 in 2011-01: 300 + 131 + 80 = 511
    expect(await total(db, 'E09000003', 'mopac7', '2011-01', '2011-01')).toBe(511);
    expect(await total(db, 'MPS-HEATHROW', 'other-theft', '2011-01', '2011-02')).toBe(95);
  });

  it('reads MajorText/MinorText/LookUp_BoroughName with the 2019 Home Office classification, and .csv.gz', async () => {
    for (const file of ['mps/2019-classification.csv', 'mps/2019-classification-copy.csv.gz']) {
      const db = tempDb();
      await loadFiles([fixture(file)], { db });
      // Violence with Injury + Homicide: 151, 140, 160
      expect(await total(db, 'E09000003', 'violence-with-injury', '2019-01', '2019-03')).toBe(451);
      expect(await total(db, 'E09000003', 'burglary-residential', '2019-01', '2019-03')).toBe(595);
      expect(await total(db, 'E09000003', 'burglary', '2019-01', '2019-03')).toBe(595 + 113);
      expect(await total(db, 'E09000021', 'theft-from-person', '2019-01', '2019-03')).toBe(61);
      expect(await total(db, 'E09000033', 'theft-from-motor-vehicle', '2019-02', '2019-02')).toBe(280);
    }
  });
});
