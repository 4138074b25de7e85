import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { initProfile } from '../data/profile-init.ts';
import { MPSDASH_KNIFE, MPSDASH_OTHER, ROOT, readCsv, readDashboard, tempDb, type DashRow } from './helpers.ts';

type Ind = Record<string, any>;
const BARNET = 'E09000003';
const BOROUGHS = readCsv(join(ROOT, 'data/reference/areas.csv')).filter((a) => a.borough === 'true').map((a) => a.code!);

/**
 * The population a rate for a window whose middle falls in `year` divides by: the nearest year's, the earlier on a tie
 * (by hand from population.csv, London's series to 2022, and the ONS mid-2023 and mid-2024 estimates of every local
 * authority shipped in national/, which add the years London's series lacks).
 */
const LONDON_SERIES = readCsv(join(ROOT, 'data/reference/population.csv'));
const POPULATION = [
  ...LONDON_SERIES,
  ...[2023, 2024].flatMap((year) =>
    readCsv(join(ROOT, `data/reference/national/lad-population-mid${year}.csv`))
      .filter((r) => !LONDON_SERIES.some((l) => l.code === r.lad_code && Number(l.year) === year))
      .map((r) => ({ code: r.lad_code!, year: String(year), population: r.population! })),
  ),
];
function populationOf(code: string, year: number): number {
  let best: { score: number; population: number } | undefined;
  for (const p of POPULATION.filter((p) => p.code === code)) {
    const y = Number(p.year);
    const score = Math.abs(y - year) * 2 + (y > year ? 1 : 0);
    if (!best || score < best.score) best = { score, population: Number(p.population) };
  }
  return best!.population;
}

const OTHER = readDashboard(MPSDASH_OTHER);
const KNIFE = readDashboard(MPSDASH_KNIFE);
const KNIFE_MONTHS = new Set(KNIFE.map((r) => r.month));
/** The rows that hold after both files are loaded: knife crime from the knife file (the later refresh) where it has the month. */
const ROWS = [...OTHER.filter((r) => !(r.type === 'Knife Crime' && KNIFE_MONTHS.has(r.month))), ...KNIFE].filter(
  (r) => r.areaType === 'Borough' && /^E09/.test(r.code),
);

const months = (from: string, to: string) => (r: DashRow) => r.month >= from && r.month <= to;
/** Each borough's sum of one published subtype and measure over a window (an absent row is 0). */
function sums(subtype: string, measure: string, inWindow: (r: DashRow) => boolean): Map<string, number> {
  const out = new Map(BOROUGHS.map((b) => [b, 0]));
  for (const r of ROWS) if (r.subtype === subtype && r.measure === measure && inWindow(r)) out.set(r.code, out.get(r.code)! + r.count);
  return out;
}
/** Rank of `code` among all boroughs by value, 1 = the lowest (or the highest), ties sharing the better rank. */
function rankOf(values: Map<string, number>, code: string, lowestFirst: boolean): number {
  const mine = values.get(code)!;
  return 1 + [...values.values()].filter((v) => (lowestFirst ? v < mine : v > mine)).length;
}

/** The Barnet profile's four outcomes read from the dashboard: indicator id -> the published subtype it is. */
const FOUR: Record<string, string> = {
  'domestic-abuse': 'Domestic Abuse',
  'hate-crime-race': 'Racist Crime',
  'hate-crime-religion': 'Faith Crime',
  'hate-crime-sexual-orientation': 'Homophobic Crime',
  'hate-crime-transgender': 'Transphobic Crime',
  'hate-crime-disability': 'Disability Crime',
  'hate-crime': 'Hate crime',
  'knife-crime': 'Knife Crime',
  'knife-injury-u25': 'Knife Injury Victims (non DA 1-24)',
};

