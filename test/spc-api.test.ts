import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { breaksBetween, comparisonAcross, populationBreaks, seriesBreaks } from '../api/breaks.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, ROOT, fixture, readCsv, tempDb } from './helpers.ts';
import { latestSignal, latestVariation, xmrPoints } from './spc-oracle.ts';

const mps = readCsv(MPS_SAMPLE);
const COLS = Object.keys(mps[0]!).filter((k) => /^\d{6}$/.test(k));
/** Barnet's burglary by month, summed from the CSV: the independent route to the expected figures. */
const barnet = COLS.map((c) => mps.filter((r) => r.Borough === 'Barnet' && r['Major Category'] === 'Burglary').reduce((s, r) => s + Number(r[c]), 0));
const BOROUGHS = readCsv(join(ROOT, 'data/reference/areas.csv')).filter((a) => a.borough === 'true');
const POP_2018 = new Map(readCsv(join(ROOT, 'data/reference/population.csv')).filter((r) => r.year === '2018').map((r) => [r.code!, Number(r.population)]));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const mrBar = (xs: number[]) => mean(xs.slice(1).map((x, i) => Math.abs(x - xs[i]!)));

let db: Database;
let app: ReturnType<typeof createApp>;
const get = async (url: string, on = app) => {
  const res = await on.request(url);
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  const path = tempDb();
  await loadFiles([MPS_SAMPLE], { db: path });
  db = await Database.open(path, { readOnly: true });
  app = createApp(db);
});
afterAll(() => db.close());

