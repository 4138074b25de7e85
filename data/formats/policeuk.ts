import { LoadError } from '../errors.ts';
import { replaceSlices } from '../slices.ts';
import { eachRow, readText } from '../text.ts';
import { emptyResult, type Format, type LoadContext } from './types.ts';

/** data.police.uk street-level columns and the names they get in the staging table. */
const COLUMNS: Record<string, string> = {
  'crime id': 'crime_id',
  month: 'month',
  'reported by': 'reported_by',
  'falls within': 'falls_within',
  longitude: 'longitude',
  latitude: 'latitude',
  location: 'location',
  'lsoa code': 'lsoa_code',
  'lsoa name': 'lsoa_name',
  'crime type': 'crime_type',
  'last outcome category': 'outcome',
  context: 'context',
};
const REQUIRED = ['crime id', 'month', 'reported by', 'lsoa code', 'lsoa name', 'crime type'];
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** data.police.uk street-level CSV (crime and ASB rows), one file per force per month. */
export const policeuk: Format = {
  id: 'policeuk',
  detect: (header) => REQUIRED.every((c) => header.some((h) => h.toLowerCase() === c)),
  load: loadPoliceUk,
};

/** Why a data row is malformed, or undefined when it is fine. The SQL check in loadPoliceUk mirrors it. */
export function rowProblem(row: Record<string, string | undefined>): string | undefined {
  const month = (row.month ?? '').trim();
  if (!MONTH.test(month)) return `expected Month as YYYY-MM, found "${month}"`;
  if (month > new Date().toISOString().slice(0, 7)) return `Month ${month} is in the future`;
  if (!(row.reported_by ?? '').trim()) return 'expected the force in "Reported by", found an empty field';
  if (!(row.crime_type ?? '').trim()) return 'expected a "Crime type", found an empty field';
  for (const c of ['longitude', 'latitude'] as const) {
    const v = (row[c] ?? '').trim();
    if (v && !NUMBER.test(v)) return `expected ${c} as a number or empty, found "${v}"`;
  }
  return undefined;
}

const INVALID_SQL = `
  NOT regexp_full_match(trim(coalesce(month, '')), '\\d{4}-(0[1-9]|1[0-2])')
  OR trim(month) > strftime(current_date, '%Y-%m')
  OR trim(coalesce(reported_by, '')) = '' OR trim(coalesce(crime_type, '')) = ''
  OR (trim(coalesce(longitude, '')) <> '' AND NOT regexp_full_match(trim(longitude), '-?\\d+(\\.\\d+)?'))
  OR (trim(coalesce(latitude, '')) <> '' AND NOT regexp_full_match(trim(latitude), '-?\\d+(\\.\\d+)?'))`;

