import { basename } from 'node:path';
import { LoadError } from '../errors.ts';
import { eachRow, readHeader, readText } from '../text.ts';
import { emptyResult, LongLinesRetry, type FileResult, type Format, type LoadContext } from './types.ts';

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

/**
 * The longest row a load reads once a row over DuckDB's default limit (2 MB) made it retry: 32 MB. DuckDB's reader
 * holds 16 rows' worth of buffer per thread, so 128 MB rows needed 2 GiB blocks, more than a load's memory limit
 * allows (data/db.ts, memoryLimit); a longer row is refused, naming its file.
 */
const LONG_LINE_BYTES = 32 * 1024 * 1024;

/** data.police.uk street-level CSV (crime and ASB rows), one file per force per month. */
export const policeuk: Format = {
  id: 'policeuk',
  detect: (header) => REQUIRED.every((c) => header.some((h) => h.toLowerCase() === c)),
  load: async (ctx, file, header) => (await loadPoliceUk(ctx, [{ file, header }]))[0]!,
  loadAll: loadPoliceUk,
  // written by data.police.uk as UTF-8: checked on its first 64 KB, the rest by DuckDB's reader (Format.utf8Source)
  utf8Source: true,
};

/** Why a data row is malformed, or undefined when it is fine. INVALID_SQL below mirrors it. */
export function rowProblem(row: Record<string, string | undefined>): string | undefined {
  const month = (row.month ?? '').trim();
  if (!MONTH.test(month)) return `expected Month as YYYY-MM, found "${month}"`;
  if (month > new Date().toISOString().slice(0, 7)) return `Month ${month} is in the future`;
  if (!(row.reported_by ?? '').trim()) return 'expected the force in "Reported by", found an empty field';
  if (!(row.crime_type ?? '').trim()) return 'expected a "Crime type", found an empty field';
  for (const c of ['longitude', 'latitude'] as const) {
    const v = (row[c] ?? '').trim();
    if (v && !Number.isFinite(Number(v))) return `expected ${c} as a number or empty, found "${v}"`;
  }
  return undefined;
}

/**
 * `trim(x)` only when x may need it (it starts or ends with a space, or it has non-ASCII characters, among which
 * are the other spaces trim() removes, such as U+00A0): the same value, but most fields need none and an
 * unconditional trim copies every string (a fifth of a 10M-row load, BENCHMARKS.md B1).
 */
const trimmed = (x: string) =>
  x === 'NULL'
    ? x
    : `(CASE WHEN starts_with(${x}, ' ') OR ends_with(${x}, ' ') OR strlen(${x}) <> length(${x}) THEN trim(${x}) ELSE ${x} END)`;

// Row checks in two halves, so the insert stays close to DuckDB's own read speed (BENCHMARKS.md, B1): in the
// insert, what needs the raw text (the Month's length, a non-numeric coordinate); afterwards, one scan of the
// loaded rows' typed columns (a Month that is not a date or is in the future, an empty force or crime type).
// Either way the load stops, and locate() re-reads the files to name the file, line and reason (rowProblem).
const invalidSql = (t: (c: string) => string) => `
  length(coalesce(${t('month')}, '')) <> 7
  OR (coalesce(${t('longitude')}, '') <> '' AND try_cast(${t('longitude')} AS DOUBLE) IS NULL)
  OR (coalesce(${t('latitude')}, '') <> '' AND try_cast(${t('latitude')} AS DOUBLE) IS NULL)`;
const INVALID_LOADED_SQL = `
  month IS NULL OR month > date_trunc('month', current_date)
  OR coalesce(reported_by, '') = '' OR coalesce(crime_type, '') = ''`;
const MALFORMED = 'saferboard: malformed police.uk row';
const LONG_LINE = /Maximum line size of \d+ bytes exceeded/;

/** A SQL string literal of a value we hold (a reference alias, a local file path), never of request input. */
const sqlString = (v: string) => `'${v.replaceAll("'", "''")}'`;

/** "Camden 027B" -> "camden": the LSOA name less its " 027B" suffix. */
const lsoaPrefix = (name: string) => `lower(CASE WHEN length(${name}) > 5 THEN left(${name}, length(${name}) - 5) END)`;

