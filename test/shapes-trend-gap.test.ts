/**
 * Shape 5 (issue 19, item 4): a gap in the middle of a trend.
 *  (a) police.uk: the bundled City of London Police street files for 2018-01 and 2018-03, without 2018-02;
 *  (b) MPS: the bundled MPS sample with Barnet's June 2018 left out (written here: every other borough as it is, and
 *      Barnet in a file of its own without the 201806 column, so June 2018 is not covered for Barnet).
 * A gap is never 0 or NaN; a window with the gap is partial: labelled with its months, never compared or ranked.
 * Expected figures come from the raw CSVs with plain loops.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MPS_SAMPLE, POLICEUK_SAMPLE, readCsv } from './helpers.ts';
import { type App, expectNoNaN, months, openApp, tempDir } from './shapes-util.ts';

const AREA = 'City%20of%20London';
const CITY = (m: string) => join(POLICEUK_SAMPLE, m, `${m}-city-of-london-street.csv`);
const THEFT = ['Shoplifting', 'Other theft', 'Bicycle theft', 'Theft from the person'];
const cityRows = (m: string, types: string[]) =>
  readCsv(CITY(m)).filter((r) => r['LSOA name']!.startsWith('City of London ') && types.includes(r['Crime type']!)).length;

describe('a gap in the middle of a police.uk trend (2018-01 and 2018-03, no 2018-02)', () => {
  let app: App;
  beforeAll(async () => {
    app = await openApp([CITY('2018-01'), CITY('2018-03')]);
  });
  afterAll(() => app?.close());

  it('the trend shows February as a gap (null), January and March as the raw counts, no NaN', async () => {
    for (const [category, types] of [
      ['theft', THEFT],
      ['burglary', ['Burglary']],
      ['asb', ['Anti-social behaviour']],
    ] as const) {
      const r = await app.get(`/api/trend?source=policeuk&area=${AREA}&category=${category}&from=2018-01&to=2018-03`);
      expect(r.status).toBe(200);
      expectNoNaN(r);
      expect(r.body.rows.map((x: any) => [x.month, x.count]), category).toEqual([
        ['2018-01', cityRows('2018-01', [...types])],
        ['2018-02', null],
        ['2018-03', cityRows('2018-03', [...types])],
      ]);
      expect(r.body.rows.every((x: any) => x.rolling_12m === null)).toBe(true);
    }
  });

  it('a quarter with the gap is partial: the two months\' count, labelled, never compared', async () => {
    const r = await app.get(`/api/rolling?source=policeuk&area=${AREA}&category=theft&period=quarter&to=2018-03`);
    expect(r.status).toBe(200);
    expectNoNaN(r);
    expect(r.body.current).toMatchObject({ months: 3, months_covered: 2, complete: false, count: cityRows('2018-01', THEFT) + cityRows('2018-03', THEFT), rate_per_1000: null });
    expect(r.body.missing_months).toContain('2018-02');
    expect(r.body).toMatchObject({ complete: false, change: null, pct_change: null, significance: null });
  });

  it('outcome rates over the quarter with the gap: incomplete, no rate, no test, no rank', async () => {
    const r = await app.get(`/api/outcome-rates?area=${AREA}&category=theft&period=quarter&to=2018-03`);
    expect(r.status).toBe(200);
    expectNoNaN(r);
    expect(r.body).toMatchObject({ complete: false, positive_rate: null, charge_rate: null, significance: null, rank: null });
    expect(r.body.missing_months).toEqual(['2018-02']);
    expect(r.body.crimes).toBe(cityRows('2018-01', THEFT) + cityRows('2018-03', THEFT));
  });

  // hotspots say which months of the window have no data: a window with a gap is incomplete (issue 20)
  it('hotspots over a window with the gap say the window is incomplete', async () => {
    const r = await app.get(`/api/hotspots?source=policeuk&area=${AREA}&category=theft&from=2018-01&to=2018-03`);
    expect(r.status).toBe(200);
    expectNoNaN(r);
    const b = r.body;
    const says = b.complete === false || b.current?.complete === false || (b.missing_months ?? b.current?.missing_months ?? []).includes('2018-02');
    expect(says, JSON.stringify(b).slice(0, 300)).toBe(true);
  });
});

describe('a gap in the middle of an MPS trend (Barnet without June 2018)', () => {
  const dir = tempDir('gap');
  let app: App;
  const ALL = months('2017-01', '2018-12');
  const GAP = '2018-06';
  /** Barnet's raw monthly burglary (major category Burglary) from the sample; the gap month is null. */
  const barnet = (major: string) =>
    new Map(
      ALL.map((m) => [
        m,
        m === GAP
          ? null
          : readCsv(MPS_SAMPLE)
              .filter((r) => r.Borough === 'Barnet' && r['Major Category'] === major)
              .reduce((s, r) => s + Number(r[m.replace('-', '')]), 0),
      ]),
    );

  beforeAll(async () => {
    const rows = readCsv(MPS_SAMPLE);
    const fields = Object.keys(rows[0]!);
    writeFileSync(join(dir, 'mps-others.csv'), Papa.unparse(rows.filter((r) => r.Borough !== 'Barnet'), { columns: fields }) + '\n');
    writeFileSync(
      join(dir, 'mps-barnet-no-june.csv'),
      Papa.unparse(rows.filter((r) => r.Borough === 'Barnet'), { columns: fields.filter((f) => f !== GAP.replace('-', '')) }) + '\n',
    );
    app = await openApp([join(dir, 'mps-others.csv'), join(dir, 'mps-barnet-no-june.csv')]);
  });
  afterAll(() => app?.close());

  it('the trend shows June 2018 as a gap, and every rolling 12-month sum over it as null', async () => {
    const raw = barnet('Burglary');
    const r = await app.get('/api/trend?area=Barnet&category=burglary&from=2017-01&to=2018-12');
    expect(r.status).toBe(200);
    expectNoNaN(r);
    expect(r.body.rows.map((x: any) => x.count)).toEqual(ALL.map((m) => raw.get(m)));
    const rolling = ALL.map((_m, i) => {
      if (i < 11) return null;
      const w = ALL.slice(i - 11, i + 1).map((x) => raw.get(x)!);
      return w.some((x) => x === null) ? null : w.reduce((s, x) => s + x, 0);
    });
    expect(r.body.rows.map((x: any) => x.rolling_12m)).toEqual(rolling);
    // the windows ending 2017-12 .. 2018-05 are whole; those ending 2018-06 .. 2018-12 reach the gap
    expect(rolling.filter((x) => x !== null)).toHaveLength(6);
  });

  it('a 12-month window with the gap is partial (11 of 12 months), never compared or ranked', async () => {
    const raw = barnet('Burglary');
    const r = await app.get('/api/rolling?area=Barnet&category=burglary&to=2018-12');
    expect(r.status).toBe(200);
    expectNoNaN(r);
    const eleven = months('2018-01', '2018-12').filter((m) => m !== GAP);
    expect(r.body.current).toMatchObject({ months: 12, months_covered: 11, complete: false, rate_per_1000: null, count: eleven.reduce((s, m) => s + raw.get(m)!, 0) });
    expect(r.body).toMatchObject({ complete: false, change: null, pct_change: null, significance: null });
    expect(r.body.missing_months).toEqual([GAP]);

    const ranks = await app.ok('/api/ranks?category=burglary&to=2018-12');
    const row = ranks.rows.find((x: any) => x.area.name === 'Barnet');
    expect(row).toMatchObject({ complete: false, rank: null, months_covered: 11 });
    expect(ranks.of).toBe(31); // the 31 other boroughs are complete; Barnet is not ranked
    expect(ranks.rows.filter((x: any) => x.rank !== null)).toHaveLength(31);

    const league = await app.ok('/api/league?indicator=burglary&to=2018-12');
    expect(league.of).toBe(31);
    expect(league.rows.find((x: any) => x.area.code === 'E09000003')).toMatchObject({ rank: null, vs_london: null });
  });

  it('the board shows the partial window grey, labelled "in 11 of 12 months", and not as an exception', async () => {
    const raw = barnet('Burglary');
    const r = await app.get('/api/outcomes?area=Barnet&to=2018-12');
    expect(r.status).toBe(200);
    expectNoNaN(r);
    const ind = Object.fromEntries(r.body.outcomes.flatMap((o: any) => o.indicators).map((i: any) => [i.id, i]));
    const eleven = months('2018-01', '2018-12').filter((m) => m !== GAP);
    expect(ind.burglary).toMatchObject({ state: 'partial', rag: 'grey', change: null, rank: null, current: eleven.reduce((s, m) => s + raw.get(m)!, 0) });
    expect(ind.burglary.summary).toMatch(/11 of 12 months/);
    expect(r.body.exceptions).not.toContain('burglary');
  });

  it('SPC: June 2018 has no count and no signal, and no NaN anywhere', async () => {
    const r = await app.get('/api/spc?area=Barnet&category=burglary&from=2017-01&to=2018-12');
    expect(r.status).toBe(200);
    expectNoNaN(r);
    const june = r.body.rows.find((x: any) => x.month === GAP);
    expect(june).toMatchObject({ count: null, signal: null });
    // the default baseline: the first 20 months with data (January 2017 to September 2018, June 2018 a gap)
    expect(r.body.baseline).toMatchObject({ from: '2017-01', to: '2018-09', months: 20 });
  });
});
