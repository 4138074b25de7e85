import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { suppressMonths } from '../api/disclosure/months.ts';
import { protectTable, publicOutcomes, publicRanks, publicRepeat, publicTrend, ruleText, SECONDARY, type Shown } from '../api/disclosure/index.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, fixture, readCsv, tempDb } from './helpers.ts';

const N = 5;

/* ------------------------------------------------------------------------------------------------------------
 * The attacker: an independent reader of the published figures. It knows every shown number, that "<5" means
 * 1..4, that "[c]" hides a count of at least 5 (the rule hides only non-zero counts, and every count below 5 is a
 * primary), and which totals add up which figures. It tries three ways to pin a hidden figure to one value:
 * exact linear algebra over the totals (fractions, so any combination of totals counts, e.g. differences of
 * adjacent rolling sums), interval propagation, and (for small problems) a search of every integer solution.
 * ---------------------------------------------------------------------------------------------------------- */

interface Eq {
  total: string;
  parts: string[];
}
type Published = Map<string, Shown>;

/**
 * What the reader knows of a figure: its value, 1..4 for "<5", and for "[c]" (being generous to the attacker)
 * N or more when the hidden count is at least N, else 0 or more.
 */
let truth = new Map<string, number>();
const bounds = (v: Shown, cap: number, id = ''): [number, number] =>
  typeof v === 'number' ? [v, v] : v === `<${N}` ? [1, N - 1] : v === SECONDARY && (truth.get(id) ?? N) >= N ? [N, cap] : [0, cap];

/** Exact rational arithmetic on bigint pairs. */
type Q = [bigint, bigint];
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const norm = ([a, b]: Q): Q => {
  if (b < 0n) [a, b] = [-a, -b];
  const g = gcd(a, b) || 1n;
  return [a / g, b / g];
};
const sub = (x: Q, y: Q): Q => norm([x[0] * y[1] - y[0] * x[1], x[1] * y[1]]);
const mul = (x: Q, y: Q): Q => norm([x[0] * y[0], x[1] * y[1]]);
const div = (x: Q, y: Q): Q => norm([x[0] * y[1], x[1] * y[0]]);

/** Hidden figures pinned by the linear system (Gauss-Jordan in fractions). */
function linearAttack(pub: Published, eqs: Eq[]): Map<string, number> {
  const hidden = [...pub].filter(([, v]) => typeof v !== 'number').map(([k]) => k);
  const col = new Map(hidden.map((k, i) => [k, i]));
  const rows: Q[][] = eqs.map((e) => {
    const r: Q[] = Array.from({ length: hidden.length + 1 }, () => [0n, 1n] as Q);
    const add = (id: string, sign: bigint) => {
      const v = pub.get(id);
      if (typeof v === 'number') r[hidden.length] = sub(r[hidden.length]!, [sign * BigInt(v), 1n]);
      else r[col.get(id)!] = norm([r[col.get(id)!]![0] + sign * r[col.get(id)!]![1], r[col.get(id)!]![1]]);
    };
    e.parts.forEach((p) => add(p, 1n));
    add(e.total, -1n);
    return r;
  });
  let rank = 0;
  for (let c = 0; c < hidden.length; c++) {
    const p = rows.findIndex((r, i) => i >= rank && r[c]![0] !== 0n);
    if (p < 0) continue;
    [rows[rank], rows[p]] = [rows[p]!, rows[rank]!];
    const piv = rows[rank]![c]!;
    rows[rank] = rows[rank]!.map((x) => div(x, piv));
    for (let i = 0; i < rows.length; i++) if (i !== rank && rows[i]![c]![0] !== 0n) {
      const f = rows[i]![c]!;
      rows[i] = rows[i]!.map((x, j) => sub(x, mul(f, rows[rank]![j]!)));
    }
    rank++;
  }
  const out = new Map<string, number>();
  for (const r of rows) {
    const nz = r.slice(0, hidden.length).map((x, i) => [x, i] as const).filter(([x]) => x[0] !== 0n);
    // sum(coef * x) + rhs = 0 with one unknown: x = -rhs / coef
    if (nz.length === 1) {
      const [coef, i] = nz[0]!;
      const v = div(sub([0n, 1n], r[hidden.length]!), coef);
      out.set(hidden[i]!, Number(v[0]) / Number(v[1]));
    }
  }
  return out;
}