/**
 * The area aliases as a SQL MAP constant ('camden' -> 'E09000007'). Looked up inside coalesce(), only for the rows
 * whose LSOA code the reference does not know: a join on every row cost a seventh of a 10M-row load.
 */
async function aliasMap(db: LoadContext['db']): Promise<string> {
  const rows = await db.all<{ alias: string; code: string }>(`SELECT alias, code FROM area_aliases ORDER BY alias`);
  return rows.length ? `MAP {${rows.map((r) => `${sqlString(r.alias)}: ${sqlString(r.code)}`).join(', ')}}` : `MAP {'': ''}`;
}

/**
 * `paths` in the order the insert reads them: by the force's part of the file name, then the month (data.police.uk
 * names a street file `YYYY-MM-force-street.csv`, in a folder per month), so an archive of many forces and months is
 * stored (roughly: DuckDB's join does not keep every row's place) in row groups of one force. Where an area's forces
 * hold under half of the rows, its repeat and hotspots questions read only the range of them (api/lookups.ts,
 * forceRange), and DuckDB skips the row groups of the forces outside it by their min and max force. Read month by
 * month, each row group held several forces' rows of one month, and at 100M national rows a borough's repeat question
 * read every force's rows of its window (BENCHMARKS.md, issue 21). Only the storage order changes: which file a row
 * came from, and which file of a load is "later" (the order of the load), are as before. Other names sort by their
 * file name.
 * @example byForce(['2024-02/2024-02-kent-street.csv', '2024-01/2024-01-surrey-street.csv', '2024-01/2024-01-kent-street.csv'])
 *   // ['2024-01/2024-01-kent-street.csv', '2024-02/2024-02-kent-street.csv', '2024-01/2024-01-surrey-street.csv']
 */
