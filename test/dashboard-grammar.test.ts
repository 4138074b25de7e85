import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { bandWords, mapBands } from '../charts/borough-map.ts';
import { dodge, FALL, midMonth, RISE, thin } from '../charts/common.ts';
import { addMonths, monthRuns } from '../core/months.ts';
import { inSentence } from '../core/format.ts';
import { changesChart } from '../charts/changes.ts';
import { fyTable } from '../charts/fy-table.ts';
import { repeatBars } from '../charts/repeat-bars.ts';
import { sparkline } from '../charts/sparkline.ts';
import { endLabels, rankHistory, type RankPoint } from '../charts/rank-history.ts';
import { seasonalityChart } from '../charts/seasonality.ts';
import { countTicks, trendChart, type TrendRow } from '../charts/trend.ts';

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

  it('no line or highlight but a rise or a fall is vermillion or blue', () => {
    const spc = {
      method: 'xmr' as const,
      polarity: 'lower-is-better' as const,
      breaks: [],
      rows: LONG.slice(-24).map((r) => ({ month: r.month, count: r.count, expected: 105, lower: 90, upper: 120, signal: null })),
    };
    const chart = trendChart(LONG.slice(-24), { from: '2022-01', to: '2023-12', label: 'Burglary', document, spc: spc as never });
    const strokes = [...chart.querySelectorAll('g[aria-label="line"]')].flatMap((g) => [g.getAttribute('stroke'), ...[...g.querySelectorAll('path')].map((p) => p.getAttribute('stroke'))]);
    expect(strokes.filter(Boolean).length).toBeGreaterThan(0);
    for (const c of strokes.filter(Boolean)) expect([RISE, FALL]).not.toContain(c!.toUpperCase());
    const swatchColours = [...chart.querySelectorAll('[class$="-swatch"] line, [class$="-swatch"] rect')].map((e) => (e.getAttribute('stroke') ?? e.getAttribute('fill') ?? '').toUpperCase());
    expect(swatchColours.length).toBeGreaterThan(0);
    for (const c of swatchColours) expect([RISE, FALL]).not.toContain(c);
    // a tile's sparkline and the repeat-victimisation bars (one colour per outcome) keep clear of them too
    const others = [
      sparkline(LONG.slice(-36), { document }).outerHTML,
      repeatBars(
        ['1. Confidence', '3. VAWG', '4. Violence', '6. High-volume crime', '7. Hate'].map((outcome, i) => ({ outcome, indicator: `Indicator ${i}`, unit: 'victim' as const, rate: 10 + i, repeats: 10 + i, of: 100 })),
        { document },
      ).outerHTML,
    ];
    for (const svg of others) for (const c of [RISE, FALL]) expect(svg.toUpperCase()).not.toContain(c);
  });

  it('months as runs: consecutive months joined, a year boundary crossed, gaps kept', () => {
    expect(monthRuns(['2018-12', '2018-11', '2019-01', '2019-03'])).toBe('Nov 2018 to Jan 2019; Mar 2019');
    expect(monthRuns([])).toBe('');
  });

  it('a label inside a sentence keeps its acronyms: "violence with injury (MPS)", "MOPAC7 basket"', () => {
    expect(inSentence('Violence with injury (MPS)')).toBe('violence with injury (MPS)');
    expect(inSentence('MOPAC7 basket')).toBe('MOPAC7 basket');
    expect(inSentence('Wounding / GBH')).toBe('wounding / GBH');
    expect(inSentence('Anti-social behaviour')).toBe('anti-social behaviour');
  });

  it("the financial-year table says a cell's rise or fall in a glyph, not by its colour alone", () => {
    const chart = fyTable(
      [
        { category: 'Burglary', fy: '2016/17', count: 1000, months: 12, pct_vs_previous: null },
        { category: 'Burglary', fy: '2017/18', count: 1300, months: 12, pct_vs_previous: 30 },
        { category: 'Burglary', fy: '2018/19', count: 1001, months: 12, pct_vs_previous: -23 },
        { category: 'Burglary', fy: '2019/20', count: 1021, months: 12, pct_vs_previous: 2 },
        { category: 'Burglary', fy: '2020/21', count: 400, months: 4, pct_vs_previous: null },
      ],
      { document },
    );
    const texts = [...chart.querySelectorAll('g[aria-label="text"] text')].map((t) => t.firstChild?.textContent);
    expect(texts).toEqual(expect.arrayContaining(['1,000', '↑ 1,300', '↓ 1,001', '1,021', '400']));
  });

  it('a trend line point sits mid-month, on the centre of its bar', () => {
    // 1 March 2018 + 14.5 days: the middle of a 31-day month (bars span the 1st to the 1st)
    expect(midMonth('2018-03').toISOString()).toBe('2018-03-15T12:00:00.000Z');
  });

  it("mark positions: every line's last point and every SPC marker lie within their month's bar, near its centre", () => {
    // 36 months with a spike in the last, so the SPC marks a signal there (its limits by hand: mean 105.5 ± 20)
    const rows = LONG.slice(-36).map((r, i) => (i === 35 ? { ...r, count: 180 } : r));
    const spc = {
      method: 'xmr' as const,
      polarity: 'lower-is-better' as const,
      breaks: [],
      rows: rows.map((r, i) => ({ month: r.month, count: r.count, expected: 105.5, lower: 85.5, upper: 125.5, signal: i === 35 ? 'above' : null })),
    };
    const chart = trendChart(rows, { from: rows[12]!.month, to: rows[35]!.month, label: 'Burglary', document, spc: spc as never });
    // the bars, in month order: each spans [x, x + width]
    const bars = [...chart.querySelectorAll('g[aria-label="rect"] rect')].map((r) => ({ x: Number(r.getAttribute('x')), w: Number(r.getAttribute('width')) }));
    expect(bars).toHaveLength(24);
    const within = (x: number, b: { x: number; w: number }) => x > b.x + 0.25 * b.w && x < b.x + 0.75 * b.w;
    // each line of the chart (last year's counts, the rolling average, the SPC mean) ends in the last month
    const lines = [...chart.querySelectorAll('g[aria-label="line"] path')].filter((p) => !p.closest('g')!.getAttribute('class')?.includes('spc-limit'));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const path of lines) {
      const points = [...path.getAttribute('d')!.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => Number(m[1]));
      expect(within(points.at(-1)!, bars.at(-1)!), `line ${path.closest('g')!.getAttribute('class') ?? ''} ends at x=${points.at(-1)}, bar ${JSON.stringify(bars.at(-1))}`).toBe(true);
    }
    // the signal month's marker, on the last bar
    const markers = [...chart.querySelectorAll('g.spc-signal path, g[class*="spc-signal"] path')].map((m) => Number(/translate\(([\d.]+),/.exec(m.getAttribute('transform') ?? '')?.[1]));
    expect(markers).toHaveLength(1);
    expect(within(markers[0]!, bars.at(-1)!), `marker at x=${markers[0]}, bar ${JSON.stringify(bars.at(-1))}`).toBe(true);
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

describe('labels placed so that they cannot collide', () => {
  it('dodge: labels closer than the gap move apart as little as they must, in order, within bounds', () => {
    // 26 and 27 want to be 1 apart, need 1.5: each moves 0.25 (their mean, 26.5, stays); 10 is clear and stays
    expect(dodge([26, 27, 10], { gap: 1.5, lo: 1, hi: 32 })).toEqual([25.75, 27.25, 10]);
    // four labels at the bottom rank stack upwards from it: 32, 30.5, 29, 27.5 (in their input order)
    expect(dodge([32, 32, 32, 32], { gap: 1.5, lo: 1, hi: 32 })).toEqual([27.5, 29, 30.5, 32]);
    // at the top bound: pushed down from 1, not above it
    expect(dodge([1, 1, 20], { gap: 1.5, lo: 1, hi: 32 })).toEqual([1, 2.5, 20]);
    // already apart: unmoved
    expect(dodge([5, 10, 15], { gap: 1.5 })).toEqual([5, 10, 15]);
    // a chain: 10, 11, 12 need 2 apart around their mean 11
    expect(dodge([12, 10, 11], { gap: 2 })).toEqual([13, 9, 11]);
  });

  it('the rank history\'s end labels are a label height apart (13 px on a 260 px axis of 31 ranks)', () => {
    // "Burglary 26th" over "Violence with injury 27th", and two more at 32nd (Westminster-like)
    const rows: RankPoint[] = [['Burglary', 26], ['Violence with injury', 27], ['Robbery', 32], ['MOPAC7 basket', 32]].map(([category, rank]) => ({ category: category as string, to: '2023-12', rank: rank as number, of: 32 }));
    const labels = endLabels(rows, 32);
    const perRank = 260 / 31;
    const px = labels.map((l) => l.y * perRank).sort((a, b) => a - b);
    for (let i = 1; i < px.length; i++) expect(px[i]! - px[i - 1]!).toBeGreaterThanOrEqual(13 - 1e-9);
    expect(Math.max(...labels.map((l) => l.y))).toBeLessThanOrEqual(32);
    // the words still say the real rank
    expect(labels.map((l) => l.rank)).toEqual([26, 27, 32, 32]);
    const chart = rankHistory(rows, { document });
    expect([...chart.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent)).toEqual(['Burglary 26th', 'Violence with injury 27th', 'Robbery 32nd', 'MOPAC7 basket 32nd']);
  });

  it('map bands are fifths by rank, named; the title says the band the map draws', () => {
    // ten boroughs with rates 1..10: two per fifth; a tie at 4 and 4 shares a band
    const rates = new Map(Array.from({ length: 10 }, (_, i) => [`B${i + 1}`, i + 1]));
    const b = mapBands(rates);
    expect([...b.of].map(([code, x]) => `${code}:${x.band}`)).toEqual(['B1:0', 'B2:0', 'B3:1', 'B4:1', 'B5:2', 'B6:2', 'B7:3', 'B8:3', 'B9:4', 'B10:4']);
    expect(b.bands.map((x) => b.legend(x))).toEqual(['Lowest fifth: 1.0–2.0', 'Second fifth: 3.0–4.0', 'Middle fifth: 5.0–6.0', 'Fourth fifth: 7.0–8.0', 'Highest fifth: 9.0–10.0']);
    // the 6th lowest of 10 is in the middle fifth, not "the upper half" of a quantised scale
    expect(bandWords(rates, 'B6')).toBe('in the middle fifth of the 10 boroughs ranked (6th of 10, 1 = lowest rate)');
    const tied = mapBands(new Map([['A', 1], ['B', 2], ['C', 2], ['D', 3], ['E', 9]]));
    expect(tied.of.get('C')).toEqual(tied.of.get('B'));
    expect(bandWords(rates, 'nowhere')).toBeNull();
  });

  it('map bands of small rates read distinct: as many decimals as tell them apart', () => {
    // knife crime per 1,000: 32 boroughs from 0.150 to 0.274 (0.004 apart); to one decimal two bands would read "0.2–0.2"
    const rates = new Map(Array.from({ length: 32 }, (_, i) => [`B${i + 1}`, 0.15 + i * 0.004]));
    const b = mapBands(rates);
    const legend = b.bands.map((x) => b.legend(x));
    // by hand: fifths of 32 by rank are 7, 6, 7, 6, 6 boroughs (band = floor(5 (rank - 1) / 32))
    expect(legend).toEqual(['Lowest fifth: 0.150–0.174', 'Second fifth: 0.178–0.198', 'Middle fifth: 0.202–0.226', 'Fourth fifth: 0.230–0.250', 'Highest fifth: 0.254–0.274']);
    expect(new Set(legend).size).toBe(5);
    // where one decimal tells them apart, one decimal
    const one = mapBands(new Map([['A', 0.1], ['B', 0.3], ['C', 0.5], ['D', 0.7], ['E', 0.9]]));
    expect(one.bands.map((x) => one.legend(x))).toEqual(['Lowest fifth: 0.1', 'Second fifth: 0.3', 'Middle fifth: 0.5', 'Fourth fifth: 0.7', 'Highest fifth: 0.9']);
  });

  it('a count axis has whole-number ticks, and a 0-to-1 axis when every month is 0', () => {
    const zero = countTicks([{ count: 0 }, { count: 0 }]);
    expect([zero.ticks, zero.domain]).toEqual([[0, 1], [0, 1]]);
    expect(countTicks([{ count: 2 }, { count: 0 }]).ticks).toEqual([0, 1, 2]);
    // the top tick is the top of the axis: none drawn above the frame, over the axis's label
    expect(countTicks([{ count: 5.3 }, { count: 0 }]).domain).toEqual([0, 6]);
    // a value missing as NaN (a rolling average of no 12 months) is no value: the axis still has its ticks and top
    expect(countTicks([{ count: 3, rolling_avg: NaN }, { count: 328, rolling_avg: undefined }]).ticks).toBeUndefined();
    expect(countTicks([{ count: 3, rolling_avg: NaN }]).domain).toEqual([0, 3]);
    expect(countTicks([{ count: 200 }]).ticks).toBeUndefined();
    expect([0, 0.5, 1, 1000].map(countTicks([{ count: 1 }]).tickFormat)).toEqual(['0', '', '1', '1,000']);
    const chart = trendChart(Array.from({ length: 12 }, (_, i) => ({ month: addMonths('2018-01', i), count: 0, rolling_12m: null })), { from: '2018-01', to: '2018-12', label: 'Weapon searches', document });
    const ticks = [...chart.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks).toEqual(['0', '1']);
  });
});
