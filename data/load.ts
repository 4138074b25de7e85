import { constants, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { relative } from 'node:path';
import { AreaResolver } from './areas.ts';
import { Database } from './db.ts';
import { LoadError } from './errors.ts';
import { expandInputs } from './files.ts';
import { acquireLock } from './lock.ts';
import { detectFormat } from './formats/index.ts';
import { mpsdash, readMpsdashRows } from './formats/mpsdash.ts';
import { LongLinesRetry, type FileResult, type Format } from './formats/types.ts';
import { mapHeader, readMapping, type Mapping } from './mapping.ts';
import { writeIndicatorTables } from './outcomes.ts';
import { CLASSIFICATIONS, COVERAGE, derivedKey, derivedProblem, INCREMENTAL, MONTHLY_COUNTS, storedDerivedKey, WARDS } from './derived-key.ts';
import { refreshReferenceIfChanged, seedFromTemplate } from './template.ts';
import { prepareFile } from './sniff.ts';
import { readHeader } from './text.ts';
import { readZip } from './zip.ts';

export { derivedKey, derivedProblem, storedDerivedKey } from './derived-key.ts';

/**
 * Rebuilds everything derived from the loaded rows: the indicator filters of the active profile, monthly counts,
 * local indicator memberships (with each incident's previous one), category coverage and the classification each MPS
 * slice was published in (what series breaks are named from). `saferboard upgrade`, and a load into a database whose
 * derived tables were built for another key or other reference data, run it; a load otherwise runs `updateDerived`.
 */
export async function rebuildDerived(db: Database): Promise<void> {
  await writeIndicatorTables(db);
  await rebuildFromFilters(db, await referenceFingerprint(db));
}

/**
 * rebuildDerived once the indicator filters and outcome types are written, with their `reference` fingerprint (which
 * the rebuild does not change; updateDerived has worked it out already).
 */
async function rebuildFromFilters(db: Database, reference: string): Promise<void> {
  await emptyTouched(db);
  await db.run(`SET VARIABLE derive_all = true`);
  await db.run(MONTHLY_COUNTS);
  await db.run(COVERAGE);
  await db.run(CLASSIFICATIONS);
  await db.run(WARDS);
  await db.run(`INSERT OR REPLACE INTO meta VALUES ('derived_version', $v)`, { v: derivedKey() });
  await db.run(`INSERT OR REPLACE INTO meta VALUES ('derived_reference', $v)`, { v: reference });
}

/**
 * The derived tables' part of a load (load `loadId`): rebuilds them only where the load changed rows (the slices it
 * replaced or added, and what the loaders recorded in touched_row_months / touched_local_cells: see
 * data/incremental.sql), so loading a month into a large database costs about what loading it into an empty one
 * does. A database whose derived tables were built for another key, profile or reference data (crosswalk, areas,
 * outcome types) is rebuilt in full.
 */
export async function updateDerived(db: Database, loadId: number): Promise<'full' | 'incremental'> {
  await writeIndicatorTables(db);
  const stored = await db.one<{ key: string | null; ref: string | null }>(
    `SELECT (SELECT value FROM meta WHERE key = 'derived_version') AS key, (SELECT value FROM meta WHERE key = 'derived_reference') AS ref`,
  );
  const reference = await referenceFingerprint(db);
  if (stored?.key !== derivedKey() || stored?.ref !== reference) {
    await rebuildFromFilters(db, reference);
    return 'full';
  }
  await db.run(`CREATE TEMP TABLE IF NOT EXISTS touched_row_months (source VARCHAR, month DATE)`);
  await db.run(`CREATE TEMP TABLE IF NOT EXISTS touched_local_cells (area_code VARCHAR, month DATE)`);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE touched_cells AS
       SELECT 'mps' AS source, slice AS area_code, month FROM slices WHERE source = 'mps' AND load_id = $l
       UNION SELECT 'local', split_part(slice, '|', 1), month FROM slices WHERE source = 'local' AND load_id = $l
       UNION SELECT 'local', area_code, month FROM touched_local_cells`,
    { l: loadId },
  );
  await db.run(
    `CREATE OR REPLACE TEMP TABLE touched_months AS
       SELECT source, month FROM slices WHERE source IN ('policeuk', 'outcomes') AND load_id = $l
       UNION SELECT source, month FROM touched_row_months WHERE source = 'stopsearch'
       UNION SELECT 'stopsearch', month FROM stopsearch_searches WHERE load_id = $l
       UNION SELECT source, month FROM slices WHERE source = 'mpsdash' AND load_id = $l`,
    { l: loadId },
  );
  await db.run(`SET VARIABLE derive_all = false`);
  await db.run(INCREMENTAL);
  await db.run(COVERAGE);
  await db.run(CLASSIFICATIONS);
  await db.run(WARDS);
  return 'incremental';
}

/** Empty tables of touched keys, for a load to fill (data/slices.ts, data/formats/local.ts) and the SQL to read. */
async function emptyTouched(db: Database): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE touched_row_months (source VARCHAR, month DATE);
    CREATE OR REPLACE TEMP TABLE touched_local_cells (area_code VARCHAR, month DATE);
    CREATE OR REPLACE TEMP TABLE touched_cells (source VARCHAR, area_code VARCHAR, month DATE);
    CREATE OR REPLACE TEMP TABLE touched_months (source VARCHAR, month DATE);`);
}

