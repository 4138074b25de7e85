/**
 * Shape 4 (issue 19, item 4): two MPS classifications in one database. The bundled MPS sample
 * (data/sample/mps-borough-2017-2018.csv: the MPS's own classification, 2017-01..2018-12, "Major Category") and the
 * London Datastore's current file cut to Barnet and Unknown (test/fixtures/mps/mps-borough-2024-2026-barnet-unknown.csv:
 * Home Office classification, 2024-03..2026-02, upper-case "MajorText"). Nothing is loaded for 2019-01..2024-02.
 * Expected figures come from the raw CSVs with plain loops: a month's burglary (robbery) is the sum of the borough's
 * rows whose major category is Burglary (Robbery) in either file.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { indicatorRows } from '../api/report/rows.ts';
import { Database } from '../data/db.ts';
import { derivedProblem, storedDerivedKey, upgradeDatabase } from '../data/load.ts';
import { MPS_SAMPLE, fixture, query, readCsv } from './helpers.ts';
import { type App, expectNoNaN, months, openApp } from './shapes-util.ts';

const CURRENT = fixture('mps/mps-borough-2024-2026-barnet-unknown.csv');
const OLD_MONTHS = months('2017-01', '2018-12');
const NEW_MONTHS = months('2024-03', '2026-02');
const ALL = months('2017-01', '2026-02');

/** The raw monthly count of a borough and major category, or null when neither file has the month. */
function rawMonthly(borough: string, major: string): Map<string, number | null> {
  const out = new Map<string, number | null>(ALL.map((m) => [m, null]));
  const add = (m: string, v: string | undefined) => {
    if (v === undefined || v === '') return;
    out.set(m, (out.get(m) ?? 0) + Number(v));
  };
  for (const r of readCsv(MPS_SAMPLE))
    if (r.Borough === borough && r['Major Category']!.toLowerCase() === major.toLowerCase()) for (const m of OLD_MONTHS) add(m, r[m.replace('-', '')]);
  for (const r of readCsv(CURRENT))
    if (r.BoroughName === borough && r.MajorText!.toLowerCase() === major.toLowerCase()) for (const m of NEW_MONTHS) add(m, r[m.replace('-', '')]);
  return out;
}
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('MPS classifications mixed in one database', () => {
  let app: App;
  beforeAll(async () => {
    // the two files really are the two classifications: old "Burglary"/"Major Category", new "BURGLARY"/"MajorText"
    expect(Object.keys(readCsv(MPS_SAMPLE)[0]!)).toContain('Major Category');
    expect(readCsv(CURRENT).some((r) => r.MinorText === 'RES BURGLARY OF A HOME')).toBe(true);
    app = await openApp([MPS_SAMPLE, CURRENT]);
  });
  afterAll(() => app?.close());

  it("each month's figure equals the raw file's (old months, new months), and the years between are gaps", async () => {
    for (const [category, major] of [
      ['burglary', 'Burglary'],
      ['robbery', 'Robbery'],
    ] as const) {
      const r = await app.get(`/api/trend?area=Barnet&category=${category}&from=2017-01&to=2026-02`);
      expect(r.status).toBe(200);
      expectNoNaN(r);
      const raw = rawMonthly('Barnet', major);
      expect(r.body.rows.map((x: any) => x.month)).toEqual(ALL);
      expect(r.body.rows.map((x: any) => x.count), category).toEqual(ALL.map((m) => raw.get(m)));
      // each classification has its months: 24 old, 24 new, 63 gaps between
      expect(ALL.filter((m) => raw.get(m) !== null)).toHaveLength(48);
      // rolling 12 months: the raw sum of 12 months when all are loaded, null when the window reaches a gap
      const rolling = ALL.map((_m, i) => {
        if (i < 11) return null;
        const w = ALL.slice(i - 11, i + 1).map((x) => raw.get(x)!);
        return w.some((x) => x === null) ? null : w.reduce((s, x) => s + x, 0);
      });
      expect(r.body.rows.map((x: any) => x.rolling_12m), category).toEqual(rolling);
    }
  });

  it('the rows of the Home Office file for the borough "Unknown" count, month by month, under MPS-UNKNOWN', async () => {
    const raw = rawMonthly('Unknown', 'Burglary');
    const r = await app.ok(`/api/trend?area=MPS-UNKNOWN&category=burglary&from=2024-03&to=2026-02`);
    expect(r.rows.map((x: any) => x.count)).toEqual(NEW_MONTHS.map((m) => raw.get(m)));
  });

  it('SPC never mixes the classifications: each stretch has its own limits, from its own months only', async () => {
    const raw = rawMonthly('Barnet', 'Burglary');
    const r = await app.ok('/api/spc?area=Barnet&category=burglary&from=2017-01&to=2026-02');
    const segs = r.segments.filter((s: any) => s.baseline);
    // no stretch whose baseline holds months of both classifications
    for (const s of segs) {
      const inOld = OLD_MONTHS.some((m) => m >= s.baseline.from && m <= s.baseline.to);
      const inNew = NEW_MONTHS.some((m) => m >= s.baseline.from && m <= s.baseline.to);
      expect(inOld && inNew, JSON.stringify(s)).toBe(false);
    }
    // the centre line of each classification's months is the mean of that classification's first 20 raw months
    // (the default baseline, docs/spc.md)
    const centre = (ms: string[]) => new Set(r.rows.filter((x: any) => ms.includes(x.month)).map((x: any) => x.expected));
    expect([...centre(OLD_MONTHS)]).toHaveLength(1);
    expect([...centre(OLD_MONTHS)][0]).toBeCloseTo(mean(OLD_MONTHS.slice(0, 20).map((m) => raw.get(m)!)), 9);
    expect([...centre(NEW_MONTHS)]).toHaveLength(1);
    expect([...centre(NEW_MONTHS)][0]).toBeCloseTo(mean(NEW_MONTHS.slice(0, 20).map((m) => raw.get(m)!)), 9);
    // and a break is named between them
    expect(r.breaks.length).toBeGreaterThanOrEqual(1);
    for (const b of r.breaks) expect(b.month > '2018-12' && b.month <= '2024-03', b.month).toBe(true);
  });

  it('a baseline in the old classification against a window in the new one carries the break and is not compared', async () => {
    const raw = rawMonthly('Barnet', 'Burglary');
    const r = await app.ok('/api/rolling?area=Barnet&category=burglary&to=2025-02&baseline=2017/18');
    // 12 months to February 2025 = March 2024 to February 2025, all Home Office months
    expect(r.current).toMatchObject({ complete: true, count: months('2024-03', '2025-02').reduce((s, m) => s + raw.get(m)!, 0) });
    // 2017/18 = April 2017 to March 2018, all MPS-classification months
    expect(r.baseline).toMatchObject({ complete: true, count: months('2017-04', '2018-03').reduce((s, m) => s + raw.get(m)!, 0) });
    expect(r.baseline.breaks.length).toBeGreaterThanOrEqual(1);
    expect(r.baseline).toMatchObject({ change: null, pct_change: null });
  });

  // issue 20: series breaks come from the data loaded, not the calendar (no 2019-01 here): in this database the
  // classification changes at the first Home Office month loaded, 2024-03
  it('the classification break is named at the first Home Office month loaded (2024-03), and nowhere else', async () => {
    const r = await app.ok('/api/spc?area=Barnet&category=burglary&from=2017-01&to=2026-02');
    expect(r.breaks.map((b: any) => b.month)).toEqual(['2024-03']);
    expect(r.segments.map((s: any) => s.from)).toEqual(['2017-01', '2024-03']);
    const roll = await app.ok('/api/rolling?area=Barnet&category=burglary&to=2025-02&baseline=2017/18');
    expect(roll.baseline.breaks.map((b: any) => b.month)).toEqual(['2024-03']);
  });
});

