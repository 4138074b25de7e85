import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { xmrChart } from '../core/stats/spc.ts';
import { addMonths } from '../core/months.ts';
import { funnelChart, funnelFinding, funnelPoints, type FunnelRow } from '../charts/funnel.ts';
import { trendChart, type SpcOverlay, type TrendRow } from '../charts/trend.ts';
import { spcIcon, spcLine } from '../dashboard/src/spc-words.ts';
import { snapshot } from './snapshot.ts';

const { document } = new JSDOM('<!doctype html><body></body>').window;

const count = (chart: Element, sel: string) => chart.querySelectorAll(sel).length;

// 24 months alternating 12, 10 (mean 11, mR̄ 2, limits 5.68 .. 16.32), a spike of 30 in 2018-06, a break in 2018-01
const months = Array.from({ length: 24 }, (_, i) => addMonths('2017-01', i));
const counts = months.map((m, i) => (m === '2018-06' ? 30 : i % 2 ? 10 : 12));
const TREND: TrendRow[] = months.map((month, i) => ({ month, count: counts[i]!, rolling_12m: i < 11 ? null : counts.slice(i - 11, i + 1).reduce((a, b) => a + b, 0) }));
const breaks = [{ month: '2018-01', note: 'A test break' }];
const chart = xmrChart(months.map((month, i) => ({ month, count: counts[i]! })), { polarity: 'lower-is-better', breaks: ['2018-01'], floor: 0 });
const SPC: SpcOverlay = { method: 'xmr', polarity: 'lower-is-better', rows: chart.rows, latest: chart.latest, breaks };

describe('the trend chart with SPC', () => {
  it('draws the band, the mean, the signal points and the break', () => {
    const c = trendChart(TREND, { from: '2017-01', to: '2018-12', label: 'Burglary', spc: SPC, document });
    // the band: one stepped area per segment (either side of the break), the bars unchanged
    expect(count(c, 'g.spc-band path')).toBe(2);
    expect(count(c, 'g.spc-limit path')).toBe(4);
    expect(count(c, 'g[aria-label="rect"] rect')).toBe(24);
    // the mean: one line per segment (two, either side of the break)
    expect(count(c, 'g.spc-mean path')).toBe(2);
    // 2018 has mean (11 × 11 + 30) / 12 = 12.58 and its 30 is above the limit (its two moving ranges of 18 are
    // screened out of mR̄: 2, so the band is 12.58 ± 5.32)
    expect(chart.rows.find((r) => r.month === '2018-06')!.signal).toBe('above');
    expect(count(c, 'g.spc-signal path')).toBe(1);
    expect(c.querySelector('g.spc-signal path title')?.textContent).toMatch(/Jun 2018: 30, above \(special cause, concern\)/);
    expect(count(c, 'g.spc-break line')).toBe(1);
    expect(c.querySelector('g.spc-break-label text')?.firstChild?.textContent).toBe('Series break');
    expect(c.querySelector('g.spc-break-label text title')?.textContent).toBe('A test break');
    snapshot('trend-spc', c);
  });

  it('without SPC the chart is as before (no band)', () => {
    const c = trendChart(TREND, { from: '2018-01', to: '2018-12', label: 'Burglary', document });
    expect(count(c, 'g.spc-band')).toBe(0);
  });
});

describe('spc-words: the tile line and the icon', () => {
  it('says the variation in words', () => {
    expect(spcLine({ month: '2013-06', variation: 'special-cause-concern', signal: 'above', why: '' })).toBe('Special cause: concern — June 2013 above the expected range');
    expect(spcLine({ month: '2018-12', variation: 'common-cause', signal: null, why: '' })).toBe('Common cause variation');
    expect(spcLine({ month: '2018-12', variation: 'special-cause-improvement', signal: 'shift-down', why: '' })).toBe(
      'Special cause: improvement — December 2018 in a run of 7 or more months below the mean',
    );
    expect(spcLine({ month: '2018-12', variation: 'not-enough-data', signal: null, why: 'x' })).toBe('Not enough data to judge December 2018');
  });

  it('the icon names the variation and its direction, not by colour alone', () => {
    const concern = spcIcon({ variation: 'special-cause-concern', signal: 'above' });
    expect(concern).toMatch(/^<svg class="spc-icon" role="img" aria-label="special cause concern, high"/);
    expect(concern).toContain('<title>special cause concern, high</title>');
    expect(concern).toMatch(/>H<\/text>/);
    expect(spcIcon({ variation: 'special-cause-improvement', signal: 'below' })).toMatch(/>L<\/text>/);
    expect(spcIcon({ variation: 'common-cause', signal: null })).toContain('aria-label="common cause variation"');
    const el = document.createElement('div');
    el.innerHTML = concern;
    expect(el.querySelectorAll('svg circle').length).toBe(8);
  });
});

describe('the funnel plot', () => {
  // London 10 per 1,000; boroughs of 10,000 to 40,000: 125 in 10,000 is higher at 95% only, 300 in 20,000 higher at 99.8%
  const row = (code: string, count: number, population: number, complete = true): FunnelRow => ({
    area: { code, name: `Borough ${code}` }, count, population, rate_per_1000: (count / population) * 1000, complete,
  });
  const ROWS = [row('A', 125, 10_000), row('B', 300, 20_000), row('C', 300, 30_000), row('D', 320, 40_000), row('E', 5, 10_000, false)];

  it('a point per complete borough, the limits, the area highlighted and labelled', () => {
    const c = funnelChart(ROWS, { area: 'A', label: 'Burglary', londonRate: 10, document });
    expect(count(c, 'g.funnel-point > *')).toBe(4);
    expect(count(c, 'g.funnel-limit path')).toBe(4);
    expect(c.querySelector('g.funnel-label text')?.textContent).toBe('Borough A');
    expect(funnelPoints(ROWS, 10).map((p) => p.verdict)).toEqual(['similar', 'higher', 'similar', 'lower']);
    expect(funnelFinding(ROWS, { area: 'A', label: 'Burglary', londonRate: 10 })).toBe(
      "Borough A's burglary rate (12.5 per 1,000) is similar to London's 10.0; 2 of 4 boroughs lie beyond London's 99.8% limits",
    );
    expect(funnelFinding(ROWS, { area: 'B', label: 'Burglary', londonRate: 10 })).toMatch(/is higher than London's 10\.0 \(beyond the 99\.8% limits\)/);
    snapshot('funnel', c);
  });
});
