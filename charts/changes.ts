import * as Plot from '@observablehq/plot';
import { type ChartOptions, FALL, plot, RISE } from './common.ts';
import { fmtInt, fmtPct, inSentence } from '../core/format.ts';

export interface ChangeRow {
  label: string;
  current: number;
  previous: number;
  pct_change: number | null;
  z: number;
  significant: boolean;
}

/** The significant changes, largest rise first, largest fall last. */
export const significantChanges = (rows: ChangeRow[]) =>
  rows.filter((r) => r.significant && r.pct_change !== null).sort((a, b) => b.pct_change! - a.pct_change!);

/**
 * The significant changes as diverging bars of % change against the comparison window (`versus`, by default the 12
 * months before), rises in vermillion, falls in blue, each labelled with the counts.
 * @example changesChart(rows, { width: 720 })
 */
export function changesChart(rows: ChangeRow[], { document, width = 720, versus }: ChartOptions & { versus?: string } = {}) {
  const data = significantChanges(rows);
  return plot({
    document,
    width,
    height: 56 + 24 * Math.max(data.length, 1),
    // the axis label clear of the tick labels under it (Source Sans 3's line is 1.42 em tall)
    marginTop: 36,
    // room for the longest category name (about 6.5 px a character at the pack's 11 px type)
    marginLeft: Math.min(320, Math.max(200, 16 + Math.ceil(6.5 * Math.max(0, ...data.map((d) => d.label.length))))),
    marginRight: 150,
    // the comparison the figures make (a period's `versus`: "against the same months a year earlier", …)
    x: { label: versus ? `% change ${versus}` : '% change, 12 months against the 12 before', grid: true, axis: 'top', tickFormat: (d: number) => `${d}%` },
    y: { domain: data.map((d) => d.label), label: null },
    color: { domain: ['Significant rise', 'Significant fall'], range: [RISE, FALL], legend: true },
    marks: [
      Plot.barX(data, { x: 'pct_change', y: 'label', fill: (d) => (d.pct_change! > 0 ? 'Significant rise' : 'Significant fall') }),
      Plot.text(data, {
        y: 'label',
        text: (d) => `${fmtPct(d.pct_change)} (${fmtInt(d.previous)} to ${fmtInt(d.current)})`,
        frameAnchor: 'right',
        textAnchor: 'start',
        dx: 6,
      }),
      Plot.ruleX([0]),
    ],
  });
}

/** The finding: how many changed significantly, and the largest rise and fall. */
export function changesFinding(rows: ChangeRow[]): string {
  const sig = significantChanges(rows);
  if (sig.length === 0) return `None of the ${rows.length} categories changed significantly on the previous 12 months`;
  const up = sig.filter((r) => r.pct_change! > 0)[0];
  const down = sig.filter((r) => r.pct_change! < 0).at(-1);
  const parts = [up && `largest rise ${inSentence(up.label)} (${fmtPct(up.pct_change)})`, down && `largest fall ${inSentence(down.label)} (${fmtPct(down.pct_change)})`].filter(Boolean);
  return `${sig.length} of ${rows.length} categories changed significantly: ${parts.join('; ')}`;
}
