import { LoadError } from '../errors.ts';
import { replaceSlices } from '../slices.ts';
import { stageText } from '../stage.ts';
import { eachRow, readText } from '../text.ts';
import { emptyResult, requireColumns, findColumn, type Format, type LoadContext } from './types.ts';

const REQUIRED = ['crime id', 'month', 'reported by', 'outcome type'] as const;
const OPTIONAL = ['falls within', 'longitude', 'latitude', 'location', 'lsoa code', 'lsoa name'] as const;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * data.police.uk outcomes files (`YYYY-MM-<force>-outcomes.csv`) of any force: one row per outcome recorded in that
 * month, for a crime of that month or any earlier one. The slice is (force in "Reported by", month recorded). Each row
 * is placed by its LSOA as street rows are (area_code; policeuk_outcomes_counted), and its outcome becomes its crime's
 * current outcome, counted where the crime's street row is (data/monthly-counts.sql).
 */
export const policeukOutcomes: Format = {
  id: 'outcomes',
  detect: (header) => REQUIRED.every((c) => findColumn(header, [c]) >= 0) && findColumn(header, ['crime type']) < 0,
  load: loadOutcomes,
};

const COLUMNS = ['crime_id', 'month', 'reported_by', 'falls_within', 'longitude', 'latitude', 'location', 'lsoa_code', 'lsoa_name', 'outcome', 'line'];

async function loadOutcomes(ctx: LoadContext, file: string, header: string[]) {
  const result = emptyResult(file, 'outcomes');
  const at = requireColumns(file, header, REQUIRED);
  const opt = Object.fromEntries(OPTIONAL.map((c) => [c, findColumn(header, [c])])) as Record<(typeof OPTIONAL)[number], number>;
  const now = new Date().toISOString().slice(0, 7);
  const rows: (string | null)[][] = [];
  eachRow(readText(file), (fields, line) => {
    if (line === 1) return;
    if (fields.length !== header.length) throw new LoadError(file, line, `expected ${header.length} fields as in the header, found ${fields.length}`);
    const get = (i: number) => (i < 0 ? '' : fields[i]!.trim());
    const crimeId = get(at['crime id']);
    if (!crimeId) throw new LoadError(file, line, 'expected a Crime ID (the crime this is an outcome of), found an empty field');
    const month = get(at.month);
    if (!MONTH.test(month)) throw new LoadError(file, line, `expected Month as YYYY-MM, found "${month}"`);
    if (month > now) throw new LoadError(file, line, `Month ${month} is in the future`);
    const force = get(at['reported by']);
    if (!force) throw new LoadError(file, line, 'expected the force in "Reported by", found an empty field');
    const outcome = get(at['outcome type']);
    if (!outcome) throw new LoadError(file, line, 'expected an "Outcome type", found an empty field');
    for (const c of ['longitude', 'latitude'] as const) {
      const v = get(opt[c]);
      if (v && !Number.isFinite(Number(v))) throw new LoadError(file, line, `expected ${c} as a number or empty, found "${v}"`);
    }
    const text = (i: number) => get(i) || null;
    rows.push([
      crimeId, `${month}-01`, force, text(opt['falls within']), text(opt.longitude), text(opt.latitude), text(opt.location),
      text(opt['lsoa code']), text(opt['lsoa name']), outcome, String(line),
    ]);
  });
  await stageText(ctx, 'stage_outcomes', COLUMNS, rows);
  await ctx.db.run(`ALTER TABLE stage_outcomes ADD COLUMN slice VARCHAR; UPDATE stage_outcomes SET slice = reported_by;
    ALTER TABLE stage_outcomes ALTER month TYPE DATE USING month::DATE; ALTER TABLE stage_outcomes ADD COLUMN file VARCHAR`);
  await ctx.db.run(`UPDATE stage_outcomes SET file = $file`, { file });
  // placed by LSOA as street rows are (data/formats/policeuk.ts): the LSOA's local authority by its code, else the LSOA
  // name's prefix (a 2011 code); No location without an LSOA; NULL when neither places it (kept, in no area)
  await ctx.db.run(`ALTER TABLE stage_outcomes ADD COLUMN area_code VARCHAR;
    UPDATE stage_outcomes o SET area_code = CASE WHEN o.lsoa_code IS NULL AND o.lsoa_name IS NULL THEN 'NO-LOCATION' ELSE coalesce(
      (SELECT l.area_code FROM lsoas l WHERE l.lsoa_code = o.lsoa_code),
      (SELECT a.code FROM area_aliases a WHERE a.alias = lower(regexp_extract(o.lsoa_name, '^(.*\\S)\\s+\\d{3}[A-Z]$', 1)))) END`);
  const replaced = await replaceSlices(ctx, {
    source: 'outcomes',
    file,
    stage: 'stage_outcomes',
    target: 'policeuk_outcomes',
    targetSlice: 'reported_by',
    select: `crime_id, month, reported_by, falls_within, longitude::DOUBLE, latitude::DOUBLE, location, lsoa_code, lsoa_name,
             outcome, line::INTEGER, file, ${ctx.loadId}, area_code`,
  });
  const stats = await ctx.db.one<{ months: string[]; areas: string[]; no_location: number }>(
    `SELECT coalesce(list(DISTINCT strftime(month, '%Y-%m') ORDER BY strftime(month, '%Y-%m')), []) AS months,
            coalesce(list(DISTINCT area_code ORDER BY area_code) FILTER (WHERE area_code IS NOT NULL), []) AS areas,
            count(*) FILTER (WHERE area_code = 'NO-LOCATION')::INTEGER AS no_location FROM stage_outcomes`,
  );
  // outcomes of crimes in LSOAs of another force's area than the one reporting them, by the LAD they are in (as street rows)
  const away = await ctx.db.all<{ force: string; area: string; rows: number }>(
    `SELECT o.reported_by AS force, a.name AS area, count(*)::INTEGER AS rows
     FROM stage_outcomes o JOIN areas a ON a.code = o.area_code AND a.level IS NOT NULL
     WHERE a.force IS DISTINCT FROM o.reported_by AND o.reported_by IN (SELECT force FROM areas WHERE level = 'pfa' AND force IS NOT NULL)
     GROUP BY ALL ORDER BY rows DESC, area`,
  );
  if (away.length) result.outsideForce = away;
  await ctx.db.run('DROP TABLE stage_outcomes');
  Object.assign(result, { rows: rows.length, months: stats!.months, areas: stats!.areas, noLocation: stats!.no_location, kind: 'outcomes' }, replaced);
  ctx.onRows?.(rows.length);
  return result;
}
