/**
 * Issue 24: stop-and-search and outcomes files of a force outside London, placed by the one police.uk placement rule.
 *
 * The fixtures (test/fixtures/national-extra/, made by its generate.mjs from the real Thames Valley and Surrey street
 * files of January 2024, in the published format of the Met's files) are Thames Valley's January 2024
 * stop-and-search file (searches at real street-file coordinates, four in Surrey, five with no coordinates, one in
 * Edinburgh) and outcomes file (real Thames Valley Crime IDs). Expected figures come from plain loops over the raw
 * rows, the shipped lookup CSVs and an independent point-in-polygon (d3-geo geoContains on the shipped topojson).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { geoContains } from 'd3-geo';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles, type LoadSummary } from '../data/load.ts';
import { ROOT, fixture, query, readCsv, tempDb } from './helpers.ts';
import { type App, openApp } from './shapes-util.ts';

const NATIONAL = join(ROOT, 'data/reference/national');
const STREET = fixture('national/2024-01-thames-valley-street.csv');
const SEARCHES = fixture('national-extra/2024-01-thames-valley-stop-and-search.csv');
const OUTCOMES = fixture('national-extra/2024-01-thames-valley-outcomes.csv');
const LAD_CSP = readCsv(join(NATIONAL, 'lookup-lad24-csp24-pfa24.csv'));
const BY_LSOA = new Map(readCsv(join(NATIONAL, 'lookup-lsoa21-csp24.csv.gz')).map((r) => [r.lsoa21_code!, r]));
const OUTCOME_TYPES = new Map(readCsv(join(ROOT, 'data/reference/outcome-types.csv')).map((r) => [r.label!.toLowerCase(), r]));
const IDS = new Map(
  readCsv(join(ROOT, 'data/reference/categories.csv'))
    .filter((r) => r.scheme === 'policeuk')
    .map((r) => [r.label!, r.ids!.split('|')]),
);

const THAMES_VALLEY = 'E23000029';
const BUCKINGHAMSHIRE = 'E06000060';
const AYLESBURY_VALE = 'E22000303'; // a CSP of the split LAD Buckinghamshire
const OXFORD = 'E07000178';

type Shape = Feature<Polygon | MultiPolygon, Record<string, string>>;
const shapes = (file: string, key: string) => {
  const t = JSON.parse(readFileSync(file, 'utf8'));
  return (feature(t, t.objects.layer) as unknown as { features: Shape[] }).features.map((f) => ({ f, code: f.properties[key]! }));
};
const LADS = shapes(join(NATIONAL, 'lad-2023-ew.topojson'), 'lad23cd');
const BOROUGHS = shapes(join(ROOT, 'data/reference/boundaries/london-boroughs.topojson'), 'lad22cd');
/** The LAD containing a point by d3-geo: London's boroughs by their own boundaries first, as the product does. */
const ladOf = (lon: number, lat: number) =>
  (BOROUGHS.find((b) => geoContains(b.f, [lon, lat])) ?? LADS.find((l) => !l.code.startsWith('E09') && geoContains(l.f, [lon, lat])))?.code;

/** LAD -> its CSPs, CSP -> its LADs, LAD -> force area, from the shipped lookup. */
const ladCsps = new Map<string, Set<string>>();
const cspLads = new Map<string, Set<string>>();
const ladPfa = new Map<string, string>();
const ladName = new Map<string, string>();
for (const r of LAD_CSP) {
  ladCsps.set(r.ltla24_code!, (ladCsps.get(r.ltla24_code!) ?? new Set()).add(r.csp24_code!));
  cspLads.set(r.csp24_code!, (cspLads.get(r.csp24_code!) ?? new Set()).add(r.ltla24_code!));
  ladPfa.set(r.ltla24_code!, r.pfa24_code!);
  ladName.set(r.ltla24_code!, r.ltla24_name!);
}
const add = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