/** Hidden figures pinned by bounds propagated through the totals. */
function intervalAttack(pub: Published, eqs: Eq[], cap: number): Map<string, number> {
  const lo = new Map<string, number>();
  const hi = new Map<string, number>();
  for (const [k, v] of pub) [lo, hi].forEach((m, i) => m.set(k, bounds(v, cap, k)[i]!));
  for (let pass = 0; pass < 100; pass++) {
    let changed = false;
    const set = (k: string, l: number, h: number) => {
      if (l > lo.get(k)!) (lo.set(k, l), (changed = true));
      if (h < hi.get(k)!) (hi.set(k, h), (changed = true));
    };
    for (const e of eqs) {
      const sl = e.parts.reduce((s, p) => s + lo.get(p)!, 0);
      const sh = e.parts.reduce((s, p) => s + hi.get(p)!, 0);
      set(e.total, sl, sh);
      for (const p of e.parts) set(p, lo.get(e.total)! - (sh - hi.get(p)!), hi.get(e.total)! - (sl - lo.get(p)!));
    }
    if (!changed) break;
  }
  return new Map([...pub].filter(([k, v]) => typeof v !== 'number' && lo.get(k) === hi.get(k)).map(([k]) => [k, lo.get(k)!]));
}

/** Every integer solution (small problems): hidden figures that take only one value in all of them. */
function searchAttack(pub: Published, eqs: Eq[], cap: number): Map<string, number> {
  const hidden = [...pub].filter(([, v]) => typeof v !== 'number').map(([k]) => k);
  const seen = new Map(hidden.map((k) => [k, new Set<number>()]));
  const val = new Map<string, number>([...pub].filter(([, v]) => typeof v === 'number') as [string, number][]);
  const ok = (x: Map<string, number>) =>
    eqs.every((e) => {
      const ids = [e.total, ...e.parts];
      if (!ids.every((i) => x.has(i))) return e.parts.filter((p) => x.has(p)).reduce((s, p) => s + x.get(p)!, 0) <= (x.get(e.total) ?? Infinity);
      return e.parts.reduce((s, p) => s + x.get(p)!, 0) === x.get(e.total);
    });
  let nodes = 0;
  const dfs = (x: Map<string, number>) => {
    if (++nodes > 2_000_000) throw new Error('search too large');
    // propagate: a total with one unknown left fixes it
    const y = new Map(x);
    for (let again = true; again; ) {
      again = false;
      for (const e of eqs) {
        const ids = [e.total, ...e.parts];
        const open = ids.filter((i) => !y.has(i));
        if (open.length !== 1) continue;
        const k = open[0]!;
        const s = e.parts.filter((p) => p !== k).reduce((a, p) => a + y.get(p)!, 0);
        const v = k === e.total ? s : y.get(e.total)! - s;
        const [l, h] = bounds(pub.get(k)!, cap, k);
        if (v < l || v > h) return;
        y.set(k, v);
        again = true;
      }
    }
    if (!ok(y)) return;
    const next = hidden.find((k) => !y.has(k));
    if (!next) return hidden.forEach((k) => seen.get(k)!.add(y.get(k)!));
    const [l, h] = bounds(pub.get(next)!, cap, next);
    for (let v = l; v <= h; v++) dfs(new Map(y).set(next, v));
  };
  dfs(val);
  return new Map([...seen].filter(([, s]) => s.size === 1).map(([k, s]) => [k, [...s][0]!]));
}

/** Every hidden figure the attacker pins, by any of its methods. */
function attack(pub: Published, eqs: Eq[], { cap, search = false }: { cap: number; search?: boolean }) {
  const found = new Map([...linearAttack(pub, eqs), ...intervalAttack(pub, eqs, cap)]);
  if (search) for (const [k, v] of searchAttack(pub, eqs, cap)) found.set(k, v);
  return found;
}

/* ------------------------------------------------------------------------------------------------ fixtures */

const table = () => {
  const raw = readCsv(fixture('disclosure/hate-crime-by-quarter.csv'));
  const cols = Object.keys(raw[0]!).filter((k) => k !== 'strand');
  return { rows: raw.map((r) => r.strand!), cols, values: raw.map((r) => cols.map((c) => Number(r[c]))) };
};

