/**
 * The scorecard of a partnership outside London ranks it within its comparator (issue 24): the profile's `comparator`
 * (a force area, `region:<name>`, `peers`), by default its force area; a rank only when every member's window is
 * complete; vs_comparator from the group's rate. Every figure is computed by hand from the raw fixture
 * (test/fixtures/national-compare/) with plain loops, and the funnel verdict from Poisson probabilities summed here.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountResult, League, Scorecard } from '../core/types.ts';
import { setProfilePath } from '../data/profile.ts';
import { Database } from '../data/db.ts';
import { NATIONAL, cli, nationalDb, readCsv, requestJson } from './helpers.ts';

const AREAS = readCsv(join(NATIONAL, 'areas.csv'));
const POP = new Map(readCsv(join(NATIONAL, 'population.csv')).map((p) => [p.code!, Number(p.population)]));
const COUNTS = readCsv(join(NATIONAL, 'counts.csv'));
const MONTHS = ['2023-02', '2023-03', '2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12', '2024-01'];
const cspsOf = (pred: (a: Record<string, string>) => boolean) => AREAS.filter((a) => a.csp === 'true' && pred(a)).map((a) => a.code!).sort();
const TV = cspsOf((a) => a.pfa_code === 'E23000029');
const REGION = cspsOf((a) => a.region === 'South East');

/** `category` over the 12 months to 2024-01 for each of `codes`: count, and rate per 1,000 when all 12 months are covered. */
function hand(codes: string[], category: string, covered: (code: string, month: string) => boolean) {
  return codes.map((code) => {
    let count = 0;
    for (const r of COUNTS) if (r.code === code && r.category_id === category && MONTHS.includes(r.month!)) count += Number(r.count);
    const complete = MONTHS.every((m) => covered(code, m));
    return { code, count, complete, rate: complete ? (count / POP.get(code)!) * 1000 : null };
  });
}
/** The fixture's covered months: a month is covered where the file has any row for the area. */
const inFile = (code: string, month: string) => COUNTS.some((r) => r.code === code && r.month === month);

/** Rank 1 = the lowest rate; ties share; only when every member is complete (else none). */
function handRank(rows: ReturnType<typeof hand>, code: string): number | null {
  if (rows.some((r) => r.rate === null)) return null;
  const me = rows.find((r) => r.code === code)!;
  return 1 + rows.filter((r) => r.rate! < me.rate!).length;
}

/** P(X ≤ k) for X ~ Poisson(mu), by a plain sum. */
function poissonCdf(k: number, mu: number): number {
  let term = Math.exp(-mu);
  let sum = term;
  for (let i = 1; i <= k; i++) sum += (term *= mu / i);
  return sum;
}
/**
 * The 99.8% funnel verdict by hand: the count is higher when a count this large or larger is less likely than 0.1%
 * around the group's expected count, lower when a count this small or smaller is.
 */
function handVerdict(count: number, expected: number): 'higher' | 'lower' | 'similar' {
  if (1 - poissonCdf(count - 1, expected) < 0.001) return 'higher';
  if (poissonCdf(count, expected) < 0.001) return 'lower';
  return 'similar';
}

const dir = mkdtempSync(join(tmpdir(), 'saferboard-compare-scorecard-'));
/** An `init --area` profile, with its comparator replaced when given. */
function profileFor(area: string, comparator?: string): string {
  const out = join(dir, `${area.replace(/\W+/g, '-')}-${comparator?.replace(/\W+/g, '-') ?? 'default'}.json`);
  const r = cli(['init', '--area', area, '--out', out, '--force']);
  expect(r.code, r.stderr).toBe(0);
  if (comparator !== undefined) writeFileSync(out, JSON.stringify({ ...JSON.parse(readFileSync(out, 'utf8')), comparator }, null, 1));
  return out;
}

const burglaryOf = (body: Scorecard) => body.outcomes.flatMap((o) => o.indicators).find((i) => i.id === 'burglary') as CountResult;

