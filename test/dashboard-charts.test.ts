import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { feature } from 'topojson-client';
import { describe, expect, it } from 'vitest';
import { boroughMap, type Boundaries } from '../charts/borough-map.ts';
import { changesChart, changesFinding, type ChangeRow } from '../charts/changes.ts';
import { addMonths, financialYear } from '../core/months.ts';
import { financialYears, fyFinding, fyTable, periodChange } from '../charts/fy-table.ts';
import { hotspotFinding, hotspotMap, unmatchedNote, type HotspotMap } from '../charts/hotspot-map.ts';
import { londonBars, londonFinding, londonRate, type RankRow } from '../charts/london-bars.ts';
import { rankFinding, rankHistory, type RankPoint } from '../charts/rank-history.ts';
import { repeatBars, repeatFinding, type RepeatRow } from '../charts/repeat-bars.ts';
import { seasonalityChart, seasonalityFinding } from '../charts/seasonality.ts';
import { sparkline } from '../charts/sparkline.ts';
import { trendChart, trendFinding, type TrendRow } from '../charts/trend.ts';
import { ROOT, readCsv } from './helpers.ts';
import { snapshot } from './snapshot.ts';

const { document } = new JSDOM('<!doctype html><body></body>').window;


const count = (chart: Element, mark: string, tag: string) => chart.querySelectorAll(`g[aria-label="${mark}"] ${tag}`).length;

// 24 months, 2017-01..2018-12: 100 a month in 2017, 110 in 2018, plus a winter bump (Oct +10, Nov +30, Dec +20, Jan +10).
const BUMP: Record<string, number> = { '10': 10, '11': 30, '12': 20, '01': 10 };
const months = Array.from({ length: 24 }, (_, i) => addMonths('2017-01', i));
const counts = months.map((m) => (m < '2018' ? 100 : 110) + (BUMP[m.slice(5)] ?? 0));
const TREND: TrendRow[] = months.map((month, i) => ({
  month,
  count: counts[i]!,
  rolling_12m: i < 11 ? null : counts.slice(i - 11, i + 1).reduce((a, b) => a + b, 0),
}));

