import { LoadError } from '../errors.ts';
import { allIndicators } from '../outcomes.ts';
import { eachRow, readText } from '../text.ts';
import { emptyResult, findColumn, requireColumns, type Format, type LoadContext } from './types.ts';

const COLUMNS = ['indicator_id', 'area', 'period_end', 'value'] as const;
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Manual indicator values (what crime extracts do not hold: survey %, proven re-offending, Prevent training):
 * `indicator_id,area,period_end,value[,target][,note]`, period_end as YYYY-MM. A row replaces the value loaded
 * before for the same indicator, area and period.
 */
export const indicators: Format = {
  id: 'indicators',
  detect: (header) => COLUMNS.every((c) => findColumn(header, [c]) >= 0),
  load: loadIndicators,
};

async function loadIndicators(ctx: LoadContext, file: string, header: string[]) {
  const index = requireColumns(file, header, COLUMNS);
  const [target, note] = [findColumn(header, ['target']), findColumn(header, ['note'])];
  const manual = allIndicators().filter((i) => i.kind === 'manual').map((i) => i.id);
  const rows = new Map<string, { id: string; area: string; period: string; value: number; target: number | null; note: string | null }>();
  eachRow(readText(file), (fields, line) => {
    if (line === 1) return;
    const get = (i: number) => (i < 0 ? '' : (fields[i] ?? '').trim());
    const fail = (reason: string) => new LoadError(file, line, reason);
    const id = get(index.indicator_id).toLowerCase();
    if (!manual.includes(id)) throw fail(`unknown manual indicator "${get(index.indicator_id)}" (expected one of ${manual.join(', ')})`);
    const area = ctx.areas.resolve(get(index.area));
    if (!area) throw fail(`unknown area "${get(index.area)}": expected a borough name or GSS code`);
    const period = get(index.period_end);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw fail(`expected period_end as YYYY-MM, found "${period}"`);
    const value = get(index.value).replace(/%$/, '').replace(/,/g, '');
    if (!NUMBER.test(value)) throw fail(`expected value as a number, found "${get(index.value)}"`);
    const t = get(target).replace(/%$/, '').replace(/,/g, '');
    if (t && !NUMBER.test(t)) throw fail(`expected target as a number or empty, found "${get(target)}"`);
    rows.set(`${id}|${area}|${period}`, { id, area, period, value: Number(value), target: t ? Number(t) : null, note: get(note) || null });
  });
  const result = emptyResult(file, 'indicators');
  result.rows = rows.size;
  const list = [...rows.values()];
  const replaced = await ctx.db.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM manual_values m
     JOIN (SELECT unnest(from_json($keys::JSON, '["VARCHAR"]')) AS k) ON k = m.indicator_id || '|' || m.area_code || '|' || strftime(m.period_end, '%Y-%m')`,
    { keys: JSON.stringify([...rows.keys()]) },
  );
  result.replaced = replaced!.n;
  await ctx.db.run(
    `INSERT OR REPLACE INTO manual_values
     SELECT r.id, r.area, (r.period || '-01')::DATE, r.value, r.target, r.note, $load_id
     FROM (SELECT unnest(from_json($rows::JSON, '[{"id":"VARCHAR","area":"VARCHAR","period":"VARCHAR","value":"DOUBLE","target":"DOUBLE","note":"VARCHAR"}]'), recursive := true)) r`,
    { rows: JSON.stringify(list), load_id: ctx.loadId },
  );
  result.months = [...new Set(list.map((r) => r.period))].sort();
  result.areas = [...new Set(list.map((r) => r.area))].sort();
  return result;
}