/** The table as published (cells, row/column/grand totals) and the totals a reader knows add up. */
function publishedTable(t: ReturnType<typeof table>, shown: ReturnType<typeof protectTable>) {
  const pub: Published = new Map();
  const eqs: Eq[] = [];
  t.rows.forEach((_, i) => t.cols.forEach((_, j) => pub.set(`${i},${j}`, shown.values[i]![j]!)));
  t.rows.forEach((_, i) => pub.set(`${i},T`, shown.rowTotals[i]!));
  t.cols.forEach((_, j) => pub.set(`T,${j}`, shown.colTotals[j]!));
  pub.set('T,T', shown.total);
  t.rows.forEach((_, i) => eqs.push({ total: `${i},T`, parts: t.cols.map((_, j) => `${i},${j}`) }));
  t.cols.forEach((_, j) => eqs.push({ total: `T,${j}`, parts: t.rows.map((_, i) => `${i},${j}`) }));
  eqs.push({ total: 'T,T', parts: t.rows.map((_, i) => `${i},T`) }, { total: 'T,T', parts: t.cols.map((_, j) => `T,${j}`) });
  return { pub, eqs };
}

describe('disclosure control: a strand × quarter table with planted small cells', () => {
  const t = table();
  const shown = protectTable(t, N);

  it('primary suppression: every count from 1 to 4 is shown as "<5", zeros and larger counts as they are', () => {
    t.values.forEach((r, i) =>
      r.forEach((v, j) => {
        const s = shown.values[i]![j];
        if (v >= 1 && v < N) expect(s, `${t.rows[i]} ${t.cols[j]}`).toBe('<5');
        else expect([v, SECONDARY]).toContain(s);
      }),
    );
    // planted: Race Q2 = 3, Religion Q3 = 2, Sexual orientation Q2 = 4, Disability Q2 = 1, Q3 = 3, Transgender Q1 = 2
    expect(shown.primary).toBe(6);
  });

  it('secondary suppression: no row or column is left with a single hidden cell', () => {
    expect(shown.secondary).toBeGreaterThan(0);
    const hidden = (v: Shown) => typeof v !== 'number';
    shown.values.forEach((r, i) => {
      const n = r.filter(hidden).length + (hidden(shown.rowTotals[i]!) ? 1 : 0);
      expect(n === 0 || n >= 2, `row ${t.rows[i]}`).toBe(true);
    });
    t.cols.forEach((_, j) => {
      const n = shown.values.filter((r) => hidden(r[j]!)).length + (hidden(shown.colTotals[j]!) ? 1 : 0);
      expect(n === 0 || n >= 2, `column ${t.cols[j]}`).toBe(true);
    });
    // Transgender: 2 + 0 + 0 + 5 = 7: the 2 is hidden, so the 5 must be too
    expect(shown.values[4]).toEqual(['<5', 0, 0, SECONDARY]);
  });

  it('no suppressed value can be recovered from the row, column or grand totals', () => {
    const { pub, eqs } = publishedTable(t, shown);
    const found = attack(pub, eqs, { cap: 200, search: true });
    expect([...found].filter(([k]) => { const [i, j] = k.split(',').map(Number); return t.values[i!]?.[j!]! >= 1 && t.values[i!]![j!]! < N; })).toEqual([]);
  });

  it('the attacker does recover cells when only primary suppression is applied (so the check above can fail)', () => {
    const naive = {
      ...shown,
      values: t.values.map((r) => r.map((v) => (v >= 1 && v < N ? '<5' : v))),
      rowTotals: t.values.map((r) => r.reduce((a, b) => a + b, 0)),
      colTotals: t.cols.map((_, j) => t.values.reduce((a, r) => a + r[j]!, 0)),
      total: t.values.flat().reduce((a, b) => a + b, 0),
    };
    const { pub, eqs } = publishedTable(t, naive);
    const found = attack(pub, eqs, { cap: 200, search: true });
    expect(found.get('0,1')).toBe(3); // Race Q2: row total minus the other quarters
    expect(found.get('4,0')).toBe(2);
  });
});

