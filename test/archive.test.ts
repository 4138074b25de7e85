import { copyFileSync, createWriteStream, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { geoContains } from 'd3';
import type { Feature, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import { beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import yazl from 'yazl';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { londonMonth } from '../data/london-time.ts';
import { POLICEUK_SAMPLE, ROOT, query, readCsv, tempDb } from './helpers.ts';

// The shared data.police.uk archive months (2018-01..03: street, outcomes and stop-and-search files), as bundled
// in data/sample/police-uk/ (the same real files: the product's sample is the test data, kept once in the repository).
const ARCHIVE = POLICEUK_SAMPLE;
const files = readdirSync(ARCHIVE, { recursive: true }).map(String).filter((f) => f.endsWith('.csv')).sort();
const kind = (suffix: string) => files.filter((f) => f.endsWith(suffix));

type SearchRates = { searches: number; arrests: number; outcome_recorded: number; arrest_rate: number; find_rate: number | null; find_recorded: number };
const BOROUGH_SHAPES = (() => {
  const topology = JSON.parse(readFileSync(join(ROOT, 'data/reference/boundaries/london-boroughs.topojson'), 'utf8'));
  return (feature(topology, topology.objects.layer) as unknown as { features: Feature<Polygon, { lad22cd: string }>[] }).features;
})();
/** Both words the police.uk files have used for an arrest: "Suspect arrested" (2015–2018), "Arrest" (later). */
const ARREST = new Set(['Arrest', 'Suspect arrested']);
/**
 * Weapon searches (object of search: offensive weapons or firearms) of raw stop-and-search rows in one borough (the
 * borough whose boundary holds the coordinates, by d3-geo) and London month, with their recorded outcomes and arrests.
 */
function weaponSearches(rows: Record<string, string>[], code: string, month: string) {
  const shape = BOROUGH_SHAPES.find((b) => b.properties.lad22cd === code)!;
  const mine = rows.filter(
    (r) =>
      ['Offensive weapons', 'Firearms'].includes(r['Object of search']!) &&
      r.Latitude !== '' &&
      bstMonth(r.Date!) === month &&
      geoContains(shape, [Number(r.Longitude), Number(r.Latitude)]),
  );
  return {
    searches: mine.length,
    recorded: mine.filter((r) => r.Outcome!.trim() !== '').length,
    arrests: mine.filter((r) => ARREST.has(r.Outcome!.trim())).length,
  };
}

/** Writes a zip of the archive folder's files (entries `2018-01/…csv`), as data.police.uk serves them. */
function makeZip(path: string, entries: { name: string; file: string }[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const e of entries) zip.addFile(e.file, e.name);
    zip.outputStream.pipe(createWriteStream(path)).on('close', resolve).on('error', reject);
    zip.end();
  });
}

/** Every data table's rows, less the columns that only say which file or load a row came from. */
async function content(db: string): Promise<Record<string, unknown[]>> {
  const cols = await query<{ table_name: string; names: string[] }>(
    db,
    `SELECT table_name, list(column_name ORDER BY ordinal_position) AS names FROM information_schema.columns
     WHERE table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')
       AND table_name NOT IN ('loads', 'meta') GROUP BY table_name ORDER BY table_name`,
  );
  const out: Record<string, unknown[]> = {};
  for (const { table_name, names } of cols) {
    const keep = names.filter((n) => !['file', 'load_id'].includes(n)).map((n) => `"${n}"`).join(', ');
    out[table_name] = await query(db, `SELECT ${keep} FROM "${table_name}" ORDER BY ALL`);
  }
  return out;
}

async function api<T>(db: string, url: string): Promise<T> {
  const d = await Database.open(db, { readOnly: true });
  try {
    const res = await createApp(d).request(url);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  } finally {
    d.close();
  }
}

const outcomeTypes = new Map(readCsv(join(ROOT, 'data/reference/outcome-types.csv')).map((r) => [r.label!.toLowerCase(), r]));

/** The current outcome of every street row's crime, by the rule, from the raw CSVs (papaparse): [Crime ID, outcome]. */
function currentOutcomes(extraOutcomeFiles: string[] = []): [string, string | null][] {
  // every outcome row with its month, in file then row order; a stable sort by month keeps the later row last on a tie
  const rows = [...kind('-outcomes.csv').map((f) => join(ARCHIVE, f)), ...extraOutcomeFiles].flatMap((file) => readCsv(file));
  const latest = new Map<string, string>();
  for (const r of rows.map((r, i) => ({ r, i })).sort((a, b) => a.r.Month!.localeCompare(b.r.Month!) || a.i - b.i))
    latest.set(r.r['Crime ID']!, r.r['Outcome type']!);
  return kind('-street.csv')
    .flatMap((f) => readCsv(join(ARCHIVE, f)))
    .filter((r) => r['Crime ID'])
    .map((r) => [r['Crime ID']!, latest.get(r['Crime ID']!) ?? (r['Last outcome category'] || null)]);
}

describe('the data.police.uk archive as downloaded', () => {
  let folderDb: string;
  let folderSummary: Awaited<ReturnType<typeof loadFiles>>;
  beforeAll(async () => {
    folderDb = tempDb();
    folderSummary = await loadFiles([ARCHIVE], { db: folderDb });
  });

  it('a zip and the folder it holds give identical databases; the zip is never unpacked beside it', async () => {
    const dir = dirname(tempDb());
    const zip = join(dir, 'police-uk-download.zip');
    await makeZip(zip, files.map((f) => ({ name: f, file: join(ARCHIVE, f) })));
    const zipDb = join(dir, 'zip.duckdb');
    const summary = await loadFiles([zip], { db: zipDb });
    expect(readdirSync(dir).sort()).toEqual(['police-uk-download.zip', 'zip.duckdb']);
    expect(await content(zipDb)).toEqual(await content(folderDb));
    // each kind's rows per file, named inside the zip
    const perFile = (s: typeof summary) => s.files.map((f) => [f.file.replace(/^.*(!|police-uk\/)/, ''), f.kind, f.rows]).sort();
    expect(perFile(summary)).toEqual(perFile(folderSummary));
    expect(summary.files.map((f) => f.file)).toContain(`${zip.startsWith(process.cwd()) ? zip.slice(process.cwd().length + 1) : zip}!2018-01/2018-01-metropolitan-stop-and-search.csv`);
    for (const f of summary.files) expect(f.rows).toBe(readCsv(join(ARCHIVE, f.file.split('!')[1]!)).length);
  });

  it('reloading the archive changes nothing', async () => {
    const db = join(dirname(tempDb()), 'again.duckdb');
    copyFileSync(folderDb, db);
    const again = await loadFiles([ARCHIVE], { db });
    expect(await content(db)).toEqual(await content(folderDb));
    for (const f of again.files) expect(f.replaced).toBe(f.rows);
  });

  it("gives every crime its current outcome: the latest in the outcomes files, else the street file's", async () => {
    const expected = currentOutcomes();
    const rows = await query<{ crime_id: string; current_outcome: string | null }>(folderDb, `SELECT crime_id, current_outcome FROM policeuk_crimes`);
    // one row per street row (police.uk files repeat some Crime IDs: each row is counted, as the street counts are)
    const pairs = (list: [string, string | null][]) => list.map((p) => JSON.stringify(p)).sort();
    expect(pairs(rows.map((r) => [r.crime_id, r.current_outcome]))).toEqual(pairs(expected));
    // the outcomes files changed some crimes' outcomes from what their street file said
    const street = new Map(kind('-street.csv').flatMap((f) => readCsv(join(ARCHIVE, f)).map((r) => [r['Crime ID'], r['Last outcome category']] as const)));
    expect(expected.filter(([id, o]) => street.get(id) !== o).length).toBeGreaterThan(100);
    // outcomes for crimes in no loaded street file are kept and counted
    const outcomeIds = kind('-outcomes.csv').flatMap((f) => readCsv(join(ARCHIVE, f)).map((r) => r['Crime ID']!));
    const notLoaded = outcomeIds.filter((id) => !street.has(id)).length;
    const [{ n }] = (await query<{ n: number }>(folderDb, `SELECT count(*)::INTEGER AS n FROM policeuk_outcomes`)) as [{ n: number }];
    expect(n).toBe(outcomeIds.length);
    expect(folderSummary.files.reduce((s, f) => s + (f.outcomesForCrimesNotLoaded ?? 0), 0)).toBe(notLoaded);
  });

  it('outcomes for crimes not loaded are kept and counted, and count once their street file loads', async () => {
    const db = tempDb();
    const outcomes = join(ARCHIVE, '2018-02/2018-02-metropolitan-outcomes.csv');
    const janStreet = new Set(readCsv(join(ARCHIVE, '2018-01/2018-01-metropolitan-street.csv')).map((r) => r['Crime ID']));
    const rows = readCsv(outcomes);
    const first = await loadFiles([join(ARCHIVE, '2018-01/2018-01-metropolitan-street.csv'), outcomes], { db });
    const expected = rows.filter((r) => !janStreet.has(r['Crime ID'])).length;
    expect(expected).toBeGreaterThan(0);
    expect(first.files.find((f) => f.kind === 'outcomes')!.outcomesForCrimesNotLoaded).toBe(expected);
    expect(first.outcomes).toEqual({ rows: rows.length, notLoaded: expected });
    const second = await loadFiles([join(ARCHIVE, '2018-02/2018-02-metropolitan-street.csv')], { db });
    const febStreet = new Set(readCsv(join(ARCHIVE, '2018-02/2018-02-metropolitan-street.csv')).map((r) => r['Crime ID']));
    expect(second.outcomes.notLoaded).toBe(rows.filter((r) => !janStreet.has(r['Crime ID']) && !febStreet.has(r['Crime ID'])).length);
  });

  it('a later outcomes file changes a crime\'s outcome, and the outcome rates follow', async () => {
    const db = join(dirname(tempDb()), 'later.duckdb');
    copyFileSync(folderDb, db);
    // a Barnet burglary of January 2018 with no positive outcome yet
    const jan = readCsv(join(ARCHIVE, '2018-01/2018-01-metropolitan-street.csv'));
    const before = new Map(currentOutcomes());
    const crime = jan.find((r) => r['LSOA name']!.startsWith('Barnet ') && r['Crime ID'] && before.get(r['Crime ID']) === 'Investigation complete; no suspect identified')!;
    const later = join(dirname(db), '2018-04', '2018-04-metropolitan-outcomes.csv');
    mkdirSync(dirname(later), { recursive: true });
    const header = readFileSync(join(ARCHIVE, '2018-01/2018-01-metropolitan-outcomes.csv'), 'utf8').split('\n')[0];
    const row = (outcome: string) =>
      [crime['Crime ID'], '2018-04', 'Metropolitan Police Service', 'Metropolitan Police Service', '', '', 'No location', '', '', outcome].join(',');
    // two outcomes in the same month for the crime: the later row of the file wins
    writeFileSync(later, `${header}\n${row('Under investigation')}\n${row('Suspect charged')}\n`);
    const rates = (d: string) =>
      api<{ crimes: number; positive: number; charged: number; positive_rate: number; by_outcome: { outcome: string | null; crimes: number }[] }>(
        d,
        '/api/outcome-rates?source=policeuk&area=Barnet&category=burglary&to=2018-01&period=month',
      );
    const old = await rates(db);
    await loadFiles([later], { db });
    const [{ outcome }] = (await query<{ outcome: string }>(db, `SELECT current_outcome AS outcome FROM policeuk_crimes WHERE crime_id = $id`, {
      id: crime['Crime ID']!,
    })) as [{ outcome: string }];
    expect(outcome).toBe('Suspect charged');
    // the rates, independently: January 2018 Barnet burglaries by their current outcome
    const now = currentOutcomes([later]);
    const janIds = new Set(jan.filter((r) => r['Crime ID'] && r['LSOA name']!.startsWith('Barnet ') && r['Crime type'] === 'Burglary').map((r) => r['Crime ID']));
    // January's Barnet burglary rows, each with its current outcome (the street files hold each month's crimes once)
    const barnet = now.filter(([id]) => janIds.has(id));
    const count = (col: 'positive_outcome' | 'charged') => barnet.filter(([, o]) => outcomeTypes.get((o ?? '').toLowerCase())?.[col] === 'true').length;
    const got = await rates(db);
    expect(got.crimes).toBe(barnet.length);
    expect(got.positive).toBe(count('positive_outcome'));
    expect(got.charged).toBe(count('charged'));
    expect(got.positive).toBe(old.positive + 1);
    expect(got.positive_rate).toBeCloseTo(count('positive_outcome') / barnet.length, 12);
    expect(got.by_outcome.reduce((s, o) => s + o.crimes, 0)).toBe(barnet.length);
    // reloading the later file is idempotent
    await loadFiles([later], { db });
    expect(await rates(db)).toEqual(got);
  });

  it('places every search in the borough of its coordinates, counted in its London month (checked with d3-geo)', async () => {
    const topology = JSON.parse(readFileSync(join(ROOT, 'data/reference/boundaries/london-boroughs.topojson'), 'utf8'));
    const boroughs = (feature(topology, topology.objects.layer) as unknown as { features: Feature<Polygon, { lad22cd: string }>[] }).features;
    const expected = new Map<string, number>();
    for (const f of kind('-stop-and-search.csv'))
      for (const r of readCsv(join(ARCHIVE, f))) {
        const area = !r.Latitude
          ? 'NO-LOCATION'
          : (boroughs.find((b) => geoContains(b, [Number(r.Longitude), Number(r.Latitude)]))?.properties.lad22cd ?? 'OUTSIDE-LONDON');
        const key = `${area} ${bstMonth(r.Date!)}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
    const rows = await query<{ key: string; n: number }>(
      folderDb,
      `SELECT area_code || ' ' || strftime(month, '%Y-%m') AS key, count::INTEGER AS n FROM monthly_counts
       WHERE source = 'stopsearch' AND category_id = 'stop-search'`,
    );
    expect(new Map(rows.map((r) => [r.key, r.n]))).toEqual(expected);
    expect(expected.get('NO-LOCATION 2018-02')).toBeGreaterThan(10_000); // the Met's February 2018 file: 95% without coordinates
  });

  it('serves weapon searches with their arrest and find rates; an unrecorded find is not a zero', async () => {
    const jan = readCsv(join(ARCHIVE, '2018-01/2018-01-metropolitan-stop-and-search.csv'));
    const body = await api<SearchRates>(folderDb, '/api/stop-search-rates?area=Lambeth&category=stop-search-weapons&to=2018-01&period=month');
    // from the raw files: Lambeth's (by d3-geo) weapon searches of January 2018 (London time)
    const want = weaponSearches(kind('-stop-and-search.csv').flatMap((f) => readCsv(join(ARCHIVE, f))), 'E09000022', '2018-01');
    expect(want.searches).toBeGreaterThan(0);
    expect(want.arrests).toBeGreaterThan(0);
    expect(body).toMatchObject({ searches: want.searches, arrests: want.arrests, outcome_recorded: want.recorded });
    expect(body.arrest_rate).toBeCloseTo(want.arrests / want.recorded, 12);
    // the Met's 2018 files leave "Outcome linked to object of search" empty
    expect(jan.every((r) => r['Outcome linked to object of search'] === '')).toBe(true);
    expect(body.find_recorded).toBe(0);
    expect(body.find_rate).toBeNull();
  });

  it('counts the arrests of a file in the 2015–2018 vocabulary ("Suspect arrested", not "Arrest")', async () => {
    // January 2018's file with its outcomes in the words the Met's files used from 2015 to 2018
    const words: Record<string, string> = { Arrest: 'Suspect arrested', 'A no further action disposal': 'Nothing found - no further action' };
    const dir = join(dirname(tempDb()), 'police-uk-2015-words', '2018-01');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, '2018-01-metropolitan-stop-and-search.csv');
    const raw = Papa.parse<Record<string, string>>(readFileSync(join(ARCHIVE, '2018-01/2018-01-metropolitan-stop-and-search.csv'), 'utf8'), { header: true, skipEmptyLines: true });
    writeFileSync(file, Papa.unparse(raw.data.map((r) => ({ ...r, Outcome: words[r.Outcome!] ?? r.Outcome! })), { columns: raw.meta.fields }) + '\n');
    const rows = readCsv(file);
    expect(rows.filter((r) => r.Outcome === 'Suspect arrested').length).toBe(raw.data.filter((r) => r.Outcome === 'Arrest').length);
    const db = tempDb();
    await loadFiles([file], { db });
    const want = weaponSearches(rows, 'E09000022', '2018-01');
    expect(want.arrests).toBeGreaterThan(0);
    const body = await api<SearchRates>(db, '/api/stop-search-rates?area=Lambeth&category=stop-search-weapons&to=2018-01&period=month');
    expect(body).toMatchObject({ searches: want.searches, arrests: want.arrests, outcome_recorded: want.recorded });
    expect(body.arrest_rate).toBeCloseTo(want.arrests / want.recorded, 12);
  });
});

/**
 * The Europe/London month of a police.uk date-time by the UK rule written out by hand (BST from 01:00 UTC on the last
 * Sunday of March to 01:00 UTC on the last Sunday of October), not by Intl as the loader does.
 */
function bstMonth(text: string): string {
  const t = new Date(text);
  const y = t.getUTCFullYear();
  const lastSunday = (month: number) => {
    const d = new Date(Date.UTC(y, month + 1, 0, 1)); // the last day of the month, 01:00 UTC
    return d.getTime() - d.getUTCDay() * 86_400_000;
  };
  const bst = t.getTime() >= lastSunday(2) && t.getTime() < lastSunday(9);
  return new Date(t.getTime() + (bst ? 3_600_000 : 0)).toISOString().slice(0, 7);
}

describe('the month of a search is its Europe/London date', () => {
  it('the hand-written rule gives the real 2018 change dates', () => {
    // BST 2018 began on Sunday 25 March at 01:00 UTC and ended on Sunday 28 October at 01:00 UTC
    expect(bstMonth('2018-03-25T00:59:00+00:00')).toBe('2018-03');
    expect(new Date('2018-03-25T01:00:00Z').getUTCDay()).toBe(0);
    expect(new Date('2018-10-28T01:00:00Z').getUTCDay()).toBe(0);
  });

  it.each([
    ['2018-03-31T23:30:00+00:00', '2018-04'], // BST applies: 00:30 on 1 April local
    ['2018-03-24T23:30:00+00:00', '2018-03'], // before BST began: still 24 March
    ['2018-02-28T23:30:00+00:00', '2018-02'], // GMT: the UTC date is the local date
    ['2018-09-30T23:30:00+00:00', '2018-10'], // BST: 00:30 on 1 October local
    ['2018-10-31T23:30:00+00:00', '2018-10'], // after BST ended: GMT
    ['2017-03-31T23:30:00+00:00', '2017-04'], // BST 2017 began 26 March
    ['2018-04-01T00:30:00+01:00', '2018-04'], // an offset other than +00:00
  ])('%s is in %s', (stamp, month) => {
    expect(londonMonth(new Date(stamp))).toBe(month);
    expect(bstMonth(stamp)).toBe(month);
  });

  it('a search at 2018-03-31T23:30:00+00:00 loads into April', async () => {
    const dir = dirname(tempDb());
    const file = join(dir, '2018-03-metropolitan-stop-and-search.csv');
    const header = readFileSync(join(ARCHIVE, '2018-03/2018-03-metropolitan-stop-and-search.csv'), 'utf8').split('\n')[0];
    const row = (date: string) => `Person search,${date},False,,51.5072,-0.1276,Male,18-24,,,Misuse of Drugs Act 1971 (section 23),Controlled drugs,Arrest,,`;
    writeFileSync(file, `${header}\n${row('2018-03-31T23:30:00+00:00')}\n${row('2018-03-24T23:30:00+00:00')}\n`);
    const db = join(dir, 'tz.duckdb');
    await loadFiles([file], { db });
    const rows = await query<{ month: string; n: number }>(db, `SELECT strftime(month, '%Y-%m') AS month, count(*)::INTEGER AS n FROM stopsearch_searches GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([
      { month: '2018-03', n: 1 },
      { month: '2018-04', n: 1 },
    ]);
  });
});
