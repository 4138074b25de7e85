import { LoadError } from '../errors.ts';
import { replaceSlices } from '../slices.ts';
import { stageText } from '../stage.ts';
import { eachRow, readText } from '../text.ts';
import { readSheet } from '../xlsx.ts';
import { emptyResult, findColumn, type FileResult, type Format, type LoadContext } from './types.ts';

/** The sheet of the Datastore's current .xlsx vintage (a workbook of one sheet is read whatever its name). */
export const MPSDASH_SHEET = 'MPS_MonthlyCrimeDashboard_Other';

/** Every column the format reads, with each vintage's spelling (trimmed, case-folded). */
const COLUMNS = {
  month: ['month_year'],
  areaType: ['area type'],
  boroughSnt: ['borough_snt'],
  areaName: ['area name'],
  areaCode: ['area code'],
  crimeType: ['crime type', 'offence group'],
  crimeSubtype: ['crime subtype', 'offence subgroup'],
  measure: ['measure'],
  count: ['count'],
  refreshed: ['refresh date'],
} as const;
type Column = keyof typeof COLUMNS;

/** A column's name in an error: the header's own spelling when it has the column, else the first spelling. */
const COLUMN_NAMES: Record<Column, string> = {
  month: 'Month_Year',
  areaType: 'Area Type',
  boroughSnt: 'Borough_SNT',
  areaName: 'Area name',
  areaCode: 'Area code',
  crimeType: 'Crime Type',
  crimeSubtype: 'Crime Subtype',
  measure: 'Measure',
  count: 'Count',
  refreshed: 'Refresh Date',
};

/**
 * The `Borough` rows with no borough code: pseudo-areas (areas.csv), kept and counted, never ranked. Keyed on
 * lower(Borough_SNT) | lower(Area name), both trimmed.
 */
const PSEUDO_AREAS: Record<string, string> = {
  'other / nk|n/k (legacy only)': 'MPSDASH-NK',
  'other / nk|aviation security (so18) (legacy only)': 'MPSDASH-NK-AVSEC',
  'other / nk|': 'MPSDASH-NK-BLANK',
  'other / nk|non met police force': 'MPSDASH-NON-MET',
  'other / nk|unknown': 'MPSDASH-UNKNOWN',
  'aviation security|aviation security (so18) (legacy only)': 'MPS-AVSEC',
  'aviation security|': 'MPS-AVSEC',
};

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
/** The crosswalk's key of a published (crime type, subtype, measure): trimmed, spaces collapsed, lower case. */
export const mpsdashKey = (type: string, subtype: string, measure: string) => `${norm(type)}|${norm(subtype)}|${norm(measure)}`;

