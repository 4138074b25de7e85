import type { Indicator } from '../../data/outcomes.ts';
import { blank, pctChange } from './common.ts';
import type { EngineRun } from './engine.ts';
import { meets } from '../../core/rag.ts';
import { manualSentence, noDataSentence } from '../../core/text.ts';
import type { ManualResult } from '../../core/types.ts';

/**
 * A manual value (survey %, proven re-offending…): the latest value whose period ends in the current window, against
 * its target (green meeting it, red missing it, amber with no target), and the latest of the comparison window.
 */
export function manualResult(run: EngineRun, ind: Extract<Indicator, { kind: 'manual' }>, outcomeId: number, area: string): ManualResult {
  const pair = run.manual.get(ind.id)?.get(area);
  const r: ManualResult = {
    ...blank(run, ind, outcomeId),
    kind: 'manual',
    unit: 'value',
    windows: null,
    repeat: null,
    value: null,
    period_end: null,
    source_rule: 'manual: values loaded with the indicators format',
  };
  const now = pair?.current;
  r.target = now?.target ?? ind.target ?? null;
  if (!now) {
    r.summary = noDataSentence(ind.label, run.period, `no value has been reported for ${run.areaNames.get(area) ?? area} for these months`);
    return r;
  }
  const before = pair?.previous;
  Object.assign(r, {
    source: 'manual',
    state: 'number',
    months_covered: r.months,
    value: now.value,
    current: now.value,
    previous: before?.value ?? null,
    change: before ? now.value - before.value : null,
    pct_change: before ? pctChange(now.value, before.value) : null,
    complete: true,
    period_end: now.period_end,
    note: now.note,
  });
  const met = r.target !== null && meets(ind.polarity, now.value, r.target);
  r.rag = r.target === null ? 'amber' : met ? 'green' : 'red';
  r.summary = manualSentence(ind.label, now.value, now.period_end, r.target, met);
  return r;
}
