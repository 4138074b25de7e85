import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import Papa from 'papaparse';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, ROOT, checksum, fixture, readCsv, tempDb } from './helpers.ts';

const mps = readCsv(MPS_SAMPLE);
const population = readCsv(`${ROOT}/data/reference/population.csv`);
const months = (year: number) => Array.from({ length: 12 }, (_, i) => `${year}${String(i + 1).padStart(2, '0')}`);
/** Sums the CSV's month columns for the rows that match: the independent route to every expected count. */
const sumCsv = (pred: (r: Record<string, string>) => boolean, cols: string[]) =>
  mps.filter(pred).reduce((s, r) => s + cols.reduce((t, c) => t + Number(r[c]), 0), 0);
const pop = (code: string, year: number) => Number(population.find((p) => p.code === code && p.year === String(year))!.population);

let path: string;
let db: Database;
let app: ReturnType<typeof createApp>;
const get = async (url: string) => {
  const res = await app.request(url);
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  path = tempDb();
  await loadFiles([MPS_SAMPLE], { db: path });
  db = await Database.open(path, { readOnly: true });
  app = createApp(db);
});
afterAll(() => db.close());

const barnetResidential = (r: Record<string, string>) => r.Borough === 'Barnet' && r['Minor Category'] === 'Burglary - Residential';

describe('/api/trend', () => {
  it('gives the monthly counts from the CSV and the rolling 12-month sum, null until 12 months have data', async () => {
    const { status, body } = await get('/api/trend?area=Barnet&category=burglary&from=2017-01&to=2018-12');
    expect(status).toBe(200);
    expect(body.area).toEqual({ code: 'E09000003', name: 'Barnet' });
    const cols = [...months(2017), ...months(2018)];
    const monthly = cols.map((c) => sumCsv((r) => r.Borough === 'Barnet' && r['Major Category'] === 'Burglary', [c]));
    expect(body.rows.map((r: { count: number }) => r.count)).toEqual(monthly);
    expect(body.rows.slice(0, 11).every((r: { rolling_12m: null }) => r.rolling_12m === null)).toBe(true);
    const rolling = cols.map((_, i) => (i < 11 ? null : monthly.slice(i - 11, i + 1).reduce((a, b) => a + b, 0)));
    expect(body.rows.map((r: { rolling_12m: number | null }) => r.rolling_12m)).toEqual(rolling);
    expect(body.rows[23].month).toBe('2018-12');
  });

  it('serves the same rows as CSV and as an Arrow stream', async () => {
    const url = '/api/trend?area=E09000007&category=robbery&from=2018-01&to=2018-12';
    const json = (await get(url)).body.rows;
    const csvRes = await app.request(`${url}&format=csv`);
    expect(csvRes.headers.get('content-type')).toContain('text/csv');
    const csv = Papa.parse<Record<string, string>>(await csvRes.text(), { header: true, skipEmptyLines: true }).data;
    expect(csv.map((r) => Number(r.count))).toEqual(json.map((r: { count: number }) => r.count));
    const arrowRes = await app.request(`${url}&format=arrow`);
    expect(arrowRes.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await arrowRes.arrayBuffer()));
    expect(table.numRows).toBe(12);
    expect([...table.getChild('rolling_12m')!].map(Number)).toEqual(json.map((r: { rolling_12m: number }) => r.rolling_12m));
  });
});

