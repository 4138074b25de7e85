import { LoadError } from '../errors.ts';
import { eachRow, readText } from '../text.ts';
import { emptyResult, findColumn, requireColumns, type Format, type LoadContext } from './types.ts';

const COLUMNS = ['code', 'name', 'year', 'population'] as const;

/** Resident population by area and year: `code,name,year,population[,source]` (ONS mid-year estimates). */
export const population: Format = {
  id: 'population',
  detect: (header) => COLUMNS.every((c) => findColumn(header, [c]) >= 0) && !header.some((h) => /^\d{6}$/.test(h)),
  load: loadPopulation,
};

async function loadPopulation(ctx: LoadContext, file: string, header: string[]) {
  const index = requireColumns(file, header, COLUMNS);
  const sourceIndex = findColumn(header, ['source']);
  const rows: { code: string; year: number; population: number; source: string | null }[] = [];
  eachRow(readText(file), (fields, line) => {
    if (line === 1) return;
    const get = (i: number) => (fields[i] ?? '').trim();
    const area = get(index.code) || get(index.name);
    const code = ctx.areas.resolve(get(index.code)) ?? ctx.areas.resolve(get(index.name));
    if (!code) throw new LoadError(file, line, `unknown area "${area}": expected a GSS code or name in data/reference/areas.csv`);
    const year = get(index.year);
    if (!/^\d{4}$/.test(year)) throw new LoadError(file, line, `expected year as YYYY, found "${year}"`);
    const pop = get(index.population).replace(/,/g, '');
    if (!/^\d+$/.test(pop) || Number(pop) === 0)
      throw new LoadError(file, line, `expected population as a whole number > 0, found "${get(index.population)}"`);
    rows.push({ code, year: Number(year), population: Number(pop), source: sourceIndex >= 0 ? get(sourceIndex) || null : null });
  });
  const { db } = ctx;
  await db.run(`CREATE OR REPLACE TEMP TABLE stage_pop (code VARCHAR, year INTEGER, population BIGINT, source VARCHAR)`);
  const appender = await db.connection.createAppender('stage_pop', 'main', 'temp');
  for (const r of rows) {
    appender.appendVarchar(r.code);
    appender.appendInteger(r.year);
    appender.appendBigInt(BigInt(r.population));
    if (r.source === null) appender.appendNull();
    else appender.appendVarchar(r.source);
    appender.endRow();
  }
  appender.closeSync();
  const result = emptyResult(file, 'population');
  const replaced = await db.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM population p JOIN stage_pop s USING (code, year)`,
  );
  result.replaced = replaced!.n;
  await db.run(`INSERT OR REPLACE INTO population SELECT code, year, max(population), any_value(source) FROM stage_pop GROUP BY ALL`);
  result.rows = rows.length;
  result.areas = [...new Set(rows.map((r) => r.code))];
  ctx.onRows?.(rows.length);
  return result;
}
