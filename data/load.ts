import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { AreaResolver } from './areas.ts';
import { Database } from './db.ts';
import { LoadError } from './errors.ts';
import { expandInputs } from './files.ts';
import { acquireLock } from './lock.ts';
import { detectFormat } from './formats/index.ts';
import type { FileResult, Format } from './formats/types.ts';
import { mapHeader, readMapping, type Mapping } from './mapping.ts';
import { allIndicators, writeIndicatorTables } from './outcomes.ts';
import { refreshReference } from './reference.ts';
import { prepareFile } from './sniff.ts';
import { readHeader } from './text.ts';

const MONTHLY_COUNTS = readFileSync(new URL('./monthly-counts.sql', import.meta.url), 'utf8');
const COVERAGE = readFileSync(new URL('./coverage.sql', import.meta.url), 'utf8');

/** The version of the tables derived from the loaded rows (monthly counts, memberships, coverage): bump on change. */
const DERIVED_VERSION = '3';

/**
 * What the derived tables were built for: their version and the active profile's indicator filters, so a server
 * started with another profile (or a newer saferboard) rebuilds them first.
 */
export const derivedKey = (): string =>
  `${DERIVED_VERSION}:${createHash('sha256').update(JSON.stringify(allIndicators().map((i) => ('filter' in i ? [i.id, i.kind, i.filter] : [i.id, i.kind])))).digest('hex').slice(0, 16)}`;

/**
 * Rebuilds everything derived from the loaded rows: the indicator filters of the active profile, monthly counts,
 * local indicator memberships (with each incident's previous one) and category coverage.
 */
export async function rebuildDerived(db: Database): Promise<void> {
  await writeIndicatorTables(db);
  await db.run(MONTHLY_COUNTS);
  await db.run(COVERAGE);
  await db.run(`INSERT OR REPLACE INTO meta VALUES ('derived_version', $v)`, { v: derivedKey() });
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
  const plan = planFiles(inputs, options.format, mapping);
  const release = await acquireLock(options.db, { onWait: options.onWait }).catch((e) => {
    for (const p of plan) p.cleanup();
    throw e;
  });
  const next = `${options.db}.next`;
  try {
    for (const f of [next, `${next}.wal`]) rmSync(f, { force: true });
    if (existsSync(options.db)) copyFileSync(options.db, next);
    const summary = await loadInto(next, plan, { ...options, options: { ...options.options, mapping } });
    renameSync(next, options.db);
    return summary;
  } catch (e) {
    for (const f of [next, `${next}.wal`]) rmSync(f, { force: true });
    throw e;
  } finally {
    release();
    for (const p of plan) p.cleanup();
  }
}

interface PlannedFile {
  file: string;
  name: string;
  header: string[];
  format: Format;
  warnings: string[];
  cleanup: () => void;
}

/** Every file to load with its detected format; fails before anything is written. */
function planFiles(inputs: string[], format = 'auto', mapping?: Mapping): PlannedFile[] {
  const files = expandInputs(inputs);
  if (files.length === 0) throw new Error(`no .csv or .csv.gz files in ${inputs.join(' ')}`);
  const plan: PlannedFile[] = [];
  for (const file of files) {
    const name = displayName(file);
    if (/\.zip$/i.test(file) || /\.xlsx$/i.test(file)) {
      for (const p of plan) p.cleanup();
      const what = /\.zip$/i.test(file) ? 'zip archives are not read: unzip it first and load the folder' : 'Excel workbooks are not read: save the sheet as CSV (UTF-8) first';
      throw new LoadError(name, undefined, what);
    }
    let prepared: ReturnType<typeof prepareFile> | undefined;
    try {
      prepared = prepareFile(file, name);
      const header = readHeader(prepared.path);
      const detected = detectFormat(name, mapHeader(header, mapping), format);
      plan.push({ ...prepared, file: prepared.path, name, header, format: detected });
    } catch (e) {
      prepared?.cleanup();
      for (const p of plan) p.cleanup();
      throw e;
    }
  }
  return plan;
}

async function loadInto(path: string, plan: PlannedFile[], options: LoadOptions): Promise<LoadSummary> {
  const started = performance.now();
  const db = await Database.open(path);
  try {
    await db.run('BEGIN TRANSACTION');
    await refreshReference(db);
    const areas = await AreaResolver.create(db);
    const loadId = ((await db.one<{ id: number }>('SELECT coalesce(max(load_id), 0)::INTEGER AS id FROM loads'))!.id ?? 0) + 1;
    const ctx = { db, loadId, areas, allowUnknownAreas: options.allowUnknownAreas ?? false, options: options.options ?? {} };
    const results: FileResult[] = [];
    const done = new Set<PlannedFile>();
    for (const [index, item] of plan.entries()) {
      if (done.has(item)) continue;
      // a format that loads many files at once (police.uk archives) gets all of its files here
      const batch = item.format.loadAll ? plan.filter((p) => p.format === item.format) : [item];
      for (const b of batch) options.onProgress?.({ file: b.name, index, total: plan.length, done: false });
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
    await rebuildDerived(db);
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
    await db.run('COMMIT');
    await db.run('CHECKPOINT');
    const sources = await db.all<LoadSummary['sources'][number]>(
      `SELECT source, rows::BIGINT::DOUBLE AS rows, first, last FROM (
         SELECT 'mps' AS source, count(*) AS rows FROM mps_counts
         UNION ALL SELECT 'policeuk', count(*) FROM policeuk_incidents
         UNION ALL SELECT 'local', count(*) FROM local_incidents) r
       JOIN (SELECT source, strftime(min(month), '%Y-%m') AS first, strftime(max(month), '%Y-%m') AS last
             FROM slices GROUP BY source) s USING (source) WHERE rows > 0 ORDER BY source`,
    );
    return { loadId, files: results, seconds: (performance.now() - started) / 1000, sources };
  } catch (e) {
    await db.run('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    db.close();
  }
}

const displayName = (file: string) => {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
};

function rename(e: unknown, file: string, name: string): unknown {
  if (e instanceof LoadError && e.file === file) return new LoadError(name, e.line, e.reason);
  if (e instanceof LoadError) return e;
  return new LoadError(name, undefined, (e as Error).message.split('\n')[0] ?? String(e));
}

