import { LoadError } from '../errors.ts';
import type { AreaResolver } from '../areas.ts';
import type { Database } from '../db.ts';

export type SourceId = 'mps' | 'policeuk' | 'local' | 'stopsearch' | 'mpsdash' | 'mpsward';

/** What one file added to the database, for the load summary. */
export interface FileResult {
  file: string;
  format: string;
  source?: SourceId;
  /** a data.police.uk file's kind: street, outcomes or stop-and-search */
  kind?: 'street' | 'outcomes' | 'stop-and-search';
  /** outcomes files: rows whose Crime ID is in no loaded street file (kept and counted) */
  outcomesForCrimesNotLoaded?: number;
  rows: number;
  /** rows that newer data replaced (slices this file covers that were loaded before) */
  replaced: number;
  slicesAdded: number;
  slicesReplaced: number;
  months: string[];
  areas: string[];
  unmapped: { label: string; rows: number }[];
  noLocation: number;
  outsideLondon: number;
  /** police.uk street files: rows in LSOAs outside the reporting force's own area, by force and the LAD they are in
   * (counted there, where they happened, never toward the reporting force's own CSPs) */
  outsideForce?: { force: string; area: string; rows: number }[];
  warnings: string[];
  /** MPS dashboard files: what the load summary says of them */
  mpsdash?: {
    /** rows of areas that are not boroughs (Other / NK, Aviation Security…), by area as published */
    pseudoAreas: { area: string; rows: number }[];
    /** ward (Safer Neighbourhood Team) rows stored */
    wardRows: number;
    /** borough cells (area x category x measure x month) on which this file and the refresh loaded before differ */
    cellsChanged: number;
    /** (family, months) this file holds that a later refresh already loaded: kept as loaded */
    keptLater: { slice: string; months: number; first: string; last: string; refreshed: string; loaded: string }[];
    /** (family, month) slices of an earlier or equal refresh this file replaced */
    slicesReplaced: number;
  };
}

export interface LoadContext {
  db: Database;
  loadId: number;
  areas: AreaResolver;
  allowUnknownAreas: boolean;
  /** extra options a format may read (e.g. the local format's mapping file) */
  options: Record<string, unknown>;
  onRows?: (rows: number) => void;
  /** read CSV rows of up to 32 MB: set when a load is retried after a row longer than DuckDB's default limit */
  longLines?: boolean;
}

/**
 * Thrown by a format whose read met a row longer than DuckDB's default line limit: the load rolls back and runs
 * again with `longLines`. Reading with a large limit from the start costs a third of a large load, so only a load
 * holding such a row pays for it (twice).
 */
export class LongLinesRetry extends Error {
  constructor() {
    super('a row is longer than the default limit of the CSV reader: loading again with a larger limit');
  }
}

/** One input format: how to recognise it from its header, and how to load a file of it. */
export interface Format {
  id: string;
  detect(header: string[]): boolean;
  load(ctx: LoadContext, file: string, header: string[]): Promise<FileResult>;
  /** loads every file of this format in one go (faster for large archives); `load` is used when absent */
  loadAll?(ctx: LoadContext, files: { file: string; header: string[] }[]): Promise<FileResult[]>;
  /**
   * The publisher's system writes this format's files, always as UTF-8 (data.police.uk): the load checks only their
   * first 64 KB is UTF-8 text, as it does for any file over 8 MB, and DuckDB's reader refuses a byte further on that
   * is not (naming the file). Reading every such file whole first was a second pass over the rows: 91 s of a 100M-row
   * national load of 7,224 files of 2–5 MB (BENCHMARKS.md, issue 21). Other formats (a spreadsheet's export) are read
   * whole when under 8 MB, so that Windows-1252 text is converted, with a warning.
   */
  utf8Source?: true;
}

export const emptyResult = (file: string, format: string, source?: SourceId): FileResult => ({
  file,
  format,
  source,
  rows: 0,
  replaced: 0,
  slicesAdded: 0,
  slicesReplaced: 0,
  months: [],
  areas: [],
  unmapped: [],
  noLocation: 0,
  outsideLondon: 0,
  warnings: [],
});

/** Finds the index of the first header among `names` (case-insensitive), or -1. */
export const findColumn = (header: string[], names: string[]): number =>
  header.findIndex((h) => names.includes(h.trim().toLowerCase()));

/**
 * The index of every required column (case-insensitive), or a LoadError naming the first one missing.
 * @example const index = requireColumns(file, header, ['code', 'year'] as const); // { code: 0, year: 2 }
 */
export function requireColumns<C extends string>(file: string, header: string[], columns: readonly C[]): Record<C, number> {
  return Object.fromEntries(
    columns.map((c) => {
      const i = findColumn(header, [c]);
      if (i < 0) throw new LoadError(file, 1, `missing column "${c}"`);
      return [c, i];
    }),
  ) as Record<C, number>;
}