describe('the scorecard ranks a partnership outside London within its comparator (national-compare fixture)', () => {
  let db: string;
  beforeAll(async () => {
    db = await nationalDb();
  }, 120_000);
  afterAll(() => setProfilePath(undefined));

  it("Slough (init --area: Thames Valley): its rank among the force area's 3 CSPs, the group's rate and verdict, by hand", async () => {
    setProfilePath(profileFor('Slough'));
    const { status, body } = await requestJson<Scorecard>(db, '/api/outcomes?area=Slough&to=2024-01');
    expect(status, body.error).toBe(200);
    const rows = hand(TV, 'burglary', inFile);
    expect(rows.every((r) => r.complete)).toBe(true);
    const b = burglaryOf(body);
    expect(b.rank).toBe(handRank(rows, 'E06000039'));
    expect(b.rank).not.toBeNull();
    expect(b.of).toBe(3);
    expect(b.rank_scope!.label).toBe('the 3 CSPs of Thames Valley');
    expect(b.rank_scope!.london).toBe(false);
    expect(body.comparator).toMatchObject({ kind: 'force', code: 'E23000029', name: 'Thames Valley', members: 3 });
    const total = rows.reduce((s, r) => s + r.count, 0);
    const pop = TV.reduce((s, c) => s + POP.get(c)!, 0);
    expect(b.compare!.comparator_rate_per_1000).toBeCloseTo((1000 * total) / pop, 10);
    const mine = rows.find((r) => r.code === 'E06000039')!;
    expect(b.vs_comparator).toBe(handVerdict(mine.count, (total / pop) * POP.get('E06000039')!));
    expect(b.compare!.vs_comparator).toBe(b.vs_comparator);
    expect(b.vs_london).toBeNull();
    expect(b.summary).toContain(`of the 3 CSPs of Thames Valley`);
    expect(JSON.stringify(body)).not.toMatch(/London/);
  });

  it('Surrey Heath (Surrey: Guildford lacks 2023-06): no rank, and the reason, never a rank among 4', async () => {
    setProfilePath(profileFor('Surrey Heath'));
    const { status, body } = await requestJson<Scorecard>(db, '/api/outcomes?area=Surrey%20Heath&to=2024-01');
    expect(status, body.error).toBe(200);
    const members = cspsOf((a) => a.pfa_code === 'E23000031');
    const rows = hand(members, 'burglary', inFile);
    expect(rows.filter((r) => !r.complete).map((r) => r.code)).toEqual(['E07000209']);
    const b = burglaryOf(body);
    expect(handRank(rows, 'E07000214')).toBeNull();
    expect(b.rank).toBeNull();
    expect(b.vs_comparator).toBeNull();
    expect(b.rank_scope!.reason).toMatch(/need all 5/);
    expect(b.compare!.comparator_rate_per_1000).toBeNull();
    expect(JSON.stringify(body)).not.toMatch(/London/);
  });
});

