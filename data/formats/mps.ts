import { LoadError } from '../errors.ts';
import { labelKey } from '../reference.ts';
import { replaceSlices } from '../slices.ts';
import { eachRow, readText } from '../text.ts';
import { emptyResult, findColumn, type Format, type LoadContext } from './types.ts';

const BOROUGH = ['borough', 'boroughname', 'lookup_boroughname'];
const MAJOR = ['major category', 'majortext'];
const MINOR = ['minor category', 'minortext'];
const MONTH_COLUMN = /^\d{6}$/;
const COUNT = /^\d+$/;

/**
 * London Datastore "MPS Borough Level Crime": one row per borough x major x minor category,
 * one `YYYYMM` column per month; every header vintage, either classification.
 */
export const mps: Format = {
  id: 'mps',
  detect: (header) =>
    // a ward file (data/formats/mpsward.ts) has a borough column too
    findColumn(header, ['wardcode']) < 0 &&
    findColumn(header, BOROUGH) >= 0 &&
    findColumn(header, MAJOR) >= 0 &&
    findColumn(header, MINOR) >= 0 &&
    header.some((h) => MONTH_COLUMN.test(h)),
  load: loadMps,
};

async function loadMps(ctx: LoadContext, file: string, header: string[]) {
  const result = emptyResult(file, 'mps', 'mps');
  const [borough, major, minor] = [BOROUGH, MAJOR, MINOR].map((names) => {
    const index = findColumn(header, names);
    if (index < 0) throw new LoadError(file, 1, `missing column: expected one of ${names.join(' | ')}`);
    return index;
  });
  const months = monthColumns(file, header);
  if (months.length === 0) throw new LoadError(file, 1, 'expected one or more YYYYMM month columns');

  await ctx.db.run(`CREATE OR REPLACE TEMP TABLE stage_mps (
    slice VARCHAR, raw_area VARCHAR, major VARCHAR, minor VARCHAR, label_key VARCHAR, month DATE, count INTEGER)`);
  const appender = await ctx.db.connection.createAppender('stage_mps', 'main', 'temp');
  const pending: { area: string; line: number }[] = [];
  const seenRows = new Map<string, number>();
  const rows: { fields: string[]; line: number }[] = [];
  eachRow(readText(file), (fields, line) => {
    if (line === 1) return;
    if (fields.length !== header.length)
      throw new LoadError(file, line, `expected ${header.length} fields as in the header, found ${fields.length}`);
    rows.push({ fields, line });
  });
  for (const { fields, line } of rows) {
    const area = fields[borough!]!.trim();
    if (!area) throw new LoadError(file, line, 'expected a borough name, found an empty field');
    let code = ctx.areas.resolve(area);
    if (!code) {
      if (!ctx.allowUnknownAreas) {
        const hint = ctx.areas.nearest(area);
        throw new LoadError(
          file,
          line,
          `unknown area "${area}"${hint ? ` (did you mean "${hint}"?)` : ''}; add it to data/reference/areas.csv or pass --allow-unknown-areas`,
        );
      }
      code = await ctx.areas.addUnknown(area);
      pending.push({ area, line });
    }
    const majorText = fields[major!]!.trim();
    const minorText = fields[minor!]!.trim();
    const key = labelKey(majorText, minorText);
    const rowKey = `${code}|${key}`;
    const earlier = seenRows.get(rowKey);
    if (earlier !== undefined)
      throw new LoadError(file, line, `duplicate row: the same area and categories as line ${earlier} (expected one row per area x major x minor category)`);
    seenRows.set(rowKey, line);
    for (const m of months) {
      const raw = fields[m.index]!.trim();
      if (!COUNT.test(raw))
        throw new LoadError(file, line, `expected a whole number of crimes ≥ 0 in column ${m.column}, found "${raw}"`);
      appender.appendVarchar(code);
      appender.appendVarchar(area);
      appender.appendVarchar(majorText);
      appender.appendVarchar(minorText);
      appender.appendVarchar(key);
      appender.appendVarchar(m.date);
      appender.appendInteger(Number(raw));
      appender.endRow();
    }
    result.rows++;
  }
  appender.closeSync();
  ctx.onRows?.(result.rows);
  if (pending.length) result.warnings.push(`${pending.length} rows for areas not in the reference were kept as non-borough areas`);
  // the current London Datastore file's borough "Unknown": crimes the MPS could not place (areas.csv MPS-UNKNOWN)
  const unplaced = [...seenRows.keys()].filter((k) => k.startsWith('MPS-UNKNOWN|')).length;
  if (unplaced)
    result.warnings.push(
      `${unplaced} rows for borough "Unknown" (crimes the MPS could not place): kept and counted under the non-borough area "Borough unknown (MPS)", never ranked`,
    );

  const counts = await replaceSlices(ctx, {
    source: 'mps',
    file,
    stage: 'stage_mps',
    target: 'mps_counts',
    targetSlice: 'area_code',
    select: `slice, raw_area, major, minor, label_key, month, count, ${ctx.loadId}`,
  });
  Object.assign(result, counts);
  result.months = months.map((m) => m.date.slice(0, 7));
  result.areas = [...new Set((await ctx.db.all<{ slice: string }>('SELECT DISTINCT slice FROM stage_mps')).map((r) => r.slice))];
  result.unmapped = await ctx.db.all(
    `SELECT major || ' / ' || minor AS label, count(DISTINCT (slice, major, minor))::INTEGER AS rows FROM stage_mps
     WHERE label_key NOT IN (SELECT label_key FROM category_map) GROUP BY ALL ORDER BY label`,
  );
  return result;
}

/** Looks like a month or date but is not YYYYMM ("Jan-18", "2018-01", "01/2018"). */
const DATE_LIKE = /^(\d{4}[-/.]\d{1,2}|\d{1,2}[-/.]\d{2,4}|[a-z]{3,9}[- ]?\d{2,4}|\d{5}|\d{7,8})$/i;

export function monthColumns(file: string, header: string[]) {
  const seen = new Set<string>();
  const months: { index: number; column: string; date: string }[] = [];
  const now = new Date();
  const thisMonth = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  header.forEach((column, index) => {
    if (DATE_LIKE.test(column))
      throw new LoadError(file, 1, `column "${column}" looks like a month but is not YYYYMM (e.g. 201801)`);
    if (!MONTH_COLUMN.test(column)) return;
    const month = Number(column.slice(4));
    if (month < 1 || month > 12) throw new LoadError(file, 1, `month column "${column}" is not a valid YYYYMM month`);
    if (column > thisMonth) throw new LoadError(file, 1, `month column "${column}" is in the future`);
    if (seen.has(column)) throw new LoadError(file, 1, `month column "${column}" appears twice`);
    seen.add(column);
    months.push({ index, column, date: `${column.slice(0, 4)}-${column.slice(4)}-01` });
  });
  return months;
}
