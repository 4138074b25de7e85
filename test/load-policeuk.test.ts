import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { POLICEUK_SAMPLE, query, readCsv, tempDb } from './helpers.ts';

const allRows = () =>
  readdirSync(POLICEUK_SAMPLE, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.csv'))
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
    expect(summary.files.reduce((s, f) => s + f.noLocation, 0)).toBe(noLocation);
    expect(summary.files).toHaveLength(6);
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
});
