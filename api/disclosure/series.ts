/** The month-level rule's data: each series' hidden months, read through the one monthly series (api/trend.ts). */
import type { Database } from '../../data/db.ts';
import { lookups } from '../lookups.ts';
import { trend } from '../trend.ts';
import type { IndicatorMonths } from './scorecard.ts';
import { groupOf, suppressMonths, type MonthCount, type MonthMark } from './months.ts';

/**
 * The hidden months of each category's series for one source and area, over every month the source has loaded,
 * each suppressed with its additive group (so the same month is hidden whichever member is asked for). A category
 * the source cannot express has no series and no hidden months.
 * @example (await seriesMarks(db, 'local', 'E09000003', ['hate-crime-race'], 5)).get('hate-crime-race')
 */
export async function seriesMarks(db: Database, source: string, area: string, categories: string[], threshold: number): Promise<Map<string, Map<string, MonthMark>>> {
  const out = new Map<string, Map<string, MonthMark>>();
  const range = (await lookups(db)).sources.get(source);
  if (!range) return out;
  for (const category of categories) {
    if (out.has(category)) continue;
    const series: Record<string, MonthCount[]> = {};
    for (const member of groupOf(category)) {
      try {
        series[member] = await trend(db, { source, area, category: member, from: range.first, to: range.last });
      } catch {
        // a member this source cannot express: the group's months are not linked through it
      }
    }
    for (const [id, marks] of suppressMonths(series, threshold)) if (!out.has(id)) out.set(id, marks);
    if (!out.has(category)) out.set(category, new Map());
  }
  return out;
}

/**
 * The hidden months of every count indicator of a scorecard (`/api/outcomes` body), for {@link publicOutcomes}:
 * each from its own source's series for the area, and (keyed `id@source`) from the source its `compare` is on when
 * that is another one.
 * @example publicOutcomes(body, 5, previousCounts(body), await indicatorMonths(db, body, 5))
 */
export async function indicatorMonths(
  db: Database,
  body: { area: { code: string }; outcomes: { indicators: object[] }[] },
  threshold: number,
): Promise<IndicatorMonths> {
  const out: IndicatorMonths = new Map();
  type Count = { id: string; kind: string; source: string | null; compare?: { source: string } | null };
  const counts = body.outcomes.flatMap((o) => o.indicators as Count[]).filter((i) => i.kind === 'count' && i.source && i.source !== 'manual');
  for (const source of new Set(counts.map((i) => i.source!))) {
    const ids = counts.filter((i) => i.source === source).map((i) => i.id);
    const marks = await seriesMarks(db, source, body.area.code, ids, threshold);
    for (const id of ids) out.set(id, marks.get(id) ?? new Map());
  }
  // a figure compared on another source (a local count ranked on MPS): that source's months too, as `id@source`
  const others = counts.filter((i) => i.compare && i.compare.source !== i.source);
  for (const source of new Set(others.map((i) => i.compare!.source))) {
    const ids = others.filter((i) => i.compare!.source === source).map((i) => i.id);
    const marks = await seriesMarks(db, source, body.area.code, ids, threshold);
    for (const id of ids) out.set(`${id}@${source}`, marks.get(id) ?? new Map());
  }
  return out;
}

/**
 * The hidden months of one category's series in every area a ranking lists, for {@link publicRanks}.
 * @example publicRanks(body, 5, await areaMonths(db, 'mps', body.rows.map((r) => r.area.code), 'murder', 5))
 */
export async function areaMonths(db: Database, source: string, areas: string[], category: string, threshold: number): Promise<Map<string, Map<string, MonthMark>>> {
  const out = new Map<string, Map<string, MonthMark>>();
  for (const area of areas) out.set(area, (await seriesMarks(db, source, area, [category], threshold)).get(category) ?? new Map());
  return out;
}
