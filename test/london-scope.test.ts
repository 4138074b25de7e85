import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, POLICEUK_SAMPLE, ROOT, readCsv, tempDb } from './helpers.ts';

async function open(files: string[]) {
  const path = tempDb();
  await loadFiles(files, { db: path });
  const db = await Database.open(path, { readOnly: true });
  return { db, app: createApp(db) };
}

const LOCAL = join(ROOT, 'data/sample/local/barnet-local-2017-2018.csv.gz');

/** The Barnet local extract relabelled to another borough: the `area` column (a name or GSS code) replaced. */
function relabel(name: string): string {
  const rows = Papa.parse<Record<string, string>>(gunzipSync(readFileSync(LOCAL)).toString('utf8'), { header: true, skipEmptyLines: true }).data;
  for (const r of rows) {
    r.area = name;
    r.incident_id = `${name.slice(0, 3).toUpperCase()}${r.incident_id}`;
  }
  const file = join(mkdtempSync(join(tmpdir(), 'saferboard-scope-')), `${name.toLowerCase()}-local-2017-2018.csv`);
  writeFileSync(file, Papa.unparse(rows));
  return file;
}

const BOROUGHS = readCsv(join(ROOT, 'data/reference/areas.csv')).filter((a) => a.borough === 'true');
const POPULATION = readCsv(join(ROOT, 'data/reference/population.csv'));

/** The months of the 12 ending `to` (YYYY-MM), by hand. */
function twelveTo(to: string): string[] {
  const out: string[] = [];
  let [y, m] = to.split('-').map(Number) as [number, number];
  for (let i = 0; i < 12; i++) {
    out.unshift(`${y}${String(m).padStart(2, '0')}`);
    if (--m === 0) [y, m] = [y - 1, 12];
  }
  return out;
}

/**
 * Each borough's residential burglary rate per 1,000 over the 12 months to `to`, from the raw MPS CSV with plain
 * loops: the count ÷ the population of the year of the window's middle (six months before its end).
 */
function mpsRates(to: string): { code: string; rate: number }[] {
  const cols = twelveTo(to);
  const [y, m] = to.split('-').map(Number) as [number, number];
  const year = String(m > 6 ? y : y - 1);
  const mps = readCsv(MPS_SAMPLE);
  return BOROUGHS.map((b) => {
    let count = 0;
    for (const r of mps) if (r.Borough === b.name && r['Minor Category'] === 'Burglary - Residential') for (const c of cols) count += Number(r[c]);
    const pop = Number(POPULATION.find((p) => p.code === b.code && p.year === year)!.population);
    return { code: b.code!, rate: (count / pop) * 1000 };
  });
}

/** Ranks by hand: 1 + how many are better (lower when lower is better, higher when higher is better); ties share. */
function handRanks(rows: { code: string; rate: number }[], best: 'lowest' | 'highest'): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    let rank = 1;
    for (const o of rows) if (best === 'lowest' ? o.rate < r.rate : o.rate > r.rate) rank++;
    out.set(r.code, rank);
  }
  return out;
}