/** Every area one search counts toward, by hand: its LAD, the CSP its LAD is whole in (a distinct area), its force area. */
function searchAreas(r: Record<string, string>): string[] {
  const lad = r.Latitude ? ladOf(Number(r.Longitude), Number(r.Latitude)) : undefined;
  if (!lad) return ['NO-LOCATION', THAMES_VALLEY];
  const csps = [...ladCsps.get(lad)!];
  // one CSP: the LAD itself when the CSP is just this LAD, else the CSP spanning LADs; a split LAD: none of its CSPs
  const csp = csps.length === 1 && cspLads.get(csps[0]!)!.size > 1 ? [csps[0]!] : [];
  // London's two force areas count no search (their forces' searches count in their boroughs only)
  return [lad, ...csp, ...(['E23000001', 'E23000034'].includes(ladPfa.get(lad)!) ? [] : [ladPfa.get(lad)!])];
}

describe('stop and search of a force outside London', () => {
  let db: string;
  let summary: LoadSummary;
  const rows = readCsv(SEARCHES);
  beforeAll(async () => {
    db = tempDb();
    summary = await loadFiles([STREET, SEARCHES], { db });
  });

  it('takes the force from the file name through forces.csv', async () => {
    const forces = await query<{ force: string; n: number }>(db, `SELECT force, count(*)::INTEGER AS n FROM stopsearch_searches GROUP BY 1`);
    expect(forces).toEqual([{ force: 'Thames Valley Police', n: rows.length }]);
  });

  it('counts each LAD, CSP and force area as a point-in-polygon by d3-geo and the lookup', async () => {
    const expected = new Map<string, number>();
    const weapons = new Map<string, number>();
    for (const r of rows)
      for (const a of searchAreas(r)) {
        add(expected, a);
        if (['Offensive weapons', 'Firearms'].includes(r['Object of search']!)) add(weapons, a);
      }
    const got = async (c: string) =>
      new Map(
        (
          await query<{ area_code: string; n: number }>(
            db,
            `SELECT area_code, count::INTEGER AS n FROM monthly_counts WHERE source = 'stopsearch' AND category_id = $c AND month = DATE '2024-01-01'`,
            { c },
          )
        ).map((r) => [r.area_code, r.n]),
      );
    expect(await got('stop-search')).toEqual(expected);
    expect(await got('stop-search-weapons')).toEqual(weapons);
    // the fixture reaches every kind of place: a split LAD, a CSP spanning LADs (none in Thames Valley), No location
    expect(expected.get(BUCKINGHAMSHIRE)).toBe(12);
    expect(expected.get(THAMES_VALLEY)).toBe(rows.length - 4);
    expect(expected.get('NO-LOCATION')).toBe(6);
    expect(expected.has(AYLESBURY_VALE)).toBe(false);
    // and the shipped boundaries put each fixture point in the LAD of the street row's LSOA it was taken from
    expect([...expected.keys()].filter((k) => k.startsWith('E0') && ladPfa.get(k) === THAMES_VALLEY)).toHaveLength(13);
  });

  it('names the searches outside the force area, the split LAD and the coordinates outside England and Wales', () => {
    const f = summary.files.find((s) => s.file === SEARCHES)!;
    const away = new Map<string, number>();
    for (const r of rows) {
      const lad = r.Latitude ? ladOf(Number(r.Longitude), Number(r.Latitude)) : undefined;
      if (lad && ladPfa.get(lad) !== THAMES_VALLEY) add(away, ladName.get(lad)!);
    }
    expect([...away.values()].reduce((s, n) => s + n, 0)).toBe(4);
    expect(new Map(f.outsideForce!.map((o) => [o.area, o.rows]))).toEqual(away);
    expect(f.outsideForce!.every((o) => o.force === 'Thames Valley Police')).toBe(true);
    expect(f.noLocation).toBe(rows.filter((r) => !r.Latitude).length + 1);
    expect(f.outsideLondon).toBe(0);
    const warnings = f.warnings.join('\n');
    expect(warnings).toMatch(/12 searches in Buckinghamshire, a local authority split between Community Safety Partnerships \(Aylesbury Vale, .*Wycombe\), are placed to the local authority only/);
    expect(warnings).toMatch(/1 searches have coordinates outside England and Wales/);
  });

  it('covers the force\u2019s LADs, CSPs and force area, never a split LAD\u2019s CSPs nor Outside London', async () => {
    const covered = new Set(
      (await query<{ area_code: string }>(db, `SELECT DISTINCT area_code FROM category_coverage WHERE source = 'stopsearch' AND category_id = 'stop-search'`)).map(
        (r) => r.area_code,
      ),
    );
    for (const a of [BUCKINGHAMSHIRE, OXFORD, THAMES_VALLEY, 'NO-LOCATION']) expect(covered.has(a), a).toBe(true);
    const split = [...cspLads].filter(([, lads]) => lads.has(BUCKINGHAMSHIRE)).map(([c]) => c);
    expect(split).toHaveLength(4);
    for (const a of [...split, 'OUTSIDE-LONDON', 'E23000031']) expect(covered.has(a), a).toBe(false);
  });
});

