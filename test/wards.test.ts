import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LoadError } from '../data/errors.ts';
import { loadFiles } from '../data/load.ts';
import type { Wards } from '../core/types.ts';
import { checksum, fixture, query, readCsv, tempDb, requestJson } from './helpers.ts';

// The London Datastore's current "MPS Ward Level Crime" file (2024-03..2026-02 and a stub 202402 column), cut to the
// wards of Barnet, Haringey and Hillingdon plus Heathrow Villages (listed under Aviation Security (SO18)); the MPS
// borough file of the same months cut to the same boroughs; the Census 2021 ward populations (ONS, via the LSOAs).
const WARD_FILE = fixture('wards/mps-ward-2024-03-2026-02.csv');
const BOROUGH_FILE = fixture('wards/mps-borough-2024-2026-barnet-haringey-hillingdon.csv');
const POPULATION = readCsv(fixture('wards/london-ward-population-2021.csv'));
const RAW = readCsv(WARD_FILE);
const MONTHS = Object.keys(RAW[0]!).filter((k) => /^\d{6}$/.test(k));
const BOROUGHS: Record<string, string> = { E09000003: 'Barnet', E09000014: 'Haringey', E09000017: 'Hillingdon' };

/** The months of the 12 months to February 2026, as the file's columns. */
const LAST_12 = MONTHS.slice(-12);

const wards = (db: string, path: string) => requestJson<Wards>(db, path);