/**
 * Issue 20: an MPS old-classification file followed by a Home Office file over part of it. The bundled sample (the
 * MPS's own classification, 2017-01..2018-12, every borough), then test/fixtures/mps/home-office-2018-07-2019-06-barnet.csv:
 * Barnet's rows of the Home Office-classification fixture above with its first 12 month columns (202403..202502)
 * renamed 201807..201906, so it replaces Barnet's 2018-07..2018-12 and adds 2019-01..2019-06. The change of
 * classification in this database is at 2018-07 for Barnet, nowhere for any other borough, and never at the calendar's
 * 2019-01.
 */
const HOME_OFFICE_2018 = fixture('mps/home-office-2018-07-2019-06-barnet.csv');
const HO_MONTHS = months('2018-07', '2019-06');
// the same fixture's next 12 month columns (202503..202602) renamed 201907..202006: Home Office months after the first
const HOME_OFFICE_2019 = fixture('mps/home-office-2019-07-2020-06-barnet.csv');
const HO_MONTHS_2 = months('2019-07', '2020-06');

/** Barnet's raw monthly burglary after both loads: the Home Office file's months win over the sample's. */
function rawBarnetBurglary(): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of readCsv(MPS_SAMPLE))
    if (r.Borough === 'Barnet' && r['Major Category'] === 'Burglary')
      for (const m of months('2017-01', '2018-06')) out.set(m, (out.get(m) ?? 0) + Number(r[m.replace('-', '')]));
  for (const [file, ms] of [[HOME_OFFICE_2018, HO_MONTHS], [HOME_OFFICE_2019, HO_MONTHS_2]] as const)
    for (const r of readCsv(file))
      if (r.BoroughName === 'Barnet' && r.MajorText === 'BURGLARY')
        for (const m of ms) out.set(m, (out.get(m) ?? 0) + Number(r[m.replace('-', '')]));
  return out;
}