describe('stop and search served outside London', () => {
  let app: App;
  beforeAll(async () => {
    app = await openApp([STREET, SEARCHES]);
  });
  afterAll(() => app?.close());

  it('gives Oxford its searches and arrest rate, and Aylesbury Vale (a split LAD\u2019s CSP) no figure, never a zero', async () => {
    const oxford = readCsv(SEARCHES).filter((r) => r.Latitude && ladOf(Number(r.Longitude), Number(r.Latitude)) === OXFORD);
    expect(oxford.length).toBeGreaterThan(0);
    const r = await app.ok('/api/stop-search-rates?area=Oxford&to=2024-01&period=month');
    const recorded = oxford.filter((x) => x.Outcome).length;
    const arrests = oxford.filter((x) => x.Outcome === 'Arrest').length;
    expect(r).toMatchObject({ searches: oxford.length, arrests, outcome_recorded: recorded });
    expect(r.arrest_rate).toBeCloseTo(arrests / recorded, 12);
    const av = await app.ok('/api/stop-search-rates?area=Aylesbury Vale&to=2024-01&period=month');
    expect(av.searches).toBeNull();
    expect(av.arrest_rate).toBeNull();
    expect(av.reason).toMatch(/placed by their coordinates to the local authority only: Buckinghamshire is split between Community Safety Partnerships/);
    expect(r.reason).toBeNull();
    // Buckinghamshire itself has them all
    const bucks = readCsv(SEARCHES).filter((x) => x.Latitude && ladOf(Number(x.Longitude), Number(x.Latitude)) === BUCKINGHAMSHIRE);
    expect((await app.ok('/api/stop-search-rates?area=Buckinghamshire&to=2024-01&period=month')).searches).toBe(bucks.length);
  });
});

describe('outcomes files of a force outside London', () => {
  let db: string;
  let summary: LoadSummary;
  const outcomes = readCsv(OUTCOMES);
  beforeAll(async () => {
    db = tempDb();
    summary = await loadFiles([STREET, OUTCOMES], { db });
  });

  it('places each outcome row by its LSOA, as street rows', async () => {
    const f = summary.files.find((s) => s.file === OUTCOMES)!;
    expect(f.rows).toBe(outcomes.length);
    expect(f.outcomesForCrimesNotLoaded).toBe(0);
    const expected = new Map<string, number>();
    for (const o of outcomes) {
      const l = BY_LSOA.get(o['LSOA code']!)!;
      add(expected, l.lad24_code!);
      add(expected, l.pfa24_code!);
      if (l.csp24_code !== l.lad24_code && ladCsps.get(l.lad24_code!)!.size > 1) add(expected, l.csp24_code!);
    }
    expect(new Set(f.areas)).toEqual(new Set(outcomes.map((o) => BY_LSOA.get(o['LSOA code']!)!.lad24_code)));
    const got = await query<{ area_code: string; n: number }>(db, `SELECT area_code, count(*)::INTEGER AS n FROM policeuk_outcomes_counted GROUP BY 1`);
    expect(new Map(got.map((r) => [r.area_code, r.n]))).toEqual(expected);
    expect(expected.get(AYLESBURY_VALE)).toBeGreaterThan(0);
  });

  it('gives a CSP outside London (Aylesbury Vale) and a LAD (Oxford) their positive outcome rates by hand', async () => {
    // each crime's current outcome: the last outcomes row for its Crime ID (one month here), else its street outcome
    const current = new Map<string, string>();
    for (const o of outcomes) current.set(o['Crime ID']!, o['Outcome type']!);
    const street = readCsv(STREET).filter((r) => r['Crime ID']);
    for (const [area, inArea] of [
      [AYLESBURY_VALE, (l: Record<string, string>) => l.csp24_code === AYLESBURY_VALE],
      [OXFORD, (l: Record<string, string>) => l.lad24_code === OXFORD],
    ] as const) {
      const expected = new Map<string, { n: number; k: number; charged: number }>();
      let fromOutcomes = 0;
      for (const r of street) {
        const l = BY_LSOA.get(r['LSOA code']!);
        if (!l || !inArea(l)) continue;
        const outcome = current.get(r['Crime ID']!) ?? r['Last outcome category']!;
        if (current.has(r['Crime ID']!)) fromOutcomes++;
        const t = OUTCOME_TYPES.get(outcome.toLowerCase());
        for (const id of IDS.get(r['Crime type']!)!) {
          const e = expected.get(id) ?? { n: 0, k: 0, charged: 0 };
          e.n++;
          if (t?.positive_outcome === 'true') e.k++;
          if (t?.charged === 'true') e.charged++;
          expected.set(id, e);
        }
      }
      expect(fromOutcomes, area).toBeGreaterThan(50);
      const got = await query<{ category_id: string; measure: string; k: number; n: number }>(
        db,
        `SELECT category_id, measure, k::INTEGER AS k, n::INTEGER AS n FROM monthly_shares
         WHERE source = 'policeuk' AND area_code = $area AND month = DATE '2024-01-01'`,
        { area },
      );
      // every measure has a row, k = 0 when no crime of the month reached it
      const byId = new Map<string, { n: number; k: number; charged: number }>();
      for (const g of got) {
        const e = byId.get(g.category_id) ?? { n: g.n, k: 0, charged: 0 };
        expect(g.n).toBe(e.n);
        if (g.measure === 'positive_outcome') e.k = g.k;
        else if (g.measure === 'charged') e.charged = g.k;
        byId.set(g.category_id, e);
      }
      expect(byId, area).toEqual(expected);
      expect(got.length, area).toBe(4 * byId.size);
    }
  });
});