describe('London figures need every borough: a local extract for 3 boroughs', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => ({ db, app } = await open([LOCAL, relabel('Camden'), relabel('Haringey')])), 120_000);
  afterAll(() => db?.close());

  it('/api/ranks?source=local ranks the 3 boroughs, labelled as such, with no London rate or vs_london', async () => {
    const res = await app.request('/api/ranks?source=local&category=burglary-residential&to=2018-12');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.of).toBe(3);
    expect(body.scope).toMatchObject({ areas: 3, london: false, label: 'the 3 boroughs with a local extract' });
    expect(body.scope.reason).toMatch(/32/);
    expect(body.london).toEqual({ count: null, population: null, rate_per_1000: null });
    expect(body.london_comparator.rate_per_1000).toBeNull();
    const ranked = body.rows.filter((r: { rank: number | null }) => r.rank !== null);
    expect(ranked.map((r: { area: { name: string } }) => r.area.name).sort()).toEqual(['Barnet', 'Camden', 'Haringey']);
    for (const r of body.rows) {
      expect(r.vs_london).toBeNull();
      expect(r.vs_london_95).toBeNull();
    }
    expect(body.scope.label).not.toMatch(/London|32/);
  });

  it('/api/league labels a 3-borough source with its scope, not London', async () => {
    const res = await app.request('/api/league?indicator=burglary-residential&to=2018-12');
    expect(res.status).toBe(200);
    const body = await res.json();
    if (body.source === 'local') {
      expect(body.scope).toMatchObject({ areas: 3, london: false });
      expect(body.london).toEqual({ count: null, population: null, rate: null });
      for (const r of body.rows) expect(r.vs_london).toBeNull();
    } else expect(body.scope.london).toBe(false);
  });

  it('/api/outcomes from the local source has no London rank or vs_london, and says why', async () => {
    const res = await app.request('/api/outcomes?area=Barnet&to=2018-12&source=local');
    expect(res.status).toBe(200);
    const body = await res.json();
    const inds = body.outcomes.flatMap((o: { indicators: Record<string, unknown>[] }) => o.indicators);
    const burglary = inds.find((i: { id: string }) => i.id === 'burglary-residential');
    expect(burglary.source).toBe('local');
    expect(burglary.state).toBe('number');
    for (const i of inds) {
      expect(i.rank).toBeNull();
      expect(i.of).toBeNull();
      expect(i.vs_london).toBeNull();
      expect(String(i.summary)).not.toMatch(/London boroughs|of 32/);
    }
    expect(burglary.rank_scope).toMatchObject({ london: false });
    expect(burglary.rank_scope.reason).toMatch(/no London rank/);
  });

  it("/api/outcomes' compare ranks Barnet among the 3 with no London rate, as the /api/league row does", async () => {
    const body = await (await app.request('/api/outcomes?area=Barnet&to=2018-12&source=local')).json();
    const i = body.outcomes.flatMap((o: { indicators: Record<string, any>[] }) => o.indicators).find((x: { id: string }) => x.id === 'burglary-residential');
    const league = await (await app.request('/api/league?indicator=burglary-residential&to=2018-12')).json();
    expect(league.source).toBe('local');
    const row = league.rows.find((r: { area: { code: string } }) => r.area.code === 'E09000003');
    expect(i.compare).toMatchObject({ source: 'local', london_rate_per_1000: null, vs_london: null, vs_london_95: null, of: 3 });
    expect(i.compare.scope).toMatchObject({ areas: 3, london: false, label: 'the 3 boroughs with a local extract' });
    expect(i.compare.scope.reason).toMatch(/3 of the 32 London boroughs/);
    expect({ rate: i.compare.rate_per_1000, rank: i.compare.rank, of: i.compare.of, london: i.compare.london_rate_per_1000, scope: i.compare.scope, count: i.compare.count, population: i.compare.population }).toEqual({
      rate: row.rate, rank: row.rank, of: league.of, london: league.london.rate, scope: league.scope, count: row.count, population: row.population,
    });
    expect([1, 2, 3]).toContain(i.compare.rank);
    // the result's London rank stays empty: a rank among 3 is not a London rank
    expect(i.rank).toBeNull();
  });

  it('/api/league?history: each quarter end of a 3-borough source ranks the 3, labelled as such, never as London', async () => {
    const res = await app.request('/api/league?indicator=burglary-residential&to=2018-12&history=4');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.source).toBe('local');
    expect(body.history.map((q: { to: string }) => q.to)).toEqual(['2018-03', '2018-06', '2018-09', '2018-12']);
    for (const q of body.history) {
      expect(q.scope, q.to).toMatchObject({ areas: 3, london: false, label: 'the 3 boroughs with a local extract' });
      expect(q.scope.reason, q.to).toMatch(/3 of the 32 London boroughs/);
      expect(q.of).toBe(3);
      expect(q.rows.map((r: { rank: number }) => r.rank).sort()).toEqual([1, 2, 3]);
      expect(q.rows.map((r: { code: string }) => r.code).sort()).toEqual(['E09000003', 'E09000007', 'E09000014']);
    }
  });
});