describe('MPS ward-level crime', () => {
  // the file's last month is 2026-02, which a load refuses as "in the future" on an earlier clock
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-15T12:00:00Z'));
  });
  afterAll(() => vi.useRealTimers());

  let db: string;
  let summary: Awaited<ReturnType<typeof loadFiles>>;
  beforeAll(async () => {
    db = tempDb();
    summary = await loadFiles([WARD_FILE, BOROUGH_FILE], { db });
  });

  it('loads every row as published, keyed on the trimmed ward code; the stub first month is named and not loaded', async () => {
    const f = summary.files.find((x) => x.format === 'mpsward')!;
    expect(f.rows).toBe(RAW.length);
    expect(f.unmapped).toEqual([]);
    // the stub: 202402 totals, by a plain loop over the raw file, far below every other month
    const total = (m: string) => RAW.reduce((s, r) => s + Number(r[m]), 0);
    expect(MONTHS[0]).toBe('202402');
    expect(total('202402')).toBeLessThan(10);
    expect(f.warnings.join('\n')).toContain(`month 2024-02 (the file's first column) is a near-empty stub: ${total('202402')} crimes`);
    expect(f.months).toEqual(MONTHS.slice(1).map((m) => `${m.slice(0, 4)}-${m.slice(4)}`));
    const stub = await query<{ n: number }>(db, `SELECT count(*)::INTEGER AS n FROM ward_coverage WHERE month = DATE '2024-02-01'`);
    expect(stub[0]!.n).toBe(0);
    // every ward x month, against the raw file by plain loops
    const expected = new Map<string, number>();
    for (const r of RAW)
      for (const m of MONTHS.slice(1)) {
        const k = `${r.WardCode!.trim()}|${m.slice(0, 4)}-${m.slice(4)}`;
        expected.set(k, (expected.get(k) ?? 0) + Number(r[m]));
      }
    const got = await query<{ k: string; n: number }>(
      db,
      `SELECT ward_code || '|' || strftime(month, '%Y-%m') AS k, sum(count)::INTEGER AS n FROM mpsward_counts GROUP BY 1`,
    );
    expect(new Map(got.map((r) => [r.k, r.n]))).toEqual(expected);
  });

  it("a ward's 12-month count and rate per 1,000 match the raw file and the Census 2021 population file", async () => {
    const { status, body } = await wards(db, '/api/wards?area=Barnet&category=burglary&to=2026-02');
    expect(status).toBe(200);
    expect(body.complete).toBe(true);
    const barnetWards = POPULATION.filter((p) => p.lad_code === 'E09000003');
    expect(body.rows.map((r) => r.code).sort()).toEqual(barnetWards.map((p) => p.ward_code).sort());
    for (const p of barnetWards) {
      const count = RAW.filter((r) => r.WardCode!.trim() === p.ward_code && r.MajorText === 'BURGLARY').reduce(
        (s, r) => s + LAST_12.reduce((t, m) => t + Number(r[m]), 0),
        0,
      );
      const row = body.rows.find((r) => r.code === p.ward_code)!;
      expect(row.count).toBe(count);
      expect(row.population).toBe(Number(p.population_2021));
      expect(row.rate_per_1000).toBeCloseTo((count / Number(p.population_2021)) * 1000, 10);
      expect(row.series.map((s) => s.month)).toEqual(LAST_12.map((m) => `${m.slice(0, 4)}-${m.slice(4)}`));
    }
    // Burnt Oak by hand from the raw rows: 12 months, and the 12 months before (vs=year)
    const burntOak = body.rows.find((r) => r.name === 'Burnt Oak')!;
    const before = MONTHS.slice(1, 13);
    const prev = RAW.filter((r) => r.WardCode!.trim() === 'E05013630' && r.MajorText === 'BURGLARY').reduce(
      (s, r) => s + before.reduce((t, m) => t + Number(r[m]), 0),
      0,
    );
    expect(burntOak.previous).toBe(prev);
    expect(burntOak.change).toBe(burntOak.count! - prev);
    expect(burntOak.significance?.test).toBe('conditional-binomial');
    expect(burntOak.spc?.month).toBe('2026-02');
  });

  it.each(['burglary', 'violence-against-the-person'])(
    "a borough's wards add up to the borough's own figure, the difference reported as unplaced (%s)",
    async (category) => {
      const major = { burglary: 'BURGLARY', 'violence-against-the-person': 'VIOLENCE AGAINST THE PERSON' }[category]!;
      const boroughRaw = readCsv(BOROUGH_FILE);
      for (const [code, name] of Object.entries(BOROUGHS)) {
        const { body } = await wards(db, `/api/wards?area=${name}&category=${category}&to=2026-02`);
        const boroughCount = boroughRaw
          .filter((r) => r.BoroughName === name && r.MajorText === major)
          .reduce((s, r) => s + LAST_12.reduce((t, m) => t + Number(r[m]), 0), 0);
        // the borough's wards by the population file's authority (Heathrow Villages, listed under Aviation Security, is Hillingdon's)
        const codes = new Set(POPULATION.filter((p) => p.lad_code === code).map((p) => p.ward_code));
        const wardsCount = RAW.filter((r) => codes.has(r.WardCode!.trim()) && r.MajorText === major).reduce(
          (s, r) => s + LAST_12.reduce((t, m) => t + Number(r[m]), 0),
          0,
        );
        expect(body.unplaced.borough_count).toBe(boroughCount);
        expect(body.unplaced.wards_count).toBe(wardsCount);
        expect(body.unplaced.count).toBe(boroughCount - wardsCount);
        expect(body.unplaced.count).toBeGreaterThanOrEqual(0);
        expect(body.rows.reduce((s, r) => s + r.count!, 0) + body.unplaced.count!).toBe(boroughCount);
        expect(body.borough.count).toBe(boroughCount);
      }
    },
  );

  it("the rows behind a ward's count add up to it, as published; public mode gets no ward rows", async () => {
    const { body } = await wards(db, '/api/wards?area=Barnet&category=burglary&to=2026-02');
    const burntOak = body.rows.find((r) => r.code === 'E05013630')!;
    const rows = (await wards(db, '/api/wards/rows?area=Barnet&category=burglary&to=2026-02&ward=E05013630')).body as unknown as {
      total: number; value: number; rows: { ward_code: string; month: string; minor: string; count: number }[];
    };
    expect(rows.value).toBe(burntOak.count);
    expect(rows.total).toBe(burntOak.count);
    // every row is a cell of the raw file (ward, minor category, month)
    for (const r of rows.rows) {
      const raw = RAW.filter((x) => x.WardCode!.trim() === r.ward_code && x.MinorText === r.minor).reduce((s, x) => s + Number(x[r.month.replace('-', '')]), 0);
      expect(r.count).toBe(raw);
    }
    const unknown = await wards(db, '/api/wards/rows?area=Barnet&category=burglary&ward=E05000001');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain('unknown ward of Barnet: "E05000001"');
    // public mode: the figures after disclosure control (test/wards-disclosure.test.ts), never their rows
    expect((await wards(db, '/api/wards?area=Barnet&category=burglary&public=1')).status).toBe(200);
    expect((await wards(db, '/api/wards/rows?area=Barnet&category=burglary&ward=E05013630&public=1')).status).toBe(403);
    expect((await wards(db, '/api/wards/sources?public=1')).status).toBe(200);
  });

  it('Heathrow Villages (listed under Aviation Security) is a ward of Hillingdon', async () => {
    const { body } = await wards(db, '/api/wards?area=Hillingdon&category=theft&to=2026-02');
    const heathrow = body.rows.find((r) => r.code === 'E05013570')!;
    const count = RAW.filter((r) => r.WardCode === 'E05013570' && r.MajorText === 'THEFT').reduce(
      (s, r) => s + LAST_12.reduce((t, m) => t + Number(r[m]), 0),
      0,
    );
    expect(RAW.find((r) => r.WardCode === 'E05013570')!.LookUp_BoroughName).toBe('Aviation Security (SO18)');
    expect(heathrow.count).toBe(count);
  });

  it('a partial window is labelled and not compared', async () => {
    // 12 months to 2025-02: the comparison window 2024-03..2025-02 a year earlier is not loaded
    const { body } = await wards(db, '/api/wards?area=Barnet&category=burglary&to=2025-02');
    expect(body.complete).toBe(true);
    expect(body.previous_complete).toBe(false);
    expect(body.reason).toContain('not compared');
    expect(body.rows.every((r) => r.change === null && r.significance === null && r.previous === null)).toBe(true);
  });

  it('a newer load of the same file replaces its slices: counts unchanged', async () => {
    const again = tempDb();
    await loadFiles([WARD_FILE], { db: again });
    const s = await loadFiles([WARD_FILE], { db: again });
    expect(s.files[0]!.slicesReplaced).toBeGreaterThan(0);
    const [n] = await query<{ n: number }>(again, `SELECT sum(count)::INTEGER AS n FROM mpsward_counts`);
    expect(n!.n).toBe(RAW.reduce((s, r) => s + MONTHS.slice(1).reduce((t, m) => t + Number(r[m]), 0), 0));
  });

  it.each([
    ['historical first', ['wards/historical-2024-01-02-barnet.csv', 'wards/mps-ward-2024-03-2026-02.csv']],
    ['current first', ['wards/mps-ward-2024-03-2026-02.csv', 'wards/historical-2024-01-02-barnet.csv']],
  ])('the stub never replaces the full February 2024 of the Historical file (%s)', async (_, files) => {
    const d = tempDb();
    for (const f of files) await loadFiles([fixture(f)], { db: d });
    const hist = readCsv(fixture('wards/historical-2024-01-02-barnet.csv'));
    const [row] = await query<{ n: number }>(d, `SELECT sum(count)::INTEGER AS n FROM mpsward_counts WHERE month = DATE '2024-02-01'`);
    expect(row!.n).toBe(hist.reduce((s, r) => s + Number(r['202402']), 0));
    const [cov] = await query<{ n: number }>(
      d,
      `SELECT count(*)::INTEGER AS n FROM ward_coverage WHERE borough_code = 'E09000003' AND month = DATE '2024-02-01' AND category_id = 'burglary'`,
    );
    expect(cov!.n).toBe(1);
  });
});

