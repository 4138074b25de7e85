/**
 * An experiment, not the loader: how fast could saferboard's police.uk load be if every file went through one
 * statement? Loads a folder into a fresh database (schema and reference as `saferboard load` makes them) with
 * one `INSERT … SELECT … FROM read_csv([all files])` doing the same normalisation and area resolution as
 * data/formats/policeuk.ts, validation folded in with `error()`, then monthly_counts; prints the time of each step.
 *   npx tsx bench/prototype-load.ts bench/data/1m/police-uk /tmp/proto.duckdb [variant]
 * variant: `same-sql` (the loader's expressions, staged through a temp table) or `lean` (streamed straight from
 * read_csv into the table, area by LSOA code first, borough prefix and label key by string functions, not regexes).
 */
import { rmSync } from 'node:fs';
import { Database } from '../data/db.ts';
import { expandInputs } from '../data/files.ts';
import { refreshReference } from '../data/reference.ts';

const [dir, path, variant = 'lean'] = process.argv.slice(2) as [string, string, string?];
for (const f of [path, `${path}.wal`]) rmSync(f, { force: true });
const files = expandInputs([dir]);
const names = ['crime_id', 'month', 'reported_by', 'falls_within', 'longitude', 'latitude', 'location', 'lsoa_code', 'lsoa_name', 'crime_type', 'outcome', 'context'];
const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
const csv = `read_csv([${list}], header = true, names = [${names.map((n) => `'${n}'`).join(', ')}], all_varchar = true,
  delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false)`;
const invalid = `length(trim(coalesce(r.month, ''))) <> 7 OR TRY_CAST(trim(r.month) || '-01' AS DATE) IS NULL
  OR trim(coalesce(r.reported_by, '')) = '' OR trim(coalesce(r.crime_type, '')) = ''
  OR (trim(coalesce(r.longitude, '')) <> '' AND TRY_CAST(trim(r.longitude) AS DOUBLE) IS NULL)
  OR (trim(coalesce(r.latitude, '')) <> '' AND TRY_CAST(trim(r.latitude) AS DOUBLE) IS NULL)`;
const prefix = `regexp_extract(trim(r.lsoa_name), '^(.*\\S)\\s+\\d{3}[A-Z]$', 1)`;
const lean = variant !== 'same-sql';
const area = lean
  ? `coalesce(l.area_code, a.code, CASE WHEN regexp_matches(r.lsoa_code, '^[EW]01\\d{6}$') THEN 'OUTSIDE-LONDON' END)`
  : `coalesce(a.code, l.area_code, CASE WHEN regexp_matches(r.lsoa_code, '^[EW]01\\d{6}$') THEN 'OUTSIDE-LONDON' END)`;
// lean: the borough prefix by string functions ("Barnet 001A" -> "barnet"), no regex per row
const aliasJoin = lean
  ? `LEFT JOIN area_aliases a ON a.alias = lower(rtrim(left(trim(r.lsoa_name), length(trim(r.lsoa_name)) - 4)))`
  : `LEFT JOIN area_aliases a ON a.alias = lower(${prefix})`;
// lean: collapse whitespace only in the rare label that has a double space or a tab
const labelKey = lean
  ? `'|' || lower(CASE WHEN contains(r.crime_type, '  ') OR contains(r.crime_type, chr(9)) THEN regexp_replace(trim(r.crime_type), '\\s+', ' ', 'g') ELSE trim(r.crime_type) END)`
  : `'|' || lower(regexp_replace(trim(r.crime_type), '\\s+', ' ', 'g'))`;
// lean: straight from the CSV reader into the table (DuckDB streams and writes row groups as it goes)
const source = lean ? `${csv} r` : 'raw r';

const db = await Database.open(path);
const step = async (label: string, sql: string) => {
  const t = performance.now();
  await db.run(sql);
  console.error(`${label}: ${((performance.now() - t) / 1000).toFixed(2)} s`);
};
// PROTOTYPE_ORDER=false: let DuckDB insert in parallel without keeping the files' row order
if (process.env.PROTOTYPE_ORDER === 'false') await db.run('SET preserve_insertion_order = false');
const started = performance.now();
await db.run('BEGIN TRANSACTION');
await refreshReference(db);
if (!lean) await step('read_csv into a temp table', `CREATE TEMP TABLE raw AS SELECT * FROM ${csv}`);
await step('normalise, validate, resolve areas, insert', `INSERT INTO policeuk_incidents
  SELECT nullif(trim(r.crime_id), ''), (trim(r.month) || '-01')::DATE, trim(r.reported_by), r.falls_within,
    r.longitude::DOUBLE, r.latitude::DOUBLE, r.location, nullif(trim(r.lsoa_code), ''), nullif(trim(r.lsoa_name), ''),
    trim(r.crime_type), ${labelKey}, r.outcome, r.context,
    CASE
      WHEN ${invalid} THEN error('malformed row')
      WHEN nullif(trim(r.lsoa_code), '') IS NULL AND nullif(trim(r.lsoa_name), '') IS NULL THEN 'NO-LOCATION'
      ELSE ${area}
    END, 1
  FROM ${source}
  ${aliasJoin}
  LEFT JOIN lsoas l ON l.lsoa_code = trim(r.lsoa_code)`);
await step('slices', `INSERT OR REPLACE INTO slices SELECT 'policeuk', reported_by, month, NULL, 1, count(*) FROM policeuk_incidents GROUP BY ALL`);
await step('monthly_counts', `INSERT INTO monthly_counts SELECT 'policeuk', p.area_code, coalesce(c.category_id, 'unmapped'), p.month, count(*)
  FROM policeuk_incidents p LEFT JOIN category_map c USING (label_key) GROUP BY ALL`);
await step('COMMIT', 'COMMIT');
await step('CHECKPOINT', 'CHECKPOINT');
const n = await db.one<{ n: number; unknown: number }>(`SELECT count(*)::DOUBLE AS n, count(*) FILTER (WHERE area_code IS NULL)::DOUBLE AS unknown FROM policeuk_incidents`);
db.close();
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ variant, seconds, rows: n!.n, unknownAreas: n!.unknown, maxRssKb: process.resourceUsage().maxRSS }));
