import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSummary } from '../api/summary.ts';
import { Database } from '../data/db.ts';
import { loadFiles, rebuildDerived, type LoadSummary } from '../data/load.ts';
import { MPSDASH_KNIFE, MPSDASH_OTHER, checksum, query, readDashboard, tempDb, type DashRow } from './helpers.ts';

/**
 * The crosswalk as this test reads the published labels, written out by hand (independent of
 * data/reference/mpsdash-crosswalk.csv): (crime type | subtype | measure), case-folded -> the product's id.
 */
const IDS: Record<string, string> = {
  'domestic abuse|domestic abuse': 'domestic-abuse',
  'domestic abuse|domestic abuse violence with injury': 'domestic-abuse-vwi',
  'hate crime|hate crime': 'hate-crime',
  'hate crime|racist and religious crime': 'hate-crime-racist-religious',
  'hate crime|racist crime': 'hate-crime-race',
  'hate crime|faith crime': 'hate-crime-religion',
  'hate crime|antisemitic': 'hate-crime-antisemitic',
  'hate crime|islamophobic crime': 'hate-crime-islamophobic',
  'hate crime|homophobic crime': 'hate-crime-sexual-orientation',
  'hate crime|transphobic crime': 'hate-crime-transgender',
  'hate crime|disability crime': 'hate-crime-disability',
  'knife crime|knife crime': 'knife-crime',
  'knife crime|knife crime with injury': 'knife-crime-injury',
  'knife crime|knife crime with injury (personal robbery)': 'knife-crime-injury-robbery',
  'knife crime|knife injury victims (1-24)': 'knife-injury-victims-1-24',
  'knife crime|knife injury victims (non da 1-24)': 'knife-injury-victims-1-24-non-da',
  'gun crime|gun crime': 'gun-crime',
  'gun crime personal robbery|gun crime personal robbery': 'gun-crime-personal-robbery',
  'gun crime|gun crime personal robbery': 'gun-crime-personal-robbery',
  'lethal barrel discharge|lethal barrel discharge': 'gun-lethal-barrel-discharge',
  'gun crime|lethal barrel discharge': 'gun-lethal-barrel-discharge',
  'miscalleneous|robbery mobile phone': 'mobile-phone-robbery',
  'miscalleneous|theft person - mobile phone': 'mobile-phone-theft',
  'miscalleneous|tno victim based': 'tno-victim-based',
  'miscalleneous|tno non victim based': 'tno-non-victim-based',
};
const idOf = (r: DashRow) => IDS[`${r.type}|${r.subtype}`.toLowerCase()]!;
const isBorough = (r: DashRow) => r.areaType === 'Borough' && /^E09/.test(r.code);
const isKnife = (r: DashRow) => r.type === 'Knife Crime';

const OTHER = readDashboard(MPSDASH_OTHER);
const KNIFE = readDashboard(MPSDASH_KNIFE);

type Cell = { area_code: string; category_id: string; month: string; count: number };
const countsOf = (db: string) =>
  query<Cell>(
    db,
    `SELECT area_code, category_id, strftime(month, '%Y-%m') AS month, count::DOUBLE AS count FROM monthly_counts WHERE source = 'mpsdash' ORDER BY ALL`,
  );
const sharesOf = (db: string) =>
  query(db, `SELECT area_code, category_id, measure, strftime(month, '%Y-%m') AS month, k::DOUBLE AS k, n::DOUBLE AS n FROM monthly_shares WHERE source = 'mpsdash' ORDER BY ALL`);
const mapOf = (cells: Cell[]) => new Map(cells.map((c) => [`${c.area_code}|${c.category_id}|${c.month}`, c.count]));

