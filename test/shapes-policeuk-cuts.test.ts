/**
 * Shape 2 (issue 19, item 4): police.uk street files cut to a few crime types. Fixtures (test/fixtures/shapes/police-uk-cuts/)
 * are the bundled City of London Police files cut with their raw lines kept:
 *   2018-01: Shoplifting only (one crime type);
 *   2018-02: Burglary, Robbery, Shoplifting and Vehicle crime (four crime types);
 * and the bundled complete 2018-03 City file beside them (every crime type). Expected counts come from the raw
 * files with plain loops: the City of London's rows are those whose LSOA name starts with "City of London ".
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICEUK_SAMPLE, fixture, readCsv } from './helpers.ts';
import { type App, expectNoFigure, expectNoNaN, openApp } from './shapes-util.ts';

const CUTS = fixture('shapes/police-uk-cuts');
const FILES: Record<string, string> = {
  '2018-01': join(CUTS, '2018-01/2018-01-city-of-london-street.csv'),
  '2018-02': join(CUTS, '2018-02/2018-02-city-of-london-street.csv'),
  '2018-03': join(POLICEUK_SAMPLE, '2018-03/2018-03-city-of-london-street.csv'),
};
const AREA = 'City%20of%20London';

/** Rows of a month's file in the City of London (by LSOA name) of one of the crime types. */
function raw(month: string, types: string[]) {
  return readCsv(FILES[month]!).filter((r) => r['LSOA name']!.startsWith('City of London ') && types.includes(r['Crime type']!));
}
const heldTypes = (month: string) => new Set(readCsv(FILES[month]!).map((r) => r['Crime type']));

describe('police.uk cuts of one and of four crime types', () => {
  let app: App;
  beforeAll(async () => {
    // the fixtures are the shapes named: one crime type, then four
    expect(heldTypes('2018-01')).toEqual(new Set(['Shoplifting']));
    expect(heldTypes('2018-02')).toEqual(new Set(['Burglary', 'Robbery', 'Shoplifting', 'Vehicle crime']));
    expect(heldTypes('2018-03').size).toBeGreaterThan(10);
    app = await openApp([CUTS, FILES['2018-03']!]);
  });
  afterAll(() => app?.close());

  it('counts of the types a file holds equal its raw rows, month by month (trend) and over the quarter (rolling)', async () => {
    const t = await app.ok(`/api/trend?source=policeuk&area=${AREA}&category=shoplifting&from=2018-01&to=2018-03`);
    expect(t.rows.map((r: any) => r.count)).toEqual(['2018-01', '2018-02', '2018-03'].map((m) => raw(m, ['Shoplifting']).length));
    const q = await app.ok(`/api/rolling?source=policeuk&area=${AREA}&category=shoplifting&period=quarter&to=2018-03`);
    // every month holds shoplifting: the quarter is complete, its count the three months' raw rows
    expect(q.current).toMatchObject({ complete: true, months_covered: 3, count: ['2018-01', '2018-02', '2018-03'].reduce((s, m) => s + raw(m, ['Shoplifting']).length, 0) });
    const v = await app.ok(`/api/trend?source=policeuk&area=${AREA}&category=vehicle-crime&from=2018-02&to=2018-03`);
    expect(v.rows.map((r: any) => r.count)).toEqual(['2018-02', '2018-03'].map((m) => raw(m, ['Vehicle crime']).length));
  });

  it('hotspots of a held type: total and each LSOA equal the raw rows', async () => {
    for (const [month, type, category] of [
      ['2018-01', 'Shoplifting', 'shoplifting'],
      ['2018-02', 'Robbery', 'robbery'],
      ['2018-02', 'Burglary', 'burglary'],
    ] as const) {
      const h = await app.ok(`/api/hotspots?source=policeuk&area=${AREA}&category=${category}&from=${month}&to=${month}`);
      const rows = raw(month, [type]);
      expect(h.total, `${category} ${month}`).toBe(rows.length);
      const byLsoa = new Map<string, number>();
      for (const r of rows) byLsoa.set(r['LSOA code']!, (byLsoa.get(r['LSOA code']!) ?? 0) + 1);
      expect(Object.fromEntries(h.rows.map((r: any) => [r.lsoa_code, r.count])), `${category} ${month}`).toEqual(Object.fromEntries(byLsoa));
    }
  });

  it('a type the one-type file does not hold is no data in its month (trend, rolling), never 0', async () => {
    const t = await app.ok(`/api/trend?source=policeuk&area=${AREA}&category=robbery&from=2018-01&to=2018-03`);
    expect(t.rows.map((r: any) => r.count)).toEqual([null, raw('2018-02', ['Robbery']).length, raw('2018-03', ['Robbery']).length]);
    const url = `/api/rolling?source=policeuk&area=${AREA}&category=robbery&period=month&to=2018-01`;
    expectNoFigure(await app.get(url), (b) => b.current.count, url);
  });

  // hotspots read the same coverage as every series: a type the month's file does not hold is no data (issue 20)
  it('hotspots of a type the one-type file does not hold: no data, never a total of 0', async () => {
    const url = `/api/hotspots?source=policeuk&area=${AREA}&category=robbery&from=2018-01&to=2018-01`;
    expectNoFigure(await app.get(url), (b) => b.total, url);
  });

  // a police.uk month of fewer than 10 crime types is a cut: it covers only the categories all of whose types it holds (issue 20)
  it('types the four-type file does not hold are no data in its month, never 0 (trend, rolling, hotspots)', async () => {
    for (const category of ['drugs', 'violence-and-sexual-offences', 'asb']) {
      const t = await app.get(`/api/trend?source=policeuk&area=${AREA}&category=${category}&from=2018-01&to=2018-03`);
      expectNoNaN(t);
      expect(t.status).toBe(200);
      const all = ['2018-03'].map((m) => raw(m, [{ drugs: 'Drugs', 'violence-and-sexual-offences': 'Violence and sexual offences', asb: 'Anti-social behaviour' }[category]!]).length);
      expect(t.body.rows.map((r: any) => r.count), category).toEqual([null, null, ...all]);
      const url = `/api/rolling?source=policeuk&area=${AREA}&category=${category}&period=month&to=2018-02`;
      expectNoFigure(await app.get(url), (b) => b.current.count, url);
      const hot = `/api/hotspots?source=policeuk&area=${AREA}&category=${category}&from=2018-02&to=2018-02`;
      expectNoFigure(await app.get(hot), (b) => b.total, hot);
    }
    // theft = shoplifting + other theft + bicycle theft + theft from the person: February holds shoplifting only
    const q = await app.ok(`/api/rolling?source=policeuk&area=${AREA}&category=theft&period=quarter&to=2018-03`);
    expect(q.current).toMatchObject({ months_covered: 1, complete: false });
    expect(q.current.count).toBe(raw('2018-03', ['Shoplifting', 'Other theft', 'Bicycle theft', 'Theft from the person']).length);
  });
});
