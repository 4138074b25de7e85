/**
 * Issue 24, the data path: every LAD, CSP and police force area of England and Wales (data/reference/national/),
 * their populations, and police.uk street files of any force placed by LSOA into LAD, CSP and force area.
 *
 * Expected figures come from the raw files with plain loops (papaparse): the street files in test/fixtures/national/
 * (data.police.uk, January 2024: Surrey, Thames Valley, Dyfed-Powys), the ONS lookups and populations as shipped.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles, type LoadSummary } from '../data/load.ts';
import { ROOT, fixture, query, readCsv, tempDb } from './helpers.ts';
import { type App, openApp } from './shapes-util.ts';

const NATIONAL = join(ROOT, 'data/reference/national');
const FILES = ['surrey', 'thames-valley', 'dyfed-powys'].map((f) => fixture(`national/2024-01-${f}-street.csv`));
const LOOKUP = readCsv(join(NATIONAL, 'lookup-lsoa21-csp24.csv.gz'));
const LAD_CSP = readCsv(join(NATIONAL, 'lookup-lad24-csp24-pfa24.csv'));
const LSOA_POP = readCsv(join(NATIONAL, 'lsoa21-population-2021.csv.gz'));
const MYE = (year: number) => new Map(readCsv(join(NATIONAL, `lad-population-mid${year}.csv`)).map((r) => [r.lad_code!, Number(r.population)]));
const BY_LSOA = new Map(LOOKUP.map((r) => [r.lsoa21_code!, r]));
/** police.uk crime type -> the canonical ids it counts toward (data/reference/categories.csv) */
const IDS = new Map(
  readCsv(join(ROOT, 'data/reference/categories.csv'))
    .filter((r) => r.scheme === 'policeuk')
    .map((r) => [r.label!, r.ids!.split('|')]),
);

const AYLESBURY_VALE = 'E22000303'; // a CSP of the split LAD Buckinghamshire (E06000060)
const BUCKINGHAMSHIRE = 'E06000060';
const SOUTH_NOTTS = 'E22000366'; // Broxtowe, Gedling, Rushcliffe
const NORTH_HAMPSHIRE = 'E22000374'; // Basingstoke and Deane, Hart, Rushmoor (Surrey Police has rows in Hart, Rushmoor)
const SURREY = 'E23000031';
const THAMES_VALLEY = 'E23000029';

const add = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
const lsoaPopulation = (keep: (r: Record<string, string>) => boolean) =>
  LSOA_POP.filter((p) => keep(BY_LSOA.get(p.lsoa21_code!)!)).reduce((s, p) => s + Number(p.population_2021), 0);

