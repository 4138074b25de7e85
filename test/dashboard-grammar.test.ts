import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { addMonths, FALL, midMonth, RISE, thin } from '../dashboard/charts/common.ts';
import { changesChart } from '../dashboard/charts/changes.ts';
import { rankHistory, type RankPoint } from '../dashboard/charts/rank-history.ts';
import { seasonalityChart } from '../dashboard/charts/seasonality.ts';
import { trendChart, type TrendRow } from '../dashboard/charts/trend.ts';

const { document } = new JSDOM('<!doctype html><body></body>').window;
// 14 years of made-up monthly counts
const LONG: TrendRow[] = Array.from({ length: 168 }, (_, i) => ({ month: addMonths('2010-01', i), count: 100 + (i % 12), rolling_12m: i >= 11 ? 1266 : null }));

describe('one chart grammar', () => {
  it('rises are vermillion, falls blue', () => {
    const svg = changesChart(
      [
        { label: 'Burglary', current: 130, previous: 100, pct_change: 30, z: 3, significant: true },
        { label: 'Robbery', current: 80, previous: 100, pct_change: -20, z: -2.5, significant: true },
      ],
      { document },
    ).outerHTML;
    expect([RISE, FALL]).toEqual(['#D55E00', '#0072B2']);
    expect(svg).toMatch(/fill="#D55E00"[^>]*>\s*<rect|<rect[^>]*fill="#D55E00"|fill="#D55E00"/);
    expect(svg).toContain(FALL);
  });

  it('a trend line point sits mid-month, on the centre of its bar', () => {
    // 1 March 2018 + 14.5 days: the middle of a 31-day month (bars span the 1st to the 1st)
    expect(midMonth('2018-03').toISOString()).toBe('2018-03-15T12:00:00.000Z');
  });

  it('the legend draws the lines as lines', () => {
    const chart = trendChart(LONG.slice(-24), { from: '2016-12', to: '2023-12', label: 'Burglary', document });
    const swatches = [...chart.querySelectorAll('[class$="-swatch"]')];
    const drawn = (name: string) => swatches.find((s) => s.textContent?.trim() === name)!;
    expect(drawn('Monthly count').querySelector('rect')).not.toBeNull();
    expect(drawn('Rolling 12-month average').querySelector('line')).not.toBeNull();
    expect(drawn('Same month last year').querySelector('line')!.getAttribute('stroke-dasharray')).toBe('4 3');
  });

  it('no Plot warning is drawn (no numeric strings)', () => {
    expect(seasonalityChart(LONG, { label: 'Burglary', document }).outerHTML).not.toContain('⚠');
  });

  it('thins tick values so that each label has its width, keeping the last', () => {
    const quarters = Array.from({ length: 53 }, (_, i) => addMonths('2010-12', 3 * i));
    const ticks = thin(quarters, { span: 530, labelWidth: 64 });
    expect(ticks.length).toBeLessThanOrEqual(Math.floor(530 / 64));
    expect(ticks.at(-1)).toBe(quarters.at(-1));
    expect(thin(['a', 'b'], { span: 530, labelWidth: 64 })).toEqual(['a', 'b']);
  });

  it('the rank history of 14 years labels at most one date per 64 px', () => {
    const rows: RankPoint[] = Array.from({ length: 53 }, (_, i) => ({ category: 'Burglary', to: addMonths('2010-12', 3 * i), rank: 1 + (i % 32), of: 32 }));
    const chart = rankHistory(rows, { document, width: 720 });
    const labels = chart.querySelectorAll('g[aria-label="x-axis tick label"] text');
    expect(labels.length).toBeGreaterThan(1);
    expect(labels.length).toBeLessThanOrEqual(Math.floor((720 - 190) / 64));
  });
});