describe("Barnet's local extract with the MPS sample: a local figure compared on MPS; a local-only one not at all", () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => ({ db, app } = await open([LOCAL, MPS_SAMPLE])), 120_000);
  afterAll(() => db?.close());
  const indicators = async (q: string) =>
    (await (await app.request(`/api/outcomes?area=Barnet&to=2018-12${q}`)).json()).outcomes.flatMap((o: { indicators: Record<string, any>[] }) => o.indicators) as Record<string, any>[];

  it('a local count ranked on MPS: compare is on MPS, equal to the /api/league row, London rate by hand', async () => {
    const inds = await indicators('');
    const i = inds.find((x) => x.id === 'burglary-residential')!;
    expect(i).toMatchObject({ source: 'local', rank_source: 'mps' });
    const league = await (await app.request('/api/league?indicator=burglary-residential&to=2018-12')).json();
    expect(league.source).toBe('mps'); // the local extract has one borough: not two to rank
    const row = league.rows.find((r: { area: { code: string } }) => r.area.code === 'E09000003');
    expect(i.compare).toMatchObject({ source: 'mps', rank: row.rank, of: 32, rate_per_1000: row.rate, london_rate_per_1000: league.london.rate, vs_london: row.vs_london, count: row.count });
    expect(i.compare.source_rule).toMatch(/^mps: a local figure is ranked on the first public source/);
    expect(i.compare.rank).toBe(i.rank);
    // MPS's rate by hand from the raw CSV (the local sample's residential burglaries are the same count)
    expect(i.compare.rate_per_1000).toBeCloseTo(mpsRates('2018-12').find((r) => r.code === 'E09000003')!.rate, 9);
  });

  it('an indicator only the local extract expresses (one borough: nobody to rank) has compare null', async () => {
    const inds = await indicators('');
    const asb = inds.find((x) => x.id === 'asb')!;
    expect(asb).toMatchObject({ source: 'local', state: 'number', rank: null, compare: null });
    // every count indicator: a compare only where the result has a London rank, and then on its rank source
    const counts = inds.filter((x) => x.kind === 'count');
    expect(counts.filter((x) => x.compare).length).toBeGreaterThan(3);
    for (const x of counts) {
      if (x.compare === null) continue;
      expect(x.compare.scope.london, x.id).toBe(true);
      expect(x.compare.source, x.id).toBe(x.rank_source ?? x.source);
      expect(x.compare.rank, x.id).toBe(x.rank);
    }
  });

  it('public=1: compare holds no London rate (withheld, named), the area rate of a large count is kept', async () => {
    const inds = await indicators('&public=1');
    const i = inds.find((x) => x.id === 'burglary-residential')!;
    expect(i.compare.london_rate_per_1000).toBeNull();
    expect(i.compare.rate_per_1000).toBeGreaterThan(0);
    expect(i.disclosure.withheld).toContain('compare.london_rate_per_1000');
    // a withheld London rate alone does not rewrite the summary
    expect(i.summary).toMatch(/of 32 London boroughs/);
  });
});