describe('GET /api/spc', () => {
  it('an XmR chart of the monthly series: mean ± 2.66 mR̄ of its first 20 months, projected forward', async () => {
    const { status, body } = await get('/api/spc?source=mps&area=Barnet&category=burglary&from=2017-01&to=2018-12');
    expect(status).toBe(200);
    expect(body).toMatchObject({ source: 'mps', area: { code: 'E09000003', name: 'Barnet' }, category: { id: 'burglary' }, from: '2017-01', to: '2018-12' });
    // the profile's burglary indicator is lower-is-better
    expect(body.polarity).toBe('lower-is-better');
    expect(body.method).toBe('xmr');
    expect(body.rows).toHaveLength(24);
    expect(body.rows.map((r: { count: number }) => r.count)).toEqual(barnet);
    // the default baseline: the first 20 months (January 2017 to August 2018), moving ranges screened
    const first20 = barnet.slice(0, 20);
    const m = mean(first20);
    const [p0] = xmrPoints(barnet);
    expect(body.baseline).toMatchObject({ from: '2017-01', to: '2018-08', months: 20, asked: false });
    expect(body.baseline.mean).toBeCloseTo(m, 9);
    expect(body.baseline.mr_bar).toBeCloseTo((3 * p0!.sigma) / 2.66, 9);
    expect(body.rows[0].expected).toBeCloseTo(m, 9);
    expect(body.rows[0].upper).toBeCloseTo(p0!.upper, 9);
    expect(body.rows[0].lower).toBeCloseTo(p0!.lower, 9);
    // one segment, its limits published with it
    expect(body.segments).toHaveLength(1);
    expect(body.segments[0]).toMatchObject({ from: '2017-01', to: '2018-12', starts: 'start', shift: null });
    expect(body.segments[0].upper).toBeCloseTo(p0!.upper, 9);
    for (const r of body.rows) expect(Object.keys(r).sort()).toEqual(['count', 'expected', 'lower', 'month', 'signal', 'upper']);
    expect(body.latest).toMatchObject({ month: '2018-12' });
    // the latest month judged by the test's own reading of the rules (test/spc-oracle.ts) on the raw series
    const want = latestVariation(xmrPoints(barnet), 'lower-is-better');
    expect(body.latest.variation).toBe(want);
    // December 2018 (293) is within the limits of the first 20 months, below the centre after November's 375 above
    // it (no shift), lower than November (no rising trend; a falling one of 2 points), and within 2 sigma: common cause
    expect(latestSignal(xmrPoints(barnet))).toBeNull();
    expect(body.latest.variation).toBe('common-cause');
    expect(body.latest.why).toMatch(/December 2018/);
    expect(body.breaks).toEqual([]);
  });

  it('a month beyond the limits is special cause: Westminster theft from the person, December 2018', async () => {
    const { body } = await get('/api/spc?area=Westminster&category=theft-from-person&from=2017-01&to=2018-12');
    const series = COLS.map((c) => mps.filter((r) => r.Borough === 'Westminster' && r['Minor Category'] === 'Theft Person').reduce((s, r) => s + Number(r[c]), 0));
    expect(body.rows.map((r: { count: number }) => r.count)).toEqual(series);
    const upper = mean(series) + 2.66 * mrBar(series);
    expect(series.at(-1)!).toBeGreaterThan(upper);
    expect(body.rows.at(-1).signal).toBe('above');
    // no profile indicator is called theft-from-person: a crime count, lower is better
    expect(body.polarity).toBe('lower-is-better');
    expect(body.latest.variation).toBe('special-cause-concern');
    expect(body.latest.why).toMatch(/^December 2018 \(\d+\) is above the expected range/);
  });

  it('seasonal=1: each month expected at the mean of its calendar month; fewer than 24 baseline months is not enough', async () => {
    const { body } = await get('/api/spc?area=Barnet&category=burglary&from=2017-01&to=2018-12&seasonal=1');
    expect(body.method).toBe('xmr-seasonal');
    const resid = barnet.map((x, i) => x - (x + barnet[(i + 12) % 24]!) / 2);
    const mr = mrBar(resid);
    // January: the mean of January 2017 and January 2018 (the residuals average 0)
    expect(body.rows[0].expected).toBeCloseTo((barnet[0]! + barnet[12]!) / 2, 9);
    expect(body.baseline.mr_bar).toBeCloseTo(mr, 9);
    expect(body.rows[0].upper).toBeCloseTo((barnet[0]! + barnet[12]!) / 2 + 2.66 * mr, 9);
    const short = (await get('/api/spc?area=Barnet&category=burglary&from=2017-01&to=2018-12&seasonal=1&baseline=2017-01:2018-06')).body;
    expect(short.baseline).toBeNull();
    expect(short.latest.variation).toBe('not-enough-data');
    expect(short.latest.why).toMatch(/at least 24 baseline months/);
    expect(short.rows.every((r: { expected: null }) => r.expected === null)).toBe(true);
  });

  it('a baseline: the limits from those months only', async () => {
    const { body } = await get('/api/spc?area=Barnet&category=burglary&from=2017-01&to=2018-12&baseline=2017-01:2017-12');
    const year = barnet.slice(0, 12);
    expect(body.baseline).toMatchObject({ from: '2017-01', to: '2017-12', months: 12 });
    expect(body.baseline.mean).toBeCloseTo(mean(year), 9);
    expect(body.rows[23].upper).toBeCloseTo(mean(year) + 2.66 * mrBar(year), 9);
  });

  it('400s name the bad value', async () => {
    const cases: [string, RegExp][] = [
      ['seasonal=2', /seasonal must be 0 or 1, found "2"/],
      ['baseline=2017-13:2018-01', /malformed baseline: "2017-13:2018-01"/],
      ['baseline=2017/18', /malformed baseline: "2017\/18"/],
      ['baseline=2018-06:2018-01', /start is after its end/],
      ['baseline=2016-01:2017-12', /not within from=2017-01 to to=2018-12/],
      ['from=2018-13', /malformed month: "2018-13"/],
      ['to=2019-06', /after the last month loaded for mps \(2018-12\)/],
      ['public=1', /public=1 is not available for \/api\/spc/],
    ];
    for (const [q, message] of cases) {
      const { status, body } = await get(`/api/spc?area=Barnet&category=burglary&${q}`);
      expect(status, q).toBe(400);
      expect(body.error, q).toMatch(message);
    }
    const unknown = await get('/api/spc?area=Barnet&category=burgalry');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/unknown category: "burgalry"/);
  });
});

