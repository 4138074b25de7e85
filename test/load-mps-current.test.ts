import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { fixture, query, readCsv, tempDb } from './helpers.ts';

// A cut of the London Datastore's current MPS borough file (2024-03..2026-02, Home Office labels in upper case):
// every row for Barnet and for the borough "Unknown", which between them hold every label of the full file.
const FILE = fixture('mps/mps-borough-2024-2026-barnet-unknown.csv');

describe("the London Datastore's current MPS borough file", () => {
  // the file's last month is 2026-02, which a load refuses as "in the future" on an earlier clock: the test's clock
  // is fixed after it (only Date: timers run as usual)
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-15T12:00:00Z'));
  });
  afterAll(() => vi.useRealTimers());
  it('loads as published: "Unknown" is a non-borough area, counted and reported, never ranked; every label maps', async () => {
    const db = tempDb();
    const summary = await loadFiles([FILE], { db }); // no --allow-unknown-areas
    const f = summary.files[0]!;
    expect(f.unmapped).toEqual([]);
    const csv = readCsv(FILE);
    const unknown = csv.filter((r) => r.BoroughName === 'Unknown');
    expect(f.warnings.join('\n')).toContain(`${unknown.length} rows for borough "Unknown" (crimes the MPS could not place)`);
    // residential burglary of a home in the unplaced crimes, February 2026, from the raw file
    const expected = unknown.filter((r) => r.MinorText === 'RES BURGLARY OF A HOME').reduce((s, r) => s + Number(r['202602']), 0);
    const [row] = await query<{ n: number }>(
      db,
      `SELECT sum(count)::INTEGER AS n FROM monthly_counts WHERE source = 'mps' AND area_code = 'MPS-UNKNOWN'
         AND category_id = 'burglary-residential-home' AND month = DATE '2026-02-01'`,
    );
    expect(row!.n).toBe(expected);
    const [area] = await query<{ borough: boolean; name: string }>(db, `SELECT borough, name FROM areas WHERE code = 'MPS-UNKNOWN'`);
    expect(area).toEqual({ borough: false, name: 'Borough unknown (MPS)' });
    const d = await Database.open(db, { readOnly: true });
    const ranks = await (await createApp(d).request('/api/ranks?source=mps&category=burglary&to=2026-02')).json();
    d.close();
    expect(ranks.rows.map((r: { area: { code: string } }) => r.area.code)).not.toContain('MPS-UNKNOWN');
  });
});
