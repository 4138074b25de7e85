import type { LoadContext } from './formats/types.ts';

/**
 * Writes rows of text (null = SQL NULL) into a new temporary table of VARCHAR columns, with DuckDB's appender; the
 * caller casts them on the way into their table.
 * @example await stageText(ctx, 'stage_outcomes', ['crime_id', 'month'], [['abc', '2018-01-01']]);
 */
export async function stageText(ctx: LoadContext, table: string, columns: string[], rows: (string | null)[][]): Promise<void> {
  await ctx.db.run(`CREATE OR REPLACE TEMP TABLE ${table} (${columns.map((c) => `${c} VARCHAR`).join(', ')})`);
  const appender = await ctx.db.connection.createAppender(table, 'main', 'temp');
  for (const row of rows) {
    for (const v of row) v === null ? appender.appendNull() : appender.appendVarchar(v);
    appender.endRow();
  }
  appender.closeSync();
}
