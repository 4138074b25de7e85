import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { resolvePeriod } from '../api/periods.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, readCsv, tempDb } from './helpers.ts';

/** Windows worked out by hand (financial years run April to March; Q1 = April–June … Q4 = January–March). */
const CASES = [
  // period, vs, to, current window, comparison window, current label
  ['12m', 'year', '2014-01', ['2013-02', '2014-01'], ['2012-02', '2013-01'], '12 months to January 2014'],
  ['12m', 'previous', '2014-01', ['2013-02', '2014-01'], ['2012-02', '2013-01'], '12 months to January 2014'],
  ['fytd', 'year', '2014-02', ['2013-04', '2014-02'], ['2012-04', '2013-02'], 'financial year to date, April 2013 to February 2014'],
  ['fytd', 'previous', '2014-02', ['2013-04', '2014-02'], ['2012-05', '2013-03'], 'financial year to date, April 2013 to February 2014'],
  // the financial-year boundary: March closes a year, April opens the next
  ['fytd', 'year', '2018-03', ['2017-04', '2018-03'], ['2016-04', '2017-03'], 'financial year to date, April 2017 to March 2018'],
  ['fytd', 'year', '2018-04', ['2018-04', '2018-04'], ['2017-04', '2017-04'], 'financial year to date, April 2018'],
  ['quarter', 'year', '2018-09', ['2018-07', '2018-09'], ['2017-07', '2017-09'], 'Q2 2018/19 (July to September 2018)'],
  ['quarter', 'previous', '2018-09', ['2018-07', '2018-09'], ['2018-04', '2018-06'], 'Q2 2018/19 (July to September 2018)'],
  ['quarter', 'previous', '2018-03', ['2018-01', '2018-03'], ['2017-10', '2017-12'], 'Q4 2017/18 (January to March 2018)'],
  ['quarter', 'year', '2018-08', ['2018-06', '2018-08'], ['2017-06', '2017-08'], '3 months to August 2018 (June to August 2018)'],
  ['month', 'year', '2018-01', ['2018-01', '2018-01'], ['2017-01', '2017-01'], 'January 2018'],
  ['month', 'previous', '2018-01', ['2018-01', '2018-01'], ['2017-12', '2017-12'], 'January 2018'],
  ['fy', 'year', '2018-03', ['2017-04', '2018-03'], ['2016-04', '2017-03'], 'financial year 2017/18 (April 2017 to March 2018)'],
  ['fy', 'previous', '2018-03', ['2017-04', '2018-03'], ['2016-04', '2017-03'], 'financial year 2017/18 (April 2017 to March 2018)'],
] as const;

describe('periods: every period × vs against hand-computed windows', () => {
  for (const [period, vs, to, cur, prev, label] of CASES)
    it(`${period} vs=${vs} to=${to}`, () => {
      const p = resolvePeriod(to, period, vs);
      expect([p.current.from, p.current.to]).toEqual(cur);
      expect([p.previous.from, p.previous.to]).toEqual(prev);
      expect(p.previous.months).toBe(p.current.months);
      expect(p.label).toBe(label);
    });

  it('names the comparison in words', () => {
    expect(resolvePeriod('2014-02', 'fytd').words).toBe('financial year to date, April 2013 to February 2014, against the same months a year earlier');
    expect(resolvePeriod('2018-09', 'quarter', 'previous').versus).toBe('against the quarter before (Q1 2018/19)');
  });
});