async function loadPoliceUk(ctx: LoadContext, file: string, header: string[]) {
  const { db } = ctx;
  const names = header.map((h, i) => COLUMNS[h.toLowerCase()] ?? `extra_${i}`);
  for (const c of REQUIRED)
    if (!header.some((h) => h.toLowerCase() === c)) throw new LoadError(file, 1, `missing column "${c}"`);
  for (const c of Object.values(COLUMNS)) if (!names.includes(c)) names.push(c);
  // names come from COLUMNS or extra_N, never from the file; no sniffing: a ragged row must fail, not vanish
  const declared = header.map((_, i) => `'${names[i]}': 'VARCHAR'`).join(', ');
  try {
    await db.run(
      `CREATE OR REPLACE TEMP TABLE stage_raw AS
       SELECT * FROM read_csv($file, header = true, auto_detect = false, columns = {${declared}},
         delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false,
         max_line_size = 134217728)`,
      { file },
    );
  } catch (e) {
    throw locate(file, header, names, (e as Error).message);
  }
  for (const c of names.slice(header.length)) await db.run(`ALTER TABLE stage_raw ADD COLUMN ${c} VARCHAR`);
  if (await db.one(`SELECT 1 FROM stage_raw WHERE ${INVALID_SQL} LIMIT 1`)) throw locate(file, header, names);

  await db.run(`CREATE OR REPLACE TEMP TABLE stage_pu AS
    SELECT nullif(trim(r.crime_id), '') AS crime_id, (trim(r.month) || '-01')::DATE AS month,
      trim(r.reported_by) AS slice, r.falls_within, r.longitude::DOUBLE AS longitude, r.latitude::DOUBLE AS latitude,
      r.location, nullif(trim(r.lsoa_code), '') AS lsoa_code, nullif(trim(r.lsoa_name), '') AS lsoa_name,
      trim(r.crime_type) AS crime_type, '|' || lower(regexp_replace(trim(r.crime_type), '\\s+', ' ', 'g')) AS label_key,
      r.outcome, r.context,
      CASE
        -- "No Location" rows: no LSOA at all; kept and counted, never dropped
        WHEN nullif(trim(r.lsoa_code), '') IS NULL AND nullif(trim(r.lsoa_name), '') IS NULL THEN 'NO-LOCATION'
        -- the borough is where it happened: the LSOA name starts with the borough ("Camden 027B"), else look up the code
        ELSE coalesce(a.code, l.area_code,
          -- a real LSOA in a local authority outside London (the Met polices a few border streets)
          CASE WHEN regexp_matches(r.lsoa_code, '^[EW]01\\d{6}$') THEN 'OUTSIDE-LONDON' END)
      END AS area_code,
      regexp_extract(trim(r.lsoa_name), '^(.*\\S)\\s+\\d{3}[A-Z]$', 1) AS lsoa_prefix
    FROM stage_raw r
    LEFT JOIN area_aliases a ON a.alias = lower(regexp_extract(trim(r.lsoa_name), '^(.*\\S)\\s+\\d{3}[A-Z]$', 1))
    LEFT JOIN lsoas l ON l.lsoa_code = trim(r.lsoa_code)`);

  const unknown = await db.all<{ name: string }>(
    `SELECT DISTINCT coalesce(nullif(lsoa_prefix, ''), lsoa_name, lsoa_code) AS name FROM stage_pu WHERE area_code IS NULL ORDER BY 1`,
  );
  if (unknown.length) {
    if (!ctx.allowUnknownAreas) {
      const first = unknown[0]!.name;
      const line = findLine(file, names, (r) =>
        [r.lsoa_name, r.lsoa_code].some((v) => (v ?? '').trim().startsWith(first)),
      );
      throw new LoadError(
        file,
        line,
        `unknown area "${first}" in LSOA name/code (expected an LSOA of a London borough, e.g. "Barnet 001A"); pass --allow-unknown-areas to keep it`,
      );
    }
    for (const { name } of unknown) {
      const code = await ctx.areas.addUnknown(name);
      await db.run(
        `UPDATE stage_pu SET area_code = $code WHERE area_code IS NULL AND coalesce(nullif(lsoa_prefix, ''), lsoa_name, lsoa_code) = $name`,
        { code, name },
      );
    }
  }

  const result = emptyResult(file, 'policeuk', 'policeuk');
  const stats = await db.one<{ rows: number; no_location: number; outside: number; months: string[]; areas: string[] }>(
    `SELECT count(*)::INTEGER AS rows,
            count(*) FILTER (WHERE area_code = 'NO-LOCATION')::INTEGER AS no_location,
            count(*) FILTER (WHERE area_code = 'OUTSIDE-LONDON')::INTEGER AS outside,
            coalesce(list(DISTINCT strftime(month, '%Y-%m') ORDER BY strftime(month, '%Y-%m')), []) AS months,
            coalesce(list(DISTINCT area_code ORDER BY area_code), []) AS areas
     FROM stage_pu`,
  );
  Object.assign(result, {
    rows: stats!.rows,
    noLocation: stats!.no_location,
    outsideLondon: stats!.outside,
    months: stats!.months,
    areas: stats!.areas,
  });
  ctx.onRows?.(result.rows);
  const types = await db.all<{ crime_type: string }>(`SELECT DISTINCT crime_type FROM stage_pu ORDER BY 1`);
  // a force's monthly file normally holds every crime type; a cut makes the others look like zeros
  if (result.rows >= 500 && types.length <= 3)
    result.warnings.push(
      `holds only ${types.map((t) => t.crime_type).join(', ')} rows: a complete data.police.uk file holds every crime type and ASB, ` +
        'so other categories will show as zero for this force and month; load the complete file if this is a cut',
    );
  result.unmapped = await db.all(
    `SELECT crime_type AS label, count(*)::INTEGER AS rows FROM stage_pu
     WHERE label_key NOT IN (SELECT label_key FROM category_map) GROUP BY ALL ORDER BY label`,
  );
  Object.assign(
    result,
    await replaceSlices(ctx, {
      source: 'policeuk',
      file,
      stage: 'stage_pu',
      target: 'policeuk_incidents',
      targetSlice: 'reported_by',
      select: `crime_id, month, slice, falls_within, longitude, latitude, location, lsoa_code, lsoa_name,
               crime_type, label_key, outcome, context, area_code, ${ctx.loadId}`,
    }),
  );
  await db.run('DROP TABLE stage_raw');
  return result;
}

/** Re-reads the file to name the line of the first malformed row (only on the error path). */
function locate(file: string, header: string[], names: string[], duckdbMessage?: string): LoadError {
  let problem: { line: number; reason: string } | undefined;
  findLine(file, names, (row, fields, line) => {
    if (fields.length !== header.length) {
      problem = { line, reason: `expected ${header.length} fields as in the header, found ${fields.length}` };
      return true;
    }
    const reason = rowProblem(row);
    if (reason) problem = { line, reason };
    return reason !== undefined;
  });
  if (problem) return new LoadError(file, problem.line, problem.reason);
  return new LoadError(file, undefined, `cannot read as a data.police.uk CSV: ${duckdbMessage?.split('\n')[0] ?? 'malformed'}`);
}

function findLine(
  file: string,
  names: string[],
  test: (row: Record<string, string | undefined>, fields: string[], line: number) => boolean,
): number | undefined {
  let found: number | undefined;
  try {
    eachRow(readText(file), (fields, line) => {
      if (line === 1 || found !== undefined) return;
      const row = Object.fromEntries(names.map((n, i) => [n, fields[i]]));
      if (test(row, fields, line)) found = line;
    });
  } catch (e) {
    if (e instanceof LoadError) throw e;
  }
  return found;
}