describe('an MPS old-classification file followed by a Home Office file over part of it', () => {
  let app: App;
  beforeAll(async () => {
    app = await openApp([MPS_SAMPLE], [HOME_OFFICE_2018, HOME_OFFICE_2019]);
  });
  afterAll(() => app?.close());

  it('each slice records the classification its file was published in, from its labels', async () => {
    const rows = await query<{ slice: string; month: string; classification: string | null; file: string }>(
      app.path,
      `SELECT slice, strftime(month, '%Y-%m') AS month, classification, file FROM slices WHERE source = 'mps' AND slice IN ('E09000003', 'E09000007') ORDER BY ALL`,
    );
    const of = (slice: string) => rows.filter((r) => r.slice === slice);
    // Barnet: the sample's months to 2018-06, the Home Office files' from 2018-07
    expect(of('E09000003').map((r) => [r.month, r.classification])).toEqual([
      ...months('2017-01', '2018-06').map((m) => [m, 'mps']),
      ...[...HO_MONTHS, ...HO_MONTHS_2].map((m) => [m, 'home-office']),
    ]);
    expect(of('E09000003').filter((r) => r.classification === 'home-office').every((r) => /home-office-20(18|19)-07-20(19|20)-06-barnet\.csv$/.test(r.file))).toBe(true);
    // Camden: the sample only
    expect(of('E09000007').map((r) => [r.month, r.classification])).toEqual(months('2017-01', '2018-12').map((m) => [m, 'mps']));
  });

  it('SPC names the change at the first Home Office month (2018-07) and nowhere else; limits restart there', async () => {
    const raw = rawBarnetBurglary();
    // the Home Office file really replaced the sample's months (they differ)
    const sample2018 = readCsv(MPS_SAMPLE).filter((r) => r.Borough === 'Barnet' && r['Major Category'] === 'Burglary').reduce((s, r) => s + Number(r['201808']), 0);
    expect(raw.get('2018-08')).not.toBe(sample2018);
    const r = await app.ok('/api/spc?area=Barnet&category=burglary&from=2017-01&to=2019-06');
    expect(r.rows.map((x: any) => x.count)).toEqual(months('2017-01', '2019-06').map((m) => raw.get(m)));
    expect(r.breaks.map((b: any) => b.month)).toEqual(['2018-07']);
    expect(r.breaks[0].note).toMatch(/from the MPS's own crime classification \(to 2018-06\) to the Home Office's crime classification \(from 2018-07\)/);
    expect(r.segments.map((s: any) => s.from)).toEqual(['2017-01', '2018-07']);
    const centre = (ms: string[]) => [...new Set(r.rows.filter((x: any) => ms.includes(x.month)).map((x: any) => x.expected))];
    expect(centre(months('2017-01', '2018-06'))).toHaveLength(1);
    expect(centre(months('2017-01', '2018-06'))[0]).toBeCloseTo(mean(months('2017-01', '2018-06').map((m) => raw.get(m)!)), 9);
    expect(centre(HO_MONTHS)[0]).toBeCloseTo(mean(HO_MONTHS.map((m) => raw.get(m)!)), 9);
    // a series wholly on one side names none
    expect((await app.ok('/api/spc?area=Barnet&category=burglary&from=2018-07&to=2019-06')).breaks).toEqual([]);
    expect((await app.ok('/api/spc?area=Barnet&category=burglary&from=2017-01&to=2018-06')).breaks).toEqual([]);
    // a borough the Home Office file does not hold has no change at all
    expect((await app.ok('/api/spc?area=Camden&category=burglary&from=2017-01&to=2018-12')).breaks).toEqual([]);
  });

  it('/api/rolling names it exactly when the two windows hold months of both classifications', async () => {
    for (const to of months('2018-01', '2019-06')) {
      const r = await app.ok(`/api/rolling?area=Barnet&category=burglary&to=${to}`);
      // previous.from = to - 23 months is always before 2018-07 here: the windows cross the change once 2018-07 is in
      expect(r.breaks.map((b: any) => b.month), to).toEqual(to >= '2018-07' ? ['2018-07'] : []);
      const camden = await app.ok(`/api/rolling?area=Camden&category=burglary&to=${to > '2018-12' ? '2018-12' : to}`);
      expect(camden.breaks, to).toEqual([]);
    }
    const r = await app.ok('/api/rolling?area=Barnet&category=burglary&to=2019-06&baseline=2017-01:2017-12');
    expect(r.baseline.breaks.map((b: any) => b.month)).toEqual(['2018-07']);
    const raw = rawBarnetBurglary();
    expect(r.current.count).toBe(HO_MONTHS.reduce((s, m) => s + raw.get(m)!, 0));
  });

  it("/api/explain names each file's classification, where the break comes from", async () => {
    const url = '/api/explain?route=rolling&source=mps&area=Barnet&category=burglary&to=2019-06';
    const current = await app.ok(url);
    expect(current.files.map((f: any) => [f.file.split('/').at(-1), f.classification, f.months])).toEqual([
      ['home-office-2018-07-2019-06-barnet.csv', 'home-office', HO_MONTHS],
    ]);
    const previous = await app.ok(`${url}&figure=previous`);
    expect(previous.files.map((f: any) => [f.file.split('/').at(-1), f.classification, f.months])).toEqual([
      ['mps-borough-2017-2018.csv', 'mps', months('2017-07', '2018-06')],
    ]);
  });

  it('the scorecard names it for Barnet, not for Camden', async () => {
    const pick = (body: any) => body.outcomes.flatMap((o: any) => o.indicators).find((i: any) => i.id === 'burglary-residential');
    const barnet = pick(await app.ok('/api/outcomes?area=Barnet&to=2019-06&source=mps'));
    expect(barnet.complete).toBe(true);
    expect(barnet.breaks.map((b: any) => b.month)).toEqual(['2018-07']);
    expect(barnet.summary).toMatch(/; not compared: the MPS changed crime classification in July 2018: /);
    const camden = pick(await app.ok('/api/outcomes?area=Camden&to=2018-12&source=mps'));
    expect(camden.breaks).toEqual([]);
    expect(camden.not_compared).toBeNull();
    expect(camden.significance).not.toBeNull();
  });

  // issue 20: "2010 is tested against 2009 as 'down 11%, significant' across two classifications": no longer
  const REASON = /^the MPS changed crime classification in July 2018: the files loaded for this area are in the MPS's own crime classification to June 2018 and in the Home Office's crime classification from July 2018, so categories before and after are not like for like$/;
  const sum = (raw: Map<string, number>, from: string, to: string) => months(from, to).reduce((s, m) => s + raw.get(m)!, 0);

  it('/api/rolling: the 12 months to 2019-03 against the 12 before straddle the change: not compared, with the reason', async () => {
    const raw = rawBarnetBurglary();
    const r = await app.ok('/api/rolling?area=Barnet&category=burglary&to=2019-03');
    // both windows are complete (their counts are the raw files'): only the break stops the comparison
    expect(r.complete).toBe(true);
    expect(r.current).toMatchObject({ from: '2018-04', to: '2019-03', complete: true, count: sum(raw, '2018-04', '2019-03') });
    expect(r.previous).toMatchObject({ from: '2017-04', to: '2018-03', complete: true, count: sum(raw, '2017-04', '2018-03') });
    // compared, it would read "down 26%, significant": 2,639 against 3,582 (Wheeler's z about -17)
    expect(sum(raw, '2018-04', '2019-03') / sum(raw, '2017-04', '2018-03')).toBeLessThan(0.8);
    expect(r).toMatchObject({ change: null, pct_change: null, significance: null });
    expect(r.not_compared).toMatch(REASON);
    expect(r.breaks.map((b: any) => b.month)).toEqual(['2018-07']);
    // every pair of windows ending 2018-07..2020-05 straddles it (complete or not); from 2020-06 both are Home Office
    for (const to of months('2018-07', '2020-06')) {
      const x = await app.ok(`/api/rolling?area=Barnet&category=burglary&to=${to}`);
      expect([x.change, x.significance, x.not_compared === null], to).toEqual(to < '2020-06' ? [null, null, false] : [2116 - 2445, x.significance, true]);
    }
  });

  it('/api/rolling: the 12 months to 2020-06 against the 12 before, both Home Office, are compared as usual', async () => {
    const raw = rawBarnetBurglary();
    const r = await app.ok('/api/rolling?area=Barnet&category=burglary&to=2020-06');
    const [current, previous] = [sum(raw, '2019-07', '2020-06'), sum(raw, '2018-07', '2019-06')];
    // by hand from the two Home Office fixtures: 2,116 against 2,445
    expect([current, previous]).toEqual([2116, 2445]);
    expect(r.breaks).toEqual([]);
    expect(r.not_compared).toBeNull();
    expect(r.current.count).toBe(current);
    expect(r.previous.count).toBe(previous);
    expect(r.change).toBe(current - previous);
    expect(r.pct_change).toBeCloseTo((100 * (current - previous)) / previous, 9);
    expect(r.significance).toMatchObject({ significant: true, direction: 'down' });
    expect(r.significance.z).toBeCloseTo(2 * (Math.sqrt(current) - Math.sqrt(previous)), 9);
  });

  it('/api/rolling: a baseline across the change is not compared; one on the same side is', async () => {
    const raw = rawBarnetBurglary();
    const across = await app.ok('/api/rolling?area=Barnet&category=burglary&to=2020-06&baseline=2017/18');
    expect(across.baseline).toMatchObject({ complete: true, count: sum(raw, '2017-04', '2018-03'), change: null, pct_change: null });
    expect(across.baseline.not_compared).toMatch(REASON);
    expect(across.baseline.breaks.map((b: any) => b.month)).toEqual(['2018-07']);
    // the current window against the 12 months before it is still compared (both Home Office)
    expect(across.change).toBe(2116 - 2445);
    const same = await app.ok('/api/rolling?area=Barnet&category=burglary&to=2020-06&baseline=2018-07:2019-06');
    expect(same.baseline).toMatchObject({ complete: true, count: 2445, change: 2116 - 2445, breaks: [], not_compared: null });
    expect(same.baseline.pct_change).toBeCloseTo((100 * (2116 - 2445)) / 2445, 9);
  });

  it('/api/outcomes: an indicator whose windows straddle the change is grey, untested and no exception; the next year is compared', async () => {
    const raw = rawBarnetBurglary();
    const pick = (body: any, id: string) => body.outcomes.flatMap((o: any) => o.indicators).find((i: any) => i.id === id);
    const body = await app.ok('/api/outcomes?area=Barnet&to=2019-06&source=mps');
    const b = pick(body, 'burglary');
    // compared, 2,445 against 3,733 would be "down 35%, significant", and an exception
    const [current, previous] = [sum(raw, '2018-07', '2019-06'), sum(raw, '2017-07', '2018-06')];
    expect(Math.abs(2 * (Math.sqrt(current) - Math.sqrt(previous)))).toBeGreaterThan(10);
    expect(b).toMatchObject({ complete: true, current, previous: null, change: null, pct_change: null, significance: null, direction: null, rag: 'grey' });
    expect(b.not_compared).toMatch(REASON);
    expect(current).toBe(2445);
    expect(b.summary.startsWith(`Burglary (residential and business): 2,445 in the 12 months to June 2019; not compared: ${b.not_compared}`)).toBe(true);
    expect(b.summary).not.toMatch(/\b(up|down) \d+%|significant/);
    expect(body.exceptions).not.toContain('burglary');
    expect(body.headline).not.toMatch(/Burglary \(residential and business\)/);
    // the pack's data annex (indicators.csv) carries the same verdict
    const row = indicatorRows(body).find((x) => x.indicator_id === 'burglary')!;
    expect(row).toMatchObject({ change: null, pct_change: null, p_value: null, significant: null, rag: 'grey', not_compared: b.not_compared });
    // every MPS count indicator of Barnet straddles it: none is an exception, all are grey
    const mps = body.outcomes.flatMap((o: any) => o.indicators).filter((i: any) => i.source === 'mps' && i.kind === 'count' && i.complete);
    expect(mps.length).toBeGreaterThan(3);
    for (const i of mps) expect([i.id, i.rag, i.significance, body.exceptions.includes(i.id)]).toEqual([i.id, 'grey', null, false]);
    // a year later both windows are Home Office months: compared, significant, an exception
    const later = await app.ok('/api/outcomes?area=Barnet&to=2020-06&source=mps');
    const l = pick(later, 'burglary');
    expect(l).toMatchObject({ complete: true, current: 2116, previous: 2445, change: 2116 - 2445, not_compared: null, breaks: [], direction: 'down', rag: 'green' });
    expect(later.exceptions).toContain('burglary');
  });
});