describe('the MPS sample covers every borough: London ranks of 32', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => ({ db, app } = await open([MPS_SAMPLE])), 120_000);
  afterAll(() => db?.close());

  it('/api/ranks?source=mps ranks 32 boroughs with a London rate and vs_london; Barnet is where the raw CSV puts it', async () => {
    const body = await (await app.request('/api/ranks?source=mps&category=burglary-residential&to=2018-12')).json();
    expect(body.of).toBe(32);
    expect(body.scope).toMatchObject({ areas: 32, london: true, label: 'the 32 London boroughs', reason: null });
    // from the raw CSV with plain loops: each borough's 2018 count ÷ its 2018 population; 1 = lowest rate
    const mps = readCsv(MPS_SAMPLE);
    const pop = new Map(readCsv(join(ROOT, 'data/reference/population.csv')).filter((r) => r.year === '2018').map((r) => [r.code!, Number(r.population)]));
    const boroughs = readCsv(join(ROOT, 'data/reference/areas.csv')).filter((a) => a.borough === 'true');
    const rates: { name: string; count: number; pop: number }[] = [];
    for (const b of boroughs) {
      let count = 0;
      for (const r of mps) {
        if (r.Borough !== b.name || r['Minor Category'] !== 'Burglary - Residential') continue;
        for (const k of Object.keys(r)) if (/^2018\d\d$/.test(k)) count += Number(r[k]);
      }
      rates.push({ name: b.name!, count, pop: pop.get(b.code!)! });
    }
    const barnet = rates.find((r) => r.name === 'Barnet')!;
    let rank = 1;
    for (const r of rates) if (r.count / r.pop < barnet.count / barnet.pop) rank++;
    const row = body.rows.find((r: { area: { name: string } }) => r.area.name === 'Barnet');
    expect(row.rank).toBe(rank);
    let count = 0;
    let population = 0;
    for (const r of rates) {
      count += r.count;
      population += r.pop;
    }
    expect(body.london.count).toBe(count);
    expect(body.london.rate_per_1000).toBeCloseTo((count / population) * 1000, 6);
    expect(body.london_comparator.rate_per_1000).toBeCloseTo((count / population) * 1000, 6);
    expect(row.vs_london).toBe('higher');
  });

  it('/api/league?history: a London rank (of 32, lowest rate first, by hand) only at quarter ends complete for every borough', async () => {
    const body = await (await app.request('/api/league?indicator=burglary-residential&to=2018-12&history=8')).json();
    expect(body.source).toBe('mps');
    expect(body.indicator.polarity).toBe('lower-is-better');
    expect(body.history.map((q: { to: string }) => q.to)).toEqual(['2017-03', '2017-06', '2017-09', '2017-12', '2018-03', '2018-06', '2018-09', '2018-12']);
    // the sample starts in January 2017: the 12 months to March, June and September 2017 are complete nowhere
    for (const q of body.history.slice(0, 3)) {
      expect(q.scope, q.to).toMatchObject({ london: false, areas: 0 });
      expect(q.scope.reason, q.to).toMatch(/0 of the 32 London boroughs/);
      expect(q.of).toBe(0);
      expect(q.rows).toEqual([]);
    }
    for (const q of body.history.slice(3)) {
      expect(q.scope, q.to).toMatchObject({ london: true, areas: 32, label: 'the 32 London boroughs', reason: null });
      expect(q.of).toBe(32);
      const want = handRanks(mpsRates(q.to), 'lowest');
      const got = new Map(q.rows.map((r: { code: string; rank: number }) => [r.code, r.rank]));
      expect(got, q.to).toEqual(want);
    }
    // the ranks move between quarters (the test is not of one fixed order)
    const barnet = body.history.slice(3).map((q: { rows: { code: string; rank: number }[] }) => q.rows.find((r) => r.code === 'E09000003')!.rank);
    expect(new Set(barnet).size).toBeGreaterThan(1);
  });

  it('/api/ranks says its polarity: a crime category ranks the lowest rate 1st (by hand)', async () => {
    const body = await (await app.request('/api/ranks?source=mps&category=burglary-residential&to=2018-12')).json();
    expect(body.polarity).toBe('lower-is-better');
    const want = handRanks(mpsRates('2018-12'), 'lowest');
    expect(new Map(body.rows.map((r: { area: { code: string }; rank: number }) => [r.area.code, r.rank]))).toEqual(want);
  });

  it("/api/outcomes' compare: Barnet's and London's rates by hand from the raw CSV, equal to the /api/league row", async () => {
    const body = await (await app.request('/api/outcomes?area=Barnet&to=2018-12')).json();
    const i = body.outcomes.flatMap((o: { indicators: Record<string, any>[] }) => o.indicators).find((x: { id: string }) => x.id === 'burglary-residential');
    const rates = mpsRates('2018-12');
    const pop = new Map(POPULATION.filter((r) => r.year === '2018').map((r) => [r.code!, Number(r.population)]));
    // London's rate: the sum of the 32 counts over the sum of the 32 populations (not the mean of the rates)
    let count = 0;
    let population = 0;
    for (const r of rates) {
      count += (r.rate * pop.get(r.code)!) / 1000;
      population += pop.get(r.code)!;
    }
    expect(i.compare).toMatchObject({ source: 'mps', rank: handRanks(rates, 'lowest').get('E09000003'), of: 32, vs_london: 'higher' });
    expect(i.compare.scope).toMatchObject({ london: true, areas: 32, label: 'the 32 London boroughs', reason: null });
    expect(i.compare.rate_per_1000).toBeCloseTo(rates.find((r) => r.code === 'E09000003')!.rate, 9);
    expect(i.compare.london_rate_per_1000).toBeCloseTo((count / population) * 1000, 9);
    // the same figures as /api/league's row for Barnet (the league's own rows and vs_london loop)
    const league = await (await app.request('/api/league?indicator=burglary-residential&to=2018-12')).json();
    const row = league.rows.find((r: { area: { code: string } }) => r.area.code === 'E09000003');
    expect(league.source).toBe('mps');
    expect({ rate: i.compare.rate_per_1000, london: i.compare.london_rate_per_1000, rank: i.compare.rank, of: i.compare.of, scope: i.compare.scope, vs: i.compare.vs_london, vs95: i.compare.vs_london_95 }).toEqual({
      rate: row.rate, london: league.london.rate, rank: row.rank, of: league.of, scope: league.scope, vs: row.vs_london, vs95: row.vs_london_95,
    });
    // and the result's own London rank is the compare's
    expect({ rank: i.rank, of: i.of, vs: i.vs_london }).toEqual({ rank: i.compare.rank, of: 32, vs: i.compare.vs_london });
  });

  it('/api/outcomes gives the London rank of 32 with its scope', async () => {
    const body = await (await app.request('/api/outcomes?area=Barnet&to=2018-12')).json();
    const i = body.outcomes.flatMap((o: { indicators: Record<string, any>[] }) => o.indicators).find((x: { id: string }) => x.id === 'burglary-residential');
    expect(i).toMatchObject({ source: 'mps', of: 32, rank_scope: { london: true, areas: 32 } });
    expect(i.vs_london).toBe('higher');
    expect(i.summary).toMatch(/of 32 London boroughs/);
  });
});