describe('the Barnet scorecard from the MPS dashboard alone (no local extract, no other source)', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  let body: { outcomes: { indicators: Ind[] }[] };
  const byId = () => Object.fromEntries(body.outcomes.flatMap((o) => o.indicators).map((i) => [i.id, i]));
  beforeAll(async () => {
    const path = tempDb();
    await loadFiles([MPSDASH_OTHER, MPSDASH_KNIFE], { db: path });
    db = await Database.open(path, { readOnly: true });
    app = createApp(db);
    const res = await app.request('/api/outcomes?area=Barnet&to=2023-07');
    expect(res.status).toBe(200);
    body = (await res.json()) as typeof body;
  });
  afterAll(() => db?.close());

  for (const [id, subtype] of Object.entries(FOUR))
    it(`${id}: the published "${subtype}" for Barnet, with its London rank by rate per 1,000 (by hand from the raw files)`, () => {
      const ind = byId()[id]!;
      const current = sums(subtype, 'Offences', months('2022-08', '2023-07'));
      const previous = sums(subtype, 'Offences', months('2021-08', '2022-07'));
      expect(ind).toMatchObject({ source: 'mpsdash', state: 'number', current: current.get(BARNET), previous: previous.get(BARNET), complete: true });
      // 12 months August 2022 to July 2023: the middle month is in 2023 (api/indicators/engine.ts midYear)
      const rates = new Map(BOROUGHS.map((b) => [b, (1000 * current.get(b)!) / populationOf(b, 2023)]));
      expect(ind.rate_per_1000).toBeCloseTo(rates.get(BARNET)!, 9);
      expect(ind.rank).toBe(rankOf(rates, BARNET, true));
      expect(ind.of).toBe(32);
      expect(ind.rank_scope.london).toBe(true);
      expect(ind.compare).toMatchObject({ source: 'mpsdash', rank: ind.rank, of: 32 });
      const london = (1000 * [...current.values()].reduce((s, n) => s + n, 0)) / BOROUGHS.reduce((s, b) => s + populationOf(b, 2023), 0);
      expect(ind.compare.london_rate_per_1000).toBeCloseTo(london, 9);
      expect(['higher', 'lower', 'similar']).toContain(ind.vs_london);
    });

  it('each offence count carries its positive outcome rate (PO / offences from the raw file), labelled as the MPS measure and ranked across London', () => {
    for (const [id, subtype] of Object.entries(FOUR)) {
      if (id === 'knife-injury-u25') continue;
      const ind = byId()[id]!;
      const window = months('2022-08', '2023-07');
      const po = sums(subtype, 'Positive Outcomes', window);
      const offences = sums(subtype, 'Offences', window);
      const rates = new Map(BOROUGHS.map((b) => [b, (100 * po.get(b)!) / offences.get(b)!]));
      expect(ind.positive_outcomes, id).toMatchObject({
        k: po.get(BARNET),
        n: offences.get(BARNET),
        rank: rankOf(rates, BARNET, false),
        of: 32,
        label: 'positive outcome rate (MPS measure, not a sanction-detection rate)',
      });
      expect(ind.positive_outcomes.rate).toBeCloseTo(rates.get(BARNET)!, 9);
    }
  });

  it('knife injury victims under 25 (non-domestic) is a count of victims, says so, and has no positive outcomes', () => {
    const ind = byId()['knife-injury-u25']!;
    expect(ind.note).toMatch(/a count of victims/);
    expect(ind.positive_outcomes).toBeNull();
  });

  it('a window the dashboard covers only in part is partial and never ranked; knife crime, covered on, is', async () => {
    const res = await app.request('/api/outcomes?area=Barnet&to=2024-02');
    const all = Object.fromEntries(((await res.json()) as typeof body).outcomes.flatMap((o) => o.indicators).map((i) => [i.id, i]));
    // March 2023 to February 2024: OtherCrimeData ends July 2023 (5 months), KnifeCrimeData runs on
    expect(all['domestic-abuse']).toMatchObject({ source: 'mpsdash', state: 'partial', months_covered: 5, rank: null, positive_outcomes: null });
    expect(all['domestic-abuse'].current).toBe(sums('Domestic Abuse', 'Offences', months('2023-03', '2024-02')).get(BARNET));
    expect(all['knife-crime']).toMatchObject({ source: 'mpsdash', state: 'number', current: sums('Knife Crime', 'Offences', months('2023-03', '2024-02')).get(BARNET), of: 32 });
  });

  it('the profile prefers the dashboard after a local extract, and saferboard init profiles do too', () => {
    const barnet = JSON.parse(readFileSync(join(ROOT, 'data/profiles/barnet.json'), 'utf8'));
    expect(barnet.source_order).toEqual(['local', 'mpsdash', 'mps', 'policeuk']);
    const out = join(mkdtempSync(join(tmpdir(), 'saferboard-init-')), 'profile.json');
    const { profile } = initProfile({ area: 'Haringey', out });
    expect(profile.source_order.slice(0, 2)).toEqual(['local', 'mpsdash']);
  });
});

describe('a public scorecard withholds a small positive-outcome count', () => {
  it('keeps the rate when k, n and n - k are all large, withholds it when one is small', async () => {
    const { publicOutcomes } = await import('../api/disclosure/scorecard.ts');
    const body = (k: number, n: number) => ({
      area: { code: BARNET, name: 'Barnet' },
      to: '2023-07',
      outcomes: [{ indicators: [{ id: 'knife-crime', kind: 'count', source: 'mpsdash', current: n, previous: n, change: 0, rag: 'amber', summary: 's', windows: null, compare: null, spc: null, series: null, repeat: null, positive_outcomes: { k, n, rate: (100 * k) / n, rank: 3, of: 32, london_rate: 10, label: 'l' } }] }],
    });
    const shown = (k: number, n: number) => (publicOutcomes(body(k, n), 5).outcomes[0]!.indicators[0] as Ind).positive_outcomes;
    expect(shown(59, 398)).toMatchObject({ k: 59, n: 398 });
    expect(shown(3, 398)).toBeNull();
    expect(shown(396, 398)).toBeNull();
  });
});