describe('outcome rates served for a CSP outside London', () => {
  let app: App;
  beforeAll(async () => {
    app = await openApp([STREET, OUTCOMES]);
  });
  afterAll(() => app?.close());

  it('Aylesbury Vale\u2019s shoplifting positive outcome rate, by hand from the street and outcomes files', async () => {
    const current = new Map(readCsv(OUTCOMES).map((o) => [o['Crime ID']!, o['Outcome type']!]));
    const crimes = readCsv(STREET).filter(
      (r) => r['Crime ID'] && r['Crime type'] === 'Shoplifting' && BY_LSOA.get(r['LSOA code']!)?.csp24_code === AYLESBURY_VALE,
    );
    const outcome = (r: Record<string, string>) => OUTCOME_TYPES.get((current.get(r['Crime ID']!) ?? r['Last outcome category']!).toLowerCase());
    const positive = crimes.filter((r) => outcome(r)?.positive_outcome === 'true').length;
    expect(crimes.length).toBeGreaterThan(20);
    expect(positive).toBeGreaterThan(0);
    const body = await app.ok(`/api/outcome-rates?source=policeuk&area=Aylesbury Vale&category=${IDS.get('Shoplifting')![0]}&to=2024-01&period=month`);
    expect(body.area.code).toBe(AYLESBURY_VALE);
    expect(body).toMatchObject({ crimes: crimes.length, positive });
    expect(body.positive_rate).toBeCloseTo(positive / crimes.length, 12);
  });
});

describe('full and incremental loads agree on stop and search and outcomes outside London', () => {
  it('loading street, then searches and outcomes, equals loading all at once', async () => {
    const [one, two] = [tempDb(), tempDb()];
    await loadFiles([STREET, SEARCHES, OUTCOMES], { db: one });
    await loadFiles([STREET], { db: two });
    const second = await loadFiles([SEARCHES, OUTCOMES], { db: two });
    expect(second.derived).toBe('incremental');
    for (const t of ['monthly_counts', 'monthly_shares', 'category_coverage']) {
      const dump = async (path: string) => (await query(path, `SELECT * FROM ${t} ORDER BY ALL`)).map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
      const a = await dump(one);
      expect(a.length, t).toBeGreaterThan(0);
      expect(await dump(two), t).toEqual(a);
    }
  });
});