/**
 * Positive outcomes of police.uk burglaries per borough for one month, from the raw street and outcomes CSVs with plain
 * loops: each crime's current outcome is the last one in the outcomes files, else its street row's last outcome.
 */
function positiveRates(dir: string, month: string): Map<string, { n: number; k: number }> {
  const types = new Map(readCsv(join(ROOT, 'data/reference/outcome-types.csv')).map((r) => [r.label!.toLowerCase(), r]));
  const files = readdirSync(dir, { recursive: true }).map(String).sort();
  const latest = new Map<string, string>();
  for (const f of files.filter((f) => f.endsWith('-outcomes.csv'))) for (const r of readCsv(join(dir, f))) latest.set(r['Crime ID']!, r['Outcome type']!);
  const out = new Map<string, { n: number; k: number }>();
  for (const f of files.filter((f) => f.startsWith(month) && f.endsWith('-street.csv')))
    for (const r of readCsv(join(dir, f))) {
      if (!r['Crime ID'] || r['Crime type'] !== 'Burglary') continue;
      const b = BOROUGHS.find((a) => r['LSOA name']!.startsWith(`${a.name} `));
      if (!b) continue;
      const e = out.get(b.code!) ?? { n: 0, k: 0 };
      e.n++;
      if (types.get((latest.get(r['Crime ID']) ?? r['Last outcome category'] ?? '').toLowerCase())?.positive_outcome === 'true') e.k++;
      out.set(b.code!, e);
    }
  return out;
}

describe('outcome rates: a positive-outcome rate ranks the highest 1st, as London only when every borough is ranked', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => ({ db, app } = await open([POLICEUK_SAMPLE])), 120_000);
  afterAll(() => db?.close());

  it("every borough's rank for March 2018 is its place by hand, 1 = the highest positive-outcome rate", async () => {
    const raw = positiveRates(POLICEUK_SAMPLE, '2018-03');
    expect(raw.size).toBe(32);
    const want = handRanks([...raw].map(([code, r]) => ({ code, rate: r.k / r.n })), 'highest');
    // the rates differ enough that the order is not trivial: more than a handful of distinct ranks
    expect(new Set(want.values()).size).toBeGreaterThan(10);
    for (const b of BOROUGHS) {
      const body = await (await app.request(`/api/outcome-rates?source=policeuk&area=${b.code}&category=burglary&to=2018-03&period=month`)).json();
      expect({ rank: body.rank, of: body.of }, b.name).toEqual({ rank: want.get(b.code!), of: 32 });
      expect(body.rank_scope).toMatchObject({ london: true, areas: 32, label: 'the 32 London boroughs', reason: null });
      expect(body.polarity).toBe('higher-is-better');
    }
  });

  it('a window not complete for the boroughs gives no London rank, and says why', async () => {
    const res = await app.request('/api/outcome-rates?source=policeuk&area=Barnet&category=burglary&to=2018-03');
    const body = await res.json();
    expect(body.complete).toBe(false);
    expect({ rank: body.rank, of: body.of }).toEqual({ rank: null, of: null });
    expect(body.rank_scope).toMatchObject({ london: false, areas: 0 });
    expect(body.rank_scope.reason).toMatch(/0 of the 32 London boroughs/);
  });

  it('a borough with no crimes of the category has no rate: the others are not a London rank, and the reason says so', async () => {
    // the sample with Barnet's March burglaries removed: every window complete, but Barnet has no rate to rank
    const dir = mkdtempSync(join(tmpdir(), 'saferboard-scope-puk-'));
    for (const f of readdirSync(POLICEUK_SAMPLE, { recursive: true }).map(String).filter((f) => f.endsWith('.csv'))) {
      mkdirSync(join(dir, f.split('/')[0]!), { recursive: true });
      const text = readFileSync(join(POLICEUK_SAMPLE, f), 'utf8');
      const lines = text.split('\n');
      writeFileSync(join(dir, f), f.startsWith('2018-03') && f.endsWith('-street.csv') ? lines.filter((l) => !/,Barnet \d{3}[A-Z],/.test(l)).join('\n') : text);
    }
    const raw = positiveRates(dir, '2018-03');
    expect(raw.has('E09000003')).toBe(false);
    expect(raw.size).toBe(31);
    const other = await open([dir]);
    try {
      const body = await (await other.app.request('/api/outcome-rates?source=policeuk&area=Camden&category=burglary&to=2018-03&period=month')).json();
      expect(body.complete).toBe(true);
      expect(body.crimes).toBe(raw.get('E09000007')!.n);
      expect({ rank: body.rank, of: body.of }).toEqual({ rank: null, of: null });
      expect(body.rank_scope).toMatchObject({ london: false, areas: 31 });
      expect(body.rank_scope.reason).toMatch(/1 of the 32 London boroughs had no burglary crimes/);
      const barnet = await (await other.app.request('/api/outcome-rates?source=policeuk&area=Barnet&category=burglary&to=2018-03&period=month')).json();
      expect(barnet.crimes).toBe(0);
      expect(barnet.positive_rate).toBeNull();
    } finally {
      other.db.close();
    }
  });
});

