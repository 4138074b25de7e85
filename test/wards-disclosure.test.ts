import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadFiles } from '../data/load.ts';
import type { PublishedWards, Wards } from '../core/types.ts';
import { attack, type Bounds, type Relation } from './shapes-attacker.ts';
import { fixture, readCsv, requestJson, tempDb } from './helpers.ts';

// A hand-built case (test/fixtures/wards/disclosure): Barnet's 24 wards, violence without injury, 2025-03..2026-02.
// Garden Suburb has 0 every month but 2 in February 2026 (the only small count: a primary); Cricklewood has 8 every
// month (the smallest other ward); every other ward 20 or more; the borough file is the wards plus 15 unplaced a
// month. Without secondary suppression, the borough's figure less the wards shown and the unplaced remainder gives
// Garden Suburb's 2 back.
const WARD_FILE = fixture('wards/disclosure/ward-one-small.csv');
const BOROUGH_FILE = fixture('wards/disclosure/borough.csv');
const RAW = readCsv(WARD_FILE);
const BOROUGH_RAW = readCsv(BOROUGH_FILE)[0]!;
const MONTHS = Object.keys(RAW[0]!).filter((k) => /^\d{6}$/.test(k));
const ym = (m: string) => `${m.slice(0, 4)}-${m.slice(4)}`;
const SMALL = 'E05013641'; // Garden Suburb
const NEXT = 'E05013634'; // Cricklewood
const Q = '/api/wards?area=Barnet&category=violence-against-the-person&to=2026-02';
const N = 5;

/**
 * Every equation the published ward figures give a reader, with the hidden figures as unknowns: each ward's window =
 * its months; the borough's month (published by /api/trend, given here unsuppressed) = its wards' months + that
 * month's unplaced; the unplaced window = its months; the borough's window = the wards' windows + the unplaced; the
 * wards' total = the wards' windows. Known figures move to the right-hand side.
 */
function equations(body: PublishedWards) {
  const cells = new Map<string, Bounds>();
  const relations: Relation[] = [];
  const v = (name: string, shown: unknown): [string, number] | number => {
    if (typeof shown === 'number') return shown;
    cells.set(name, { lo: shown === `<${N}` ? 1 : 0, hi: shown === `<${N}` ? N - 1 : Infinity });
    return [name, 1];
  };
  const relate = (total: [string, number] | number, parts: ([string, number] | number)[], why: string) => {
    const terms: [string, number][] = [];
    let rhs = 0;
    for (const p of parts) typeof p === 'number' ? (rhs -= p) : terms.push(p);
    typeof total === 'number' ? (rhs += total) : terms.push([total[0], -1]);
    relations.push({ terms, rhs, why });
  };
  const monthOf = new Map<string, ([string, number] | number)[]>();
  for (const r of body.rows) {
    const months = r.series.map((s) => v(`${r.code}@${s.month}`, s.count));
    r.series.forEach((s, i) => monthOf.set(s.month, [...(monthOf.get(s.month) ?? []), months[i]!]));
    relate(v(`${r.code}`, r.count), months, `${r.code} window`);
  }
  // the unplaced of each month: unknown to the reader, tied to the borough's month and the wards
  const unplacedMonths = MONTHS.map((m) => v(`unplaced@${ym(m)}`, null));
  MONTHS.forEach((m, i) => relate(Number(BOROUGH_RAW[m]), [...monthOf.get(ym(m))!, unplacedMonths[i]!], `borough ${m}`));
  const unplaced = v('unplaced', body.unplaced.count);
  relate(unplaced, unplacedMonths, 'unplaced window');
  const wardWindows = body.rows.map((r) => v(r.code, r.count));
  relate(v('borough', body.unplaced.borough_count), [...wardWindows, unplaced], 'borough = wards + unplaced');
  relate(v('wards', body.unplaced.wards_count), wardWindows, 'wards total');
  return { cells, relations };
}

