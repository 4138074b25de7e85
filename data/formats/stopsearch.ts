import { basename } from 'node:path';
import { boroughAt } from '../boroughs.ts';
import { COAST_METRES, ladAt } from '../places.ts';
import { policeUkForceSlugs } from '../reference.ts';
import { LoadError } from '../errors.ts';
import { londonMonth, parseInstant } from '../london-time.ts';
import { replaceSlices } from '../slices.ts';
import { stageText } from '../stage.ts';
import { eachRow, readText } from '../text.ts';
import { emptyResult, findColumn, requireColumns, type Format, type LoadContext } from './types.ts';

const REQUIRED = ['type', 'date', 'latitude', 'longitude', 'object of search', 'outcome'] as const;
const OPTIONAL = [
  'part of a policing operation', 'policing operation', 'gender', 'age range', 'self-defined ethnicity',
  'officer-defined ethnicity', 'legislation', 'outcome linked to object of search', 'removal of more than just outer clothing',
] as const;
/** The archive's file name: `2018-01-metropolitan-stop-and-search.csv` (the files have no force column). */
const NAME = /(?:^|[^0-9])(\d{4}-(?:0[1-9]|1[0-2]))-([a-z0-9-]+?)-stop-and-search\.csv(?:\.gz)?$/i;
/**
 * data.police.uk stop-and-search files (`YYYY-MM-<force>-stop-and-search.csv`) of any force: one row per search. The
 * source `stopsearch`; the slice is (force from the file name through forces.csv, month from the file name). Each
 * search is placed in the London borough containing its coordinates (data/boroughs.ts), else: a London force's under
 * Outside London (as before issue 24), another force's in the local authority district containing them
 * (data/places.ts); under No location without coordinates, or with coordinates outside England and Wales. Counted in
 * the Europe/London month of its date; the areas it counts toward beyond its own are data/schema.sql's
 * stopsearch_counted.
 */
export const stopsearch: Format = {
  id: 'stopsearch',
  detect: (header) => REQUIRED.every((c) => findColumn(header, [c]) >= 0),
  load: loadStopSearch,
};

const COLUMNS = [
  'slice', 'month', 'local_month', 'searched_at', 'date_text', 'type', 'part_of_operation', 'policing_operation',
  'latitude', 'longitude', 'gender', 'age_range', 'self_defined_ethnicity', 'officer_defined_ethnicity', 'legislation',
  'object_of_search', 'outcome', 'outcome_linked', 'removal_of_clothing', 'area_code', 'line',
];

const flag = (v: string) => (/^true$/i.test(v) ? 'true' : /^false$/i.test(v) ? 'false' : null);

/** Which force and month a stop-and-search file holds, from its name. */
export function stopSearchSlice(file: string): { force: string; month: string } | undefined {
  const m = NAME.exec(basename(file));
  if (!m) return undefined;
  return { month: m[1]!, force: policeUkForceSlugs().get(m[2]!.toLowerCase()) ?? m[2]!.toLowerCase() };
}

