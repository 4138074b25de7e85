/**
 * Comparisons for any partnership in England and Wales (issue 24): ranks within a force area, a region and the
 * product's own peer group, each computed by hand from the raw fixture (test/fixtures/national-compare/) with plain loops.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { geoArea } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { beforeAll, describe, expect, it } from 'vitest';
import { peerGroup, peerLabel, type PeerCandidate } from '../core/stats/peers.ts';
import { groupScope, rankScope } from '../core/scope.ts';
import type { Ranks } from '../core/types.ts';
import { Database } from '../data/db.ts';
import { NATIONAL, ROOT, nationalDb, readCsv, requestJson } from './helpers.ts';

describe('peerGroup: nearest neighbours on z-scores, by hand', () => {
  // log population x and log density d chosen as round numbers: population = e^x, land area = e^(x − d)
  const at = (code: string, x: number, d: number, mix: number[] | null = null): PeerCandidate => ({
    code,
    name: code,
    population: Math.exp(x),
    area_km2: Math.exp(x - d),
    mix,
  });
  const five = [at('A', 0, 0), at('B', 1, 0), at('C', 0, 2), at('D', 3, 3), at('E', -1, -1)];
  // by hand: x mean 0.6, sd √(9.2/5) = 1.35647; d mean 0.8, sd √(10.8/5) = 1.46969
  const sx = Math.sqrt(9.2 / 5);
  const sd = Math.sqrt(10.8 / 5);
  it('population and density only: B (0.737), E (1.003), C (1.361), D (3.010)', () => {
    const g = peerGroup('A', five, 10);
    expect(g.basis).toEqual(['population', 'density']);
    expect(g.peers.map((p) => p.code)).toEqual(['B', 'E', 'C', 'D']);
    expect(g.peers[0]!.distance).toBeCloseTo(1 / sx, 10);
    expect(g.peers[1]!.distance).toBeCloseTo(Math.hypot(1 / sx, 1 / sd), 10);
    expect(g.peers[2]!.distance).toBeCloseTo(2 / sd, 10);
    expect(g.peers[3]!.distance).toBeCloseTo(Math.hypot(3 / sx, 3 / sd), 10);
    expect(peerGroup('A', five, 2).peers.map((p) => p.code)).toEqual(['B', 'E']);
    expect(g.label).toBe("the product's own peer group (10 most similar partnerships by population and density)");
  });
  it('with a crime mix for every candidate, B moves from nearest to third', () => {
    // shares 0.5 everywhere but B's 0.1: mean 0.42, sd √(0.128/5) = 0.16, so B is 2.5 further on that axis
    const mixed = five.map((c) => ({ ...c, mix: [c.code === 'B' ? 0.1 : 0.5] }));
    const g = peerGroup('A', mixed, 10);
    expect(g.basis).toEqual(['population', 'density', 'crime mix']);
    expect(g.peers.map((p) => p.code)).toEqual(['E', 'C', 'B', 'D']);
    expect(g.peers[2]!.distance).toBeCloseTo(Math.hypot(1 / sx, 0.4 / 0.16), 10);
    // one candidate without a complete mix: the mix is left out for all
    expect(peerGroup('A', mixed.map((c) => (c.code === 'D' ? { ...c, mix: null } : c))).basis).toEqual(['population', 'density']);
  });
  it('is never called the Home Office most similar group', () => {
    expect(peerLabel(10, ['population', 'density', 'crime mix'])).not.toMatch(/most similar group|MSG/i);
  });
});

describe('groupScope: a group figure only when every member is complete, never London', () => {
  it('labels the real scope', () => {
    expect(groupScope('policeuk', 16, 16, 'CSPs of Thames Valley')).toEqual({ areas: 16, london: false, label: 'the 16 CSPs of Thames Valley', reason: null });
    const part = groupScope('policeuk', 3, 16, 'CSPs of Thames Valley');
    expect(part.label).toBe('the 3 of the 16 CSPs of Thames Valley with a complete window from policeuk');
    expect(part.london).toBe(false);
    expect(part.reason).toMatch(/need all 16/);
    // London's rule unchanged
    expect(rankScope('mps', 32, 32).label).toBe('the 32 London boroughs');
  });
});

// ---- the fixture, by hand ----
const AREAS = readCsv(join(NATIONAL, 'areas.csv'));
const POP = new Map(readCsv(join(NATIONAL, 'population.csv')).map((p) => [p.code!, Number(p.population)]));
const COUNTS = readCsv(join(NATIONAL, 'counts.csv'));
const MONTHS = ['2023-02', '2023-03', '2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12', '2024-01'];

/** Burglary over the 12 months to 2024-01 for each CSP of `codes`, rate per 1,000 when all 12 months are present. */
function burglary(codes: string[]) {
  return codes.map((code) => {
    let count = 0;
    const months = new Set<string>();
    for (const r of COUNTS)
      if (r.code === code && r.category_id === 'burglary' && MONTHS.includes(r.month!)) {
        count += Number(r.count);
        months.add(r.month!);
      }
    return { code, count, complete: months.size === 12, rate: months.size === 12 ? (count / POP.get(code)!) * 1000 : null };
  });
}