describe('disclosure control: a monthly series with rolling 12-month sums', () => {
  const raw = readCsv(fixture('disclosure/knife-injury-monthly.csv')).map((r) => ({ month: r.month!, count: Number(r.count) }));
  // rolling 12-month sums by hand: null until 12 months are there
  const rows = raw.map((r, i) => ({ ...r, rolling_12m: i >= 11 ? raw.slice(i - 11, i + 1).reduce((s, x) => s + x.count, 0) : null }));
  const published = (out: { month: string; count: Shown; rolling_12m: Shown }[]) => {
    const pub: Published = new Map();
    const eqs: Eq[] = [];
    out.forEach((r) => pub.set(`m${r.month}`, r.count));
    out.forEach((r, i) => {
      if (r.rolling_12m === null) return;
      pub.set(`r${r.month}`, r.rolling_12m);
      eqs.push({ total: `r${r.month}`, parts: out.slice(i - 11, i + 1).map((x) => `m${x.month}`) });
    });
    return { pub, eqs };
  };
  const smallMonths = raw.filter((r) => r.count >= 1 && r.count < N).map((r) => `m${r.month}`);
  truth = new Map([...raw.map((r) => [`m${r.month}`, r.count] as const), ...rows.map((r) => [`r${r.month}`, r.rolling_12m ?? 0] as const)]);

  it('shows small months as "<5", withholds every rolling sum whose 12 months hold one, and no small month can be worked out', () => {
    const out = publicTrend(rows, N);
    for (const r of raw) {
      const shown = out.find((o) => o.month === r.month)!.count;
      // months are hidden only when small: a sum that holds one is withheld instead (docs/disclosure.md, rule 2)
      expect(shown, r.month).toBe(r.count >= 1 && r.count < N ? '<5' : r.count);
    }
    // by hand from the fixture: every window of 12 months holds a month of 1 to 4 (2016-03 2, 2016-08 1, 2017-02 3,
    // 2017-07 4, 2017-11 1, 2018-04 2, 2018-05 3, 2018-12 4), so no rolling sum of this series is published
    rows.forEach((r, i) => {
      const o = out[i]!;
      if (r.rolling_12m === null) expect(o.rolling_12m, r.month).toBeNull();
      else expect(o.rolling_12m, r.month).toBe(raw.slice(i - 11, i + 1).some((x) => x.count >= 1 && x.count < N) ? SECONDARY : r.rolling_12m);
    });
    expect(out.filter((r) => r.rolling_12m === SECONDARY).length).toBe(25);
    const { pub, eqs } = published(out);
    const found = attack(pub, eqs, { cap: 500 });
    expect([...found.keys()].filter((k) => smallMonths.includes(k))).toEqual([]);
  });

  it('a rolling sum whose 12 months are all shown is published exactly', () => {
    // 24 months of 10 with one small month, 2017-06 = 3: the sums to 2017-12 … 2018-05 hold it, 2018-06 … 2018-12 do not
    const months = Array.from({ length: 24 }, (_, i) => `${2017 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    const counts = months.map((m) => (m === '2017-06' ? 3 : 10));
    const series = months.map((m, i) => ({ month: m, count: counts[i]!, rolling_12m: i >= 11 ? counts.slice(i - 11, i + 1).reduce((s, v) => s + v, 0) : null }));
    const out = publicTrend(series, N);
    expect(out.map((r) => r.count)).toEqual(months.map((m) => (m === '2017-06' ? '<5' : 10)));
    expect(out.slice(11).map((r) => r.rolling_12m)).toEqual([...Array(6).fill(SECONDARY), ...Array(7).fill(120)]);
  });

  it('differencing adjacent rolling sums recovers small months when only primary suppression is applied', () => {
    const naive = rows.map((r) => ({ ...r, count: r.count >= 1 && r.count < N ? '<5' : r.count }));
    const found = attack(published(naive).pub, published(naive).eqs, { cap: 500 });
    // r(2017-08) − r(2017-07) = m(2017-08) − m(2016-08): m(2016-08) = 1 comes out
    expect(found.get('m2016-08')).toBe(1);
  });

});

describe('disclosure control: /api/trend?public=1 over several ranges (the MPS sample)', () => {
  // Barnet's drug trafficking in the MPS sample, by hand from data/sample/mps-borough-2017-2018.csv:
  // 2017: 8 7 32 16 10 12 8 15 6 12 5 3; 2018: 12 7 14 9 3 9 6 6 3 14 4 8. Small months: 2017-12 (3), 2018-05 (3),
  // 2018-09 (3), 2018-11 (4). Those are hidden; every rolling sum holds one of them (2017-12's window holds 2017-12,
  // 2018-12's holds 2018-05), so every rolling sum is withheld (docs/disclosure.md, rule 2), whatever range is asked for.
  const raw = readCsv(MPS_SAMPLE).find((r) => r.Borough === 'Barnet' && r['Minor Category'] === 'Drug Trafficking')!;
  const months = Object.keys(raw).filter((k) => /^\d{6}$/.test(k)).map((k) => `${k.slice(0, 4)}-${k.slice(4)}`);
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    const path = tempDb();
    await loadFiles([MPS_SAMPLE], { db: path });
    db = await Database.open(path, { readOnly: true });
    app = createApp(db);
  }, 120_000);
  afterAll(() => db?.close());
  const trend = async (range: string) => {
    const res = await app.request(`/api/trend?area=Barnet&category=drug-trafficking&public=1${range}`);
    expect(res.status, range).toBe(200);
    return (await res.json()).rows as { month: string; count: Shown; rolling_12m: Shown }[];
  };

  it('a slice of the series shows the same figures as the whole (suppression does not depend on the range)', async () => {
    expect(months.map((m) => Number(raw[m.replace('-', '')]))).toEqual([8, 7, 32, 16, 10, 12, 8, 15, 6, 12, 5, 3, 12, 7, 14, 9, 3, 9, 6, 6, 3, 14, 4, 8]);
    const whole = await trend('');
    expect(whole.map((r) => r.month)).toEqual(months);
    const slice = await trend('&from=2018-07&to=2018-12');
    expect(slice.map((r) => r.month)).toEqual(months.slice(18));
    expect(slice.map((r) => r.count)).toEqual([6, 6, '<5', 14, '<5', 8]);
    expect(slice.map((r) => r.rolling_12m)).toEqual(Array(6).fill(SECONDARY));
    expect(slice).toEqual(whole.slice(18));
    for (const range of ['&from=2017-01&to=2017-12', '&from=2017-11&to=2018-02', '&to=2018-06']) {
      const part = await trend(range);
      expect(part.length, range).toBeGreaterThan(0);
      expect(part, range).toEqual(whole.filter((r) => part.some((p) => p.month === r.month)));
    }
    // 2017-12 and 2018-05 small in every range that holds them; 2017-05 (10) shown; no rolling sum published
    expect(whole.find((r) => r.month === '2017-12')!.count).toBe('<5');
    expect(whole.find((r) => r.month === '2017-05')!.count).toBe(10);
    expect(whole.filter((r) => r.rolling_12m !== null && r.rolling_12m !== SECONDARY)).toEqual([]);
  });
});

describe('disclosure control: London ranks with a London total', () => {
  const raw = readCsv(fixture('disclosure/ranks.csv'));
  const body = {
    london: { count: raw.reduce((s, r) => s + Number(r.count), 0), population: raw.reduce((s, r) => s + Number(r.population), 0), rate_per_1000: 1 },
    rows: raw.map((r, i) => ({ area: { code: r.area_code!, name: r.area_name! }, count: Number(r.count), population: Number(r.population), rate_per_1000: (1000 * Number(r.count)) / Number(r.population), rank: i + 1 })),
  };
  it('hides the small borough and the next-smallest, withholds their rates and ranks, and the total reveals neither', () => {
    const out = publicRanks(body, N);
    const barnet = out.rows.find((r) => r.area.name === 'Barnet')!;
    const bromley = out.rows.find((r) => r.area.name === 'Bromley')!;
    expect(barnet).toMatchObject({ count: '<5', rate_per_1000: null, rank: null });
    expect(bromley).toMatchObject({ count: SECONDARY, rate_per_1000: null, rank: null }); // 9, the next-smallest
    expect(out.london.count).toBe(243);
    const pub: Published = new Map([['london', out.london.count], ...out.rows.map((r) => [r.area.code, r.count] as [string, Shown])]);
    const found = attack(pub, [{ total: 'london', parts: out.rows.map((r) => r.area.code) }], { cap: 300, search: true });
    expect(found.has('E09000003')).toBe(false);
  });
});

describe('disclosure control: a withheld borough has no place in the ranks', () => {
  // ranked by rate per 1,000, lowest first, worked out by hand from the fixture: Barnet 0.0077, Bromley 0.0272,
  // Bexley 0.0486, Camden 0.0870, Ealing 0.1026, Croydon 0.1662, Brent 0.1727, Barking and Dagenham 0.1943
  const raw = readCsv(fixture('disclosure/ranks.csv'));
  const order = ['Barnet', 'Bromley', 'Bexley', 'Camden', 'Ealing', 'Croydon', 'Brent', 'Barking and Dagenham'];
  const rows = order.map((name, i) => {
    const r = raw.find((x) => x.area_name === name)!;
    return { area: { code: r.area_code!, name }, count: Number(r.count), population: Number(r.population), rate_per_1000: (1000 * Number(r.count)) / Number(r.population), rank: i + 1 };
  });
  const body = { of: 8, london: { count: 243, population: 2_490_000, rate_per_1000: 0.0976 }, rows };

  it('ranks the published boroughs among themselves (no gap where a withheld one stood) and lists the withheld after them by name', () => {
    const out = publicRanks(body, N);
    expect(out.rows.map((r) => [r.area.name, r.rank])).toEqual([
      ['Bexley', 1], ['Camden', 2], ['Ealing', 3], ['Croydon', 4], ['Brent', 5], ['Barking and Dagenham', 6],
      ['Barnet', null], ['Bromley', null],
    ]);
    expect(out.of).toBe(6);
    expect(out.disclosure.ranked_among).toMatch(/6 boroughs whose counts are published/);
  });

  it('leaves the ranks as they are when nothing is withheld', () => {
    const out = publicRanks({ ...body, rows: rows.slice(2).map((r, i) => ({ ...r, count: r.count * 10, rank: i + 1 })), of: 6 }, N);
    expect(out.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out.disclosure).not.toHaveProperty('ranked_among');
  });
});

describe('disclosure control: the scorecard', () => {
  const strands = readCsv(fixture('disclosure/hate-strands.csv'));
  const ind = (id: string, current: number, previous: number) => ({
    id, label: id, kind: 'count', source: 'local', to: '2018-12', current, previous, change: current - previous,
    pct_change: (100 * (current - previous)) / previous, significance: { p_value: 0.5, significant: false }, rate_per_1000: current / 400,
    rank: null, of: null, rag: 'amber', summary: `${id}: ${current}.`,
    repeat: { victims: current - 1, repeat_victims: 1, repeat_victim_rate: 100 / (current - 1), incidents: current, repeat_incidents: 1, repeat_incident_rate: 100 / current, min_incidents: 2 },
  });
  const parts = strands.map((r) => ind(r.indicator!, Number(r.current), Number(r.previous)));
  // all strands = the sum of the strands, by hand: 93+19+17+12+3 = 144 and 94+26+4+14+14 = 152
  const total = ind('hate-crime', 144, 152);
  const body = { area: { code: 'E09000003', name: 'Barnet' }, to: '2018-12', outcomes: [{ indicators: [...parts, total] }] };
  const out = publicOutcomes(body, N);
  const get = (id: string) => out.outcomes[0]!.indicators.find((i) => i.id === id)! as Record<string, any>;

  it('suppresses small counts and the derived change, % change, p-value and rate; the summary no longer holds them', () => {
    const t = get('hate-crime-transgender');
    expect(t.current).toBe('<5');
    expect(t).toMatchObject({ change: null, pct_change: null, significance: null, rate_per_1000: null, rag: 'grey' });
    expect(t.summary).not.toMatch(/\b3\b/);
    expect(t.repeat.incidents).toBe('<5');
    expect(t.disclosure.withheld).toEqual(expect.arrayContaining(['change', 'pct_change', 'significance', 'rate_per_1000']));
    const so = get('hate-crime-sexual-orientation');
    expect(so.previous).toBe('<5');
    expect(so.current).toBe(17); // shown, but the change (which would give the previous count) is withheld
    expect(so.change).toBeNull();
  });

  it('secondary suppression: all strands minus the shown strands reveals no strand', () => {
    for (const w of ['current', 'previous']) {
      const pub: Published = new Map([['t', get('hate-crime')[w]], ...parts.map((p) => [p.id, get(p.id)[w]] as [string, Shown])]);
      const found = attack(pub, [{ total: 't', parts: parts.map((p) => p.id) }], { cap: 200, search: true });
      expect(found.size, w).toBe(0);
    }
    expect(get('hate-crime-disability').current).toBe(SECONDARY); // 12, the next-smallest current strand
  });

  it('repeat figures: victims with one incident (victims − repeat victims) below 5 hide the repeat count', () => {
    const r = publicRepeat({ victims: 140, repeat_victims: 137, repeat_victim_rate: 97.9, incidents: 300, repeat_incidents: 120, repeat_incident_rate: 40 }, N);
    expect(r.body).toMatchObject({ victims: 140, repeat_victims: SECONDARY, repeat_victim_rate: null, incidents: 300, repeat_incidents: 120, repeat_incident_rate: 40 });
  });

  it("a count's compare: withheld whole with a hidden count; on another source, a small count there withholds its rate and the London rank; London's rate never published", () => {
    const scope = { areas: 32, london: true, label: 'the 32 London boroughs', reason: null };
    const compare = (source: string, count: number) => ({ source, source_rule: '', from: '2018-01', to: '2018-12', months: 12, months_covered: 12, count, population: 400_000, rate_per_1000: count / 400, london_rate_per_1000: 0.02, rank: 7, of: 32, scope, vs_london: 'similar', vs_london_95: 'similar' });
    const c = (id: string, current: number, cmp: ReturnType<typeof compare>, rank_source: string | null) => ({ ...ind(id, current, 40), rank: 7, of: 32, vs_london: 'similar', vs_london_95: 'similar', rank_source, compare: cmp, repeat: null, summary: `${id}: ${current}; 7th of 32 London boroughs.` });
    const b = {
      area: { code: 'E09000003', name: 'Barnet' },
      to: '2018-12',
      outcomes: [{ indicators: [c('small', 3, compare('local', 3), null), c('elsewhere', 60, compare('mps', 2), 'mps'), c('big', 60, compare('mps', 58), 'mps')] }],
    };
    const o = publicOutcomes(b, N);
    const pick = (id: string) => o.outcomes[0]!.indicators.find((i) => i.id === id)! as Record<string, any>;
    // a hidden count (3 < 5): compare withheld with rank and rate
    expect(pick('small')).toMatchObject({ current: '<5', compare: null, rank: null, rate_per_1000: null });
    expect(pick('small').disclosure.withheld).toEqual(expect.arrayContaining(['compare', 'rank']));
    // the local count (60) is shown, but its MPS count (2) would be given back by its MPS rate: hidden there
    const e = pick('elsewhere');
    expect(e.current).toBe(60);
    expect(e.compare).toMatchObject({ source: 'mps', count: '<5', rate_per_1000: null, rank: null, vs_london: null, vs_london_95: null, london_rate_per_1000: null });
    expect({ rank: e.rank, vs_london: e.vs_london }).toEqual({ rank: null, vs_london: null });
    expect(e.summary).not.toMatch(/7th/);
    // a large count on both: only London's rate is withheld, named, the summary left as it was
    const g = pick('big');
    expect(g.compare).toMatchObject({ count: 58, rate_per_1000: 58 / 400, rank: 7, vs_london: 'similar', london_rate_per_1000: null });
    expect(g.disclosure.withheld).toEqual(['compare.london_rate_per_1000']);
    expect(g.summary).toBe('big: 60; 7th of 32 London boroughs.');
  });

  it('the rule is stated with the threshold', () => {
    // the threshold's own words, by hand: 1 to N − 1 shown as "<N", zeros shown, the secondary mark named
    expect(out.disclosure.rule).toMatch(/counts from 1 to 4 are shown as "<5" \(zeros are shown\)/);
    expect(out.disclosure.rule).toContain('shown as "[c]"');
    expect(out.disclosure.threshold).toBe(5);
    expect(ruleText(10)).toMatch(/1 to 9 are shown as "<10"/);
  });
});

describe('disclosure control: burglary and its two parts are one table each month', () => {
  // by hand: March has 3 business burglaries, so burglary (43) minus residential (40) would give them back
  const months = ['2018-01', '2018-02', '2018-03'];
  const series = (values: number[]) => months.map((month, i) => ({ month, count: values[i]! }));
  const marks = suppressMonths({ burglary: series([61, 58, 43]), 'burglary-residential': series([40, 41, 40]), 'burglary-business': series([21, 17, 3]) }, N);

  it('hides the small part and one more cell of that month, and nothing in the other months', () => {
    expect(marks.get('burglary-business')!.get('2018-03')).toBe('primary');
    const second = ['burglary', 'burglary-residential'].filter((c) => marks.get(c)!.has('2018-03'));
    expect(second.length).toBeGreaterThanOrEqual(1);
    for (const c of ['burglary', 'burglary-residential', 'burglary-business']) for (const m of ['2018-01', '2018-02']) expect(marks.get(c)!.has(m), `${c} ${m}`).toBe(false);
  });
});