describe('periods through the API, counted from the raw MPS sample', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  const rows = readCsv(MPS_SAMPLE).filter((r) => r.Borough === 'Barnet' && r['Minor Category'] === 'Burglary - Residential');
  /** Barnet's residential burglaries over from..to (YYYY-MM), summed from the CSV's month columns. */
  const sum = (from: string, to: string) =>
    rows.reduce((s, r) => s + Object.keys(r).filter((k) => /^\d{6}$/.test(k) && k >= from.replace('-', '') && k <= to.replace('-', '')).reduce((t, k) => t + Number(r[k]), 0), 0);
  beforeAll(async () => {
    const path = tempDb();
    await loadFiles([MPS_SAMPLE], { db: path });
    db = await Database.open(path, { readOnly: true });
    app = createApp(db);
  });
  afterAll(() => db?.close());

  for (const [period, vs, to, cur, prev] of [
    ['fytd', 'year', '2018-11', ['2018-04', '2018-11'], ['2017-04', '2017-11']],
    ['fytd', 'previous', '2018-11', ['2018-04', '2018-11'], ['2017-08', '2018-03']],
    ['quarter', 'previous', '2018-06', ['2018-04', '2018-06'], ['2018-01', '2018-03']],
    ['quarter', 'year', '2018-12', ['2018-10', '2018-12'], ['2017-10', '2017-12']],
    ['month', 'previous', '2018-03', ['2018-03', '2018-03'], ['2018-02', '2018-02']],
    ['fy', 'year', '2018-03', ['2017-04', '2018-03'], ['2016-04', '2017-03']],
  ] as const)
    it(`/api/rolling period=${period} vs=${vs} to=${to}`, async () => {
      const res = await app.request(`/api/rolling?source=mps&area=Barnet&category=burglary-residential&to=${to}&period=${period}&vs=${vs}`);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect([body.current.from, body.current.to]).toEqual(cur);
      expect([body.previous.from, body.previous.to]).toEqual(prev);
      expect(body.period).toBe(period);
      expect(body.vs).toBe(vs);
      expect(body.current.count).toBe(sum(cur[0], cur[1]));
      // the sample starts in January 2017: a comparison window reaching before it is partial, and nothing is compared
      if (prev[0] >= '2017-01') {
        expect(body.previous.count).toBe(sum(prev[0], prev[1]));
        expect(body.change).toBe(sum(cur[0], cur[1]) - sum(prev[0], prev[1]));
      } else {
        // partly before the data: the covered months' count, labelled partial; never compared
        expect(body.previous.count).toBe(prev[1] >= '2017-01' ? sum('2017-01', prev[1]) : null);
        expect(body.previous.complete).toBe(false);
        expect(body.change).toBeNull();
        expect(body.significance).toBeNull();
      }
    });

  it('period=fy with a to that is not a March is a 400', async () => {
    for (const url of ['/api/rolling?source=mps&area=Barnet&category=burglary&to=2018-02&period=fy', '/api/outcomes?area=Barnet&to=2018-02&period=fy', '/api/ranks?source=mps&category=burglary&to=2018-02&period=fy']) {
      const res = await app.request(url);
      expect(res.status, url).toBe(400);
      expect((await res.json()).error).toMatch(/period=fy needs to= to be a March.*found to=2018-02; e\.g\. to=2018-03/);
    }
  });

  it('unknown period and vs values are 400s naming the allowed ones', async () => {
    const a = await app.request('/api/outcomes?area=Barnet&period=week');
    expect(a.status).toBe(400);
    expect((await a.json()).error).toMatch(/unknown period: "week" \(allowed: 12m, fytd, quarter, month, fy\)/);
    const b = await app.request('/api/ranks?category=burglary&vs=last');
    expect(b.status).toBe(400);
    expect((await b.json()).error).toMatch(/unknown vs: "last" \(allowed: year, previous\)/);
  });

  it('/api/outcomes and /api/ranks say their period; old calls answer as before (12 months against the year before)', async () => {
    const o = await (await app.request('/api/outcomes?area=Barnet&to=2018-12&period=quarter&vs=previous')).json();
    expect(o.period).toMatchObject({ period: 'quarter', vs: 'previous', current: { from: '2018-10', to: '2018-12' }, previous: { from: '2018-07', to: '2018-09' } });
    const r = await (await app.request('/api/ranks?source=mps&category=burglary-residential&to=2018-12')).json();
    expect(r).toMatchObject({ from: '2018-01', to: '2018-12', period: '12m', vs: 'year', of: 32 });
  });
});
