/**
 * Issue 20: police.uk rows with no LSOA are stored under *No location*, rows in an LSOA outside London under *Outside
 * London*. Neither is a place: their figure for a month is the rows of the files loaded for that month (every force's).
 * The rule: (month M, category C) is covered for them iff at least one police.uk force file for M is loaded and every
 * force file loaded for M can express C (a cut of fewer than 10 crime types lacks its no-location rows of the others).
 *
 * The bundled sample (data/sample/police-uk): the Met's street files are burglary-only cuts, the City of London
 * Police's are complete (checked below from the raw files). Expected counts come from the raw CSVs with plain loops:
 * no location = empty LSOA code and name; outside London = an LSOA name that starts with no London borough's name.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICEUK_SAMPLE, ROOT, readCsv } from './helpers.ts';
import { type App, expectNoFigure, expectNoNaN, openApp } from './shapes-util.ts';

const MONTHS = ['2018-01', '2018-02', '2018-03'];
const street = (month: string, force: 'metropolitan' | 'city-of-london') => join(POLICEUK_SAMPLE, month, `${month}-${force}-street.csv`);
const BOROUGHS = readCsv(join(ROOT, 'data/reference/areas.csv'))
  .filter((a) => /^E09\d{6}$/.test(a.code!))
  .map((a) => a.name!);

type Row = Record<string, string>;
const rows = (file: string): Row[] => readCsv(file);
const noLocation = (r: Row) => r['LSOA code'] === '' && r['LSOA name'] === '';
const outside = (r: Row) => !noLocation(r) && !BOROUGHS.some((b) => r['LSOA name']!.startsWith(`${b} `));
/** Rows of `files` that pass `where`, of crime type `type`. */
function count(files: string[], where: (r: Row) => boolean, type: string): number {
  let n = 0;
  for (const f of files) for (const r of rows(f)) if (where(r) && r['Crime type'] === type) n++;
  return n;
}
const types = (file: string) => new Set(rows(file).map((r) => r['Crime type']));

const trend = async (app: App, area: string, category: string) =>
  (await app.ok(`/api/trend?source=policeuk&area=${area}&category=${category}&from=2018-01&to=2018-03`)).rows.map((r: any) => r.count);