/** What the derived tables read of the reference data (crosswalk, areas, outcome types, indicator filters), as a hash. */
async function referenceFingerprint(db: Database): Promise<string> {
  const row = await db.one<{ f: string }>(
    `SELECT concat_ws(':', ${['category_map', 'mpsdash_map', 'areas', 'lsoa_areas', 'area_within', 'outcome_types', 'indicator_filters']
      .map((t) => `(SELECT count(*)::VARCHAR || '/' || coalesce(sum(hash(t))::VARCHAR, '') FROM ${t} t)`)
      .join(', ')}) AS f`,
  );
  return row!.f;
}

export interface LoadOptions {
  db: string;
  format?: string;
  allowUnknownAreas?: boolean;
  /** extra options passed to formats (e.g. `mapping` for local extracts) */
  options?: Record<string, unknown>;
  /** called as each file starts and finishes */
  onProgress?: (event: { file: string; index: number; total: number; done: boolean }) => void;
  /** called once if another load holds the database and this one waits for it */
  onWait?: (pid: number) => void;
}

export interface LoadSummary {
  loadId: number;
  files: FileResult[];
  seconds: number;
  sources: { source: string; rows: number; first: string; last: string }[];
  /** police.uk outcomes rows in the database, and how many are for a crime in no loaded street file */
  outcomes: { rows: number; notLoaded: number };
  /** how the derived tables were brought up to date: only where the load changed rows, or rebuilt in full */
  derived: 'full' | 'incremental';
}

/**
 * Loads files into the database: all of them, or none and the database file is unchanged byte for byte.
 * The load works on a copy (`PATH.next`) and renames it over the database when everything has committed, so a
 * server reading the database keeps answering from the old version, and a killed load leaves it as it was.
 * One load at a time: a second waits for the first (`PATH.lock`).
 * @example await loadFiles(['data/sample'], { db: 'data/saferboard.duckdb' });
 */
export async function loadFiles(inputs: string[], options: LoadOptions): Promise<LoadSummary> {
  // a local extract's --mapping is read (and validated) before anything is opened; its renames apply to detection
  const mapping = typeof options.options?.mapping === 'string' ? readMapping(options.options.mapping) : undefined;
  const plan = await planFiles(inputs, options.format, mapping);
  try {
    const o = { ...options, options: { ...options.options, mapping } };
    return await onCopy(options.db, options.onWait, (next) =>
      // a row longer than the CSV reader's default limit: the load rolled back; again, reading rows of up to 32 MB
      loadInto(next, plan, o).catch((e) => (e instanceof LongLinesRetry ? loadInto(next, plan, o, { longLines: true }) : Promise.reject(e))),
    );
  } finally {
    for (const p of plan) p.cleanup();
  }
}

/**
 * Runs `work` on a copy of the database (`PATH.next`) under the load lock, and renames the copy over the database
 * when it succeeds; when it fails the copy is removed and the database is as it was.
 */