describe('ward rows as published: trimmed codes, repeated rows, mangled names, pseudo wards', () => {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-15T12:00:00Z'));
  });
  afterAll(() => vi.useRealTimers());

  it('adds repeated rows, keys on the trimmed code whatever the name, and counts pseudo wards as unplaced', async () => {
    const db = tempDb();
    const s = await loadFiles([fixture('wards/quirks.csv')], { db });
    const warnings = s.files[0]!.warnings.join('\n');
    expect(warnings).toContain('1 row repeats the ward and category of an earlier row: the counts were added');
    expect(warnings).toContain('5 pseudo wards');
    for (const code of ['E05000046 "Colindale (NOT ACTIVE)"', 'N/K', '-1', 'NON ATHENA FORCE', '(none)']) expect(warnings).toContain(code);
    // by hand from quirks.csv: Burnt Oak 3+4+5 under "E05013630 " and 1+0+2 under "E05013630"
    const { body } = await wards(db, '/api/wards?area=Barnet&category=burglary&to=2025-03&period=quarter');
    expect(body.rows.find((r) => r.name === 'Burnt Oak')!.count).toBe(15);
    expect(body.rows.find((r) => r.name === 'Colindale South')!.count).toBe(4);
    // a ward with no row in a covered month counts 0 there, not a gap
    expect(body.rows.find((r) => r.name === 'Hendon')!.count).toBe(0);
    expect(body.rows.some((r) => r.code === 'E05000046' || r.code === 'N/K')).toBe(false);
    expect(Object.fromEntries(body.unplaced.pseudo.map((p) => [p.code, p.count]))).toEqual({
      E05000046: 2,
      'N/K': 2,
      '-1': 1,
      'NON ATHENA FORCE': 1,
      '(none)': 2,
    });
    // no borough-level file loaded: no borough figure, so no unplaced count beyond the pseudo wards
    expect(body.unplaced.borough_count).toBeNull();
    expect(body.unplaced.count).toBeNull();
    // "Alexandra Park" and "Alex&ra Park" are one ward (E05013585): 2+2+2 and 1+3+0
    const h = await wards(db, '/api/wards?area=Haringey&category=burglary&to=2025-03&period=quarter');
    expect(h.body.rows.find((r) => r.code === 'E05013585')).toMatchObject({ name: 'Alexandra Park', count: 10 });
  });
});

