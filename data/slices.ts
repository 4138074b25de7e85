import type { LoadContext } from './formats/types.ts';

interface SliceSpec {
  /** the slices table's source: mps, policeuk, local, stopsearch, or outcomes (police.uk outcomes files) */
  source: string;
  file: string;
  /** temp table holding the file's rows, with a `slice` column and a DATE `month` column */
  stage: string;
  /** table the rows belong in */
  target: string;
  /** the target's column that identifies a slice (area code for MPS, force for police.uk) */
  targetSlice: string;
  /** the target's column holding the slice's month (default `month`) */
  targetMonth?: string;
  /** SELECT list turning a stage row into a target row (in the target's column order) */
  select: string;
  /**
   * the target's column holding the month a row counts in, when it can differ from the slice's (stop and search: the
   * London month of the search): the months of the rows replaced are recorded in `touched_row_months`, so the load
   * rebuilds the derived tables of those months too (data/incremental.sql)
   */
  rowMonth?: string;
  /**
   * a query giving the (slice, month, rows) pairs the file covers, when it covers slices it holds no row of (the MPS
   * dashboard publishes only non-zero counts: a borough of the file with no row of a family in a month is 0 there);
   * default: the stage's (slice, month) pairs
   */
  covers?: string;
}

/**
 * Replaces, in `target`, exactly the (slice, month) pairs the staged file covers, and records them in `slices`.
 * Returns how many rows and slices were replaced or added.
 */
export async function replaceSlices(ctx: LoadContext, spec: SliceSpec) {
  const { db } = ctx;
  const { stage, target, targetSlice } = spec;
  const targetMonth = spec.targetMonth ?? 'month';
  await db.run(`CREATE OR REPLACE TEMP TABLE stage_slices AS
    ${spec.covers ?? `SELECT slice, month, count(*) AS rows FROM ${stage} GROUP BY ALL`}`);
  const before = await db.one<{ replaced: number; slices: number; total: number }>(
    `SELECT (SELECT count(*) FROM ${target} t JOIN stage_slices s
               ON t.${targetSlice} = s.slice AND t.${targetMonth} = s.month)::INTEGER AS replaced,
            (SELECT count(*) FROM slices x JOIN stage_slices s
               ON x.source = $source AND x.slice = s.slice AND x.month = s.month)::INTEGER AS slices,
            (SELECT count(*) FROM stage_slices)::INTEGER AS total`,
    { source: spec.source },
  );
  if (spec.rowMonth) {
    await db.run(`CREATE TEMP TABLE IF NOT EXISTS touched_row_months (source VARCHAR, month DATE)`);
    await db.run(
      `INSERT INTO touched_row_months SELECT DISTINCT $source, t.${spec.rowMonth} FROM ${target} t JOIN stage_slices s
         ON t.${targetSlice} = s.slice AND t.${targetMonth} = s.month`,
      { source: spec.source },
    );
  }
  await db.run(`DELETE FROM ${target} t USING stage_slices s WHERE t.${targetSlice} = s.slice AND t.${targetMonth} = s.month`);
  await db.run(`INSERT INTO ${target} SELECT ${spec.select} FROM ${stage}`);
  await db.run(
    `INSERT OR REPLACE INTO slices (source, slice, month, file, load_id, rows) SELECT $source, slice, month, $file, $load_id, rows FROM stage_slices`,
    { source: spec.source, file: spec.file, load_id: ctx.loadId },
  );
  return {
    replaced: before!.replaced,
    slicesReplaced: before!.slices,
    slicesAdded: before!.total - before!.slices,
  };
}