async function onCopy<T>(path: string, onWait: LoadOptions['onWait'], work: (next: string) => Promise<T>): Promise<T> {
  const release = await acquireLock(path, { onWait });
  const next = `${path}.next`;
  try {
    for (const f of [next, `${next}.wal`]) rmSync(f, { force: true });
    // a new database starts from the reference template when one is built (data/template.ts)
    // a clone where the file system can make one (Btrfs, XFS, APFS: no bytes copied, so a month loaded into a large
    // database pays nothing for the copy); elsewhere (ext4) a copy: at 10M rows ~0.3 s, written out to disk beside the
    // load (writeOut) rather than at its commit
    let written: Promise<void> = Promise.resolve();
    if (existsSync(path)) {
      copyFileSync(path, next, constants.COPYFILE_FICLONE);
      written = writeOut(next);
    } else seedFromTemplate(next);
    try {
      const result = await work(next);
      renameSync(next, path);
      return result;
    } finally {
      await written;
    }
  } catch (e) {
    for (const f of [next, `${next}.wal`]) rmSync(f, { force: true });
    throw e;
  } finally {
    release();
  }
}

/**
 * Has the system write a copied database out to disk now, while the load reads its files: the copy's bytes sit in
 * memory until written, and the load's commit, which syncs the file, waited for all of them (a month loaded into the
 * 10M-row database: its commit 540-730 ms, now 380-470). Only sooner: the bytes written are the same. An error here is
 * ignored; the commit's own sync meets it.
 */
async function writeOut(file: string): Promise<void> {
  try {
    const handle = await open(file, 'r');
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
  } catch {
    // the load's own commit syncs the file
  }
}

/**
 * `saferboard upgrade`: brings a database loaded by another version of saferboard, or for another profile's
 * indicator filters, up to date (the schema and macros of this saferboard, the derived tables rebuilt for the
 * active profile), atomically like a load. Returns what was out of date, or undefined when nothing was (and the
 * file was not touched).
 * @example await upgradeDatabase('data/saferboard.duckdb');
 */