describe('England and Wales reference: LADs, CSPs, police force areas', () => {
  let db: string;
  beforeAll(async () => {
    db = tempDb();
    const file = join(dirname(db), 'one.csv');
    writeFileSync(file, 'Borough,Major Category,Minor Category,201801\nBarnet,Burglary,Burglary - Residential,5\n');
    await loadFiles([file], { db });
  });

  it('has every LAD, every CSP that is not one whole LAD, and the 43 force areas; London unchanged', async () => {
    const lads = new Set(LAD_CSP.map((r) => r.ltla24_code));
    const csps = new Map<string, Set<string>>();
    const ladCsps = new Map<string, Set<string>>();
    for (const r of LAD_CSP) {
      csps.set(r.csp24_code!, (csps.get(r.csp24_code!) ?? new Set()).add(r.ltla24_code!));
      ladCsps.set(r.ltla24_code!, (ladCsps.get(r.ltla24_code!) ?? new Set()).add(r.csp24_code!));
    }
    const distinct = [...csps].filter(([, l]) => !(l.size === 1 && ladCsps.get([...l][0]!)!.size === 1)).map(([c]) => c);
    const levels = await query<{ level: string; n: number }>(db, `SELECT level, count(*)::INTEGER AS n FROM areas WHERE level IS NOT NULL GROUP BY 1 ORDER BY 1`);
    expect(levels).toEqual([
      { level: 'csp', n: distinct.length },
      { level: 'la', n: lads.size },
      { level: 'pfa', n: 43 },
    ]);
    expect(lads.size).toBe(318);
    expect(distinct).toHaveLength(32);
    // London's 33 areas keep areas.csv's columns, and gain level, csp, force area and region
    const london = readCsv(join(ROOT, 'data/reference/areas.csv')).filter((a) => a.code!.startsWith('E09'));
    const got = await query<Record<string, unknown>>(
      db,
      `SELECT code, name, borough, force, inner_outer, level, csp, pfa_code, region FROM areas WHERE code LIKE 'E09%' ORDER BY code`,
    );
    expect(got).toEqual(
      london.map((a) => ({
        code: a.code, name: a.name, borough: a.borough === 'true', force: a.force, inner_outer: a.inner_outer, level: 'la', csp: true,
        pfa_code: a.code === 'E09000001' ? 'E23000034' : 'E23000001', region: 'London',
      })),
    );
  });

  it('resolves names, codes, one-to-one CSP codes and names, force names and LSOA prefixes', async () => {
    const aliases = new Map((await query<{ alias: string; code: string }>(db, 'SELECT alias, code FROM area_aliases')).map((a) => [a.alias, a.code]));
    const expected: Record<string, string> = {
      bristol: 'E06000023', 'bristol, city of': 'E06000023', 'kingston upon hull': 'E06000010', herefordshire: 'E06000019',
      york: 'E06000014', 'city of york': 'E06000014', shepway: 'E07000112', 'folkestone and hythe': 'E07000112',
      'e22000180': 'E09000001', camden: 'E09000007', 'surrey police': SURREY, 'devon & cornwall police': 'E23000035',
      'avon and somerset constabulary': 'E23000036', 'metropolitan police service': 'E23000001', 'dyfed-powys police': 'W15000004',
      'aylesbury vale': AYLESBURY_VALE, 'south nottinghamshire': SOUTH_NOTTS, harrogate: 'E06000065', 'taunton deane': 'E06000066',
      // a name shared by levels is the LAD's; the CSP and force area by their codes
      dorset: 'E06000059', 'e22000367': 'E22000367', 'e23000039': 'E23000039',
    };
    for (const [alias, code] of Object.entries(expected)) expect(aliases.get(alias), alias).toBe(code);
  });

  it('places every LSOA 2021 in its LAD, its CSP when a distinct area, and its force area', async () => {
    const distinct = new Set((await query<{ code: string }>(db, `SELECT code FROM areas WHERE level = 'csp'`)).map((r) => r.code));
    const expected = LOOKUP.flatMap((r) => [`${r.lsoa21_code} ${r.lad24_code}`, `${r.lsoa21_code} ${r.pfa24_code}`, ...(distinct.has(r.csp24_code!) ? [`${r.lsoa21_code} ${r.csp24_code}`] : [])]);
    const got = await query<{ k: string }>(db, `SELECT lsoa_code || ' ' || area_code AS k FROM lsoa_areas`);
    expect(got.map((r) => r.k).sort()).toEqual(expected.sort());
    expect(new Set(LOOKUP.map((r) => r.lsoa21_code)).size).toBe(35_672);
    const [n] = await query<{ n: number }>(db, 'SELECT count(*)::INTEGER AS n FROM lsoas');
    expect(n!.n).toBe(35_672);
  });

  it('gives a split LAD\u2019s CSP, a CSP spanning LADs and a force area their populations, by hand from the raw files', async () => {
    const pop = async (code: string) =>
      new Map((await query<{ year: number; population: number; source: string }>(db, `SELECT year, population::INTEGER AS population, source FROM population WHERE code = $code`, { code })).map((r) => [r.year, r]));
    // Aylesbury Vale: its LSOAs' Census 2021 sum; 2023/2024 Buckinghamshire's estimate shared out by that share
    const av2021 = lsoaPopulation((r) => r.csp24_code === AYLESBURY_VALE);
    const bucks2021 = lsoaPopulation((r) => r.lad24_code === BUCKINGHAMSHIRE);
    const av = await pop(AYLESBURY_VALE);
    expect(av.get(2021)!.population).toBe(av2021);
    for (const y of [2023, 2024]) {
      expect(av.get(y)!.population, String(y)).toBe(Math.round((MYE(y).get(BUCKINGHAMSHIRE)! * av2021) / bucks2021));
      expect(av.get(y)!.source).toMatch(/shared out by Census 2021 share/);
    }
    // South Nottinghamshire: the sum of its three LADs' estimates
    const notts = LAD_CSP.filter((r) => r.csp24_code === SOUTH_NOTTS).map((r) => r.ltla24_code!);
    expect(notts).toHaveLength(3);
    const sn = await pop(SOUTH_NOTTS);
    expect(sn.get(2021)!.population).toBe(lsoaPopulation((r) => r.csp24_code === SOUTH_NOTTS));
    for (const y of [2023, 2024]) expect(sn.get(y)!.population).toBe(notts.reduce((s, c) => s + MYE(y).get(c)!, 0));
    // a LAD's own estimate, and a force area's sum of its LADs
    expect((await pop('E07000209')).get(2024)!.population).toBe(MYE(2024).get('E07000209'));
    const surreyLads = [...new Set(LAD_CSP.filter((r) => r.pfa24_code === SURREY).map((r) => r.ltla24_code!))];
    expect((await pop(SURREY)).get(2023)!.population).toBe(surreyLads.reduce((s, c) => s + MYE(2023).get(c)!, 0));
    // London's reference series is kept: Camden's 2021 is the Census figure rounded to 100 it ships, not the LSOA sum
    expect((await pop('E09000007')).get(2021)!.population).toBe(210_100);
  });
});