describe("comparator 'region:…' and 'peers' (Guildford's 2023-06 covered: every CSP complete)", () => {
  let db: string;
  // Guildford's 2023-06 covered with no burglary, and every CSP's 2023-01 burglary (for the rank history), by hand
  const JAN = new Map(REGION.map((c, i) => [c, 3 + 2 * i]));
  const covered = () => true;
  beforeAll(async () => {
    db = await nationalDb();
    const w = await Database.open(db);
    try {
      await w.run(`INSERT INTO category_coverage SELECT 'policeuk', 'E07000209', category_id, DATE '2023-06-01' FROM (SELECT DISTINCT category_id FROM category_coverage)`);
      for (const [code, n] of JAN) {
        await w.run(`INSERT INTO monthly_counts VALUES ('policeuk', $code, 'burglary', DATE '2023-01-01', $n)`, { code, n });
        await w.run(`INSERT INTO category_coverage SELECT 'policeuk', $code, category_id, DATE '2023-01-01' FROM (SELECT DISTINCT category_id FROM category_coverage)`, { code });
      }
    } finally {
      w.close();
    }
  }, 120_000);
  afterAll(() => setProfilePath(undefined));

  it('region:South East: Slough ranked among the 8 CSPs of the region, by hand', async () => {
    setProfilePath(profileFor('Slough', 'region:South East'));
    const { status, body } = await requestJson<Scorecard>(db, '/api/outcomes?area=Slough&to=2024-01');
    expect(status, body.error).toBe(200);
    const rows = hand(REGION, 'burglary', covered);
    const b = burglaryOf(body);
    expect(b.rank).toBe(handRank(rows, 'E06000039'));
    expect(b.rank).not.toBeNull();
    expect(b.of).toBe(8);
    expect(b.rank_scope!.label).toBe('the 8 CSPs of South East');
    expect(body.comparator).toMatchObject({ kind: 'region', name: 'South East', group: 'region:South East' });
    const total = rows.reduce((s, r) => s + r.count, 0);
    const pop = REGION.reduce((s, c) => s + POP.get(c)!, 0);
    expect(b.compare!.comparator_rate_per_1000).toBeCloseTo((1000 * total) / pop, 10);
  });

  it("peers: Surrey Heath among its peer group (fewer than 10 other CSPs: all 7), by hand", async () => {
    setProfilePath(profileFor('Surrey Heath', 'peers'));
    const { status, body } = await requestJson<Scorecard>(db, '/api/outcomes?area=Surrey%20Heath&to=2024-01');
    expect(status, body.error).toBe(200);
    const rows = hand(REGION, 'burglary', covered);
    const b = burglaryOf(body);
    expect(body.comparator).toMatchObject({ kind: 'peers', members: 8 });
    // the statements that chose the peer group are named beside the engine's
    expect(body.made_by.sql).toEqual(expect.arrayContaining(['engine-counts', 'peers-features', 'peers-mix']));
    expect(b.rank).toBe(handRank(rows, 'E07000214'));
    expect(b.rank).not.toBeNull();
    expect(b.of).toBe(8);
    expect(JSON.stringify(body)).not.toMatch(/London|most similar group|MSG/);
  });

  it("a comparator the area is not in (Slough's profile shown for Surrey Heath): the area's own force area", async () => {
    setProfilePath(profileFor('Slough'));
    const { status, body } = await requestJson<Scorecard>(db, '/api/outcomes?area=Surrey%20Heath&to=2024-01');
    expect(status, body.error).toBe(200);
    expect(body.comparator).toMatchObject({ kind: 'force', name: 'Surrey', members: 5 });
    const rows = hand(cspsOf((a) => a.pfa_code === 'E23000031'), 'burglary', covered);
    expect(burglaryOf(body).rank).toBe(handRank(rows, 'E07000214'));
  });

  it('/api/league?group=…&history=1: the rank history within the force area (12 months to 2023-12), by hand', async () => {
    setProfilePath(profileFor('Slough'));
    const { status, body } = await requestJson<League>(db, '/api/league?indicator=burglary&to=2024-01&group=Thames%20Valley&history=1');
    expect(status, body.error).toBe(200);
    const h = body.history![0]!;
    expect(h.to).toBe('2023-12');
    const months = ['2023-01', ...MONTHS.slice(0, 11)];
    const rates = TV.map((code) => {
      let n = JAN.get(code)!;
      for (const r of COUNTS) if (r.code === code && r.category_id === 'burglary' && months.includes(r.month!)) n += Number(r.count);
      return { code, rate: (1000 * n) / POP.get(code)! };
    });
    expect(h.of).toBe(3);
    expect(h.scope.label).toBe('the 3 CSPs of Thames Valley');
    for (const r of rates) expect(h.rows.find((x) => x.code === r.code)!.rank).toBe(1 + rates.filter((o) => o.rate < r.rate).length);
    expect(h.rows.map((r) => r.code).sort()).toEqual(TV);
  });
});