describe('bad ward input', () => {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-15T12:00:00Z'));
  });
  afterAll(() => vi.useRealTimers());

  it.each([
    ['wards/bad-count.csv', 3, /column 202502, found "x"/],
    ['wards/missing-borough.csv', 1, /missing column: expected one of lookup_boroughname/],
  ])('%s: a LoadError naming the file, line and column; the database unchanged', async (file, line, reason) => {
    const db = tempDb();
    await loadFiles([fixture('wards/quirks.csv')], { db });
    const before = await checksum(db);
    const error = await loadFiles([fixture(file)], { db }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).file).toContain(file.split('/')[1]);
    expect((error as LoadError).line).toBe(line);
    expect((error as LoadError).reason).toMatch(reason);
    expect(await checksum(db)).toBe(before);
  });

  let db: string;
  beforeAll(async () => {
    db = tempDb();
    await loadFiles([fixture('wards/quirks.csv')], { db });
  });
  it.each([
    ['area=Narnia&category=burglary', /unknown area: "Narnia"/, 'area'],
    ['area=Barnet&category=burglaryy', /unknown category: "burglaryy"/, 'category'],
    ['area=Barnet&category=burglary&period=week', /unknown period: "week" \(allowed: 12m, fytd, quarter, month, fy\)/, 'period'],
    ['area=Barnet&category=burglary&vs=decade', /unknown vs: "decade" \(allowed: year, previous\)/, 'vs'],
    ['area=Barnet&category=burglary&measure=share', /unknown measure: "share" \(allowed: count, rate\)/, 'measure'],
    ['area=Barnet&category=burglary&source=policeuk', /unknown ward source: "policeuk" \(allowed: mpsward, mpsdash\)/, 'source'],
    ['area=City of London&category=burglary', /wards are served for a London borough/, 'area'],
    ['area=Barnet&category=asb', /source mpsward cannot express category "asb"/, 'category'],
    ['area=Barnet&category=burglary&to=2030-01', /to=2030-01 is outside the months loaded for mpsward/, 'to'],
  ])('/api/wards?%s: 400 naming the bad value', async (qs, message, parameter) => {
    const { status, body } = await wards(db, `/api/wards?${qs}`);
    expect(status).toBe(400);
    expect(body.error).toMatch(message);
    expect((body as unknown as { detail: { parameter: string } }).detail.parameter).toBe(parameter);
  });
});