describe('police.uk street files of any force, placed by LSOA', () => {
  let db: string;
  let summary: LoadSummary;
  const rows = FILES.flatMap((f) => readCsv(f));
  beforeAll(async () => {
    db = tempDb();
    // the folder as downloaded: every force's file at once
    summary = await loadFiles([fixture('national')], { db });
  });

  it('load every row of each force file, as the README counts them', () => {
    const byFile = new Map(summary.files.map((f) => [f.file, f]));
    for (const f of FILES) expect(byFile.get(f)!.rows).toBe(readCsv(f).length);
    expect(byFile.get(FILES[0]!)!.rows).toBe(7_143);
    expect(byFile.get(FILES[1]!)!.noLocation).toBe(348);
  });

  it('counts each CSP, LAD and force area as a plain loop over the raw file and the lookup (ASB apart from crimes)', async () => {
    const areaOf = new Map((await query<{ alias: string; code: string }>(db, 'SELECT alias, code FROM area_aliases')).map((a) => [a.alias.toUpperCase(), a.code]));
    const expected = new Map<string, number>();
    for (const r of rows) {
      const l = BY_LSOA.get(r['LSOA code']!);
      const ids = IDS.get(r['Crime type']!)!;
      // every row of these files with an LSOA has a 2021 code of the lookup
      if (r['LSOA code']) expect(l, r['LSOA code']).toBeDefined();
      for (const id of ids) {
        if (l) {
          // a CSP by its code: a one-to-one CSP's code is its LAD area's alias
          add(expected, `${areaOf.get(l.csp24_code!)}|${id}`);
          if (areaOf.get(l.csp24_code!) !== l.lad24_code) add(expected, `${l.lad24_code}|${id}`);
          add(expected, `${l.pfa24_code}|${id}`);
        } else {
          add(expected, `NO-LOCATION|${id}`);
          // the force's own: counted in its force area, in none of its CSPs
          add(expected, `${areaOf.get(r['Reported by']!.toUpperCase())}|${id}`);
        }
      }
    }
    const got = await query<{ k: string; n: number }>(
      db,
      `SELECT area_code || '|' || category_id AS k, count::INTEGER AS n FROM monthly_counts WHERE source = 'policeuk' AND month = DATE '2024-01-01'`,
    );
    expect(new Map(got.map((r) => [r.k, r.n]))).toEqual(expected);
    // ASB and crimes apart: Thames Valley's force area holds the ASB rows in its LSOAs and its own ASB rows with no LSOA
    const tvAsb = rows.filter(
      (r) => r['Crime type'] === 'Anti-social behaviour' &&
        (r['LSOA code'] ? BY_LSOA.get(r['LSOA code'])!.pfa24_code === THAMES_VALLEY : r['Reported by'] === 'Thames Valley Police'),
    ).length;
    expect(tvAsb).toBeGreaterThan(1_000);
    expect(new Map(got.map((r) => [r.k, r.n])).get(`${THAMES_VALLEY}|asb`)).toBe(tvAsb);
    expect(got.some((r) => r.k === 'NO-LOCATION|asb')).toBe(true);
    // a split LAD's CSP and a CSP spanning LADs are there, with rows
    expect(expected.get(`${AYLESBURY_VALE}|burglary`)).toBeGreaterThan(0);
    expect(got.some((r) => r.k.startsWith(`${NORTH_HAMPSHIRE}|`))).toBe(true);
  });

  it('names the rows in LSOAs outside the reporting force\u2019s area, and counts them where they are', async () => {
    for (const [file, force, pfa, n] of [
      [FILES[0]!, 'Surrey Police', SURREY, 51],
      [FILES[1]!, 'Thames Valley Police', THAMES_VALLEY, 1],
      [FILES[2]!, 'Dyfed-Powys Police', 'W15000004', 7],
    ] as const) {
      const away = new Map<string, number>();
      for (const r of readCsv(file)) {
        const l = BY_LSOA.get(r['LSOA code']!);
        if (l && l.pfa24_code !== pfa) add(away, l.lad24_name!);
      }
      const f = summary.files.find((s) => s.file === file)!;
      expect([...away.values()].reduce((s, x) => s + x, 0), file).toBe(n);
      expect(new Map(f.outsideForce!.map((o) => [o.area, o.rows])), file).toEqual(away);
      expect(f.outsideForce!.every((o) => o.force === force)).toBe(true);
    }
    // Surrey Police's 24 crimes at Amen Court (E01032739) count in the City of London, in no Surrey area
    const amen = readCsv(FILES[0]!).filter((r) => r['LSOA code'] === 'E01032739');
    expect(amen).toHaveLength(24);
    const [city] = await query<{ n: number }>(
      db,
      `SELECT sum(count)::INTEGER AS n FROM monthly_counts WHERE source = 'policeuk' AND area_code = 'E09000001' AND category_id = $c`,
      { c: IDS.get(amen[0]!['Crime type']!)![0]! },
    );
    expect(city!.n).toBe(amen.filter((r) => r['Crime type'] === amen[0]!['Crime type']).length);
  });

  it('covers No location with any force\u2019s month, Outside London (the London forces\u2019 rows) only with a London force\u2019s', async () => {
    const covered = await query<{ area_code: string; n: number }>(
      db,
      `SELECT area_code, count(*)::INTEGER AS n FROM category_coverage WHERE source = 'policeuk' AND area_code IN ('NO-LOCATION', 'OUTSIDE-LONDON', '${SURREY}', '${AYLESBURY_VALE}') GROUP BY 1 ORDER BY 1`,
    );
    expect(covered.map((r) => r.area_code)).toEqual([AYLESBURY_VALE, SURREY, 'NO-LOCATION'].sort());
  });

  it('says that a force\u2019s month far thinner than its population suggests looks incomplete (Dyfed-Powys), and no other', () => {
    const warnings = (f: string) => summary.files.find((s) => s.file === f)!.warnings.join('\n');
    expect(warnings(FILES[2]!)).toMatch(/Dyfed-Powys Police, 2024-01: 1,187 rows looks incomplete/);
    expect(warnings(FILES[0]!)).not.toMatch(/incomplete/);
    expect(warnings(FILES[1]!)).not.toMatch(/incomplete/);
  });
});