describe('chart functions render marks from their data (SVG snapshots in test/output)', () => {
  it('trend: a bar per month, last year dashed, rolling average; finding in words', () => {
    const chart = trendChart(TREND, { from: '2018-01', to: '2018-12', label: 'Burglary', document });
    expect(count(chart, 'rect', 'rect')).toBe(12);
    expect(count(chart, 'line', 'path')).toBe(2);
    snapshot('trend', chart);
    // the title reads the engine's verdict (/api/rolling), here by hand: 2018: 12 x 110 + 70 = 1,390; 2017: 12 x 100 + 70 = 1,270; +120 / 1,270 = +9.4%
    const verdict = { current: { count: 1390, complete: true }, previous: { count: 1270, complete: true }, change: 120, pct_change: (100 * 120) / 1270, not_compared: null };
    expect(trendFinding(TREND, { from: '2018-01', to: '2018-12', label: 'Burglary in Barnet', verdict })).toBe(
      'Burglary in Barnet: 1,390 in the 12 months to December 2018, up 9% on the 12 months before',
    );
    // across a series break the engine makes no comparison: the title says why, and works out none of its own
    const reason = 'the MPS changed crime classification in July 2018: categories before and after are not like for like';
    expect(trendFinding(TREND, { from: '2018-01', to: '2018-12', label: 'Burglary in Barnet', verdict: { ...verdict, change: null, pct_change: null, not_compared: reason } })).toBe(
      `Burglary in Barnet: 1,390 in the 12 months to December 2018; not compared with the 12 months before: ${reason}`,
    );
    // no rolling total 12 months before Dec 2017 (the engine compares nothing): say so, with the window's total (1,270)
    const first = { current: { count: 1270, complete: true }, previous: { count: null, complete: false }, change: null, pct_change: null, not_compared: null };
    for (const v of [first, null])
      expect(trendFinding(TREND, { from: '2017-01', to: '2017-12', label: 'Burglary', verdict: v })).toBe(
        'Burglary: 1,270 from January 2017 to December 2017 (no full year before it to compare with)',
      );
  });

  it('seasonality: a cell per month, the winter peak named', () => {
    const chart = seasonalityChart(TREND, { label: 'Burglary', document });
    expect(count(chart, 'cell', 'rect')).toBe(24);
    snapshot('seasonality', chart);
    // November averages (130 + 140) / 2 = 135; February..September 105; 30 / 105 = 29% more
    expect(seasonalityFinding(TREND, 'Burglary')).toBe(
      'Burglary is highest in November and lowest in February (135 against 105 a month on average, 29% more)',
    );
    expect(seasonalityFinding(TREND.slice(0, 6), 'Burglary')).toMatch(/too few to show a seasonal pattern/);
  });

  it('seasonality honours the range chosen: only the months from..to, the range said, a missing calendar month a gap in words', () => {
    // April 2017 to March 2018, by hand from BUMP: Apr..Sep 2017 100 each, Oct 110, Nov 130, Dec 120, Jan 2018 120,
    // Feb and Mar 2018 110. Highest November 130, lowest April 100 (the first of the 100s): 30 / 100 = 30% more;
    // over all 24 months it would be November 135 against February 105 (29%), so the range is what is read
    const range = { from: '2017-04', to: '2018-03' };
    expect(seasonalityFinding(TREND, 'Burglary', range)).toBe(
      'Burglary from April 2017 to March 2018 is highest in November and lowest in April (130 against 100 a month on average, 30% more)',
    );
    const chart = seasonalityChart(TREND, { label: 'Burglary', range, document });
    expect(count(chart, 'cell', 'rect')).toBe(12);
    expect(chart.outerHTML).toContain('April 2017 to March 2018');
    // the whole series as a range reads as before
    expect(seasonalityFinding(TREND, 'Burglary', { from: '2017-01', to: '2018-12' })).toBe(
      'Burglary from January 2017 to December 2018 is highest in November and lowest in February (135 against 105 a month on average, 29% more)',
    );
    // 2018 with June and July not covered (null counts): those calendar months are gaps in words, never 0 or NaN,
    // even though June and July 2017 are loaded (outside the range)
    const holes = TREND.map((r) => (r.month === '2018-06' || r.month === '2018-07' ? { ...r, count: null as unknown as number } : r));
    const gap = seasonalityFinding(holes, 'Burglary', { from: '2018-01', to: '2018-12' });
    expect(gap).toBe(
      'Burglary from January 2018 to December 2018: 10 of the 12 calendar months covered (no data for June and July: a gap, not a zero), too few to show a seasonal pattern',
    );
    expect(gap).not.toMatch(/NaN|\b0\b/);
    expect(count(seasonalityChart(holes, { label: 'Burglary', range: { from: '2018-01', to: '2018-12' }, document }), 'cell', 'rect')).toBe(10);
    expect(seasonalityFinding(holes, 'Burglary')).toMatch(/^Burglary is highest in November/); // no range: 2017 covers June and July
  });

  it('sparkline: the rolling line and its last point', () => {
    const chart = sparkline(TREND, { document });
    expect(count(chart, 'line', 'path')).toBe(1);
    snapshot('sparkline', chart);
  });

  // The 32 boroughs in code order: count 100 + 10 i on a population of 100,000, so the rate is 1 + 0.1 i per 1,000.
  const boroughs = readCsv(join(ROOT, 'data/reference/areas.csv')).filter((a) => a.borough === 'true');
  const RANKS: RankRow[] = boroughs.map((a, i) => ({ area: { code: a.code!, name: a.name! }, count: 100 + 10 * i, population: 100_000, rate_per_1000: 1 + 0.1 * i, rank: i + 1 }));

  it('London bars: one bar per borough, the area highlighted, London as a rule', () => {
    // (32 x 100 + 10 x (0 + … + 31)) / 3,200,000 x 1,000 = 8,160 / 3,200 = 2.55
    expect(londonRate(RANKS)).toBeCloseTo(2.55, 10);
    const chart = londonBars(RANKS, { area: 'E09000003', label: 'Burglary', londonRate: 2.55, document });
    expect(count(chart, 'bar', 'rect')).toBe(32);
    expect(chart.querySelectorAll('g[aria-label="bar"] rect[fill="#1f2933"]').length).toBe(1);
    expect(count(chart, 'rule', 'line')).toBe(2);
    snapshot('london-bars', chart);
    expect(londonFinding(RANKS, { area: 'E09000003', label: 'Burglary', londonRate: 2.55 })).toMatch(
      /^Barnet ranks 2nd of 32 London boroughs for burglary \(1 = lowest rate\): 1\.1 per 1,000 residents, below London's 2\.[56]$/,
    );
  });

  const topo = (name: string) => JSON.parse(readFileSync(join(ROOT, `data/reference/boundaries/${name}.topojson`), 'utf8'));
  const toGeo = (name: string) => {
    const t = topo(name);
    return feature(t, t.objects.layer) as unknown as Boundaries;
  };

  it('borough map: 33 shapes, the area outlined, the ONS attribution kept', () => {
    const fc = toGeo('london-boroughs');
    const chart = boroughMap(fc, new Map(RANKS.map((r) => [r.area.code, r.rate_per_1000!])), { area: 'E09000003', label: 'Burglary', document });
    expect(chart.querySelectorAll('g[aria-label="geo"]')[0]!.querySelectorAll('path').length).toBe(33);
    expect(chart.textContent).toContain('Office for National Statistics');
    snapshot('borough-map', chart);
  });

  it('hotspot map: the LSOAs shaded, 2011 codes not in the 2021 boundaries drawn as circles and counted', () => {
    const all = toGeo('london-lsoa-2021');
    const city = { ...all, features: all.features.filter((f) => f.properties.lad22cd === 'E09000001') };
    const h: HotspotMap = {
      area: { code: 'E09000001', name: 'City of London' },
      category: { id: 'burglary', label: 'Burglary' },
      from: '2018-01',
      to: '2018-03',
      total: 20,
      not_in_boundaries: { incidents: 5, lsoas: 2, no_lsoa: 0, drawn_by_coordinates: 4 },
      rows: [
        ...city.features.map((f, i) => ({ lsoa_code: f.properties.lsoa21cd!, lsoa_name: f.properties.lsoa21nm!, count: i + 1, previous_count: null, change: null, repeat_locations: i % 2, in_boundaries: true, longitude: null, latitude: null })),
        { lsoa_code: 'E01000001', lsoa_name: 'City of London 001A', count: 4, previous_count: null, change: null, repeat_locations: 1, in_boundaries: false, longitude: -0.0955, latitude: 51.5155 },
        { lsoa_code: 'E01000099', lsoa_name: null, count: 1, previous_count: null, change: null, repeat_locations: 0, in_boundaries: false, longitude: null, latitude: null },
      ].sort((a, b) => b.count - a.count),
    };
    const chart = hotspotMap(city, h, { document });
    expect(count(chart, 'geo', 'path')).toBe(city.features.length);
    expect(count(chart, 'dot', 'circle')).toBe(1);
    expect(unmatchedNote(h)).toBe('5 incidents in 2 LSOAs whose code is not in the 2021 boundaries are drawn as circles at their average position, except 1 with no coordinates, not drawn.');
    // a local extract: no coordinates at all, and incidents recorded without an LSOA
    const local = { ...h, not_in_boundaries: { incidents: 9, lsoas: 1, no_lsoa: 7, drawn_by_coordinates: 0 } };
    expect(unmatchedNote(local)).toBe('2 incidents in 1 LSOAs whose code is not in the 2021 boundaries have no coordinates and are not drawn; 7 incidents have no LSOA and are not drawn.');
    // the note wraps onto lines (tspans): compare without the spaces
    expect(chart.textContent!.replace(/\s/g, '')).toContain(unmatchedNote(h).replace(/\s/g, ''));
    expect(chart.textContent).toContain('Office for National Statistics');
    snapshot('hotspot-map', chart);
    expect(hotspotFinding(h)).toMatch(/^City of London 00\d[A-Z] had the most burglary \(\d+\); the busiest 10 of \d+ LSOAs held \d+% of City of London's 20$/);
  });

  it('financial years: April to March, part-years marked and not compared', () => {
    expect([financialYear('2018-03'), financialYear('2018-04')]).toEqual(['2017/18', '2018/19']);
    const rows = financialYears('Burglary', TREND);
    // 2016/17 = Jan-Mar 2017 (110 + 100 + 100); 2017/18 = Apr 2017-Mar 2018 (9 x 100 + 60 + 3 x 110 + 10); 2018/19 = Apr-Dec 2018 (9 x 110 + 60)
    expect(rows.map((r) => [r.fy, r.count, r.months])).toEqual([['2016/17', 310, 3], ['2017/18', 1300, 12], ['2018/19', 1050, 9]]);
    const chart = fyTable([...rows, ...financialYears('Robbery', TREND.map((r) => ({ ...r, count: Math.round(r.count / 4) })))], { document });
    expect(count(chart, 'cell', 'rect')).toBe(6);
    // a part-year's months on a line of their own under its count, not squeezed beside it
    expect([...chart.querySelectorAll('text')].map((t) => t.textContent).filter((t) => /^\d+ of 12 months$/.test(t ?? ''))).toEqual(['3 of 12 months', '9 of 12 months', '3 of 12 months', '9 of 12 months']);
    expect(chart.textContent).not.toContain(' mo)');
    snapshot('fy-table', chart);
    expect(fyFinding(rows)).toBe('Only one complete financial year (2017/18) loaded: no change over the period to report yet');
  });

  it('financial years: a year the engine did not compare across a series break is not shaded, and the change over the period starts after it', () => {
    const reason = 'the MPS changed crime classification in April 2018: categories before and after are not like for like';
    const rows = [
      { category: 'Burglary', fy: '2016/17', count: 1000, months: 12, pct_vs_previous: null, source: 'MPS' },
      { category: 'Burglary', fy: '2017/18', count: 1200, months: 12, pct_vs_previous: 20, source: 'MPS' },
      { category: 'Burglary', fy: '2018/19', count: 700, months: 12, pct_vs_previous: null, not_compared: reason, source: 'MPS' },
      { category: 'Burglary', fy: '2019/20', count: 770, months: 12, pct_vs_previous: 10, source: 'MPS' },
    ];
    // 2018/19 to 2019/20: +70 on 700 = +10%; never 1,000 to 770 across the break (-23%)
    expect(periodChange(rows)).toEqual({ from: '2018/19', to: '2019/20', change: 70, pct: 10 });
    expect(fyFinding(rows)).toMatch(/^From 2018\/19 to 2019\/20, burglary changed most upward \(\+10(\.0)?%\)/);
    const chart = fyTable(rows, { document });
    const titles = [...chart.querySelectorAll('title')].map((t) => t.textContent);
    expect(titles).toContain(`Burglary 2018/19: 700 in 12 of 12 months (MPS); not compared with the year before: ${reason}`);
    // only two years, either side of the break: no change over the period, and the table says why
    const two = rows.slice(1, 3);
    expect(periodChange(two)).toBeNull();
    expect(fyFinding(two)).toBe('No change over the period to report: a series break leaves fewer than two comparable complete years (burglary)');
    expect(fyTable(two, { document }).textContent).toContain('n/a: series');
  });

  const CHANGES: ChangeRow[] = [
    { label: 'Burglary', current: 130, previous: 100, pct_change: 30, z: 2.8, significant: true },
    { label: 'Robbery', current: 80, previous: 100, pct_change: -20, z: -2.1, significant: true },
    { label: 'Theft', current: 105, previous: 100, pct_change: 5, z: 0.5, significant: false },
  ];
  it('significant changes: only the significant ones, rises and falls', () => {
    const chart = changesChart(CHANGES, { document });
    expect(count(chart, 'bar', 'rect')).toBe(2);
    snapshot('changes', chart);
    expect(changesFinding(CHANGES)).toBe('2 of 3 categories changed significantly: largest rise burglary (+30%); largest fall robbery (−20%)');
    expect(changesFinding(CHANGES.slice(2))).toBe('None of the 1 categories changed significantly on the previous 12 months');
  });

  it('repeat victimisation: a bar per indicator, grouped by outcome', () => {
    const rows: RepeatRow[] = [
      { outcome: '3. VAWG', indicator: 'Domestic abuse', unit: 'victim', rate: 31.2, repeats: 568, of: 1819 },
      { outcome: '1. Confidence', indicator: 'ASB', unit: 'victim', rate: 12.5, repeats: 25, of: 200 },
      { outcome: '6. Burglary', indicator: 'Burglary', unit: 'location', rate: 8, repeats: 8, of: 100 },
    ];
    const chart = repeatBars(rows, { document });
    expect(count(chart, 'bar', 'rect')).toBe(3);
    snapshot('repeat-bars', chart);
    expect(repeatFinding(rows)).toBe('Domestic abuse has the highest repeat rate: 31.2% of victims (568 of 1,819) had more than one incident in 12 months');
  });

  it('rank history: rank 1 at the top, a point per date and category', () => {
    const rows: RankPoint[] = ['2017-12', '2018-06', '2018-12'].flatMap((to, i) => [
      { category: 'Burglary', to, rank: 20 + i, of: 32 },
      { category: 'Robbery', to, rank: 10 - 3 * i, of: 32 },
    ]);
    const chart = rankHistory(rows, { document });
    expect(count(chart, 'dot', 'circle')).toBe(6);
    snapshot('rank-history', chart);
    expect(rankFinding(rows, 'Barnet')).toBe("Barnet's biggest move: robbery went from 10th to 4th of 32 (better) between the 12 months to Dec 2017 and to Dec 2018");
  });
});