export async function upgradeDatabase(path: string, { onWait }: { onWait?: (pid: number) => void } = {}): Promise<string | undefined> {
  if (!existsSync(path)) throw new Error(`no database at ${path}`);
  const current = await Database.open(path, { readOnly: true });
  const before = derivedProblem(await storedDerivedKey((sql) => current.all(sql)).finally(() => current.close()));
  if (!before) return undefined;
  return onCopy(path, onWait, async (next) => {
    const db = await Database.open(next); // a writable open applies this saferboard's schema and macros
    try {
      const problem = derivedProblem(await storedDerivedKey((sql) => db.all(sql)));
      if (problem) {
        await db.run('BEGIN TRANSACTION');
        await rebuildDerived(db);
        await db.markSchema();
        await db.run('COMMIT');
      }
      await db.run('CHECKPOINT');
      return problem ?? before;
    } catch (e) {
      await db.run('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      db.close();
    }
  });
}

interface PlannedFile {
  file: string;
  name: string;
  header: string[];
  format: Format;
  warnings: string[];
  cleanup: () => void;
}

/**
 * Whether a file's header (read as it is, before prepareFile) is that of a format its publisher writes as UTF-8
 * (Format.utf8Source), so that prepareFile checks only its start. Any doubt (a header no format knows, a file that is
 * not text) leaves the full check, and its errors, to prepareFile.
 */
function utf8Source(entry: { path: string; name: string }, format: string, mapping?: Mapping): boolean {
  try {
    return detectFormat(entry.name, mapHeader(readHeader(entry.path), mapping), format).utf8Source === true;
  } catch {
    return false;
  }
}

/** Every file to load with its detected format (a zip's CSV entries, decompressed privately); fails before anything is written. */
async function planFiles(inputs: string[], format = 'auto', mapping?: Mapping): Promise<PlannedFile[]> {
  const files = expandInputs(inputs);
  if (files.length === 0) throw new Error(`no .csv, .csv.gz, .zip or .xlsx files in ${inputs.join(' ')}`);
  const plan: PlannedFile[] = [];
  const fail = (e: unknown) => {
    for (const p of plan) p.cleanup();
    return e;
  };
  for (const file of files) {
    const name = displayName(file);
    if (/\.xlsx$/i.test(file)) {
      // Excel workbooks: only the MPS Monthly Crime Dashboard's (its sheet, read by exceljs); any other is refused
      try {
        const { sheet, rows } = await readMpsdashRows(file, name);
        const header = (rows.find((r) => r.line === 1)?.fields ?? []).map((h) => h.trim());
        const detected = format === 'auto' ? (mpsdash.detect(header) ? mpsdash : undefined) : detectFormat(name, header, format);
        if (detected !== mpsdash)
          throw new LoadError(
            name,
            1,
            `sheet "${sheet}": Excel workbooks are read only for the MPS Monthly Crime Dashboard (Month_Year, Area Type, Borough_SNT, …, Count, Refresh Date); ` +
              'save any other sheet as CSV (UTF-8) first',
          );
        plan.push({ file, name, header, format: mpsdash, warnings: [], cleanup: () => {} });
        continue;
      } catch (e) {
        throw fail(e);
      }
    }
    let entries: { path: string; name: string }[] = [{ path: file, name }];
    let zipCleanup = () => {};
    if (/\.zip$/i.test(file)) {
      try {
        const zip = await readZip(file, name);
        entries = zip.files;
        zipCleanup = zip.cleanup;
      } catch (e) {
        throw fail(e);
      }
    }
    for (const [i, entry] of entries.entries()) {
      let prepared: ReturnType<typeof prepareFile> | undefined;
      try {
        prepared = prepareFile(entry.path, entry.name, { headOnly: utf8Source(entry, format, mapping) });
        const header = readHeader(prepared.path);
        const detected = detectFormat(entry.name, mapHeader(header, mapping), format);
        if (format === 'auto') checkKindByName(entry.name, detected.id);
        const own = prepared.cleanup;
        // the zip's private directory goes with its last entry
        const cleanup = i === entries.length - 1 ? () => (own(), zipCleanup()) : own;
        plan.push({ ...prepared, cleanup, file: prepared.path, name: entry.name, header, format: detected });
      } catch (e) {
        prepared?.cleanup();
        zipCleanup(); // the last entry, which would carry it, is not planned yet
        throw fail(e);
      }
    }
  }
  return plan;
}

/** The kind a data.police.uk file name announces (`…-street.csv`, `…-outcomes.csv`, `…-stop-and-search.csv`). */
const NAMED_KIND: [RegExp, string, string][] = [
  [/-street\.csv(\.gz)?$/i, 'policeuk', 'street-level'],
  [/-outcomes\.csv(\.gz)?$/i, 'outcomes', 'outcomes'],
  [/-stop-and-search\.csv(\.gz)?$/i, 'stopsearch', 'stop-and-search'],
];

/** A file named as one kind of police.uk file whose header is another's is refused: it was renamed or mixed up. */
function checkKindByName(name: string, detected: string): void {
  const named = NAMED_KIND.find(([re]) => re.test(name));
  const police = NAMED_KIND.map(([, id]) => id);
  if (named && police.includes(detected) && named[1] !== detected)
    throw new LoadError(
      name,
      1,
      `the name says a data.police.uk ${named[2]} file, but the header is that of a ${NAMED_KIND.find(([, id]) => id === detected)![2]} file`,
    );
}

async function loadInto(path: string, plan: PlannedFile[], options: LoadOptions, { longLines = false } = {}): Promise<LoadSummary> {
  const started = performance.now();
  const db = await Database.open(path);
  try {
    await db.run('BEGIN TRANSACTION');
    await refreshReferenceIfChanged(db);
    const areas = await AreaResolver.create(db);
    const loadId = ((await db.one<{ id: number }>('SELECT coalesce(max(load_id), 0)::INTEGER AS id FROM loads'))!.id ?? 0) + 1;
    const ctx = { db, loadId, areas, allowUnknownAreas: options.allowUnknownAreas ?? false, options: options.options ?? {}, longLines };
    await emptyTouched(db);
    const results: FileResult[] = [];
    const done = new Set<PlannedFile>();
    for (const item of plan) {
      if (done.has(item)) continue;
      // a format that loads many files at once (police.uk archives) gets all of its files here
      const batch = item.format.loadAll ? plan.filter((p) => p.format === item.format) : [item];
      for (const b of batch) options.onProgress?.({ file: b.name, index: plan.indexOf(b), total: plan.length, done: false });
      let loaded: FileResult[];
      try {
        loaded = item.format.loadAll
          ? await item.format.loadAll(ctx, batch.map((b) => ({ file: b.file, header: b.header })))
          : [await item.format.load(ctx, item.file, item.header)];
      } catch (e) {
        throw batch.reduce((err, b) => rename(err, b.file, b.name), e);
      }
      batch.forEach((b, i) => {
        const result = loaded[i]!;
        if (result.rows === 0) result.warnings.push('no data rows: nothing loaded from this file');
        results.push({ ...result, file: b.name, warnings: [...b.warnings, ...result.warnings] });
        done.add(b);
        options.onProgress?.({ file: b.name, index: plan.indexOf(b), total: plan.length, done: true });
      });
    }
    const derived = await updateDerived(db, loadId);
    await countOutcomesNotLoaded(db, loadId, results, plan);
    const seconds = (performance.now() - started) / 1000;
    await db.run(
      `INSERT INTO loads VALUES ($id, to_timestamp($started)::TIMESTAMP, now()::TIMESTAMP, $files::JSON, $summary::JSON)`,
      {
        id: loadId,
        started: Date.now() / 1000 - seconds,
        files: JSON.stringify(plan.map((p) => p.name)),
        summary: JSON.stringify(results.map(({ warnings, unmapped, rows, replaced, file, format }) => ({ file, format, rows, replaced, unmapped, warnings }))),
      },
    );
    await db.run(`INSERT OR REPLACE INTO meta VALUES ('last_load', strftime(now(), '%Y-%m-%dT%H:%M:%SZ'))`);
    await db.markSchema();
    await db.run('COMMIT');
    await db.run('CHECKPOINT');
    const sources = await db.all<LoadSummary['sources'][number]>(
      `SELECT source, rows::BIGINT::DOUBLE AS rows, first, last FROM (
         SELECT 'mps' AS source, count(*) AS rows FROM mps_counts
         UNION ALL SELECT 'policeuk', count(*) FROM policeuk_incidents
         UNION ALL SELECT 'local', count(*) FROM local_incidents
         UNION ALL SELECT 'stopsearch', count(*) FROM stopsearch_searches
         UNION ALL SELECT 'mpsdash', count(*) FROM mpsdash_counts
         UNION ALL SELECT 'mpsward', count(*) FROM mpsward_counts) r
       JOIN (SELECT source, strftime(min(month), '%Y-%m') AS first, strftime(max(month), '%Y-%m') AS last
             FROM slices GROUP BY source) s USING (source) WHERE rows > 0 ORDER BY source`,
    );
    // only when outcomes are loaded: the anti-join hashes every Crime ID of the street rows
    const outcomeRows = (await db.one<{ n: number }>(`SELECT count(*)::DOUBLE AS n FROM policeuk_outcomes`))!.n;
    const outcomes = outcomeRows
      ? (await db.one<LoadSummary['outcomes']>(
          `SELECT count(*)::DOUBLE AS rows,
                  count(*) FILTER (WHERE crime_id NOT IN (SELECT crime_id FROM policeuk_incidents WHERE crime_id IS NOT NULL))::DOUBLE AS "notLoaded"
           FROM policeuk_outcomes`,
        ))!
      : { rows: 0, notLoaded: 0 };
    return { loadId, files: results, seconds: (performance.now() - started) / 1000, sources, outcomes, derived };
  } catch (e) {
    await db.run('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    db.close();
  }
}

/** Outcomes files: how many of their rows are for a Crime ID in no loaded street file (kept, counted, never dropped). */
async function countOutcomesNotLoaded(db: Database, loadId: number, results: FileResult[], plan: PlannedFile[]) {
  // no outcomes file in this load: nothing to count (the anti-join hashes every Crime ID loaded: 3 s at 10M rows)
  if (!results.some((r) => r.format === 'outcomes')) return;
  const counts = await db.all<{ file: string; n: number }>(
    `SELECT file, count(*)::INTEGER AS n FROM policeuk_outcomes
     WHERE load_id = ${loadId} AND crime_id NOT IN (SELECT crime_id FROM policeuk_incidents WHERE crime_id IS NOT NULL)
     GROUP BY file`,
  );
  const byFile = new Map(counts.map((c) => [c.file, c.n]));
  for (const r of results) {
    if (r.format !== 'outcomes') continue;
    const item = plan.find((p) => p.name === r.file);
    r.outcomesForCrimesNotLoaded = item ? (byFile.get(item.file) ?? 0) : 0;
  }
}

const displayName = (file: string) => {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
};

/** The error with `file` (a path this load read) shown as `name`, in its file and in its reason. */
function rename(e: unknown, file: string, name: string): unknown {
  if (e instanceof LongLinesRetry) return e;
  if (e instanceof LoadError) {
    const reason = file === name ? e.reason : e.reason.replaceAll(file, name);
    return e.file === file || reason !== e.reason ? new LoadError(e.file === file ? name : e.file, e.line, reason) : e;
  }
  return new LoadError(name, undefined, (e as Error).message.split('\n')[0] ?? String(e));
}

