import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { proportionSignificance } from '../core/stats/significance.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { outcomes } from '../data/outcomes.ts';
import { MPS_SAMPLE, POLICEUK_SAMPLE, ROOT, fixture, readCsv, tempDb } from './helpers.ts';

const RAG = ['red', 'amber', 'green', 'grey'];
type Ind = Record<string, any>;

async function open(files: string[]) {
  const path = tempDb();
  await loadFiles(files, { db: path });
  const db = await Database.open(path, { readOnly: true });
  return { db, app: createApp(db) };
}
const flat = (body: { outcomes: { indicators: Ind[] }[] }) =>
  Object.fromEntries(body.outcomes.flatMap((o) => o.indicators).map((i) => [i.id, i]));

/** A borough's (Barnet's by default) MPS count for a minor category over months from..to (YYYYMM), summed from the raw sample with papaparse. */
const MPS_ROWS = readCsv(MPS_SAMPLE);
function mpsCount(minor: string, from: string, to: string, borough = 'Barnet'): number {
  return MPS_ROWS
    .filter((r) => r.Borough === borough && r['Minor Category'] === minor)
    .reduce((sum, r) => sum + Object.keys(r).filter((k) => /^\d{6}$/.test(k) && k >= from && k <= to).reduce((s, k) => s + Number(r[k]), 0), 0);
}

/** The exact two-sided conditional binomial p-value, by a plain loop: 2 × P(X ≤ min(a, b)), X ~ Binomial(a + b, ½). */
function binomialP(a: number, b: number): number {
  const n = a + b;
  let logPmf = n * Math.log(0.5); // P(X = 0)
  let logSum = logPmf;
  for (let k = 1; k <= Math.min(a, b); k++) {
    logPmf += Math.log((n - k + 1) / k); // P(X = k) = P(X = k − 1) × (n − k + 1) / k
    const hi = Math.max(logSum, logPmf);
    logSum = hi + Math.log(Math.exp(logSum - hi) + Math.exp(logPmf - hi));
  }
  return Math.min(1, 2 * Math.exp(logSum));
}