export function byForce(paths: string[]): string[] {
  const key = (p: string) => {
    const name = basename(p);
    const m = /^(\d{4}-\d{2})-(.+)$/.exec(name);
    return m ? `${m[2]}\u0000${m[1]}\u0000${p}` : `${name}\u0000\u0000${p}`;
  };
  return paths.map((p) => [key(p), p] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
}

/**
 * Loads police.uk files with one DuckDB scan per header layout (all the files of an archive at once), straight
 * into policeuk_incidents; then replaces the older rows of the (force, month) slices the files cover.
 */
async function loadPoliceUk(ctx: LoadContext, files: { file: string; header: string[] }[]): Promise<FileResult[]> {
  const { db, loadId } = ctx;
  const groups = new Map<string, { header: string[]; names: string[]; files: string[] }>();
  for (const { file, header } of files) {
    for (const c of REQUIRED)
      if (!header.some((h) => h.toLowerCase() === c)) throw new LoadError(file, 1, `missing column "${c}"`);
    const names = header.map((h, i) => COLUMNS[h.toLowerCase()] ?? `extra_${i}`);
    const key = names.join(',');
    if (!groups.has(key)) groups.set(key, { header, names, files: [] });
    groups.get(key)!.files.push(file);
  }
  const aliases = await aliasMap(db);
  for (const { header, names, files: paths } of groups.values()) {
    // names come from COLUMNS or extra_N, never from the file; no sniffing: a ragged row must fail, not vanish
    const declared = names.map((n) => `'${n}': 'VARCHAR'`).join(', ');
    const column = (c: string) => (names.includes(c) ? `r.${c}` : 'NULL');
    const t = (c: string) => trimmed(column(c));
    // the paths are files on this machine (never request input), quoted as SQL strings; read force by force
    const list = byForce(paths).map(sqlString).join(', ');
    try {
      // the hash table on the LSOAs (35,672 rows), never on the files' rows: once the reference tables are committed
      // (any load into an existing database, or one made from the reference template) DuckDB's estimates had it build
      // on the rows, and the insert took twice as long (1M rows: 8.0 s against 3.9; BENCHMARKS.md, issue 21)
      await db.run(`SET disabled_optimizers = 'build_side_probe_side'`);
      await db.run(
        `INSERT INTO policeuk_incidents (crime_id, month, reported_by, falls_within, longitude, latitude, location,
           lsoa_code, lsoa_name, crime_type, label_key, outcome, context, area_code, load_id, file)
         SELECT
           -- a malformed row stops the load; the error path below finds its file and line
           CASE WHEN ${invalidSql(t)} THEN error('${MALFORMED}') ELSE nullif(${t('crime_id')}, '') END,
           try_cast(${t('month')} || '-01' AS DATE), ${t('reported_by')}, ${column('falls_within')},
           try_cast(${t('longitude')} AS DOUBLE), try_cast(${t('latitude')} AS DOUBLE), ${column('location')},
           nullif(${t('lsoa_code')}, ''), nullif(${t('lsoa_name')}, ''), ${t('crime_type')}, '|' || lower(${t('crime_type')}),
           ${column('outcome')}, ${column('context')},
           CASE
             -- "No Location" rows: no LSOA at all; kept and counted, never dropped
             WHEN nullif(${t('lsoa_code')}, '') IS NULL AND nullif(${t('lsoa_name')}, '') IS NULL THEN 'NO-LOCATION'
             -- the borough is where it happened: the LSOA's local authority (by code), else the LSOA name's prefix
             -- (2011 codes changed in 2021); coalesce() evaluates each argument only for the rows still NULL
             ELSE coalesce(l.area_code, map_extract_value(${aliases}, ${lsoaPrefix(t('lsoa_name'))}),
               -- a real LSOA in a local authority outside London (the Met polices a few border streets)
               CASE WHEN regexp_full_match(${t('lsoa_code')}, '[EW]01\\d{6}') THEN 'OUTSIDE-LONDON' END, 'UNRESOLVED')
           END,
           ${loadId}, r.filename
         FROM read_csv([${list}], header = true, auto_detect = false, columns = {${declared}}, filename = true,
           delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false${ctx.longLines ? `, max_line_size = ${LONG_LINE_BYTES}` : ''}) r
         LEFT JOIN lsoas l ON l.lsoa_code = ${t('lsoa_code')}`,
      );
      const bad = await db.one<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM policeuk_incidents WHERE load_id = ${loadId} AND (${INVALID_LOADED_SQL})`,
      );
      if (bad && bad.n > 0) throw new Error(MALFORMED);
    } catch (e) {
      // DuckDB's default limit (2 MB) reads a third faster than a large one; a longer row retries the load with it
      if (!ctx.longLines && LONG_LINE.test((e as Error).message)) throw new LongLinesRetry();
      throw locateIn(paths, header, names, (e as Error).message);
    } finally {
      // after a failed insert the transaction is aborted and refuses statements: the load rolls back and closes this
      // connection, setting and all, and the error above is the one to report
      await db.run('RESET disabled_optimizers').catch(() => undefined);
    }
  }
  await resolveUnknownAreas(ctx);
  // the rows this load brought, in one pass, by everything the slices and the summary read of them (a few rows per
  // file and area): replacePoliceUkSlices and perFile read these cells, not the rows (each of their groupings was a
  // pass over every new row: at 10M rows ~0.3 s each; BENCHMARKS.md, issue 21)
  await ctx.db.run(`CREATE OR REPLACE TEMP TABLE loaded_cells AS
    SELECT file, reported_by, month, area_code, crime_type, label_key, count(*) AS n
    FROM policeuk_incidents WHERE load_id = ${ctx.loadId} GROUP BY ALL`);
  const replaced = await replacePoliceUkSlices(ctx, files.map((f) => f.file));
  return perFile(ctx, files.map((f) => f.file), replaced);
}

/** Rows whose LSOA is neither London's nor an LSOA code: an error naming it, or (allowed) non-borough areas. */
async function resolveUnknownAreas(ctx: LoadContext) {
  const unknown = await ctx.db.all<{ name: string; file: string }>(
    `SELECT coalesce(nullif(regexp_extract(trim(lsoa_name), '^(.*\\S)\\s+\\d{3}[A-Z]$', 1), ''), lsoa_name, lsoa_code) AS name, min(file) AS file
     FROM policeuk_incidents WHERE load_id = ${ctx.loadId} AND area_code = 'UNRESOLVED' GROUP BY 1 ORDER BY 1`,
  );
  if (unknown.length === 0) return;
  if (!ctx.allowUnknownAreas) {
    const { name: first, file } = unknown[0]!;
    const line = findLine(file, headerNames(file), (r) => [r.lsoa_name, r.lsoa_code].some((v) => (v ?? '').trim().startsWith(first)));
    throw new LoadError(
      file,
      line,
      `unknown area "${first}" in LSOA name/code (expected an LSOA of a London borough, e.g. "Barnet 001A"); pass --allow-unknown-areas to keep it`,
    );
  }
  for (const { name } of unknown) {
    const code = await ctx.areas.addUnknown(name);
    await ctx.db.run(
      `UPDATE policeuk_incidents SET area_code = $code WHERE load_id = ${ctx.loadId} AND area_code = 'UNRESOLVED'
         AND coalesce(nullif(regexp_extract(trim(lsoa_name), '^(.*\\S)\\s+\\d{3}[A-Z]$', 1), ''), lsoa_name, lsoa_code) = $name`,
      { code, name },
    );
  }
}

/**
 * The (force, month) slices this load brought replace the same slices loaded before (and, within this load, a
 * later file replaces an earlier one). Returns the rows and slices each file replaced.
 */
async function replacePoliceUkSlices(ctx: LoadContext, order: string[]) {
  const { db, loadId } = ctx;
  // two files of this load for one (force, month): the later file's rows are kept (its name sorts last), the earlier
  // one's dropped, from the rows and then from the load's cells (loaded_cells: what the slices and the summary read)
  const doubled = `SELECT reported_by, month, max(file) AS keep FROM loaded_cells GROUP BY ALL HAVING count(DISTINCT file) > 1`;
  if (await db.one(`SELECT 1 FROM (${doubled}) LIMIT 1`)) {
    await db.run(
      `DELETE FROM policeuk_incidents p USING (${doubled}) d
       WHERE p.load_id = ${loadId} AND p.reported_by = d.reported_by AND p.month = d.month AND p.file <> d.keep`,
    );
    await db.run(
      `DELETE FROM loaded_cells c USING (${doubled}) d
       WHERE c.reported_by = d.reported_by AND c.month = d.month AND c.file <> d.keep`,
    );
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE new_slices AS
    SELECT reported_by AS slice, month, any_value(file) AS file, sum(n)::BIGINT AS rows, list_sort(list(DISTINCT label_key)) AS labels
    FROM loaded_cells GROUP BY ALL`);
  const slices = await db.all<{ file: string; n: number }>(
    `SELECT n.file, count(*)::INTEGER AS n FROM slices s JOIN new_slices n
       ON s.source = 'policeuk' AND s.slice = n.slice AND s.month = n.month GROUP BY n.file`,
  );
  const rows: { file: string; n: number }[] = [];
  // only when the small slices table shows an overlap: counting and deleting scan the whole table
  if (slices.length) {
    rows.push(
      ...(await db.all<{ file: string; n: number }>(
        `SELECT n.file, count(*)::INTEGER AS n FROM policeuk_incidents p JOIN new_slices n
           ON p.reported_by = n.slice AND p.month = n.month WHERE p.load_id <> ${loadId} GROUP BY n.file`,
      )),
    );
    await db.run(
      `DELETE FROM policeuk_incidents p USING new_slices n
       WHERE p.reported_by = n.slice AND p.month = n.month AND p.load_id <> ${loadId}`,
    );
  }
  await refuseAnotherForcesCrimes(ctx, order);
  await db.run(
    `INSERT OR REPLACE INTO slices (source, slice, month, file, load_id, rows, labels)
     SELECT 'policeuk', slice, month, file, ${loadId}, rows, labels FROM new_slices`,
  );
  return {
    rows: new Map(rows.map((r) => [r.file, r.n])),
    slices: new Map(slices.map((r) => [r.file, r.n])),
    added: new Map(
      (await db.all<{ file: string; n: number }>(`SELECT file, count(*)::INTEGER AS n FROM new_slices GROUP BY file`)).map((r) => [r.file, r.n]),
    ),
  };
}

/**
 * A street file whose crimes (by Crime ID) are already loaded from another force's file — loaded before, or
 * another file of this load — is refused, naming both files: its crimes would be counted twice (a copy of one
 * force's file relabelled as another's). Run after the slices this load replaces are gone, so a newer file of the
 * same force and month still replaces its slice. Crime IDs repeated within one force's own files (rows at
 * different locations) and rows with no Crime ID (ASB, British Transport Police) are kept as the files give them.
 * Within one load, the later file (in `order`, the order of the load) is the one refused.
 */
async function refuseAnotherForcesCrimes(ctx: LoadContext, order: string[]) {
  const { db, loadId } = ctx;
  // only when more than one force is loaded (the small slices table says so): the check joins every Crime ID
  const forces = await db.one<{ n: number; hashes: number }>(
    `SELECT count(DISTINCT slice)::INTEGER AS n, count(DISTINCT hash(slice))::INTEGER AS hashes FROM (
       SELECT slice FROM slices WHERE source = 'policeuk' UNION ALL SELECT slice FROM new_slices)`,
  );
  if (!forces || forces.n < 2) return;
  // Whether any Crime ID of this load is also another force's, without hashing every row: the rows of every force but
  // the one with most rows (few, when one force dominates, as the Met does in London) are set aside, then compared
  // among themselves and with that force's rows. Exact: every pair of rows of two forces has one row in the set. The
  // self-join below, which names the files, runs only when there is a clash (at 10M rows it took 7.8 s).
  // The set is kept compact (issue 21: 90% of 100M national rows; grouping their 64-character Crime IDs took 197 s and
  // 20 GiB): one row per hash of a Crime ID, whether two forces (by the hash of their names) hold it, and whether one
  // of its rows is new. A hash shared by two Crime IDs can only make a clash look possible; the self-join, on the
  // Crime IDs themselves, then finds none. Two forces' names of one hash (never seen) would hide a clash: then the
  // self-join runs.
  if (forces.hashes === forces.n) {
    const largest = await db.one<{ force: string }>(
      `SELECT slice AS force FROM (
         SELECT slice, rows FROM slices WHERE source = 'policeuk' AND (slice, month) NOT IN (SELECT slice, month FROM new_slices)
         UNION ALL SELECT slice, rows FROM new_slices)
       GROUP BY slice ORDER BY sum(rows) DESC, slice LIMIT 1`,
    );
    await db.run(
      `CREATE OR REPLACE TEMP TABLE clash_others AS
       SELECT hash(crime_id) AS h, min(hash(reported_by)) <> max(hash(reported_by)) AS shared, bool_or(load_id = ${loadId}) AS new
       FROM policeuk_incidents WHERE crime_id IS NOT NULL AND reported_by <> $big GROUP BY h`,
      { big: largest!.force },
    );
    const shared = await db.one<{ n: number }>(
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM clash_others WHERE shared AND new LIMIT 1))
            + (SELECT count(*) FROM (SELECT 1 FROM policeuk_incidents b JOIN clash_others t ON t.h = hash(b.crime_id)
               WHERE b.crime_id IS NOT NULL AND b.reported_by = $big AND (b.load_id = ${loadId} OR t.new) LIMIT 1))::INTEGER AS n`,
      { big: largest!.force },
    );
    await db.run(`DROP TABLE clash_others`);
    if (!shared || Number(shared.n) === 0) return;
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE load_order (file VARCHAR, i INTEGER)`);
  for (const [i, file] of order.entries()) await db.run(`INSERT INTO load_order VALUES ($file, $i)`, { file, i });
  const clash = await db.one<{ file: string; force: string; other: string; other_force: string; ids: number; example: string }>(
    `SELECT n.file, n.reported_by AS force,
            coalesce(o.file, any_value(s.file), 'a file loaded before') AS other, o.reported_by AS other_force,
            count(DISTINCT n.crime_id)::INTEGER AS ids, min(n.crime_id) AS example
     FROM policeuk_incidents n
     JOIN policeuk_incidents o ON o.crime_id = n.crime_id AND o.reported_by <> n.reported_by
     LEFT JOIN slices s ON s.source = 'policeuk' AND s.slice = o.reported_by AND s.month = o.month AND o.load_id <> ${loadId}
     LEFT JOIN load_order nf ON nf.file = n.file
     LEFT JOIN load_order ofile ON ofile.file = o.file AND o.load_id = ${loadId}
     -- within this load, each pair of files once: the later one is refused
     WHERE n.load_id = ${loadId} AND n.crime_id IS NOT NULL AND (o.load_id IS DISTINCT FROM ${loadId} OR ofile.i < nf.i)
     GROUP BY n.file, n.reported_by, o.file, o.reported_by
     ORDER BY ids DESC, n.file, other LIMIT 1`,
  );
  if (!clash) return;
  const of = await db.one<{ n: number }>(
    `SELECT count(DISTINCT crime_id)::INTEGER AS n FROM policeuk_incidents WHERE load_id = ${loadId} AND file = $file`,
    { file: clash.file },
  );
  throw new LoadError(
    clash.file,
    undefined,
    `${clash.ids} of its ${of?.n ?? clash.ids} Crime IDs (e.g. ${clash.example}) are already loaded from ${clash.other}, ` +
      `a file of another force ("${clash.other_force}"; this file says "${clash.force}"): its crimes would be counted twice. ` +
      "A force's street file holds only its own crimes: if this file was relabelled or mixed up with another force's, load the right one",
  );
}

/** The load summary of each file, from the rows it brought. */
async function perFile(
  ctx: LoadContext,
  files: string[],
  replaced: Awaited<ReturnType<typeof replacePoliceUkSlices>>,
): Promise<FileResult[]> {
  const { db } = ctx;
  // the rows this load kept, as loadPoliceUk grouped them (loaded_cells, less the slices another file replaced)
  const stats = await db.all<{ file: string; rows: number; no_location: number; outside: number; months: string[]; areas: string[]; types: string[] }>(
    `SELECT file, sum(n)::INTEGER AS rows,
            coalesce(sum(n) FILTER (WHERE area_code = 'NO-LOCATION'), 0)::INTEGER AS no_location,
            -- a London force's rows in LSOAs outside London (policeuk_counted's Outside London)
            coalesce(sum(n) FILTER (WHERE area_code = 'OUTSIDE-LONDON' OR (a.level IS NOT NULL AND a.region IS DISTINCT FROM 'London'
              AND reported_by IN (SELECT force FROM areas WHERE region = 'London' AND level = 'la'))), 0)::INTEGER AS outside,
            list(DISTINCT strftime(month, '%Y-%m') ORDER BY strftime(month, '%Y-%m')) AS months,
            list(DISTINCT area_code ORDER BY area_code) AS areas,
            list(DISTINCT crime_type ORDER BY crime_type) AS types
     FROM loaded_cells p LEFT JOIN areas a ON a.code = p.area_code GROUP BY file`,
  );
  // rows in an LSOA of another force's area than the one reporting it (a force with a force area of its own)
  const outsideForce = await db.all<{ file: string; force: string; area: string; rows: number }>(
    `SELECT p.file, p.reported_by AS force, a.name AS area, sum(p.n)::INTEGER AS rows
     FROM loaded_cells p JOIN areas a ON a.code = p.area_code AND a.level IS NOT NULL
     WHERE a.force IS DISTINCT FROM p.reported_by AND p.reported_by IN (SELECT force FROM areas WHERE level = 'pfa')
     GROUP BY ALL ORDER BY p.file, rows DESC, area`,
  );
  const thin = await incompleteMonths(ctx);
  const unmapped = await db.all<{ file: string; label: string; rows: number }>(
    `SELECT file, crime_type AS label, sum(n)::INTEGER AS rows FROM loaded_cells
     WHERE label_key NOT IN (SELECT label_key FROM category_map) GROUP BY ALL ORDER BY label`,
  );
  await db.run(`DROP TABLE loaded_cells`);
  const byFile = new Map(stats.map((s) => [s.file, s]));
  return files.map((file) => {
    const result = emptyResult(file, 'policeuk', 'policeuk');
    result.kind = 'street';
    const s = byFile.get(file);
    if (s) {
      Object.assign(result, { rows: s.rows, noLocation: s.no_location, outsideLondon: s.outside, months: s.months, areas: s.areas });
      const away = outsideForce.filter((o) => o.file === file);
      if (away.length) result.outsideForce = away.map(({ force, area, rows }) => ({ force, area, rows }));
      for (const t of thin.filter((t) => t.file === file && !(s.rows >= 500 && s.types.length <= 3))) result.warnings.push(t.text);
      // a force's monthly file normally holds every crime type; a cut makes the others look like zeros
      if (s.rows >= 500 && s.types.length <= 3)
        result.warnings.push(
          `holds only ${s.types.join(', ')} rows: a complete data.police.uk file holds every crime type and ASB, ` +
            'so other categories will show as zero for this force and month; load the complete file if this is a cut',
        );
    }
    result.unmapped = unmapped.filter((u) => u.file === file).map(({ label, rows }) => ({ label, rows }));
    result.replaced = replaced.rows.get(file) ?? 0;
    result.slicesReplaced = replaced.slices.get(file) ?? 0;
    result.slicesAdded = (replaced.added.get(file) ?? 0) - result.slicesReplaced;
    ctx.onRows?.(result.rows);
    return result;
  });
}

/**
 * A force's month that looks incomplete: fewer than 3 rows per 1,000 residents of its force area (complete months
 * of England and Wales's forces hold about 5 to 10), or under half its median over the other months loaded. Said in
 * the summary, never hidden: the rows are loaded and counted as the file gives them. Cuts (a file holding only a few
 * crime types) are said by their own warning. Reads the load's rows as perFile groups them (loaded_cells).
 */
async function incompleteMonths(ctx: LoadContext): Promise<{ file: string; text: string }[]> {
  const rows = await ctx.db.all<{ file: string; force: string; month: string; rows: number; per1000: number | null; median: number | null }>(
    `WITH mine AS (SELECT reported_by, month, any_value(file) AS file, sum(n)::BIGINT AS rows FROM loaded_cells GROUP BY ALL),
          pop AS (SELECT a.force, p.population FROM areas a JOIN population_near(2021) p ON p.area_code = a.code WHERE a.level = 'pfa'),
          others AS (SELECT s.slice, median(s.rows) AS median FROM slices s JOIN mine m ON m.reported_by = s.slice AND s.month <> m.month
                     WHERE s.source = 'policeuk' GROUP BY 1)
     SELECT m.file, m.reported_by AS force, strftime(m.month, '%Y-%m') AS month, m.rows::INTEGER AS rows,
            1000.0 * m.rows / p.population AS per1000, o.median::DOUBLE AS median
     FROM mine m LEFT JOIN pop p ON p.force = m.reported_by LEFT JOIN others o ON o.slice = m.reported_by
     WHERE m.rows < 3 * p.population / 1000 OR m.rows < o.median / 2`,
  );
  return rows.map((r) => ({
    file: r.file,
    text:
      `${r.force}, ${r.month}: ${r.rows.toLocaleString('en-GB')} rows looks incomplete` +
      (r.per1000 !== null && r.per1000 < 3 ? ` (${r.per1000.toFixed(1)} per 1,000 residents of its force area; complete months hold about 5 to 10)` : '') +
      (r.median !== null && r.rows < r.median / 2 ? ` (under half its median of ${Math.round(r.median).toLocaleString('en-GB')} rows in the other months loaded)` : '') +
      ': a gap in the source, not a fall in crime; loaded and counted as given',
  }));
}

const headerNames = (file: string) => readHeader(file).map((h, i) => COLUMNS[h.toLowerCase()] ?? `extra_${i}`);

/** The first malformed row among files read together: its file and line. */
function locateIn(files: string[], header: string[], names: string[], duckdbMessage: string): LoadError {
  for (const file of files) {
    const e = locate(file, header, names, duckdbMessage);
    if (e.line !== undefined) return e;
  }
  const named = files.find((f) => duckdbMessage.includes(f)) ?? files[0]!;
  return locate(named, header, names, duckdbMessage);
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