describe('polarity decides rank 1: the same MPS figures ranked with residential burglary as higher-is-better', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    // the bundled Barnet profile with one change: residential burglary's polarity flipped
    const profile = JSON.parse(readFileSync(join(ROOT, 'data/profiles/barnet.json'), 'utf8'));
    let flipped = 0;
    for (const o of profile.outcomes)
      for (const i of o.indicators)
        if (i.id === 'burglary-residential') {
          i.polarity = 'higher-is-better';
          flipped++;
        }
    expect(flipped).toBe(1);
    const file = join(mkdtempSync(join(tmpdir(), 'saferboard-polarity-')), 'profile.json');
    writeFileSync(file, JSON.stringify(profile));
    process.env.SAFERBOARD_PROFILE = file;
    ({ db, app } = await open([MPS_SAMPLE]));
  }, 120_000);
  afterAll(() => {
    delete process.env.SAFERBOARD_PROFILE;
    db?.close();
  });

  it('/api/ranks ranks the highest rate 1st and says why', async () => {
    const body = await (await app.request('/api/ranks?source=mps&category=burglary-residential&to=2018-12')).json();
    expect(body.polarity).toBe('higher-is-better');
    expect(body.polarity_rule).toMatch(/profile indicator "burglary-residential"/);
    const want = handRanks(mpsRates('2018-12'), 'highest');
    expect(new Map(body.rows.map((r: { area: { code: string }; rank: number }) => [r.area.code, r.rank]))).toEqual(want);
    expect(body.rows[0].rate_per_1000).toBeGreaterThan(body.rows[31].rate_per_1000);
  });

  it('/api/league and its history rank the highest rate 1st, every quarter end by hand', async () => {
    const body = await (await app.request('/api/league?indicator=burglary-residential&to=2018-12&history=4')).json();
    expect(body.indicator.polarity).toBe('higher-is-better');
    expect(new Map(body.rows.map((r: { area: { code: string }; rank: number }) => [r.area.code, r.rank]))).toEqual(handRanks(mpsRates('2018-12'), 'highest'));
    expect(body.history).toHaveLength(4);
    for (const q of body.history) {
      expect(q.scope.london, q.to).toBe(true);
      expect(new Map(q.rows.map((r: { code: string; rank: number }) => [r.code, r.rank])), q.to).toEqual(handRanks(mpsRates(q.to), 'highest'));
    }
  });

  it("/api/outcomes gives Barnet's London rank with the highest rate 1st", async () => {
    const body = await (await app.request('/api/outcomes?area=Barnet&to=2018-12')).json();
    const i = body.outcomes.flatMap((o: { indicators: Record<string, any>[] }) => o.indicators).find((x: { id: string }) => x.id === 'burglary-residential');
    expect({ rank: i.rank, of: i.of }).toEqual({ rank: handRanks(mpsRates('2018-12'), 'highest').get('E09000003'), of: 32 });
  });
});