/** The local sample's rows, read straight from the gzipped file with papaparse. */
const localSample = () =>
  Papa.parse<Record<string, string>>(gunzipSync(readFileSync(join(ROOT, 'data/sample/local/barnet-local-2017-2018.csv.gz'))).toString('utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;

describe('/api/outcomes on the public samples (MPS and police.uk, no local data)', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => ({ db, app } = await open([MPS_SAMPLE, POLICEUK_SAMPLE, fixture('local/manual-indicators.csv')])));
  afterAll(() => db?.close());

  it('returns the seven outcomes, each indicator with a valid RAG and a one-line summary', async () => {
    const res = await app.request('/api/outcomes?area=Barnet&to=2018-12');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.area).toEqual({ code: 'E09000003', name: 'Barnet' });
    expect(body.outcomes.map((o: { id: number }) => o.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(body.outcomes[2].title).toMatch(/violence against women and girls/);
    for (const o of body.outcomes) {
      expect(o.indicators.length).toBeGreaterThan(0);
      for (const i of o.indicators) {
        expect(RAG).toContain(i.rag);
        expect(i.summary).toMatch(/^[^\n]+\.$/);
      }
    }
  });

  it('uses MPS where it covers an indicator: figures summed from the raw CSV, London rank, significance', async () => {
    const ind = flat(await (await app.request('/api/outcomes?area=barnet&to=2018-12')).json());
    const res = ind['burglary-residential'];
    const current = mpsCount('Burglary - Residential', '201801', '201812');
    const previous = mpsCount('Burglary - Residential', '201701', '201712');
    expect(res).toMatchObject({ source: 'mps', current, previous, change: current - previous, complete: true, of: 32 });
    expect(res.pct_change).toBeCloseTo((100 * (current - previous)) / previous, 10);
    // the London rank from the raw figures: each borough's 2018 count ÷ its 2018 mid-year population (the window's
    // middle, June 2018), 1 = lowest rate; ties share the lower rank
    const pop2018 = new Map(readCsv(join(ROOT, 'data/reference/population.csv')).filter((r) => r.year === '2018').map((r) => [r.code!, Number(r.population)]));
    const boroughs = readCsv(join(ROOT, 'data/reference/areas.csv')).filter((a) => a.borough === 'true');
    expect(boroughs).toHaveLength(32);
    const rates = boroughs.map((b) => ({ name: b.name!, count: mpsCount('Burglary - Residential', '201801', '201812', b.name), pop: pop2018.get(b.code!)! }));
    const barnet = rates.find((r) => r.name === 'Barnet')!;
    const rank = 1 + rates.filter((r) => r.count / r.pop < barnet.count / barnet.pop).length;
    expect(rank).toBe(25); // as docs/outcomes.md's example: 2,912 ÷ 392,140 × 1,000 = 7.43 per 1,000, 25th of 32
    expect(res.rank).toBe(rank);
    // the conditional binomial test by a plain loop: 2,912 vs 2,786 → p = 0.098, not significant
    const p = binomialP(current, previous);
    expect(p).toBeGreaterThan(0.05);
    expect(res.significance).toMatchObject({ test: 'conditional-binomial', significant: false });
    expect(res.significance.p_value).toBeCloseTo(p, 3);
    // no significant change: amber (a significant rise would be red, this indicator being lower-is-better)
    expect(res.rag).toBe('amber');
    // vs London at 99.8%: London's rate is every borough's count ÷ population (Barnet included); Barnet's expected
    // count E = London rate × 392,140 ≈ 2,632, σ = √E ≈ 51.3: 2,912 is (2,912 − 2,632) ÷ 51.3 ≈ 5.5σ above, far
    // beyond the 99.8% limit (≈ 3.09σ): higher
    const london = rates.reduce((s, r) => s + r.count, 0) / rates.reduce((s, r) => s + r.pop, 0);
    const e = london * barnet.pop;
    expect((current - e) / Math.sqrt(e)).toBeGreaterThan(3.09 + 1);
    expect(res.vs_london).toBe('higher');
    // up (2,912 − 2,786) ÷ 2,786 = 4.52%, rounded to 5%
    expect(Math.round((100 * (current - previous)) / previous)).toBe(5);
    expect(res.summary).toBe(
      `Residential burglary: ${current.toLocaleString('en-GB')} in the 12 months to December 2018, up 5% on the previous 12 months ` +
        `(not significant); 25th of 32 London boroughs, higher than London (99.8% limits).`,
    );
    expect(ind['mopac7'].source).toBe('mps');
    expect(ind['violence-with-injury'].source).toBe('mps');
  });

  it('a count indicator carries its monthly series: the 36 months to the period end, counts and rolling sums from the raw CSV, gaps null', async () => {
    const ind = flat(await (await app.request('/api/outcomes?area=barnet&to=2018-12')).json());
    const series = ind['burglary-residential'].series as { month: string; count: number | null; rolling_12m: number | null }[];
    // by hand: 2016-01..2018-12; the sample holds 2017-01..2018-12, so 2016 is a gap (null, never 0)
    const months: string[] = [];
    for (let y = 2016; y <= 2018; y++) for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, '0')}`);
    const counts = months.map((m) => (m < '2017-01' ? null : mpsCount('Burglary - Residential', m.replace('-', ''), m.replace('-', ''))));
    const rolling = months.map((_, i) => {
      const year = counts.slice(Math.max(0, i - 11), i + 1);
      return i >= 11 && year.every((c) => c !== null) ? year.reduce((s: number, c) => s + c!, 0) : null;
    });
    expect(series).toEqual(months.map((month, i) => ({ month, count: counts[i], rolling_12m: rolling[i] })));
    expect(series.filter((r) => r.count === null)).toHaveLength(12);
    // the last rolling sum is the indicator's current count; the first exact one (Dec 2017) its previous
    expect(series.at(-1)!.rolling_12m).toBe(ind['burglary-residential'].current);
    expect(series.find((r) => r.month === '2017-12')!.rolling_12m).toBe(ind['burglary-residential'].previous);
    // every count indicator with a source carries one; other kinds none
    for (const i of Object.values(ind) as Ind[]) {
      if (i.kind === 'count') expect(i.series).toHaveLength(36);
      else expect(i.series).toBeUndefined();
    }
  });

  it('is grey where no source covers an indicator (flags need a local extract; police.uk has only Jan-Mar 2018)', async () => {
    const ind = flat(await (await app.request('/api/outcomes?area=Barnet&to=2018-12')).json());
    for (const id of ['domestic-abuse', 'domestic-abuse-repeat', 'hate-crime', 'knife-crime', 'serious-youth-violence', 'burglary-repeat', 'residents-informed'])
      expect(ind[id].rag, id).toBe('grey');
    expect(ind['domestic-abuse'].source).toBeNull();
    expect(ind['asb']).toMatchObject({ source: null, rag: 'grey', complete: false });
  });

  it('manual indicators: value and target, green when the target is met, red when it is missed', async () => {
    const ind = flat(await (await app.request('/api/outcomes?area=Barnet&to=2018-12')).json());
    // test/fixtures/local/manual-indicators.csv: 72.0 against 70 (higher is better), previous 66.5
    expect(ind['public-confidence']).toMatchObject({ value: 72, target: 70, previous: 66.5, rag: 'green', period_end: '2018-12' });
    expect(ind['public-confidence'].change).toBeCloseTo(5.5, 10);
    // 27.1 against the target of 25 in data/outcomes.json (lower is better): missed
    expect(ind['proven-reoffending']).toMatchObject({ value: 27.1, target: 25, rag: 'red' });
    expect(ind['proven-reoffending'].summary).toMatch(/missing the target/);
    expect(ind['prevent-training']).toMatchObject({ value: 412, target: null, rag: 'amber' });
    const before = flat(await (await app.request('/api/outcomes?area=Barnet&to=2017-12&source=mps')).json());
    expect(before['public-confidence']).toMatchObject({ value: 66.5, rag: 'red' });
  });

  it('bad requests are 400 JSON naming the value', async () => {
    for (const [url, pattern] of [
      ['/api/outcomes?area=Barnett&to=2018-12', /unknown area: "Barnett"/],
      ['/api/outcomes?area=Barnet&to=2019-01', /after the last month loaded \(2018-12\)/],
      ['/api/outcomes?area=Barnet&to=2018-13', /malformed month/],
      ['/api/outcomes?area=Barnet&source=locale', /unknown source: "locale"/],
      ['/api/outcomes?area=Barnet&source=local', /local has no data loaded/],
    ] as const) {
      const res = await app.request(url);
      expect(res.status, url).toBe(400);
      expect((await res.json()).error).toMatch(pattern);
    }
  });
});

describe('/api/outcomes with the synthetic local sample', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => ({ db, app } = await open([MPS_SAMPLE, join(ROOT, 'data/sample/local')])));
  afterAll(() => db?.close());

  it('public=1: a hidden month of the series is a mark ("<5", "[c]"), never 0 or a figure, and so is every rolling sum holding one', async () => {
    const raw = flat(await (await app.request('/api/outcomes?area=barnet&to=2018-12')).json());
    const pub = flat(await (await app.request('/api/outcomes?area=barnet&to=2018-12&public=1')).json());
    let hidden = 0;
    for (const [id, i] of Object.entries(pub) as [string, Ind][]) {
      if (i.kind !== 'count' || !i.source) continue;
      const rows = i.series as { month: string; count: unknown; rolling_12m: unknown }[];
      const exact = raw[id].series as { month: string; count: number | null; rolling_12m: number | null }[];
      expect(rows.map((r) => r.month)).toEqual(exact.map((r) => r.month));
      rows.forEach((r, k) => {
        const c = exact[k]!.count;
        if (c !== null && c >= 1 && c < 5) {
          hidden++;
          expect(r.count, `${id} ${r.month}`).toMatch(/^(<5|\[c\])$/);
        } else if (typeof r.count === 'number') expect(r.count).toBe(c);
        // a rolling sum over a month not published as a number is withheld
        const year = rows.slice(Math.max(0, k - 11), k + 1);
        if (exact[k]!.rolling_12m !== null && year.some((y) => typeof y.count === 'string')) expect(r.rolling_12m, `${id} ${r.month}`).toBe('[c]');
        else expect(r.rolling_12m).toBe(exact[k]!.rolling_12m);
      });
      // the same figures as /api/trend?public=1 for these months
      const trend = await (await app.request(`/api/trend?source=${i.source}&area=barnet&category=${id}&public=1`)).json();
      expect(trend.rows.filter((r: { month: string }) => r.month >= rows[0]!.month && r.month <= rows.at(-1)!.month)).toEqual(rows.filter((r) => r.month >= trend.rows[0].month));
    }
    // the local sample's small months (hate crime strands, say) are among them
    expect(hidden).toBeGreaterThan(0);
  });

  it('takes local first, with repeat rates, a rank from MPS, and agrees with MPS where both count', async () => {
    const ind = flat(await (await app.request('/api/outcomes?area=Barnet&to=2018-12')).json());
    expect(ind['burglary-residential']).toMatchObject({ source: 'local', current: mpsCount('Burglary - Residential', '201801', '201812'), rank_source: 'mps', of: 32 });
    expect(ind['burglary-residential'].repeat.victims).toBeGreaterThan(0);
    const da = ind['domestic-abuse-repeat'];
    expect(da.source).toBe('local');
    // from the raw local sample: victims (distinct victim_id) of crimes flagged domestic_abuse=Y in the year, and
    // those with 2 or more of them
    const rows = localSample();
    const repeatRate = (year: string) => {
      const per = new Map<string, number>();
      for (const r of rows) if (r.domestic_abuse === 'Y' && r.date!.startsWith(year) && r.victim_id) per.set(r.victim_id, (per.get(r.victim_id) ?? 0) + 1);
      const repeats = [...per.values()].filter((n) => n >= 2).length;
      return { victims: per.size, repeats, rate: (100 * repeats) / per.size };
    };
    const cur = repeatRate('2018');
    const prev = repeatRate('2017');
    expect([cur.victims, cur.repeats, prev.victims, prev.repeats]).toEqual([1842, 567, 1665, 594]); // docs/outcomes.md's example
    expect(da.current).toBeCloseTo(cur.rate, 10);
    expect(da.previous).toBeCloseTo(prev.rate, 10);
    expect(da.repeat).toMatchObject({ victims: cur.victims, repeat_victims: cur.repeats });
    // two-proportion z by hand: pooled 1,161 ÷ 3,507 = 0.331, se = √(0.331 × 0.669 × (1/1,842 + 1/1,665)) = 0.0159,
    // z = (0.3078 − 0.3568) ÷ 0.0159 ≈ −3.08, p ≈ 0.002: a significant fall in a lower-is-better indicator, green
    const pooled = (cur.repeats + prev.repeats) / (cur.victims + prev.victims);
    const z = (cur.repeats / cur.victims - prev.repeats / prev.victims) / Math.sqrt(pooled * (1 - pooled) * (1 / cur.victims + 1 / prev.victims));
    expect(z).toBeLessThan(-1.96);
    expect(da.significance).toMatchObject({ test: 'two-proportion-z', significant: true });
    expect(da.significance.z).toBeCloseTo(z, 2);
    expect(da.rag).toBe('green');
    expect(ind['domestic-abuse-vwi-sanction-detection'].unit).toBe('percent');
    for (const i of Object.values(ind) as Ind[]) expect(RAG).toContain(i.rag);
  });
});

describe('priority outcomes file', () => {
  it('ships the seven outcomes and every indicator id the issue names', () => {
    const ids = outcomes().outcomes.flatMap((o) => o.indicators.map((i) => i.id));
    for (const id of ['asb', 'domestic-abuse', 'hate-crime', 'hate-crime-race', 'knife-crime', 'knife-injury-u25', 'serious-youth-violence', 'burglary', 'burglary-residential', 'mopac7', 'violence-with-injury'])
      expect(ids).toContain(id);
  });

  it('an invalid file fails with a message naming the bad key', () => {
    const file = join(dirname(tempDb()), 'outcomes.json');
    const config = JSON.parse(JSON.stringify(outcomes()));
    config.outcomes[5].indicators[0].polarity = 'lower-better';
    writeFileSync(file, JSON.stringify(config));
    expect(() => outcomes(file)).toThrow(/invalid profile at outcomes\[5\]\.indicators\[0\]\.polarity: expected "lower-is-better" or "higher-is-better", found "lower-better"/);
    config.outcomes[5].indicators[0].polarity = 'lower-is-better';
    config.outcomes = [];
    writeFileSync(file, JSON.stringify(config));
    expect(() => outcomes(file + '')).toThrow(/invalid profile at outcomes: expected at least 1 item/);
  });

  it('two-proportion z against a hand calculation: 45/192 vs 30/180', () => {
    // pooled p = 75/372 = 0.201613; se = sqrt(0.201613 x 0.798387 x (1/192 + 1/180)) = 0.041624;
    // z = (0.234375 - 0.166667) / 0.041624 = 1.6267; two-sided p = 2 x (1 - Phi(1.6267)) = 0.1038
    const s = proportionSignificance(45, 192, 30, 180);
    expect(s.z).toBeCloseTo(1.6267, 3);
    expect(s.p_value).toBeCloseTo(0.1038, 3);
    expect(s.significant).toBe(false);
    expect(proportionSignificance(90, 200, 40, 200)).toMatchObject({ significant: true, direction: 'up' });
  });
});