describe('police.uk No location and Outside London: the rows of the files loaded for the month', () => {
  let sample: App;
  // the City's files for every month, the Met's (burglary-only cuts) from February only: January is City-only
  let mixed: App;
  beforeAll(async () => {
    // the sample is the shape named: Met files burglary-only, City files complete (ASB and every crime type)
    for (const m of MONTHS) {
      expect(types(street(m, 'metropolitan')), m).toEqual(new Set(['Burglary']));
      expect(types(street(m, 'city-of-london')).size, m).toBeGreaterThanOrEqual(10);
    }
    const files = readdirSync(POLICEUK_SAMPLE, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('-street.csv')).sort()).toEqual(
      MONTHS.flatMap((m) => [`${m}/${m}-city-of-london-street.csv`, `${m}/${m}-metropolitan-street.csv`]),
    );
    sample = await openApp([POLICEUK_SAMPLE]);
    mixed = await openApp([...MONTHS.map((m) => street(m, 'city-of-london')), street('2018-02', 'metropolitan'), street('2018-03', 'metropolitan')]);
  });
  afterAll(() => {
    sample?.close();
    mixed?.close();
  });

  it("No location's burglary is both forces' rows with no LSOA, month by month", async () => {
    const expected = MONTHS.map((m) => count([street(m, 'metropolitan'), street(m, 'city-of-london')], noLocation, 'Burglary'));
    // both forces contribute (the City has burglary rows with no location in some month): not one force's count
    expect(expected.every((n) => n > 0)).toBe(true);
    expect(MONTHS.some((m) => count([street(m, 'city-of-london')], noLocation, 'Burglary') > 0)).toBe(true);
    expect(await trend(sample, 'No%20location', 'burglary')).toEqual(expected);
  });

  it('a category the Met cut lacks is no data for No location in every month both forces are loaded, never the City part', async () => {
    for (const category of ['robbery', 'violence-and-sexual-offences', 'asb']) {
      expect(await trend(sample, 'No%20location', category), category).toEqual([null, null, null]);
      const url = `/api/rolling?source=policeuk&area=No%20location&category=${category}&period=quarter&to=2018-03`;
      expectNoFigure(await sample.get(url), (b) => b.current.count, url);
    }
    // the City alone holds violence rows with no location in those months: a figure would have been its part only
    expect(count([street('2018-01', 'city-of-london')], noLocation, 'Violence and sexual offences')).toBeGreaterThan(0);
  });

  it('Outside London: the Met\u2019s burglary rows in LSOAs of no London borough; a category the cut lacks is no data', async () => {
    const expected = MONTHS.map((m) => count([street(m, 'metropolitan'), street(m, 'city-of-london')], outside, 'Burglary'));
    expect(expected.every((n) => n > 0)).toBe(true);
    expect(await trend(sample, 'Outside%20London', 'burglary')).toEqual(expected);
    expect(await trend(sample, 'Outside%20London', 'robbery')).toEqual([null, null, null]);
  });

  it('a month with only the complete City file loaded covers every category for No location: its rows, a true 0 where none', async () => {
    const city = (m: string, type: string) => count([street(m, 'city-of-london')], noLocation, type);
    const both = (m: string, type: string) => count([street(m, 'city-of-london'), street(m, 'metropolitan')], noLocation, type);
    expect(await trend(mixed, 'No%20location', 'burglary')).toEqual([city('2018-01', 'Burglary'), both('2018-02', 'Burglary'), both('2018-03', 'Burglary')]);
    // January (City only): violence is the City's rows; February and March hold a Met cut without violence: no data
    const violence = city('2018-01', 'Violence and sexual offences');
    expect(violence).toBeGreaterThan(0);
    expect(await trend(mixed, 'No%20location', 'violence-and-sexual-offences')).toEqual([violence, null, null]);
    // the City's January file has no robbery without a location: a covered month, so a true 0 (not a gap)
    expect(city('2018-01', 'Robbery')).toBe(0);
    expect(await trend(mixed, 'No%20location', 'robbery')).toEqual([0, null, null]);
  });

  it('No location has no rate per 1,000: null, with the reason in words', async () => {
    const url = '/api/rolling?source=policeuk&area=No%20location&category=burglary&period=month&to=2018-03';
    const r = await sample.get(url);
    expectNoNaN(r, url);
    expect(r.status).toBe(200);
    expect(r.body.current.count).toBe(count([street('2018-03', 'metropolitan'), street('2018-03', 'city-of-london')], noLocation, 'Burglary'));
    expect(r.body.current.complete).toBe(true);
    expect(r.body.current.rate_per_1000).toBeNull();
    expect(r.body.current.rate_ci95).toBeNull();
    expect(r.body.current.rate_reason).toMatch(/no resident population for No location/);
  });

  it("London's total and ranks are over the 32 boroughs only: No location and Outside London are never in them", async () => {
    const r = await sample.ok('/api/ranks?source=policeuk&category=burglary&period=quarter&to=2018-03');
    expect(JSON.stringify(r)).not.toMatch(/No location|Outside London|NO-LOCATION|OUTSIDE-LONDON/);
    expect(r.rows).toHaveLength(32);
    // London's count: the raw burglary rows in an LSOA of one of the 32 boroughs (the City of London is not one)
    const boroughs = BOROUGHS.filter((b) => b !== 'City of London');
    expect(boroughs).toHaveLength(32);
    const inBorough = (row: Row) => boroughs.some((b) => row['LSOA name']!.startsWith(`${b} `));
    const files = MONTHS.flatMap((m) => [street(m, 'metropolitan'), street(m, 'city-of-london')]);
    expect(r.london.count).toBe(count(files, inBorough, 'Burglary'));
    expect(r.london.count).toBeLessThan(count(files, () => true, 'Burglary') - 100);
  });
});