describe('/api/rolling', () => {
  it('compares the 12 months to December 2018 with the 12 before, with rates and a baseline', async () => {
    const { status, body } = await get('/api/rolling?area=barnet&category=burglary-residential&to=2018-12&baseline=2017/18');
    expect(status).toBe(200);
    const current = sumCsv(barnetResidential, months(2018));
    const previous = sumCsv(barnetResidential, months(2017));
    expect(body.current).toEqual({
      from: '2018-01',
      to: '2018-12',
      months: 12,
      months_covered: 12,
      complete: true,
      count: current,
      rate_per_1000: (current / pop('E09000003', 2018)) * 1000,
      // its exact interval: test/fair-comparison.test.ts
      rate_ci95: [expect.any(Number), expect.any(Number)],
      population_year: 2018,
      rate_reason: null,
    });
    expect(body.previous.count).toBe(previous);
    expect(body.previous.population_year).toBe(2017);
    expect(body.change).toBe(current - previous);
    expect(body.pct_change).toBeCloseTo((100 * (current - previous)) / previous, 10);
    expect(body.complete).toBe(true);
    expect(body.missing_months).toEqual([]);
    // financial year 2017/18 = April 2017 to March 2018
    const fy = [...months(2017).slice(3), ...months(2018).slice(0, 3)];
    const base = sumCsv(barnetResidential, fy);
    expect(body.baseline).toMatchObject({ label: '2017/18', from: '2017-04', to: '2018-03', count: base, change: current - base });
    expect(body.baseline.pct_change).toBeCloseTo((100 * (current - base)) / base, 10);
  });

  it('takes the population of the year containing the window middle, across a year boundary', async () => {
    // 12 months to June 2018 = Jul 2017..Jun 2018: the middle (six months before the end) is Dec 2017 -> 2017
    const june = (await get('/api/rolling?area=Barnet&category=burglary-residential&to=2018-06')).body;
    expect(june.current.population_year).toBe(2017);
    const cols = [...months(2017).slice(6), ...months(2018).slice(0, 6)];
    expect(june.current.count).toBe(sumCsv(barnetResidential, cols));
    expect(june.current.rate_per_1000).toBeCloseTo((june.current.count / pop('E09000003', 2017)) * 1000, 10);
    // 12 months to July 2018 = Aug 2017..Jul 2018: the middle is Jan 2018 -> 2018
    const july = (await get('/api/rolling?area=Barnet&category=burglary-residential&to=2018-07')).body;
    expect(july.current.population_year).toBe(2018);
    // the previous window of July 2018 ends July 2017, lacking Aug-Dec 2016: incomplete, and says which months
    expect(july.complete).toBe(false);
    expect(july.missing_months).toEqual(['2016-08', '2016-09', '2016-10', '2016-11', '2016-12']);
  });

  it('marks a window with a missing month incomplete', async () => {
    const gap = tempDb();
    await loadFiles([fixture('mps/gap-2018-01.csv')], { db: gap });
    const gdb = await Database.open(gap, { readOnly: true });
    const body = await (await createApp(gdb).request('/api/rolling?area=Barnet&category=robbery&to=2018-12')).json();
    gdb.close();
    expect(body.complete).toBe(false);
    expect(body.missing_months).toEqual(['2018-01']);
    // by hand: the fixture's values are 10, 11, ... 32 for its 23 months; 2018-02..12 are 22..32 = 297; 2017 = 10..21 = 186
    expect(body.current.count).toBe(297);
    expect(body.previous.count).toBe(186);
  });
});