describe('ward figures in public mode: primary and secondary suppression', () => {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-15T12:00:00Z'));
  });
  afterAll(() => vi.useRealTimers());

  let db: string;
  let raw: Wards;
  let pub: PublishedWards;
  beforeAll(async () => {
    db = tempDb();
    await loadFiles([WARD_FILE, BOROUGH_FILE], { db });
    raw = (await requestJson<Wards>(db, Q)).body;
    const res = await requestJson<PublishedWards>(db, `${Q}&public=1`);
    expect(res.status).toBe(200);
    pub = res.body;
  });

  it('the hand-built case is as described (by plain loops over the raw file)', () => {
    const small = RAW.filter((r) => MONTHS.some((m) => Number(r[m]) >= 1 && Number(r[m]) < N));
    expect(small.map((r) => r.WardCode)).toEqual([SMALL]);
    const smallRow = raw.rows.find((r) => r.code === SMALL)!;
    expect(smallRow.count).toBe(MONTHS.reduce((s, m) => s + Number(small[0]![m]), 0));
    const wards = MONTHS.reduce((s, m) => s + RAW.reduce((t, r) => t + Number(r[m]), 0), 0);
    const borough = MONTHS.reduce((s, m) => s + Number(BOROUGH_RAW[m]), 0);
    expect(raw.unplaced).toMatchObject({ borough_count: borough, wards_count: wards, count: borough - wards });
  });

  it('hides the small ward (primary) and the next-smallest ward of its month (secondary), with all that is computed from them', () => {
    const small = pub.rows.find((r) => r.code === SMALL)!;
    const next = pub.rows.find((r) => r.code === NEXT)!;
    expect(small.series.find((s) => s.month === '2026-02')!.count).toBe(`<${N}`);
    expect(small.series.filter((s) => s.month !== '2026-02').every((s) => s.count === 0)).toBe(true);
    expect(small.count).toBe('[c]');
    expect(next.series.find((s) => s.month === '2026-02')!.count).toBe('[c]');
    expect(next.count).toBe('[c]');
    for (const r of [small, next]) expect([r.rate_per_1000, r.rate_ci95, r.vs_borough, r.spc]).toEqual([null, null, null, null]);
    // every other ward is published exactly as the unsuppressed route has it
    for (const r of pub.rows.filter((x) => x.code !== SMALL && x.code !== NEXT)) expect(r.count).toBe(raw.rows.find((x) => x.code === r.code)!.count);
    // withheld wards are listed after the published ones, by name: their place in the order says nothing
    expect(pub.rows.slice(-2).map((r) => r.name)).toEqual(['Cricklewood', 'Garden Suburb']);
    expect(pub.disclosure!.withheld).toEqual(expect.arrayContaining([`${SMALL}.count`, `${NEXT}.count`]));
    expect(pub.unplaced.count).toBe(raw.unplaced.count);
    expect(pub.borough.count).toBe(raw.borough.count);
  });

  it('no combination of the published wards, unplaced remainder and borough figures recovers the small ward', () => {
    const { cells, relations } = equations(pub);
    const got = attack(cells, relations);
    expect(got.inconsistent).toEqual([]);
    expect(got.determined.has(`${SMALL}@2026-02`)).toBe(false);
    expect(got.determined.has(SMALL)).toBe(false);
    expect(got.determined.has(`${NEXT}@2026-02`)).toBe(false);
  });

  it('the same attack recovers it when only the small ward is hidden (primary suppression alone)', () => {
    const primaryOnly: PublishedWards = {
      ...pub,
      rows: pub.rows.map((r) => (r.code === NEXT ? raw.rows.find((x) => x.code === NEXT)! : r)),
    };
    const got = attack(...(Object.values(equations(primaryOnly)) as [Map<string, Bounds>, Relation[]]));
    expect(got.determined.get(`${SMALL}@2026-02`)).toBe(2);
  });

  it('ward rows are never offered in public mode; the explanation shows what the route shows', async () => {
    expect((await requestJson(db, `/api/wards/rows?area=Barnet&category=violence-against-the-person&ward=${SMALL}&public=1`)).status).toBe(403);
    const e = await requestJson<{ value: unknown; ward: { count: unknown; rate_per_1000: unknown } }>(db, `/api/explain?route=wards&area=Barnet&category=violence-against-the-person&to=2026-02&ward=${SMALL}&public=1`);
    expect(e.body.value).toBe('[c]');
    expect(e.body.ward).toMatchObject({ count: '[c]', rate_per_1000: null });
  });
});