/** Rank 1 = the lowest rate (burglary: lower is better); ties share; only complete windows. */
function handRanks(rows: ReturnType<typeof burglary>): Map<string, number> {
  const ok = rows.filter((r) => r.rate !== null);
  return new Map(ok.map((r) => [r.code, 1 + ok.filter((o) => o.rate! < r.rate!).length]));
}

/**
 * The peer order of `code` by hand: z-scores (population standard deviation) of log population, log density (land
 * areas from the shipped LAD boundaries with d3-geo; Aylesbury Vale and Wycombe share Buckinghamshire's by population)
 * and, with `mix`, the 13 police.uk crime categories' shares over the 12 months; Euclidean distance, nearest first.
 */
function handPeers(code: string, mix: boolean): string[] {
  const topo = JSON.parse(readFileSync(join(ROOT, 'data/reference/national/lad-2023-ew.topojson'), 'utf8')) as Topology;
  const fc = feature(topo, topo.objects.layer!) as unknown as GeoJSON.FeatureCollection<GeoJSON.Geometry, { lad23cd: string }>;
  const km2 = (lad: string) => geoArea(fc.features.find((f) => f.properties.lad23cd === lad)!) * 6371.0088 ** 2;
  const areaOf = (c: string) => (c.startsWith('E22') ? (POP.get(c)! / POP.get('E06000060')!) * km2('E06000060') : km2(c));
  const csps = cspsOf(() => true);
  const columns = [csps.map((c) => Math.log(POP.get(c)!)), csps.map((c) => Math.log(POP.get(c)! / areaOf(c)))];
  if (mix) {
    const cats = [...new Set(COUNTS.map((r) => r.category_id!))].filter((k) => k !== 'asb').sort();
    expect(cats).toHaveLength(13);
    const n = (c: string, k?: string) => COUNTS.filter((r) => r.code === c && (k === undefined ? r.category_id !== 'asb' : r.category_id === k)).reduce((t, r) => t + Number(r.count), 0);
    for (const k of cats) columns.push(csps.map((c) => n(c, k) / n(c)));
  }
  const z = (v: number[]) => {
    const m = v.reduce((t, a) => t + a, 0) / v.length;
    const sd = Math.sqrt(v.reduce((t, a) => t + (a - m) ** 2, 0) / v.length);
    return v.map((a) => (a - m) / sd);
  };
  const zs = columns.map(z);
  const me = csps.indexOf(code);
  return csps
    .map((c, i) => ({ c, dist: Math.sqrt(zs.reduce((t, col) => t + (col[i]! - col[me]!) ** 2, 0)) }))
    .filter((p) => p.c !== code)
    .sort((a, b) => a.dist - b.dist)
    .map((p) => p.c);
}

const cspsOf = (pred: (a: Record<string, string>) => boolean) => AREAS.filter((a) => a.csp === 'true' && pred(a)).map((a) => a.code!);
const Q = '/api/ranks?source=policeuk&category=burglary&to=2024-01';