describe('/api/ranks', () => {
  it("ranks the 32 boroughs by robbery rate, every borough's count from the CSV, 1 = lowest", async () => {
    const { status, body } = await get('/api/ranks?category=robbery&to=2018-12&measure=rate');
    expect(status).toBe(200);
    expect(body.of).toBe(32);
    const boroughs = [...new Set(mps.map((r) => r.Borough!))].filter((b) => !b.startsWith('London Heathrow'));
    expect(boroughs).toHaveLength(32);
    const codes = Object.fromEntries(population.map((p) => [p.name, p.code]));
    const expected = boroughs
      .map((b) => {
        const count = sumCsv((r) => r.Borough === b && r['Major Category'] === 'Robbery', months(2018));
        return { name: b, count, rate: (count / pop(codes[b]!, 2018)) * 1000 };
      })
      .sort((a, b) => a.rate - b.rate);
    expect(body.rows.map((r: { area: { name: string } }) => r.area.name)).toEqual(expected.map((e) => e.name));
    expect(body.rows.map((r: { count: number }) => r.count)).toEqual(expected.map((e) => e.count));
    expect(body.rows.map((r: { rank: number }) => r.rank)).toEqual(expected.map((_, i) => i + 1));
    expect(body.rows.some((r: { area: { code: string } }) => r.area.code === 'E09000001')).toBe(false);
  });

  it('gives ties the lower rank', async () => {
    const ties = tempDb();
    await loadFiles([fixture('mps/ranks-ties.csv')], { db: ties });
    const tdb = await Database.open(ties, { readOnly: true });
    const body = await (await createApp(tdb).request('/api/ranks?category=robbery&to=2018-01&period=month&measure=count')).json();
    tdb.close();
    // one month, every borough in the file: 29 boroughs with 0 share rank 1; Barnet and Camden (5 each) share 30; Brent (9) is 32nd
    const rankOf = (name: string) => body.rows.find((r: { area: { name: string } }) => r.area.name === name).rank;
    expect(body.rows.filter((r: { rank: number }) => r.rank === 1)).toHaveLength(29);
    expect([rankOf('Barnet'), rankOf('Camden'), rankOf('Brent')]).toEqual([30, 30, 32]);
  });

  it('ranks within a peer group, and serves CSV', async () => {
    const { body } = await get('/api/ranks?category=burglary&to=2018-12&group=inner-london');
    expect(body.of).toBe(13);
    expect(body.rows.map((r: { rank: number }) => r.rank)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    const csv = await (await app.request('/api/ranks?category=burglary&to=2018-12&group=outer-london&format=csv')).text();
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(parsed).toHaveLength(19);
    expect(Object.keys(parsed[0]!)).toEqual(
      expect.arrayContaining(['area_code', 'area_name', 'count', 'population', 'rate_per_1000', 'rank']),
    );
  });
});

describe('errors are 400 JSON naming the bad value', () => {
  const cases: [string, RegExp][] = [
    ['/api/rolling?area=Narnia&category=burglary', /unknown area: "Narnia"/],
    ['/api/rolling?area=Barnit&category=burglary', /did you mean "Barnet"/],
    ['/api/trend?area=Barnet&category=burgalry', /unknown category: "burgalry" \(did you mean "burglary"\?\)/],
    ['/api/ranks?category=burglary&source=cad', /unknown source: "cad" \(allowed: mps, policeuk, local, stopsearch, mpsdash\)/],
    ['/api/ranks?category=burglary&source=local', /source local has no data loaded \(loaded: mps\)/],
    ['/api/trend?area=Barnet&category=burglary&from=2018-1', /malformed month: "2018-1"/],
    ['/api/rolling?area=Barnet&category=burglary&to=2019-02', /after the last month loaded for mps \(2018-12\)/],
    ['/api/trend?area=Barnet&category=burglary&from=2018-06&to=2018-01', /from=2018-06 is after to=2018-01/],
    ['/api/rolling?area=Barnet&category=burglary&baseline=2011/13', /not a financial year/],
    ['/api/ranks?category=burglary&measure=median', /unknown measure: "median"/],
    ['/api/ranks?category=burglary&group=nope', /unknown group: "nope"/],
    ['/api/trend?area=Barnet&category=burglary&format=xlsx', /unknown format: "xlsx"/],
    ['/api/rolling?category=burglary', /area is required/],
  ];
  it.each(cases)('%s', async (url, message) => {
    const { status, body } = await get(url);
    expect(status).toBe(400);
    expect(body.error).toMatch(message);
  });

  it('an unknown area or category names the nearest spelling in detail.suggestion (what the dashboard shows), null when none is near', async () => {
    for (const [url, parameter, suggestion] of [
      ['/api/rolling?area=Harringay&category=burglary', 'area', 'Haringey'],
      ['/api/rolling?area=Narnia&category=burglary', 'area', null],
      ['/api/trend?area=Barnet&category=burgalry', 'category', 'burglary'],
      ['/api/trend?area=Barnet&category=zzzzzzzzzz', 'category', null],
    ] as const) {
      const { status, body } = await get(url);
      expect(status, url).toBe(400);
      expect(body.detail, url).toMatchObject({ parameter, suggestion });
    }
  });

  it('a category id with SQL in it is rejected and the database is unchanged', async () => {
    const before = await checksum(path);
    for (const bad of ["burglary'; DROP TABLE monthly_counts; --", 'burglary" OR 1=1 --', "x' UNION SELECT * FROM areas --"]) {
      const { status, body } = await get(`/api/trend?area=Barnet&category=${encodeURIComponent(bad)}`);
      expect(status).toBe(400);
      expect(body.error).toContain('unknown category');
    }
    expect(await checksum(path)).toBe(before);
    const { body } = await get('/api/trend?area=Barnet&category=burglary&from=2018-12&to=2018-12');
    expect(body.rows[0].count).toBe(sumCsv((r) => r.Borough === 'Barnet' && r['Major Category'] === 'Burglary', ['201812']));
  });
});