describe('an older police.uk file with 2011 LSOA codes and names', () => {
  it('places each row through its LSOA name: a former district is its CSP (Aylesbury Vale) or its LAD today', async () => {
    const codes = ['E01099001', 'E01099002', 'E01099003'];
    for (const c of codes) expect(BY_LSOA.has(c)).toBe(false);
    const row = (code: string, name: string, type: string) =>
      `,2018-06,Thames Valley Police,Thames Valley Police,-0.8,51.8,On or near High Street,${code},${name},${type},,`;
    const db = tempDb();
    const file = join(dirname(db), '2018-06-thames-valley-street.csv');
    writeFileSync(
      file,
      [
        'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
        row(codes[0]!, 'Aylesbury Vale 012C', 'Burglary'),
        row(codes[0]!, 'Aylesbury Vale 012C', 'Burglary'),
        row(codes[1]!, 'Taunton Deane 005A', 'Burglary'),
        row(codes[2]!, 'Shepway 001A', 'Anti-social behaviour'),
      ].join('\n') + '\n',
    );
    await loadFiles([file], { db });
    const got = await query<{ k: string; n: number }>(
      db,
      `SELECT area_code || '|' || category_id AS k, count::INTEGER AS n FROM monthly_counts WHERE source = 'policeuk' ORDER BY 1`,
    );
    expect(new Map(got.map((r) => [r.k, r.n]))).toEqual(
      new Map([
        [`${BUCKINGHAMSHIRE}|burglary`, 2], [`${AYLESBURY_VALE}|burglary`, 2], [`${THAMES_VALLEY}|burglary`, 2],
        ['E06000066|burglary', 1], ['E23000036|burglary', 1],
        ['E07000112|asb', 1], ['E23000032|asb', 1],
      ]),
    );
  });
});

describe('rates use the year\u2019s own population and say which', () => {
  let app: App;
  beforeAll(async () => {
    app = await openApp([FILES[0]!]);
  });
  afterAll(() => app?.close());

  it('Guildford\u2019s January 2024 burglary rate is over a mid-2023 or mid-2024 estimate, named', async () => {
    const r = await app.ok('/api/rolling?source=policeuk&area=Guildford&category=burglary&period=month&to=2024-01');
    const count = readCsv(FILES[0]!).filter((x) => x['Crime type'] === 'Burglary' && BY_LSOA.get(x['LSOA code']!)?.lad24_name === 'Guildford').length;
    expect(r.current.count).toBe(count);
    expect([2023, 2024]).toContain(r.current.population_year);
    expect(r.current.rate_per_1000).toBeCloseTo((1000 * count) / MYE(r.current.population_year).get('E07000209')!, 6);
  });
});
