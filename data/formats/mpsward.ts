import { LoadError } from '../errors.ts';
import { labelKey } from '../reference.ts';
import { replaceSlices } from '../slices.ts';
import { eachRow, readText } from '../text.ts';
import { monthColumns } from './mps.ts';
import { emptyResult, findColumn, type Format, type LoadContext } from './types.ts';

const WARD_CODE = ['wardcode'];
const WARD_NAME = ['wardname'];
const BOROUGH = ['lookup_boroughname', 'boroughname', 'borough'];
const MAJOR = ['majortext'];
const MINOR = ['minortext'];
const MONTH_COLUMN = /^\d{6}$/;
const COUNT = /^\d+$/;
/** A ward row published with no code at all is keyed under this (a pseudo ward: unplaced). */
export const NO_WARD_CODE = '(none)';
/**
 * A file's first month is a stub when its total is below this share of the median of the file's other months (the
 * current Datastore file's first column holds a few dozen crimes London-wide against about 80,000 a month).
 */
export const STUB_SHARE = 0.1;

/**
 * London Datastore "MPS Ward Level Crime" (current 24 months, and Historical): one row per ward x major x minor
 * category (Home Office classification), one `YYYYMM` column per month; columns found by name, in any order
 * (`MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,…` or the Historical `WardName,WardCode,MajorText,…`).
 * Wards are keyed on their trimmed code, never their name.
 */
export const mpsward: Format = {
  id: 'mpsward',
  detect: (header) =>
    findColumn(header, WARD_CODE) >= 0 &&
    findColumn(header, MAJOR) >= 0 &&
    findColumn(header, MINOR) >= 0 &&
    header.some((h) => MONTH_COLUMN.test(h.trim())),
  load: loadMpsWard,
};