describe('MPS dashboard files: loaded as published (the shared samples\' Borough rows, and Barnet\'s ward rows)', () => {
  const a = tempDb(); // OtherCrimeData, then KnifeCrimeData
  const b = tempDb(); // KnifeCrimeData, then OtherCrimeData
  const summaries: Record<string, LoadSummary> = {};
  beforeAll(async () => {
    summaries.aOther = await loadFiles([MPSDASH_OTHER], { db: a });
    summaries.aKnife = await loadFiles([MPSDASH_KNIFE], { db: a });
    summaries.bKnife = await loadFiles([MPSDASH_KNIFE], { db: b });
    summaries.bOther = await loadFiles([MPSDASH_OTHER], { db: b });
  });

  it('counts every borough x subtype x month offences row of OtherCrimeData under its own id: subtypes are never added together', async () => {
    const cells = mapOf(await countsOf(a));
    const rows = OTHER.filter((r) => isBorough(r) && !isKnife(r) && r.measure === 'Offences');
    expect(rows.length).toBeGreaterThan(10_000);
    for (const r of rows) expect(cells.get(`${r.code}|${idOf(r)}|${r.month}`), `${r.code} ${r.subtype} ${r.month}`).toBe(r.count);
    // nothing else: one monthly_counts cell per published row (no total made by adding subtypes)
    const stored = [...cells.keys()].filter((k) => /^E09/.test(k) && !/\|knife/.test(k));
    expect(stored.length).toBe(rows.length);
    // Barnet, January 2022: domestic abuse is the published total, not it plus its violence-with-injury part
    const da = OTHER.find((r) => r.code === 'E09000003' && r.month === '2022-01' && r.subtype === 'Domestic Abuse' && r.measure === 'Offences')!;
    const vwi = OTHER.find((r) => r.code === 'E09000003' && r.month === '2022-01' && r.subtype === 'Domestic Abuse violence with injury')!;
    expect(cells.get('E09000003|domestic-abuse|2022-01')).toBe(da.count);
    expect(cells.get('E09000003|domestic-abuse-vwi|2022-01')).toBe(vwi.count);
    expect(da.count).toBeGreaterThan(vwi.count);
    // "Racist and Religious Crime" is its own figure, not race + faith
    const hate = (s: string) => OTHER.find((r) => r.code === 'E09000003' && r.month === '2022-01' && r.subtype === s && r.measure === 'Offences')!.count;
    expect(cells.get('E09000003|hate-crime-racist-religious|2022-01')).toBe(hate('Racist and Religious Crime'));
    expect(hate('Racist and Religious Crime')).not.toBe(hate('Racist Crime') + hate('Faith Crime'));
  });

  it('positive outcomes: k = the published Positive Outcomes, n = the Offences of the same borough, subtype and month', async () => {
    const shares = await sharesOf(a);
    const get = (code: string, id: string, month: string) => shares.find((s) => s.area_code === code && s.category_id === id && s.month === month);
    const po = OTHER.filter((r) => isBorough(r) && !isKnife(r) && r.measure === 'Positive Outcomes');
    for (const r of po.slice(0, 2000)) {
      const offences = OTHER.find((o) => isBorough(o) && o.code === r.code && o.month === r.month && idOf(o) === idOf(r) && o.measure === 'Offences')?.count ?? 0;
      expect(get(r.code, idOf(r), r.month), `${r.code} ${r.subtype} ${r.month}`).toMatchObject({ k: r.count, n: offences, measure: 'positive-outcome' });
    }
    // gun crime's positive outcomes sit under "Gun Crime" but its robbery offences under their own crime type
    const gun = po.find((r) => r.subtype === 'Gun Crime Personal Robbery')!;
    expect(get(gun.code, 'gun-crime-personal-robbery', gun.month)!.k).toBe(gun.count);
  });

  it('a month the file covers is a zero where a row is absent; a month no file covers is a gap', async () => {
    const cover = await query<{ category_id: string; months: string[] }>(
      a,
      `SELECT category_id, list(DISTINCT strftime(month, '%Y-%m') ORDER BY 1) AS months FROM category_coverage
       WHERE source = 'mpsdash' AND area_code = 'E09000003' GROUP BY 1`,
    );
    const months = (id: string) => cover.find((c) => c.category_id === id)!.months;
    expect(months('domestic-abuse')).toEqual([...new Set(OTHER.map((r) => r.month))].sort());
    expect(months('domestic-abuse').at(-1)).toBe('2023-07');
    // knife crime runs on to February 2024 (the knife file); domestic abuse does not: 2023-08 on is a gap for it
    expect(months('knife-crime').at(-1)).toBe('2024-02');
    expect(months('knife-crime')[0]).toBe('2021-08');
    // a borough x subtype x month with no published row inside a covered month: covered, no count row (engine: 0)
    const published = new Set(OTHER.filter((r) => isBorough(r) && r.measure === 'Offences').map((r) => `${r.code}|${idOf(r)}|${r.month}`));
    const absent = OTHER.filter((r) => isBorough(r) && r.subtype === 'Transphobic Crime')
      .map((r) => r.code)
      .flatMap((code) => [...new Set(OTHER.map((r) => r.month))].map((m) => `${code}|hate-crime-transgender|${m}`))
      .find((k) => !published.has(k))!;
    expect(absent).toBeDefined();
    const [code, id, month] = absent.split('|');
    const covered = await query(a, `SELECT 1 FROM category_coverage WHERE source = 'mpsdash' AND area_code = $c AND category_id = $i AND strftime(month, '%Y-%m') = $m`, {
      c: code!,
      i: id!,
      m: month!,
    });
    expect(covered.length).toBe(1);
    expect(mapOf(await countsOf(a)).has(absent)).toBe(false);
    // every London borough is covered, though City of London is absent from MPS data (not a borough here)
    const areas = await query<{ n: number }>(a, `SELECT count(DISTINCT area_code)::INTEGER AS n FROM category_coverage c JOIN areas a ON a.code = c.area_code WHERE source = 'mpsdash' AND a.borough`);
    expect(areas[0]!.n).toBe(32);
  });

  it('the later Refresh Date wins for knife crime whatever the load order, and the summary says how many cells changed', async () => {
    expect(await countsOf(a)).toEqual(await countsOf(b));
    expect(await sharesOf(a)).toEqual(await sharesOf(b));
    const cells = mapOf(await countsOf(a));
    const knifeMonths = new Set(KNIFE.map((r) => r.month));
    for (const r of [...KNIFE, ...OTHER.filter((o) => isKnife(o) && !knifeMonths.has(o.month))].filter((r) => isBorough(r) && r.measure !== 'Positive Outcomes'))
      expect(cells.get(`${r.code}|${idOf(r)}|${r.month}`), `${r.code} ${r.subtype} ${r.month}`).toBe(r.count);
    // the cells (area x subtype x measure x month, an absent row = 0) on which the two refreshes differ, by hand
    const keyOf = (r: DashRow) => `${r.snt}|${r.name}|${r.code}|${idOf(r)}|${r.measure}|${r.month}`;
    const otherMonths = new Set(OTHER.map((r) => r.month));
    const overlap = (r: DashRow) => r.areaType === 'Borough' && isKnife(r) && knifeMonths.has(r.month) && otherMonths.has(r.month);
    const older = new Map(OTHER.filter(overlap).map((r) => [keyOf(r), r.count]));
    const newer = new Map(KNIFE.filter(overlap).map((r) => [keyOf(r), r.count]));
    let differ = 0;
    for (const k of new Set([...older.keys(), ...newer.keys()])) if ((older.get(k) ?? 0) !== (newer.get(k) ?? 0)) differ++;
    expect(differ).toBeGreaterThan(0);
    const changed = (s: LoadSummary) => s.files[0]!.mpsdash!.cellsChanged;
    expect(changed(summaries.aKnife!)).toBe(differ);
    expect(changed(summaries.bOther!)).toBe(differ);
    expect(changed(summaries.aOther!)).toBe(0);
    expect(summaries.bOther!.files[0]!.mpsdash!.keptLater).toEqual([
      expect.objectContaining({ slice: 'knife-crime', first: '2022-03', last: '2023-07', refreshed: '2025-08-21', loaded: '2026-03-18' }),
    ]);
    expect(formatSummary(summaries.aKnife!)).toContain(`${differ} borough cells (area x subtype x measure x month) differ from the refresh loaded before`);
    // loading the later file again changes nothing and adds nothing
    const again = await loadFiles([MPSDASH_KNIFE], { db: a });
    expect(again.files[0]!.mpsdash!.cellsChanged).toBe(0);
    expect(await countsOf(a)).toEqual(await countsOf(b));
  });

  it('pseudo-areas are kept, counted, named in the summary and never boroughs', async () => {
    const raw = new Map<string, number>();
    for (const r of OTHER.filter((r) => r.areaType === 'Borough' && !/^E09/.test(r.code))) {
      const label = `${r.snt || '(empty)'}${r.name ? ` / ${r.name}` : ''}`;
      raw.set(label, (raw.get(label) ?? 0) + 1);
    }
    expect(raw.size).toBe(4);
    expect(Object.fromEntries(summaries.aOther!.files[0]!.mpsdash!.pseudoAreas.map((p) => [p.area, p.rows]))).toEqual(Object.fromEntries(raw));
    expect(formatSummary(summaries.aOther!)).toMatch(/rows for areas that are not boroughs \(kept, counted, never ranked\): .*Other \/ NK \/ N\/K \(Legacy Only\) \(785\)/);
    // their offences are counted under their own non-borough areas
    const nk = OTHER.filter((r) => r.snt === 'Other / NK' && r.name === 'N/K (Legacy Only)' && r.subtype === 'TNO Victim Based' && r.measure === 'Offences');
    const stored = await query<{ n: number }>(a, `SELECT sum(count)::DOUBLE AS n FROM monthly_counts WHERE source = 'mpsdash' AND area_code = 'MPSDASH-NK' AND category_id = 'tno-victim-based'`);
    expect(stored[0]!.n).toBe(nk.reduce((s, r) => s + r.count, 0));
    const areas = await query<{ code: string; borough: boolean }>(a, `SELECT DISTINCT a.code, a.borough FROM mpsdash_counts m JOIN areas a ON a.code = m.area_code WHERE NOT a.code LIKE 'E09%'`);
    expect(areas.map((x) => x.code).sort()).toEqual(['MPS-AVSEC', 'MPSDASH-NK', 'MPSDASH-NK-AVSEC', 'MPSDASH-NK-BLANK']);
    expect(areas.every((x) => !x.borough)).toBe(true);
  });

  it('the derived tables after loads one by one (incremental) are those a full rebuild makes', async () => {
    const derived = async (db: Database) =>
      Promise.all(
        ['monthly_counts', 'monthly_shares', 'category_coverage'].map(async (t) =>
          JSON.stringify(await db.all(`SELECT * EXCLUDE (source) FROM ${t} WHERE source = 'mpsdash' ORDER BY ALL`)),
        ),
      );
    const ro = await Database.open(b, { readOnly: true });
    const incremental = await derived(ro).finally(() => ro.close());
    const copy = `${b}.full.duckdb`;
    copyFileSync(b, copy);
    const full = await Database.open(copy);
    try {
      await rebuildDerived(full);
      expect(incremental.every((t) => t.length > 10)).toBe(true);
      expect(await derived(full)).toEqual(incremental);
    } finally {
      full.close();
    }
  });

  it('ward rows are kept under their borough, keyed on the trimmed ward code', async () => {
    const untrimmed = KNIFE.filter((r) => r.areaType !== 'Borough').length;
    const rawCodes = readFileSync(MPSDASH_KNIFE, 'utf8').match(/E05\d{6} ,/g) ?? [];
    expect(rawCodes.length).toBeGreaterThan(100); // the published file pads most ward codes with a space
    const wards = await query<{ ward_code: string; area_code: string; n: number }>(
      b,
      `SELECT ward_code, area_code, count(*)::INTEGER AS n FROM mpsdash_counts WHERE area_type = 'ward' AND family = 'knife-crime' GROUP BY ALL`,
    );
    expect(wards.reduce((s, w) => s + w.n, 0)).toBe(untrimmed);
    expect(wards.every((w) => w.ward_code === w.ward_code.trim() && /^E05\d{6}$/.test(w.ward_code) && w.area_code === 'E09000003')).toBe(true);
    expect(new Set(wards.map((w) => w.ward_code))).toEqual(new Set(KNIFE.filter((r) => r.areaType !== 'Borough').map((r) => r.code)));
    // wards are never counted as boroughs
    const counted = await query(b, `SELECT 1 FROM monthly_counts WHERE source = 'mpsdash' AND area_code LIKE 'E05%'`);
    expect(counted.length).toBe(0);
  });
});