async function loadStopSearch(ctx: LoadContext, file: string, header: string[]) {
  const result = emptyResult(file, 'stopsearch', 'stopsearch');
  const slice = stopSearchSlice(file);
  if (!slice)
    throw new LoadError(
      file,
      undefined,
      'a stop-and-search file has no force column: name it as data.police.uk does, YYYY-MM-<force>-stop-and-search.csv (e.g. 2018-01-metropolitan-stop-and-search.csv)',
    );
  const now = new Date().toISOString().slice(0, 7);
  if (slice.month > now) throw new LoadError(file, undefined, `the file name's month ${slice.month} is in the future`);
  const at = requireColumns(file, header, REQUIRED);
  const opt = Object.fromEntries(OPTIONAL.map((c) => [c, findColumn(header, [c])])) as Record<(typeof OPTIONAL)[number], number>;
  const rows: (string | null)[][] = [];
  let noLocation = 0;
  let outside = 0;
  let unplaced = 0;
  const londonForces = new Set(
    (await ctx.db.all<{ force: string }>(`SELECT DISTINCT force FROM areas WHERE region = 'London' AND level = 'la' AND force IS NOT NULL`)).map((r) => r.force),
  );
  const london = londonForces.has(slice.force);
  eachRow(readText(file), (fields, line) => {
    if (line === 1) return;
    if (fields.length !== header.length) throw new LoadError(file, line, `expected ${header.length} fields as in the header, found ${fields.length}`);
    const get = (i: number) => (i < 0 ? '' : fields[i]!.trim());
    const date = get(at.date);
    const instant = parseInstant(date);
    if (!instant) throw new LoadError(file, line, `expected Date as a date-time with its offset (e.g. 2018-01-01T00:05:00+00:00), found "${date}"`);
    const month = londonMonth(instant);
    if (month > now) throw new LoadError(file, line, `Date ${date} is in the future`);
    const [latText, lonText] = [get(at.latitude), get(at.longitude)];
    let area: string;
    if (!latText && !lonText) {
      area = 'NO-LOCATION';
      noLocation++;
    } else {
      const [lat, lon] = [Number(latText), Number(lonText)];
      if (!latText || !lonText || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180)
        throw new LoadError(file, line, `expected Latitude and Longitude as numbers in degrees (or both empty), found "${latText}", "${lonText}"`);
      if (london) {
        area = boroughAt(lon, lat) ?? 'OUTSIDE-LONDON';
        if (area === 'OUTSIDE-LONDON') outside++;
      } else {
        const lad = boroughAt(lon, lat) ?? ladAt(lon, lat);
        area = lad ?? 'NO-LOCATION';
        if (!lad) unplaced++;
      }
    }
    const text = (i: number) => get(i) || null;
    rows.push([
      slice.force, `${slice.month}-01`, `${month}-01`, instant.toISOString(), date, text(at.type),
      text(opt['part of a policing operation']), text(opt['policing operation']), latText || null, lonText || null,
      text(opt.gender), text(opt['age range']), text(opt['self-defined ethnicity']), text(opt['officer-defined ethnicity']),
      text(opt.legislation), text(at['object of search']), text(at.outcome), flag(get(opt['outcome linked to object of search'])),
      flag(get(opt['removal of more than just outer clothing'])), area, String(line),
    ]);
  });
  await stageText(ctx, 'stage_stopsearch', COLUMNS, rows);
  await ctx.db.run(`ALTER TABLE stage_stopsearch ALTER month TYPE DATE USING month::DATE; ALTER TABLE stage_stopsearch ADD COLUMN file VARCHAR`);
  await ctx.db.run(`UPDATE stage_stopsearch SET file = $file`, { file });
  const replaced = await replaceSlices(ctx, {
    source: 'stopsearch',
    file,
    stage: 'stage_stopsearch',
    target: 'stopsearch_searches',
    targetSlice: 'force',
    targetMonth: 'file_month',
    rowMonth: 'month',
    select: `slice, month, local_month::DATE, searched_at::TIMESTAMP, date_text, type, part_of_operation, policing_operation,
             latitude::DOUBLE, longitude::DOUBLE, gender, age_range, self_defined_ethnicity, officer_defined_ethnicity,
             legislation, object_of_search, outcome, outcome_linked::BOOLEAN, removal_of_clothing::BOOLEAN, area_code,
             line::INTEGER, file, ${ctx.loadId}`,
  });
  const stats = await ctx.db.one<{ months: string[]; areas: string[] }>(
    `SELECT coalesce(list(DISTINCT strftime(local_month::DATE, '%Y-%m') ORDER BY strftime(local_month::DATE, '%Y-%m')), []) AS months,
            coalesce(list(DISTINCT area_code ORDER BY area_code), []) AS areas FROM stage_stopsearch`,
  );
  // a force with a force area of its own: its searches in another force's area, by the LAD they are in (as street rows)
  const away = london
    ? []
    : await ctx.db.all<{ force: string; area: string; rows: number }>(
        `SELECT $force AS force, a.name AS area, count(*)::INTEGER AS rows
         FROM stage_stopsearch s JOIN areas a ON a.code = s.area_code AND a.level = 'la'
         WHERE a.force IS DISTINCT FROM $force AND $force IN (SELECT force FROM areas WHERE level = 'pfa' AND force IS NOT NULL)
         GROUP BY ALL ORDER BY rows DESC, area`,
        { force: slice.force },
      );
  if (away.length) result.outsideForce = away;
  // searches in a LAD split between CSPs: placed to the LAD only (coordinates, no LSOA), said plainly
  const split = london
    ? []
    : await ctx.db.all<{ lad: string; csps: string[]; rows: number }>(
        `SELECT l.name AS lad, list(DISTINCT c.name ORDER BY c.name) AS csps, any_value(n.rows)::INTEGER AS rows
         FROM (SELECT area_code, count(*) AS rows FROM stage_stopsearch GROUP BY 1) n
         JOIN areas l ON l.code = n.area_code AND l.level = 'la'
         JOIN area_within w ON w.within_code = l.code JOIN areas c ON c.code = w.area_code AND c.level = 'csp'
         GROUP BY l.name ORDER BY l.name`,
      );
  for (const s of split)
    result.warnings.push(
      `${s.rows.toLocaleString('en-GB')} searches in ${s.lad}, a local authority split between Community Safety Partnerships ` +
        `(${s.csps.join(', ')}), are placed to the local authority only: a search has coordinates, not an LSOA, so these ` +
        'partnerships have no stop-and-search figure (a gap, not a zero)',
    );
  if (unplaced)
    result.warnings.push(
      `${unplaced.toLocaleString('en-GB')} searches have coordinates outside England and Wales (more than ${COAST_METRES / 1000} km from any local authority): ` +
        'counted under No location and in the force area, in none of its local authorities',
    );
  await ctx.db.run('DROP TABLE stage_stopsearch');
  Object.assign(result, { rows: rows.length, months: stats!.months, areas: stats!.areas, noLocation: noLocation + unplaced, outsideLondon: outside, kind: 'stop-and-search' }, replaced);
  ctx.onRows?.(rows.length);
  return result;
}