async function loadMpsWard(ctx: LoadContext, file: string, header: string[]) {
  const result = emptyResult(file, 'mpsward', 'mpsward');
  const [wardCode, wardName, borough, major, minor] = [WARD_CODE, WARD_NAME, BOROUGH, MAJOR, MINOR].map((names) => {
    const index = findColumn(header, names);
    if (index < 0) throw new LoadError(file, 1, `missing column: expected one of ${names.join(' | ')}`);
    return index;
  });
  const months = monthColumns(file, header.map((h) => h.trim()));
  if (months.length === 0) throw new LoadError(file, 1, 'expected one or more YYYYMM month columns');

  const wards = new Map(
    (await ctx.db.all<{ code: string; borough_code: string }>('SELECT code, borough_code FROM wards')).map((w) => [w.code, w.borough_code]),
  );
  interface Row {
    slice: string;
    rawBorough: string;
    code: string;
    name: string;
    boroughCode: string;
    major: string;
    minor: string;
    key: string;
    counts: number[];
  }
  const rows: Row[] = [];
  const unknownAreas = new Set<string>();
  const seen = new Map<string, number>();
  let duplicates = 0;
  const pseudo = new Map<string, { code: string; name: string; borough: string; rows: number }>();
  const resolved = new Map<string, string>();
  const text = readText(file);
  const lines: { fields: string[]; line: number }[] = [];
  eachRow(text, (fields, line) => {
    if (line === 1) return;
    if (fields.length !== header.length)
      throw new LoadError(file, line, `expected ${header.length} fields as in the header, found ${fields.length}`);
    lines.push({ fields, line });
  });
  for (const { fields, line } of lines) {
    const rawBorough = fields[borough!]!.trim();
    if (!rawBorough) throw new LoadError(file, line, `expected a borough name in column ${header[borough!]}, found an empty field`);
    let slice = resolved.get(rawBorough) ?? ctx.areas.resolve(rawBorough);
    if (!slice) {
      if (!ctx.allowUnknownAreas) {
        const hint = ctx.areas.nearest(rawBorough);
        throw new LoadError(
          file,
          line,
          `unknown area "${rawBorough}" in column ${header[borough!]}${hint ? ` (did you mean "${hint}"?)` : ''}; add it to data/reference/areas.csv or pass --allow-unknown-areas`,
        );
      }
      slice = await ctx.areas.addUnknown(rawBorough);
      unknownAreas.add(rawBorough);
    }
    resolved.set(rawBorough, slice);
    const code = fields[wardCode!]!.trim() || NO_WARD_CODE;
    const name = fields[wardName!]!.trim();
    const majorText = fields[major!]!.trim();
    const minorText = fields[minor!]!.trim();
    if (!minorText) throw new LoadError(file, line, `expected a category in column ${header[minor!]}, found an empty field`);
    const counts = months.map((m) => {
      const raw = fields[m.index]!.trim();
      if (!COUNT.test(raw)) throw new LoadError(file, line, `expected a whole number of crimes ≥ 0 in column ${m.column}, found "${raw}"`);
      return Number(raw);
    });
    const boroughCode = wards.get(code) ?? slice;
    if (!wards.has(code)) {
      const k = `${slice}|${code}`;
      const p = pseudo.get(k) ?? { code, name, borough: rawBorough, rows: 0 };
      p.rows++;
      pseudo.set(k, p);
    }
    const key = labelKey(majorText, minorText);
    const rowKey = `${slice}|${code}|${key}`;
    if (seen.has(rowKey)) duplicates++;
    else seen.set(rowKey, line);
    rows.push({ slice, rawBorough, code, name, boroughCode, major: majorText, minor: minorText, key, counts });
  }

  // the file's first month is a near-empty stub (the current Datastore file's): not loaded, so it can never replace a
  // fuller month loaded from another file (the Historical file) nor stand as a month of near-zero crime
  const totals = months.map((_, i) => rows.reduce((s, r) => s + r.counts[i]!, 0));
  const first = months.reduce((a, m, i) => (m.column < months[a]!.column ? i : a), 0);
  const others = totals.filter((_, i) => i !== first).sort((a, b) => a - b);
  const median = others.length >= 2 ? others[Math.floor(others.length / 2)]! : null;
  const stub = median !== null && median > 0 && totals[first]! < STUB_SHARE * median ? first : -1;
  if (stub >= 0)
    result.warnings.push(
      `month ${months[stub]!.date.slice(0, 7)} (the file's first column) is a near-empty stub: ${totals[stub]} crimes against a median of ` +
        `${median!.toLocaleString('en-GB')} a month in its other months; not loaded (load the MPS Ward Level Crime (Historical) file for this month in full; a fuller month already loaded is kept)`,
    );

  await ctx.db.run(`CREATE OR REPLACE TEMP TABLE stage_mpsward (
    slice VARCHAR, ward_code VARCHAR, ward_name VARCHAR, borough_code VARCHAR, raw_borough VARCHAR, major VARCHAR, minor VARCHAR,
    label_key VARCHAR, month DATE, count INTEGER, file VARCHAR)`);
  const appender = await ctx.db.connection.createAppender('stage_mpsward', 'main', 'temp');
  for (const r of rows) {
    months.forEach((m, i) => {
      if (i === stub) return;
      appender.appendVarchar(r.slice);
      appender.appendVarchar(r.code);
      appender.appendVarchar(r.name);
      appender.appendVarchar(r.boroughCode);
      appender.appendVarchar(r.rawBorough);
      appender.appendVarchar(r.major);
      appender.appendVarchar(r.minor);
      appender.appendVarchar(r.key);
      appender.appendVarchar(m.date);
      appender.appendInteger(r.counts[i]!);
      appender.appendVarchar(file);
      appender.endRow();
    });
    result.rows++;
  }
  appender.closeSync();
  ctx.onRows?.(result.rows);

  if (unknownAreas.size) result.warnings.push(`rows for areas not in the reference were kept as non-borough areas: ${[...unknownAreas].join(', ')}`);
  if (duplicates)
    result.warnings.push(
      `${duplicates} ${duplicates === 1 ? 'row repeats' : 'rows repeat'} the ward and category of an earlier row: the counts were added (as published, a ward x month x category can come as two rows)`,
    );
  if (pseudo.size) {
    const list = [...pseudo.values()].map((p) => `${p.code}${p.name ? ` "${p.name}"` : ''} (${p.borough}, ${p.rows} ${p.rows === 1 ? 'row' : 'rows'})`);
    result.warnings.push(
      `${list.length} pseudo wards (codes not among the 2022 wards: pre-2022 "(NOT ACTIVE)" codes, N/K, -1, NON ATHENA FORCE or none): ${list.join('; ')}: kept and counted as their borough's unplaced crimes, never ranked`,
    );
  }

  const counts = await replaceSlices(ctx, {
    source: 'mpsward',
    file,
    stage: 'stage_mpsward',
    target: 'mpsward_counts',
    targetSlice: 'slice',
    select: `slice, ward_code, ward_name, borough_code, raw_borough, major, minor, label_key, month, count, file, ${ctx.loadId}`,
  });
  Object.assign(result, counts);
  result.months = months.filter((_, i) => i !== stub).map((m) => m.date.slice(0, 7));
  result.areas = [...new Set(rows.map((r) => r.slice))];
  result.unmapped = await ctx.db.all(
    `SELECT major || ' / ' || minor AS label, count(DISTINCT (ward_code, major, minor))::INTEGER AS rows FROM stage_mpsward
     WHERE label_key NOT IN (SELECT label_key FROM category_map) GROUP BY ALL ORDER BY label`,
  );
  return result;
}