describe('/api/ranks for any partnership (fixture: 2 forces of the South East)', () => {
  let db: string;
  beforeAll(async () => {
    db = await nationalDb();
  }, 120_000);

  it('group=<force area>: the CSPs of Thames Valley ranked by hand, with the group rate', async () => {
    const members = cspsOf((a) => a.pfa_code === 'E23000029');
    expect(members.sort()).toEqual(['E06000039', 'E22000303', 'E22000318']);
    const hand = burglary(members);
    const ranks = handRanks(hand);
    for (const group of ['Thames Valley', 'E23000029', 'thames valley police']) {
      const { status, body } = await requestJson<Ranks>(db, `${Q}&group=${encodeURIComponent(group)}`);
      expect(status, body.error).toBe(200);
      expect(body.rows.map((r) => r.area.code).sort()).toEqual(members);
      for (const r of body.rows) {
        expect(r.rank).toBe(ranks.get(r.area.code));
        expect(r.rate_per_1000).toBeCloseTo(hand.find((h) => h.code === r.area.code)!.rate!, 10);
      }
      expect(body.of).toBe(3);
      expect(body.scope.label).toBe('the 3 CSPs of Thames Valley');
      expect(body.scope.london).toBe(false);
      const total = hand.reduce((s, h) => s + h.count, 0);
      const pop = members.reduce((s, c) => s + POP.get(c)!, 0);
      expect(body.comparator!.rate_per_1000).toBeCloseTo((total / pop) * 1000, 10);
      expect(body.comparator!.kind).toBe('force');
      // never London: the London fields stay empty
      expect(body.london.rate_per_1000).toBeNull();
      expect(body.rows.every((r) => r.vs_london === null && r.vs_comparator !== null)).toBe(true);
    }
  });

  it('the default comparator outside London is the force area', async () => {
    const { status, body } = await requestJson<Ranks>(db, `${Q}&area=Slough`);
    expect(status, body.error).toBe(200);
    expect(body.comparator?.code).toBe('E23000029');
    expect(body.rows).toHaveLength(3);
  });

  it("a force area with a gap: ranks the complete CSPs, labelled, and no group rate (Guildford lacks 2023-06)", async () => {
    const members = cspsOf((a) => a.pfa_code === 'E23000031');
    const hand = burglary(members);
    expect(hand.filter((h) => !h.complete).map((h) => h.code)).toEqual(['E07000209']);
    const ranks = handRanks(hand);
    const { status, body } = await requestJson<Ranks>(db, `${Q}&group=Surrey`);
    expect(status, body.error).toBe(200);
    for (const r of body.rows) expect(r.rank ?? undefined).toBe(ranks.get(r.area.code));
    const guildford = body.rows.find((r) => r.area.name === 'Guildford')!;
    expect(guildford.rank).toBeNull();
    expect(guildford.rate_per_1000).toBeNull();
    expect(guildford.missing_months).toEqual(['2023-06']);
    expect(body.of).toBe(4);
    expect(body.scope.label).toBe('the 4 of the 5 CSPs of Surrey with a complete window from policeuk');
    expect(body.comparator!.rate_per_1000).toBeNull();
    expect(body.comparator!.reason).toMatch(/need all 5/);
    expect(body.rows.every((r) => r.vs_comparator === null)).toBe(true);
  });

  it('group=region:<name>: every CSP of the region', async () => {
    const { status, body } = await requestJson<Ranks>(db, `${Q}&group=region:south%20east`);
    expect(status, body.error).toBe(200);
    expect(body.rows.map((r) => r.area.code).sort()).toEqual(cspsOf((a) => a.region === 'South East').sort());
    const ranks = handRanks(burglary(cspsOf((a) => a.region === 'South East')));
    for (const r of body.rows) expect(r.rank ?? undefined).toBe(ranks.get(r.area.code));
    expect(body.scope.label).toBe('the 7 of the 8 CSPs of South East with a complete window from policeuk');
  });

  it('group=peers: the peer group and its order computed by hand (population and density), ranked by hand', async () => {
    const csps = cspsOf(() => true);
    const order = handPeers('E07000214', false);

    const { status, body } = await requestJson<Ranks>(db, `${Q}&group=peers&area=Surrey%20Heath`);
    expect(status, body.error).toBe(200);
    expect(body.peers!.basis).toEqual(['population', 'density']); // Guildford's gap: no crime mix for anyone
    expect(body.peers!.peers.map((p) => p.code)).toEqual(order);
    expect(body.peers!.label).toBe("the product's own peer group (10 most similar partnerships by population and density)");
    expect(JSON.stringify(body)).not.toMatch(/most similar group|MSG/i);
    expect(body.rows.map((r) => r.area.code).sort()).toEqual(csps.sort());
    const ranks = handRanks(burglary(csps));
    for (const r of body.rows) expect(r.rank ?? undefined).toBe(ranks.get(r.area.code));
    expect(body.made_by.sql.slice(0, 2)).toEqual(['peers-features', 'peers-mix']);
  });

  it('/api/league?group=<force area>: the same ranks by hand, scope the group, never London', async () => {
    const members = cspsOf((a) => a.pfa_code === 'E23000029').sort();
    const ranks = handRanks(burglary(members));
    const { status, body } = await requestJson<import('../core/types.ts').League>(db, '/api/league?indicator=burglary&to=2024-01&group=Thames%20Valley');
    expect(status, body.error).toBe(200);
    expect(body.rows.map((r) => r.area.code).sort()).toEqual(members);
    for (const r of body.rows) expect(r.rank).toBe(ranks.get(r.area.code));
    expect(body.scope.label).toBe('the 3 CSPs of Thames Valley');
    expect(body.london.rate).toBeNull();
    expect(body.rows.every((r) => r.vs_london === null)).toBe(true);
    const surrey = await requestJson<import('../core/types.ts').League>(db, '/api/league?indicator=burglary&to=2024-01&area=Surrey%20Heath');
    expect(surrey.status, surrey.body.error).toBe(200);
    expect(surrey.body.scope.label).toBe('the 4 of the 5 CSPs of Surrey with a complete window from policeuk');
  });

  it('bad groups and areas are a 400 naming the allowed forms', async () => {
    const a = await requestJson<Ranks>(db, `${Q}&group=Thames%20Vally`);
    expect(a.status).toBe(400);
    expect(a.body.error).toMatch(/Thames Valley/);
    expect(a.body.error).toMatch(/region:<name>/);
    const b = await requestJson<Ranks>(db, `${Q}&group=region:Atlantis`);
    expect(b.status).toBe(400);
    expect(b.body.error).toMatch(/South East/);
    const c = await requestJson<Ranks>(db, `${Q}&group=peers`);
    expect(c.status).toBe(400);
    const e = await requestJson<Ranks>(db, `${Q}&group=Slough`);
    expect(e.status).toBe(400);
    expect(e.body.error).toMatch(/not a police force area/);
    const f = await requestJson<Ranks>(db, `${Q}&area=Surrey%20Heeth`);
    expect(f.status).toBe(400);
    expect(f.body.error).toMatch(/Surrey Heath/);
  });
});

describe('the peer group with the crime mix: every CSP complete (Guildford\'s 2023-06 covered, no crimes that month)', () => {
  let db: string;
  beforeAll(async () => {
    db = await nationalDb();
    const w = await Database.open(db);
    try {
      await w.run(`INSERT INTO category_coverage SELECT 'policeuk', 'E07000209', category_id, DATE '2023-06-01' FROM (SELECT DISTINCT category_id FROM category_coverage)`);
    } finally {
      w.close();
    }
  }, 120_000);

  it('peers by population, density and crime mix, in the order computed by hand', async () => {
    const { status, body } = await requestJson<Ranks>(db, `${Q}&group=peers&area=Surrey%20Heath`);
    expect(status, body.error).toBe(200);
    expect(body.peers!.basis).toEqual(['population', 'density', 'crime mix']);
    expect(body.peers!.label).toBe("the product's own peer group (10 most similar partnerships by population, density and crime mix)");
    const order = handPeers('E07000214', true);
    expect(body.peers!.peers.map((p) => p.code)).toEqual(order);
    // the mix changes the order here: a test that could not tell the two apart would prove nothing
    expect(order).not.toEqual(handPeers('E07000214', false));
    expect(body.comparator!.rate_per_1000).not.toBeNull();
  });
});