describe('MPS dashboard files: another vintage\'s header, the .xlsx workbook, bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saferboard-mpsdash-'));
  const lines = readFileSync(MPSDASH_OTHER, 'utf8').split('\n');
  // one month (2021-08) of every Borough row: the cut the cases below edit
  const cut = [lines[0]!, ...lines.slice(1).filter((l) => l.startsWith('2021-08-01,'))];
  const csvCut = join(dir, 'dashboard-2021-08.csv');
  writeFileSync(csvCut, cut.join('\n') + '\n');
  const base = tempDb();
  const rowsOf = (db: string) =>
    query(
      db,
      `SELECT area_type, area_code, ward_code, borough_snt, area_name, crime_type, crime_subtype, published_measure, category_id, measure,
              strftime(month, '%Y-%m') AS month, count, strftime(refreshed, '%Y-%m-%d') AS refreshed, line FROM mpsdash_counts ORDER BY ALL`,
    );
  beforeAll(async () => {
    await loadFiles([csvCut], { db: base });
  });

  it("loads a file with another vintage's header spelling (Area Name, Area Code, Offence Group, Offence Subgroup) to the same figures", async () => {
    const renamed = join(dir, 'tno-vintage.csv');
    const header = 'MONTH_YEAR,Area Type,Borough_SNT,Area Name,Area Code,Offence Group,Offence Subgroup,Measure,Financial Year,FY_FYIndex,Count,Refresh Date';
    writeFileSync(renamed, [header, ...cut.slice(1)].join('\n') + '\n');
    const db = tempDb();
    const summary = await loadFiles([renamed], { db });
    expect(summary.files[0]!.format).toBe('mpsdash');
    expect(await rowsOf(db)).toEqual(await rowsOf(base));
    expect(await countsOf(db)).toEqual(await countsOf(base));
  });

  it('loads the .xlsx workbook (sheet MPS_MonthlyCrimeDashboard_Other, Excel dates, numeric counts) to the same rows as the CSV', async () => {
    const file = join(dir, 'dashboard-2021-08.xlsx');
    await writeWorkbook(file, cut, 'MPS_MonthlyCrimeDashboard_Other');
    const db = tempDb();
    const summary = await loadFiles([file], { db });
    expect(summary.files[0]!.rows).toBe(cut.length - 1);
    expect(await rowsOf(db)).toEqual(await rowsOf(base));
    expect(await sharesOf(db)).toEqual(await sharesOf(base));
  });

  const bad: [string, (rows: string[][]) => void, RegExp][] = [
    ['a missing column', (rows) => rows.forEach((r) => r.splice(10, 1)), /:1: row 1: missing column "Count"/],
    ['an unknown subtype', (rows) => (rows[5]![6] = 'Knife Crime with Spoon'), /:6: row 6, column "Crime Subtype": unknown \(crime type, subtype, measure\).*"Knife Crime with Spoon"/],
    ['a duplicate row', (rows) => rows.splice(8, 0, [...rows[3]!]), /:9: row 9: duplicate row: the same month, area, crime type, subtype and measure as row 4/],
    ['text in Count', (rows) => (rows[12]![10] = 'n/a'), /:13: row 13, column "Count": expected a whole number ≥ 0, found "n\/a"/],
    ['a bad month', (rows) => (rows[20]![0] = '2021-13-01'), /:21: row 21, column "Month_Year": expected the first day of a month/],
  ];
  for (const [what, edit, message] of bad)
    it(`refuses a CSV with ${what}, naming the row and column, and leaves the database unchanged`, async () => {
      const rows = cut.map((l) => l.split(','));
      edit(rows);
      const file = join(dir, `bad-${what.replaceAll(' ', '-')}.csv`);
      writeFileSync(file, rows.map((r) => r.join(',')).join('\n') + '\n');
      const before = await checksum(base);
      await expect(loadFiles([file], { db: base })).rejects.toThrow(message);
      expect(await checksum(base)).toBe(before);
    });

  it('refuses a workbook with text in Count naming the file, sheet, row and column; the database is unchanged', async () => {
    const rows = cut.map((l) => l.split(','));
    rows[7]![10] = 'twelve';
    const file = join(dir, 'bad-count.xlsx');
    await writeWorkbook(file, rows.map((r) => r.join(',')), 'MPS_MonthlyCrimeDashboard_Other');
    const before = await checksum(base);
    await expect(loadFiles([file], { db: base })).rejects.toThrow(
      /bad-count\.xlsx:8: sheet "MPS_MonthlyCrimeDashboard_Other", row 8, column "Count": expected a whole number ≥ 0, found "twelve"/,
    );
    expect(await checksum(base)).toBe(before);
  });

  it('refuses a workbook of several sheets none of which is the dashboard sheet, naming them', async () => {
    const file = join(dir, 'two-sheets.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['x']);
    wb.addWorksheet('Data').addRow(['y']);
    await wb.xlsx.writeFile(file);
    await expect(loadFiles([file], { db: base })).rejects.toThrow(/expected a sheet named "MPS_MonthlyCrimeDashboard_Other" or a workbook of one sheet, found 2 sheets: "Notes", "Data"/);
  });

  afterAll(() => {});
});

/** Writes CSV lines as a one-sheet workbook as the Datastore publishes it: dates as Excel dates, Count a number, empty cells empty. */
async function writeWorkbook(file: string, lines: string[], sheet: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  const [header, ...rows] = lines.map((l) => l.split(','));
  ws.addRow(header);
  for (const r of rows) {
    const cells: (string | number | Date | null)[] = r.map((v) => (v === '' ? null : v));
    cells[0] = new Date(`${r[0]}T00:00:00Z`);
    cells[11] = new Date(`${r[11]}T00:00:00Z`);
    if (/^\d+$/.test(r[10]!)) cells[10] = Number(r[10]);
    ws.addRow(cells);
  }
  ws.getColumn(1).numFmt = 'yyyy-mm-dd';
  ws.getColumn(12).numFmt = 'yyyy-mm-dd';
  await wb.xlsx.writeFile(file);
}