describe('a database holding only one classification names no classification break', () => {
  it('the MPS classification only (the sample), or the Home Office one only', async () => {
    for (const [files, from, to] of [
      [[MPS_SAMPLE], '2017-01', '2018-12'],
      [[CURRENT], '2024-03', '2026-02'],
    ] as const) {
      const app = await openApp([...files]);
      try {
        const spc = await app.ok(`/api/spc?area=Barnet&category=burglary&from=${from}&to=${to}`);
        expect(spc.breaks, files[0]).toEqual([]);
        expect(spc.segments.map((s: any) => s.from)).toEqual([from]);
        const roll = await app.ok(`/api/rolling?area=Barnet&category=burglary&to=${to}`);
        expect(roll.breaks, files[0]).toEqual([]);
        const one = await query<{ n: number }>(app.path, `SELECT count(DISTINCT classification)::INTEGER AS n FROM slices WHERE source = 'mps'`);
        expect(one[0]!.n).toBe(1);
      } finally {
        app.close();
      }
    }
  });
});

describe('a database loaded before slices recorded their classification', () => {
  it('is refused as out of date, and `upgrade` records the classifications so the break is named', async () => {
    const app = await openApp([MPS_SAMPLE], [HOME_OFFICE_2018]);
    const path = app.path;
    app.close();
    // as an older saferboard left it: no classification column, an older derived_version
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run('ALTER TABLE slices DROP COLUMN classification');
    await connection.run(`UPDATE meta SET value = '6:0000000000000000:0000000000000000' WHERE key = 'derived_version'`);
    await connection.run('CHECKPOINT');
    connection.closeSync();
    instance.closeSync();
    const old = await Database.open(path, { readOnly: true });
    expect(derivedProblem(await storedDerivedKey((sql) => old.all(sql)))).toMatch(/another version of saferboard/);
    old.close();
    expect(await upgradeDatabase(path)).toMatch(/another version of saferboard/);
    const db = await Database.open(path, { readOnly: true });
    try {
      expect(derivedProblem(await storedDerivedKey((sql) => db.all(sql)))).toBeUndefined();
      const res = await createApp(db, { token: '' }).request('/api/spc?area=Barnet&category=burglary&from=2017-01&to=2019-06');
      expect(((await res.json()) as any).breaks.map((b: any) => b.month)).toEqual(['2018-07']);
    } finally {
      db.close();
    }
  });
});