describe('series breaks', () => {
  it('the bundled breaks: Census 2021 rebasing for rates, the 2024 recording system; no calendar MPS classification row', () => {
    const none = { area: 'E09000003', changes: [] };
    // the MPS classification change is the data's to name (below), never the calendar's 2019-01
    expect(seriesBreaks().filter((b) => b.source === 'mps' && b.category === '*')).toEqual([]);
    expect(breaksBetween('mps', 'burglary', '2018-01', '2019-12', none)).toEqual([]);
    expect(breaksBetween('policeuk', 'burglary', '2018-01', '2019-12', none)).toEqual([]);
    expect(breaksBetween('local', 'hate-crime-race', '2023-04', '2025-03', none)[0]!.note).toMatch(/new crime recording system in March 2024/);
    expect(breaksBetween('mps', 'domestic-abuse', '2023-04', '2025-03', none).map((b) => b.month)).toEqual(['2024-03']);
    expect(breaksBetween('mps', 'burglary', '2023-04', '2025-03', none)).toEqual([]);
    expect(populationBreaks(2020, 2021)[0]!.note).toMatch(/Census 2021/);
    expect(populationBreaks(2021, 2022)).toEqual([]);
    expect(populationBreaks(2019, 2020)).toEqual([]);
    // which breaks stop a comparison: the 2024 recording change does; the Census 2021 rebase is noted only
    expect(comparisonAcross('mps', 'domestic-abuse', '2023-04', '2025-03', none).not_compared).toBe(
      'the MPS moved to a new crime recording system in March 2024: its domestic abuse figures from then are not comparable with earlier ones',
    );
    expect(comparisonAcross('local', 'hate-crime', '2023-04', '2025-03', none).not_compared).toMatch(/^the MPS moved to a new crime recording system/);
    expect(comparisonAcross('mps', 'domestic-abuse', '2024-03', '2026-02', none)).toEqual({ breaks: [], not_compared: null });
    const census = comparisonAcross('mps', 'burglary', '2020-01', '2021-12', none, [2020, 2021]);
    expect(census.breaks.map((b) => b.month)).toEqual(['2021-06']);
    expect(census.not_compared).toBeNull();
  });

  it("a change of classification in the data loaded is named for its area when from..to holds months of both", () => {
    // Barnet's loaded MPS months: the MPS's own classification to 2018-12, a gap, the Home Office's from 2019-03
    const changes = [{ source: 'mps', area_code: 'E09000003', month: '2019-03', before_month: '2018-12', classification: 'home-office', before: 'mps' }];
    const barnet = { area: 'E09000003', changes };
    expect(breaksBetween('mps', 'burglary', '2018-01', '2019-12', barnet)).toEqual([
      { month: '2019-03', note: expect.stringMatching(/^The MPS files loaded for this area change from the MPS's own crime classification \(to 2018-12\) to the Home Office's crime classification \(from 2019-03\)/) },
    ]);
    // every category of the source, with the reference file's breaks in month order
    expect(breaksBetween('mps', 'domestic-abuse', '2018-12', '2024-03', barnet).map((b) => b.month)).toEqual(['2019-03', '2024-03']);
    // both sides must be inside from..to: the last old month and the first new one
    expect(breaksBetween('mps', 'burglary', '2018-12', '2019-03', barnet)).toHaveLength(1);
    expect(breaksBetween('mps', 'burglary', '2019-01', '2019-12', barnet)).toEqual([]);
    expect(breaksBetween('mps', 'burglary', '2018-01', '2019-02', barnet)).toEqual([]);
    // another area, another source: none
    expect(breaksBetween('mps', 'burglary', '2018-01', '2019-12', { area: 'E09000007', changes })).toEqual([]);
    expect(breaksBetween('policeuk', 'burglary', '2018-01', '2019-12', barnet)).toEqual([]);
    // a comparison across it is not made, and the reason says where the loaded months change
    expect(comparisonAcross('mps', 'burglary', '2018-01', '2019-12', barnet).not_compared).toBe(
      "the MPS changed crime classification in March 2019: the files loaded for this area are in the MPS's own crime classification to December 2018 and in the Home Office's crime classification from March 2019, so categories before and after are not like for like",
    );
    expect(comparisonAcross('mps', 'burglary', '2019-01', '2020-12', barnet).not_compared).toBeNull();
  });

  it('a bad row is an error naming the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'saferboard-breaks-'));
    const bad = join(dir, 'breaks.csv');
    writeFileSync(bad, 'source,category,month,note\nmps,*,2019-01,fine\nmps,*,2019-1,"bad month"\n');
    expect(() => seriesBreaks(bad)).toThrow(/breaks\.csv:3: month "2019-1": expected YYYY-MM/);
    writeFileSync(bad, 'source,category,month,note\nnope,*,2019-01,x\n');
    expect(() => seriesBreaks(bad)).toThrow(/breaks\.csv:2: source "nope"/);
    writeFileSync(bad, 'source,category,month,note,comparable\nmps,*,2019-01,x,yes\nmps,robbery,2019-01,x,maybe\n');
    expect(() => seriesBreaks(bad)).toThrow(/breaks\.csv:3: comparable "maybe": expected yes or no/);
  });

  it('a break restarts the limits, and a comparison across it carries the note', async () => {
    process.env.SAFERBOARD_BREAKS = fixture('breaks/series-breaks.csv');
    try {
      const withBreaks = createApp(db);
      const { body } = await get('/api/spc?area=Barnet&category=burglary&from=2017-01&to=2018-12', withBreaks);
      expect(body.breaks).toEqual([{ month: '2018-01', note: 'A test break: every MPS category from January 2018' }]);
      expect(body.segments.map((s: { from: string; to: string }) => [s.from, s.to])).toEqual([['2017-01', '2017-12'], ['2018-01', '2018-12']]);
      const [y1, y2] = [barnet.slice(0, 12), barnet.slice(12)];
      expect(body.rows[11].expected).toBeCloseTo(mean(y1), 9);
      expect(body.rows[12].expected).toBeCloseTo(mean(y2), 9);
      expect(body.rows[12].upper).toBeCloseTo(xmrPoints(y2)[0]!.upper, 9);
      expect(body.baseline).toMatchObject({ from: '2018-01', to: '2018-12' });
      // the 12 months to December 2018 against the 12 before straddle January 2018
      const rolling = (await get('/api/rolling?area=Barnet&category=burglary&to=2018-12&baseline=2017-01:2017-06', withBreaks)).body;
      expect(rolling.breaks).toEqual([{ month: '2018-01', note: 'A test break: every MPS category from January 2018' }]);
      expect(rolling.baseline.breaks).toHaveLength(1);
      // robbery carries its own break too (June 2017 lies inside the previous window)
      // a row with comparable=yes is noted and the comparison still made
      expect(rolling.not_compared).toBeNull();
      expect(rolling.change).toBe(barnet.slice(12).reduce((a, b) => a + b, 0) - barnet.slice(0, 12).reduce((a, b) => a + b, 0));
      const robbery = (await get('/api/rolling?area=Barnet&category=robbery&to=2018-12', withBreaks)).body;
      expect(robbery.breaks.map((b: { month: string }) => b.month)).toEqual(['2017-06', '2018-01']);
      // a row with comparable=no stops it: its note, as the reason
      expect(robbery).toMatchObject({ complete: true, change: null, pct_change: null, significance: null, not_compared: 'a test break for robbery only' });
    } finally {
      delete process.env.SAFERBOARD_BREAKS;
    }
    // with the bundled breaks, 2017-2018 straddles none
    expect((await get('/api/rolling?area=Barnet&category=burglary&to=2018-12')).body.breaks).toEqual([]);
  });
});