const ISO_MONTH = /^(\d{4})-(\d{2})(?:-01)?(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;
const UK_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const COUNT = /^\d+$/;

/**
 * The London Datastore's "MPS Monthly Crime Dashboard Data" files (OtherCrimeData, KnifeCrimeData, TNOCrimeData): one
 * row per month x area x crime type x subtype x measure, only non-zero counts; CSV or .xlsx, any vintage's header
 * spelling. See docs/mps-dashboard.md.
 */
export const mpsdash: Format = {
  id: 'mpsdash',
  // recognised by its own Borough_SNT column with its month or crime type: a file missing another column is then
  // refused naming that column, not as an unknown format
  detect: (header) =>
    findColumn(header, [...COLUMNS.boroughSnt]) >= 0 &&
    (findColumn(header, [...COLUMNS.month]) >= 0 || findColumn(header, [...COLUMNS.crimeType]) >= 0),
  load: loadMpsdash,
};

interface Where {
  file: string;
  sheet: string | null;
}
const fail = (w: Where, line: number, column: string | null, message: string) =>
  new LoadError(w.file, line, `${w.sheet ? `sheet "${w.sheet}", ` : ''}row ${line}${column ? `, column "${column}"` : ''}: ${message}`);

/** The header and rows of a dashboard file: a CSV's lines, or the .xlsx's sheet (row numbers are the sheet's). */
export async function readMpsdashRows(file: string, name = file): Promise<{ sheet: string | null; rows: { fields: string[]; line: number }[] }> {
  if (/\.xlsx$/i.test(file)) {
    const sheet = await readSheet(file, name, MPSDASH_SHEET);
    return {
      sheet: sheet.name,
      rows: sheet.rows.map((fields, i) => ({ fields, line: i + 1 })).filter((r) => r.fields.some((f) => f.trim() !== '')),
    };
  }
  const rows: { fields: string[]; line: number }[] = [];
  eachRow(readText(file), (fields, line) => rows.push({ fields, line }));
  return { sheet: null, rows };
}

interface MapRow {
  key: string;
  crime_type: string;
  crime_subtype: string;
  published_measure: string;
  family: string;
  category_id: string;
  measure: string;
}

async function loadMpsdash(ctx: LoadContext, file: string, givenHeader: string[]): Promise<FileResult> {
  const result = emptyResult(file, 'mpsdash', 'mpsdash');
  const { sheet, rows } = await readMpsdashRows(file);
  const where: Where = { file, sheet };
  const header = (rows.find((r) => r.line === 1)?.fields ?? givenHeader).map((h) => h.trim());
  const index = {} as Record<Column, number>;
  const names = { ...COLUMN_NAMES };
  for (const [c, spellings] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
    const i = findColumn(header, [...spellings]);
    if (i < 0)
      throw fail(where, 1, null, `missing column "${COLUMN_NAMES[c]}" (expected one of: ${spellings.map((n) => `"${n}"`).join(', ')}, in any case)`);
    index[c] = i;
    names[c] = header[i]!;
  }
  const map = new Map(
    (await ctx.db.all<MapRow>('SELECT key, crime_type, crime_subtype, published_measure, family, category_id, measure FROM mpsdash_map')).map((m) => [
      m.key,
      m,
    ]),
  );
  const boroughs = [...ctx.areas.names].filter(([code]) => /^E09/.test(code) && code !== 'E09000001').map(([code, n]) => ({ code, name: n.toLowerCase() }));
  boroughs.sort((a, b) => b.name.length - a.name.length);

  const staged: (string | null)[][] = [];
  const seen = new Map<string, number>();
  const pseudo = new Map<string, number>();
  let wardRows = 0;
  for (const { fields, line } of rows) {
    if (line === 1) continue;
    const get = (c: Column) => (fields[index[c]] ?? '').trim();
    const month = monthOf(get('month'));
    if (!month) throw fail(where, line, names.month, `expected the first day of a month (YYYY-MM-DD, e.g. 2021-08-01), found "${get('month')}"`);
    const refreshed = dateOf(get('refreshed'));
    if (!refreshed) throw fail(where, line, names.refreshed, `expected a date (YYYY-MM-DD), found "${get('refreshed')}"`);
    const countText = get('count');
    if (!COUNT.test(countText)) throw fail(where, line, names.count, `expected a whole number ≥ 0, found "${countText}"`);
    const [type, subtype, measureText] = [get('crimeType'), get('crimeSubtype'), get('measure')];
    const m = map.get(mpsdashKey(type, subtype, measureText));
    if (!m) {
      const known = [...map.values()].filter((x) => norm(x.crime_type) === norm(type));
      const column = known.length === 0 ? names.crimeType : known.some((x) => norm(x.crime_subtype) === norm(subtype)) ? names.measure : names.crimeSubtype;
      const allowed = known.length
        ? `known for "${type}": ${[...new Set(known.map((x) => `"${x.crime_subtype}" / "${x.published_measure}"`))].join(', ')}`
        : `known crime types: ${[...new Set([...map.values()].map((x) => `"${x.crime_type}"`))].join(', ')}`;
      throw fail(
        where,
        line,
        column,
        `unknown (crime type, subtype, measure) ("${type}", "${subtype}", "${measureText}"): not in data/reference/mpsdash-crosswalk.csv (${allowed})`,
      );
    }
    const areaType = norm(get('areaType'));
    const [snt, areaName, areaCode] = [get('boroughSnt'), get('areaName'), get('areaCode')];
    let kind: 'borough' | 'ward';
    let area: string;
    let ward: string | null = null;
    if (areaType === 'borough') {
      kind = 'borough';
      const byCode = /^E09\d{6}$/.test(areaCode) ? areaCode : undefined;
      const pseudoCode = PSEUDO_AREAS[`${norm(snt)}|${norm(areaName)}`] ?? (areaCode.toUpperCase() === 'SO18' ? 'MPS-AVSEC' : undefined);
      const resolved = byCode ?? pseudoCode ?? ctx.areas.resolve(snt) ?? (areaName ? ctx.areas.resolve(areaName) : undefined);
      if (!resolved || !ctx.areas.names.has(resolved)) {
        if (!ctx.allowUnknownAreas)
          throw fail(
            where,
            line,
            names.boroughSnt,
            `unknown area "${snt}"${areaName ? ` / "${areaName}"` : ''}${areaCode ? ` (code "${areaCode}")` : ''}: add it to data/reference/areas.csv or pass --allow-unknown-areas`,
          );
        area = await ctx.areas.addUnknown(`${snt}${areaName ? ` ${areaName}` : ''}`);
      } else area = resolved;
      if (!area.startsWith('E09')) {
        const label = `${snt || '(empty)'}${areaName ? ` / ${areaName}` : ''}`;
        pseudo.set(label, (pseudo.get(label) ?? 0) + 1);
      }
    } else if (areaType === 'safer neighbourhood teams' || areaType === 'ward') {
      kind = 'ward';
      wardRows++;
      const lower = snt.toLowerCase();
      area = boroughs.find((b) => lower === b.name || lower.startsWith(`${b.name} `))?.code ?? 'MPSDASH-NK';
      ward = areaCode || null;
    } else throw fail(where, line, 'Area Type', `expected "Borough" or "Safer Neighbourhood Teams", found "${get('areaType')}"`);
    if (kind === 'borough') {
      const key = `${area}|${m.category_id}|${m.measure}|${month}`;
      const earlier = seen.get(key);
      if (earlier !== undefined)
        throw fail(
          where,
          line,
          null,
          `duplicate row: the same month, area, crime type, subtype and measure as row ${earlier} (expected one row per borough x month x subtype x measure)`,
        );
      seen.set(key, line);
    }
    staged.push([`${m.family}|${area}`, month, kind, area, ward, snt, areaName, type, subtype, measureText, m.category_id, m.measure, countText, refreshed, String(line)]);
    result.rows++;
  }
  ctx.onRows?.(result.rows);
  await stageText(ctx, 'stage_mpsdash_text', STAGE_COLUMNS, staged);
  await ctx.db.run(`CREATE OR REPLACE TEMP TABLE stage_mpsdash AS
    SELECT slice, month::DATE AS month, area_type, area_code, ward_code, borough_snt, area_name, crime_type, crime_subtype,
           published_measure, category_id, measure, count::INTEGER AS count, refreshed::DATE AS refreshed, line::INTEGER AS line
    FROM stage_mpsdash_text`);
  return applyRefreshes(ctx, file, result, { pseudo, wardRows });
}

const STAGE_COLUMNS = [
  'slice',
  'month',
  'area_type',
  'area_code',
  'ward_code',
  'borough_snt',
  'area_name',
  'crime_type',
  'crime_subtype',
  'published_measure',
  'category_id',
  'measure',
  'count',
  'refreshed',
  'line',
];

/**
 * Keeps, of the staged file, the ('family|area', month) slices whose (family, month) Refresh Date is as late as the one loaded (or none is
 * loaded), and replaces those slices; a slice already loaded from a later refresh is kept. Counts the borough cells
 * (area x category x measure x month, an absent row = 0) on which the two refreshes differ, either way.
 */
async function applyRefreshes(ctx: LoadContext, file: string, result: FileResult, extra: { pseudo: Map<string, number>; wardRows: number }) {
  const { db } = ctx;
  // the slices the file covers: every area it holds a row for (borough rows, and wards' boroughs) x every (family,
  // month) it holds; a slice with no row is 0 there. The refresh of a (family, month) is its latest Refresh Date.
  await db.run(`CREATE OR REPLACE TEMP TABLE stage_mpsdash_slices AS
    WITH fm AS (SELECT split_part(slice, '|', 1) AS family, month, max(refreshed) AS refreshed FROM stage_mpsdash GROUP BY ALL),
         areas AS (SELECT DISTINCT split_part(slice, '|', 2) AS area FROM stage_mpsdash),
         rows AS (SELECT slice, month, count(*) AS rows FROM stage_mpsdash GROUP BY ALL)
    SELECT fm.family || '|' || a.area AS slice, fm.month, coalesce(r.rows, 0) AS rows, fm.refreshed, l.refreshed AS loaded,
           coalesce(l.refreshed > fm.refreshed, false) AS keep_loaded
    FROM fm CROSS JOIN areas a
    LEFT JOIN rows r ON r.slice = fm.family || '|' || a.area AND r.month = fm.month
    LEFT JOIN (SELECT family, month, max(refreshed) AS refreshed FROM mpsdash_counts GROUP BY ALL) l ON l.family = fm.family AND l.month = fm.month`);
  // borough cells of the slices loaded before, old against new (an absent row is 0)
  const changed = await db.one<{ n: number }>(
    `WITH old AS (
       SELECT c.slice, c.area_code, c.category_id, c.measure, c.month, sum(c.count) AS n FROM mpsdash_counts c
       SEMI JOIN stage_mpsdash_slices s ON s.slice = c.slice AND s.month = c.month AND s.loaded IS NOT NULL
       WHERE c.area_type = 'borough' GROUP BY ALL),
     new AS (
       SELECT c.slice, c.area_code, c.category_id, c.measure, c.month, sum(c.count) AS n FROM stage_mpsdash c
       SEMI JOIN stage_mpsdash_slices s ON s.slice = c.slice AND s.month = c.month AND s.loaded IS NOT NULL
       WHERE c.area_type = 'borough' GROUP BY ALL)
     SELECT count(*)::INTEGER AS n FROM old FULL JOIN new USING (slice, area_code, category_id, measure, month)
     WHERE coalesce(old.n, 0) <> coalesce(new.n, 0)`,
  );
  const kept = await db.all<{ slice: string; months: number; first: string; last: string; refreshed: string; loaded: string }>(
    `SELECT split_part(slice, '|', 1) AS slice, count(DISTINCT month)::INTEGER AS months, strftime(min(month), '%Y-%m') AS first,
            strftime(max(month), '%Y-%m') AS last, strftime(max(refreshed), '%Y-%m-%d') AS refreshed, strftime(max(loaded), '%Y-%m-%d') AS loaded
     FROM stage_mpsdash_slices WHERE keep_loaded GROUP BY 1 ORDER BY 1`,
  );
  await db.run(`DELETE FROM stage_mpsdash s USING stage_mpsdash_slices k WHERE k.keep_loaded AND k.slice = s.slice AND k.month = s.month`);
  const replaced = await db.one<{ months: number }>(`SELECT count(DISTINCT (split_part(slice, '|', 1), month))::INTEGER AS months FROM stage_mpsdash_slices WHERE loaded IS NOT NULL AND NOT keep_loaded`);
  const counts = await replaceSlices(ctx, {
    source: 'mpsdash',
    file,
    stage: 'stage_mpsdash',
    target: 'mpsdash_counts',
    targetSlice: 'slice',
    covers: `SELECT slice, month, rows FROM stage_mpsdash_slices WHERE NOT keep_loaded`,
    select: `area_type, area_code, ward_code, borough_snt, area_name, crime_type, crime_subtype, published_measure,
             split_part(slice, '|', 1), category_id, measure, month, count, refreshed, '${file.replaceAll("'", "''")}', line,
             ${ctx.loadId}, slice`,
  });
  Object.assign(result, counts);
  const months = await db.all<{ m: string }>(`SELECT DISTINCT strftime(month, '%Y-%m') AS m FROM stage_mpsdash_slices ORDER BY 1`);
  result.months = months.map((r) => r.m);
  result.areas = (await db.all<{ a: string }>(`SELECT DISTINCT area_code AS a FROM stage_mpsdash WHERE area_type = 'borough' ORDER BY 1`)).map((r) => r.a);
  const cellsChanged = changed?.n ?? 0;
  result.mpsdash = {
    pseudoAreas: [...extra.pseudo].map(([area, rows]) => ({ area, rows })).sort((a, b) => a.area.localeCompare(b.area)),
    wardRows: extra.wardRows,
    cellsChanged,
    keptLater: kept,
    slicesReplaced: replaced?.months ?? 0,
  };
  for (const k of kept)
    result.warnings.push(
      `${k.slice}: ${k.months} months (${k.first}..${k.last}) refreshed ${k.refreshed} in this file are already loaded from a later refresh (${k.loaded}): the later one is kept`,
    );
  return result;
}

/** A month as `YYYY-MM-01`, from `YYYY-MM-01`, `YYYY-MM` or `DD/MM/YYYY` (day 01); undefined when it is not one. */
function monthOf(text: string): string | undefined {
  const iso = ISO_MONTH.exec(text);
  const uk = UK_DATE.exec(text);
  const [y, m] = iso ? [iso[1]!, iso[2]!] : uk && uk[1] === '01' ? [uk[3]!, uk[2]!] : [];
  if (!y || !m || Number(m) < 1 || Number(m) > 12) return undefined;
  return `${y}-${m}-01`;
}

/** A date as `YYYY-MM-DD`, from `YYYY-MM-DD` or `DD/MM/YYYY`; undefined when it is not a real date. */
function dateOf(text: string): string | undefined {
  const iso = ISO_DATE.exec(text);
  const uk = UK_DATE.exec(text);
  const [y, m, d] = iso ? [iso[1]!, iso[2]!, iso[3]!] : uk ? [uk[3]!, uk[2]!, uk[1]!] : [];
  if (!y || !m || !d) return undefined;
  const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${m}-${d}` ? undefined : `${y}-${m}-${d}`;
}
