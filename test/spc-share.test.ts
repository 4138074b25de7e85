import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { readCsv, ROOT, SAMPLE, tempDb } from './helpers.ts';
import { latestSignal, latestVariation, pPoints } from './spc-oracle.ts';

/** Barnet's local domestic-abuse violence-with-injury offences per month and those with a sanction detection, from the raw extract. */
function expected() {
  const labels = new Set(readCsv(join(ROOT, 'data/reference/categories.csv')).filter((r) => r.ids!.split('|').includes('violence-with-injury')).map((r) => r.label!.toLowerCase()));
  const sd = new Set(readCsv(join(ROOT, 'data/reference/outcome-types.csv')).filter((r) => r.sanction_detection === 'true').map((r) => r.label!.toLowerCase()));
  const rows = Papa.parse<Record<string, string>>(gunzipSync(readFileSync(join(SAMPLE, 'local/barnet-local-2017-2018.csv.gz'))).toString('utf8'), { header: true, skipEmptyLines: true }).data;
  const out = new Map<string, { k: number; n: number }>();
  for (const r of rows) {
    if (r.domestic_abuse !== 'Y' || !labels.has(r.category!.toLowerCase())) continue;
    const m = r.date!.slice(0, 7);
    const c = out.get(m) ?? out.set(m, { k: 0, n: 0 }).get(m)!;
    c.n++;
    if (sd.has(r.outcome!.trim().toLowerCase())) c.k++;
  }
  return out;
}

describe('/api/spc for a share indicator: a p-chart of its monthly proportion', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    const path = tempDb();
    await loadFiles([join(SAMPLE, 'local')], { db: path });
    db = await Database.open(path, { readOnly: true });
    app = createApp(db);
  });
  afterAll(() => db?.close());

  it('counts k of n each month as the raw extract does, with p-chart limits around the mean proportion', async () => {
    const res = await app.request('/api/spc?area=Barnet&indicator=domestic-abuse-vwi-sanction-detection&from=2017-01&to=2018-12');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ method: 'p', source: 'local', polarity: 'higher-is-better' });
    const want = expected();
    expect(body.rows).toHaveLength(24);
    for (const r of body.rows) {
      const w = want.get(r.month) ?? { k: 0, n: 0 };
      expect([r.k, r.n], r.month).toEqual([w.k, w.n]);
      expect(r.count).toBeCloseTo(w.n ? w.k / w.n : NaN, 12);
    }
    // the default baseline: the first 20 months (January 2017 to August 2018)
    const base = [...want.keys()].sort().slice(0, 20).map((m) => want.get(m)!);
    const k = base.reduce((s, v) => s + v.k, 0);
    const n = base.reduce((s, v) => s + v.n, 0);
    expect(body.baseline.mean).toBeCloseTo(k / n, 10);
    // p̄ ± 3 √(p̄(1 − p̄)/nᵢ) for the first month
    const p = k / n;
    const n0 = want.get('2017-01')!.n;
    expect(body.rows[0].upper).toBeCloseTo(Math.min(1, p + 3 * Math.sqrt((p * (1 - p)) / n0)), 10);
    // the latest month judged by the test's own reading of the rules (test/spc-oracle.ts) on the raw k/n
    const months = [...want.keys()].sort();
    expect(months).toHaveLength(24);
    const points = pPoints(months.map((m) => want.get(m)!));
    // by hand: p̄ = Σk ÷ Σn over the first 20 months = 0.263; December 2018 is 13 of 52 = 0.250, sigma = √(0.263 × 0.737 ÷ 52) = 0.061,
    // limits 0.080 to 0.446: within them, below the centre after November's 18 of 56 = 0.321 above it (no shift),
    // lower than November (no rising trend; a falling one of 2 points), within 2 sigma: common cause
    expect(months.slice(-2).map((m) => want.get(m))).toEqual([{ k: 18, n: 56 }, { k: 13, n: 52 }]);
    expect(latestSignal(points)).toBeNull();
    expect(latestVariation(points, 'higher-is-better')).toBe('common-cause');
    expect(body.latest.variation).toBe('common-cause');
  });

  it('names the allowed share indicators for an unknown one', async () => {
    const res = await app.request('/api/spc?area=Barnet&indicator=knife-crime');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/unknown share indicator: "knife-crime" \(allowed: domestic-abuse-vwi-sanction-detection\)/);
  });
});
