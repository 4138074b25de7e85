import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { POLICEUK_SAMPLE, ROOT, readCsv, tempDb } from './helpers.ts';

const files = readdirSync(POLICEUK_SAMPLE, { recursive: true }).map(String).sort();
const outcomeTypes = new Map(readCsv(join(ROOT, 'data/reference/outcome-types.csv')).map((r) => [r.label!.toLowerCase(), r]));
const areas = readCsv(join(ROOT, 'data/reference/areas.csv'));
const boroughs = areas.filter((a) => a.borough === 'true');

/** March 2018 crimes of a type per borough (by LSOA name) with positive current outcomes, from the raw CSVs. */
function marchPositive(crimeType = 'Burglary', among = boroughs): Map<string, { n: number; k: number }> {
  const latest = new Map<string, string>();
  for (const f of files.filter((f) => f.endsWith('-outcomes.csv'))) for (const r of readCsv(join(POLICEUK_SAMPLE, f))) latest.set(r['Crime ID']!, r['Outcome type']!);
  const out = new Map<string, { n: number; k: number }>();
  for (const f of files.filter((f) => f.startsWith('2018-03') && f.endsWith('-street.csv')))
    for (const r of readCsv(join(POLICEUK_SAMPLE, f))) {
      if (!r['Crime ID'] || r['Crime type'] !== crimeType) continue;
      const b = among.find((a) => r['LSOA name']!.startsWith(`${a.name} `));
      if (!b) continue;
      const outcome = latest.get(r['Crime ID']) ?? r['Last outcome category'] ?? '';
      const e = out.get(b.code!) ?? { n: 0, k: 0 };
      e.n++;
      if (outcomeTypes.get(outcome.toLowerCase())?.positive_outcome === 'true') e.k++;
      out.set(b.code!, e);
    }
  return out;
}

describe('GET /api/outcome-rates and /api/stop-search-rates', () => {
  let app: ReturnType<typeof createApp>;
  let db: Database;
  beforeAll(async () => {
    const path = tempDb();
    await loadFiles([POLICEUK_SAMPLE], { db: path });
    db = await Database.open(path, { readOnly: true });
    app = createApp(db);
  });
  const get = async (url: string) => {
    const res = await app.request(url);
    return { status: res.status, body: await res.json() };
  };

  it("ranks the area's positive-outcome rate across London (1 = highest)", async () => {
    const { status, body } = await get('/api/outcome-rates?source=policeuk&area=Barnet&category=burglary&to=2018-03&period=month');
    expect(status).toBe(200);
    const rates = marchPositive();
    const barnet = rates.get('E09000003')!;
    expect(body.crimes).toBe(barnet.n);
    expect(body.positive).toBe(barnet.k);
    const mine = barnet.k / barnet.n;
    const ranked = [...rates.values()].filter((r) => r.n > 0);
    expect(body.of).toBe(ranked.length);
    expect(body.rank).toBe(1 + ranked.filter((r) => r.k / r.n > mine).length);
    // no data for March 2017 (vs=year): the comparison is not made
    expect(body.previous.complete).toBe(false);
    expect(body.significance).toBeNull();
  });

  it('a month with no positive outcome is 0 of its crimes, never left out of the rate (City of London, theft from the person)', async () => {
    // the City of London Police's file covers every category in the City; the sample's Met file holds burglary only
    const rates = marchPositive('Theft from the person', areas.filter((a) => a.code === 'E09000001'));
    const city = rates.get('E09000001')!;
    expect(city.n).toBeGreaterThan(0);
    expect(city.k).toBe(0); // the case: no crime of the month has a positive outcome
    const { status, body } = await get('/api/outcome-rates?source=policeuk&area=City%20of%20London&category=theft-from-person&to=2018-03&period=month');
    expect(status).toBe(200);
    expect(body.complete).toBe(true);
    expect(body.crimes).toBe(city.n);
    expect(body.positive).toBe(0);
    expect(body.positive_rate).toBe(0);
    // the monthly shares every rate, rank and process chart is made from: each measure is k of all the month's crimes,
    // a measure no crime reached is 0 of them (never a missing row, which dropped the month from ranks and charts)
    const rows = await db.all<{ measure: string; k: number; n: number }>(
      `SELECT measure, k::DOUBLE AS k, n::DOUBLE AS n FROM monthly_shares WHERE source = 'policeuk' AND area_code = 'E09000001'
       AND category_id = 'theft-from-person' AND month = DATE '2018-03-01' ORDER BY measure`,
    );
    expect(rows.map((r) => r.measure)).toEqual(['charged', 'positive_outcome', 'sanction_detection', 'with_outcome']);
    for (const r of rows) expect(r.n).toBe(city.n);
    expect(rows.find((r) => r.measure === 'positive_outcome')!.k).toBe(0);
  });

  it('a partial window is labelled with its months; its rates, test and rank are null', async () => {
    const { body } = await get('/api/outcome-rates?source=policeuk&area=Barnet&category=burglary&to=2018-03');
    expect(body.from).toBe('2017-04');
    expect(body.complete).toBe(false);
    expect(body.missing_months).toHaveLength(9);
    expect(body.crimes).toBeGreaterThan(0);
    expect([body.positive_rate, body.charge_rate, body.significance, body.rank]).toEqual([null, null, null, null]);
  });

  it('refuses another source, an unknown category and a stop-search route for crimes, naming the bad value', async () => {
    const a = await get('/api/outcome-rates?source=stopsearch&area=Barnet&category=burglary');
    expect(a.status).toBe(400);
    expect(a.body.error).toContain('source=policeuk only');
    const b = await get('/api/outcome-rates?area=Barnet&category=burgalry');
    expect(b.status).toBe(400);
    expect(b.body.error).toContain('did you mean "burglary"');
    const c = await get('/api/stop-search-rates?area=Barnet&category=burglary');
    expect(c.status).toBe(400);
    expect(c.body.error).toContain('not a stop-and-search category');
    const d = await get('/api/outcome-rates?area=Barnet&category=burglary&period=week');
    expect(d.status).toBe(400);
  });

  it('stop and search is a source like the others: /api/trend counts searches, never zero for a gap', async () => {
    const { body } = await get('/api/trend?source=stopsearch&area=Lambeth&category=stop-search&from=2017-12&to=2018-03');
    const jan = readCsv(join(POLICEUK_SAMPLE, '2018-01/2018-01-metropolitan-stop-and-search.csv'));
    expect(body.rows[0]).toEqual({ month: '2017-12', count: null, rolling_12m: null });
    expect(body.rows[1].count).toBeGreaterThan(0);
    expect(body.rows[1].count).toBeLessThan(jan.length);
  });
});
