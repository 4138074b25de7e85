import type { CountIndicator } from '../../data/outcomes.ts';
import { breaksBetween } from '../breaks.ts';
import { monthList } from '../../core/months.ts';
import { xmrChart } from '../../core/stats/spc.ts';
import { keyOf, type EngineRun } from './engine.ts';
import { spcLine } from '../../core/text.ts';
import type { LatestVariation } from '../../core/types.ts';

/**
 * The latest month of a count indicator's monthly series (its chosen source, the 36 months to the period's end,
 * limits restarting at series breaks) read as an XmR chart with the indicator's polarity; null for a run of
 * every area (leagues), which computes no series.
 */
export function latestVariation(run: EngineRun, ind: CountIndicator, source: string): LatestVariation | null {
  if (run.area === null) return null;
  const key = keyOf(ind.id, source);
  const got = new Map((run.series.get(key) ?? []).map((r) => [r.month, r.count]));
  const rows = monthList(run.seriesFrom, run.period.current.to).map((month) => ({ month, count: got.get(month) ?? null }));
  const category = run.requirements.get(key)?.category ?? ind.id;
  const breaks = breaksBetween(source, category, run.seriesFrom, run.period.current.to, { area: run.area, changes: run.classificationChanges }).map((b) => b.month);
  const { latest } = xmrChart(rows, { polarity: ind.polarity, breaks, floor: 0 });
  return { month: latest.month, variation: latest.variation, why: latest.why, signal: latest.signal, count: latest.count, line: spcLine(latest) };
}