describe('intervals and London comparison on /api/rolling and /api/ranks', () => {
  it('rolling windows carry rate_ci95 around their rate', async () => {
    const { body } = await get('/api/rolling?area=Barnet&category=burglary&to=2018-12');
    const [lo, hi] = body.current.rate_ci95;
    // Barnet's 2018 burglary from the raw sample, and its 2018 population (data/reference/population.csv)
    const count = barnet.slice(12).reduce((a, b) => a + b, 0);
    const population = POP_2018.get('E09000003')!;
    const rate = (1000 * count) / population;
    expect(body.current.rate_per_1000).toBeCloseTo(rate, 9);
    expect(lo).toBeLessThan(rate);
    expect(hi).toBeGreaterThan(rate);
    // roughly rate ± 1.96 √count / population × 1,000
    const half = (1.96 * Math.sqrt(count) * 1000) / population;
    expect(hi - lo).toBeCloseTo(2 * half, 2);
  });

  it('ranks rows carry rate_ci95, vs_london and vs_london_95 (London rate over every complete borough)', async () => {
    const { body } = await get('/api/ranks?category=burglary&to=2018-12');
    expect(body.london_comparator.basis).toMatch(/the borough itself included/);
    expect(body.london_comparator.boroughs).toBe(32);
    // London's rate from the raw files: every borough's 2018 burglary (the MPS sample) ÷ its 2018 population
    const raw = BOROUGHS.map((b) => ({
      code: b.code!,
      count: COLS.filter((c) => c.startsWith('2018')).reduce((s, c) => s + mps.filter((r) => r.Borough === b.name && r['Major Category'] === 'Burglary').reduce((t, r) => t + Number(r[c]), 0), 0),
      population: POP_2018.get(b.code!)!,
    }));
    const londonRate = (1000 * raw.reduce((s, r) => s + r.count, 0)) / raw.reduce((s, r) => s + r.population, 0);
    expect(body.london_comparator.rate_per_1000).toBeCloseTo(londonRate, 9);
    expect(body.london.rate_per_1000).toBeCloseTo(londonRate, 9);
    expect(body.rows).toHaveLength(32);
    const verdicts = { higher: 0, lower: 0, similar: 0 };
    for (const r of body.rows) {
      const mine = raw.find((x) => x.code === r.area.code)!;
      expect([r.count, r.population], r.area.name).toEqual([mine.count, mine.population]);
      expect(r.rate_ci95[0]).toBeLessThan(r.rate_per_1000);
      expect(r.rate_ci95[1]).toBeGreaterThan(r.rate_per_1000);
      expect(['higher', 'lower', 'similar']).toContain(r.vs_london);
      // a 99.8% verdict of higher or lower implies the same at 95%
      if (r.vs_london !== 'similar') expect(r.vs_london_95).toBe(r.vs_london);
      // normal approximation of the 99.8% funnel: beyond 3.09 √E of the expected count E is higher / lower
      const expected = (londonRate * mine.population) / 1000;
      const z = (mine.count - expected) / Math.sqrt(expected);
      if (z > 3.3) expect(r.vs_london, r.area.name).toBe('higher');
      if (z < -3.3) expect(r.vs_london, r.area.name).toBe('lower');
      if (Math.abs(z) < 2.9) expect(r.vs_london, r.area.name).toBe('similar');
      if (z > 3.3) verdicts.higher++;
      if (z < -3.3) verdicts.lower++;
      if (Math.abs(z) < 2.9) verdicts.similar++;
    }
    // the loop checked each verdict, from the raw z alone: 10 + 17 + 4 = 31 boroughs (the 32nd's z lies between 2.9
    // and 3.3 in size, where the normal approximation leaves the exact verdict open)
    expect(verdicts).toEqual({ higher: 10, lower: 17, similar: 4 });
    // public=1: a suppressed count ("<5") withholds its interval and verdicts (the interval would reveal the count)
    const pub = (await get('/api/ranks?category=murder&to=2018-12&public=1')).body;
    const hidden = pub.rows.filter((r: { count: unknown }) => typeof r.count === 'string');
    expect(hidden.length).toBeGreaterThan(0);
    for (const r of hidden) expect([r.rate_ci95, r.vs_london, r.vs_london_95]).toEqual([null, null, null]);
    // CSV: the interval flattened
    const csv = await (await app.request('/api/ranks?category=burglary&to=2018-12&format=csv')).text();
    expect(csv.split('\n')[0]).toMatch(/vs_london,vs_london_95,rate_ci95_lo,rate_ci95_hi/);
  });
});
