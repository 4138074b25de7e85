/**
 * The coverage-shape matrix (issue 12): data shaped unlike the samples, and for each shape the figure's state
 * (number / partial / null), the comparison fields, the source chosen, the rank and `of`, RAG, wording and exception
 * membership. The fixture is written here, deterministically; every expected figure comes from a plain loop over the
 * fixture rows (papaparse on the written files), never from the SQL.
 *
 * Shapes: (a) a local extract that starts in the middle of the previous window (2017-10), (b) for one borough only
 * (Barnet), without a hate_strand column; (c) police.uk for three months only (City of London, every crime type);
 * (d) a police.uk file that holds only burglary (the Met); (e) MPS only (Camden, Brent); (f) a month missing inside
 * a window (Hackney has no MPS 2018-05); (g) both windows complete (MPS for Barnet, Camden, Brent).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { readCsv, tempDb } from './helpers.ts';

const months = (from: string, to: string) => {
  const out: string[] = [];
  for (let [y, m] = from.split('-').map(Number) as [number, number]; `${y}-${String(m).padStart(2, '0')}` <= to; m === 12 ? ((y += 1), (m = 1)) : (m += 1))
    out.push(`${y}-${String(m).padStart(2, '0')}`);
  return out;
};
const ALL = months('2017-01', '2018-12');
const MPS_BOROUGHS = ['Barnet', 'Camden', 'Brent', 'Hackney'];
const MPS_LABELS = [
  ['Burglary', 'Burglary in a Dwelling'],
  ['Robbery', 'Personal Property'],
];
/** A deterministic count for a borough, label and month (seasonal, varied). */
const cell = (b: number, l: number, i: number) => 20 + 7 * b + 5 * l + ((i * 7 + b * 3 + l) % 11);

function writeFixture(dir: string) {
  // (e)(f)(g) MPS: four boroughs, two labels, 24 months; Hackney has no 2018-05 column value (the borough is absent that month)
  const mps = ['Borough,Major Category,Minor Category,' + ALL.map((m) => m.replace('-', '')).join(',')];
  MPS_BOROUGHS.forEach((b, bi) =>
    MPS_LABELS.forEach(([major, minor], li) => mps.push([b, major, minor, ...ALL.map((_, i) => cell(bi, li, i))].join(','))),
  );
  writeFileSync(join(dir, 'mps.csv'), mps.join('\n') + '\n');
  // a separate file for Hackney so its 2018-05 can be left out: its (borough, month) slices are what it holds
  const hackney = ['Borough,Major Category,Minor Category,' + ALL.filter((m) => m !== '2018-05').map((m) => m.replace('-', '')).join(',')];
  MPS_LABELS.forEach(([major, minor], li) => hackney.push(['Hackney', major, minor, ...ALL.map((_, i) => cell(3, li, i)).filter((_, i) => ALL[i] !== '2018-05')].join(',')));
  writeFileSync(join(dir, 'mps.csv'), mps.filter((r) => !r.startsWith('Hackney')).join('\n') + '\n');
  writeFileSync(join(dir, 'mps-hackney.csv'), hackney.join('\n') + '\n');

  // (c)(d) police.uk, January to March 2018
  const header = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
  for (const [mi, month] of ['2018-01', '2018-02', '2018-03'].entries()) {
    const folder = join(dir, 'police-uk', month);
    mkdirSync(folder, { recursive: true });
    const met = [header];
    for (let k = 0; k < 30 + mi * 4; k++)
      met.push(`m${mi}-${k},${month},Metropolitan Police Service,Metropolitan Police Service,-0.2,51.6,On or near Street ${k % 7},${k % 2 ? 'E01000166' : 'E01000248'},${k % 2 ? 'Barnet 003A' : 'Barnet 001A'},Burglary,Under investigation,`);
    writeFileSync(join(folder, `${month}-metropolitan-street.csv`), met.join('\n') + '\n');
    const types = ['Burglary', 'Robbery', 'Shoplifting', 'Vehicle crime', 'Anti-social behaviour', 'Other theft'];
    const city = [header];
    for (let k = 0; k < 24; k++) {
      const type = types[(k + mi) % types.length]!;
      city.push(`${type === 'Anti-social behaviour' ? '' : `c${mi}-${k}`},${month},City of London Police,City of London Police,-0.09,51.51,On or near Lane ${k % 5},E01000001,City of London 001A,${type},,`);
    }
    writeFileSync(join(folder, `${month}-city-of-london-street.csv`), city.join('\n') + '\n');
  }

  // (a)(b) a local extract for Barnet only, from 2017-10, without a hate_strand column
  const local = ['incident_id,date,category,area,victim_id,domestic_abuse,knife,injury,victim_age,type'];
  let id = 0;
  for (const [i, month] of months('2017-10', '2018-12').entries())
    for (let k = 0; k < 6 + (i % 4); k++) {
      id++;
      const day = String(1 + ((k * 5) % 27)).padStart(2, '0');
      const category = k % 3 === 0 ? 'Burglary - Residential' : k % 3 === 1 ? 'Violence with Injury' : 'Robbery';
      local.push(`L${id},${month}-${day},${category},Barnet,V${(id * 7) % 23},${k % 4 === 0 ? 'Y' : 'N'},${k % 2 === 0 ? 'Y' : 'N'},${k % 3 === 1 ? 'Y' : 'N'},${15 + (k % 30)},crime`);
    }
  writeFileSync(join(dir, 'local.csv'), local.join('\n') + '\n');
}

/* ------------------------------------------------------------- plain loops over the fixture rows */

/** MPS count of a borough for a minor label over months (YYYY-MM), from the raw CSVs. */
function mpsCount(dir: string, borough: string, minor: string, ms: string[]): number {
  const rows = [...readCsv(join(dir, 'mps.csv')), ...readCsv(join(dir, 'mps-hackney.csv'))];
  return rows
    .filter((r) => r.Borough === borough && r['Minor Category'] === minor)
    .reduce((s, r) => s + ms.reduce((t, m) => t + Number(r[m.replace('-', '')] ?? 0), 0), 0);
}
/** Local incidents matching a predicate in months, from the raw CSV. */
function localCount(dir: string, pred: (r: Record<string, string>) => boolean, ms: string[]): number {
  return readCsv(join(dir, 'local.csv')).filter((r) => ms.includes(r.date!.slice(0, 7)) && pred(r)).length;
}
function policeukCount(dir: string, force: string, type: string, ms: string[]): number {
  let n = 0;
  for (const m of ms) {
    const file = join(dir, 'police-uk', m, `${m}-${force}-street.csv`);
    try {
      n += readCsv(file).filter((r) => r['Crime type'] === type).length;
    } catch {
      /* month not in the fixture */
    }
  }
  return n;
}

type Ind = Record<string, any>;

describe('the coverage-shape matrix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saferboard-matrix-'));
  let db: Database;
  let app: ReturnType<typeof createApp>;
  const get = async (url: string) => {
    const res = await app.request(url);
    return { status: res.status, body: (await res.json()) as any };
  };
  const indicators = async (url: string): Promise<Record<string, Ind>> => {
    const { status, body } = await get(url);
    expect(status, url).toBe(200);
    return Object.fromEntries(body.outcomes.flatMap((o: { indicators: Ind[] }) => o.indicators).map((i: Ind) => [i.id, i]));
  };

  beforeAll(async () => {
    writeFixture(dir);
    const path = tempDb();
    await loadFiles([join(dir, 'mps.csv'), join(dir, 'mps-hackney.csv'), join(dir, 'police-uk'), join(dir, 'local.csv')], { db: path });
    db = await Database.open(path, { readOnly: true });
    app = createApp(db);
  });
  afterAll(() => db?.close());

  it('(g) both windows complete: MPS is a number, compared, tested and ranked among the complete boroughs', async () => {
    const ind = await indicators('/api/outcomes?area=Camden&to=2018-12');
    const r = ind['burglary-residential']!;
    const current = mpsCount(dir, 'Camden', 'Burglary in a Dwelling', months('2018-01', '2018-12'));
    const previous = mpsCount(dir, 'Camden', 'Burglary in a Dwelling', months('2017-01', '2017-12'));
    expect(r).toMatchObject({ state: 'number', source: 'mps', complete: true, current, previous, change: current - previous, months: 12, months_covered: 12 });
    expect(r.significance).not.toBeNull();
    expect(r.rag).not.toBe('grey');
    // Hackney misses a month and the fixture holds 4 of the 32 boroughs: no London rank (issue 20), and the
    // response says why; the ranking among the 3 complete boroughs is /api/league's, labelled with that scope
    expect(r).toMatchObject({ rank: null, of: null, vs_london: null, rank_scope: { areas: 3, london: false } });
    expect(r.rank_scope.reason).toMatch(/3 of the 32/);
    expect(r.summary).not.toMatch(/London boroughs/);
    expect(r.summary).toContain(`${current.toLocaleString('en-GB')} in the 12 months to December 2018`);
  });

  it('(f) a month missing inside a window: partial, labelled with its months, never compared or ranked, grey', async () => {
    const ind = await indicators('/api/outcomes?area=Hackney&to=2018-12');
    const r = ind['burglary-residential']!;
    const covered = months('2018-01', '2018-12').filter((m) => m !== '2018-05');
    expect(r).toMatchObject({
      state: 'partial',
      source: 'mps',
      complete: false,
      current: mpsCount(dir, 'Hackney', 'Burglary in a Dwelling', covered),
      months_covered: 11,
      change: null,
      pct_change: null,
      significance: null,
      rank: null,
      rag: 'grey',
    });
    expect(r.missing_months).toEqual(['2018-05']);
    expect(r.summary).toMatch(/in 11 of 12 months/);
    const body = (await get('/api/outcomes?area=Hackney&to=2018-12')).body;
    expect(body.exceptions).not.toContain('burglary-residential');
  });

  it('(a) a local extract starting mid-way through the previous window: the local figure is a number, not compared', async () => {
    const ind = await indicators('/api/outcomes?area=Barnet&to=2018-12');
    const knife = ind['knife-crime']!;
    const current = localCount(dir, (r) => r.knife === 'Y', months('2018-01', '2018-12'));
    expect(knife).toMatchObject({ state: 'number', source: 'local', complete: false, current, previous: null, change: null, significance: null, rag: 'grey' });
    expect(knife.windows.previous.months_covered).toBe(3);
    expect(knife.summary).toMatch(/not compared/);
    // the local window is not complete in both years, so MPS (complete) is chosen for a category both can count
    expect(ind['burglary-residential']).toMatchObject({ source: 'mps', state: 'number', complete: true });
    expect(ind['burglary-residential']!.current).toBe(mpsCount(dir, 'Barnet', 'Burglary in a Dwelling', months('2018-01', '2018-12')));
    const body = (await get('/api/outcomes?area=Barnet&to=2018-12')).body;
    for (const id of body.exceptions) expect(ind[id]!.complete, id).toBe(true);
    expect(body.exceptions).not.toContain('knife-crime');
  });

  it('(a) a current window the extract only partly covers: "in 9 of 12 months", grey, not in the exceptions', async () => {
    const ind = await indicators('/api/outcomes?area=Barnet&to=2018-06');
    const knife = ind['knife-crime']!;
    // 12 months to June 2018 = July 2017 to June 2018; the extract starts in October 2017: 9 of 12 months
    const count = localCount(dir, (r) => r.knife === 'Y', months('2017-10', '2018-06'));
    expect(knife).toMatchObject({ state: 'partial', source: 'local', current: count, months_covered: 9, months: 12, rag: 'grey', change: null, rank: null });
    expect(knife.missing_months).toEqual([...months('2016-07', '2017-06'), '2017-07', '2017-08', '2017-09']);
    expect(knife.summary).toContain(`${count} in 9 of 12 months of the 12 months to June 2018`);
  });

  it('(b) a flag column the extract does not have: no figure, never 0', async () => {
    const ind = await indicators('/api/outcomes?area=Barnet&to=2018-12');
    for (const id of ['hate-crime', 'hate-crime-race', 'hate-crime-repeat'])
      expect(ind[id], id).toMatchObject({ state: 'none', current: null, rag: 'grey', source: null });
    // domestic abuse has its column: a number
    expect(ind['domestic-abuse']).toMatchObject({ state: 'number', current: localCount(dir, (r) => r.domestic_abuse === 'Y', months('2018-01', '2018-12')) });
  });

  it('(b) one borough only: a local figure is never ranked against 31 zeros', async () => {
    const { body } = await get('/api/league?indicator=knife-crime&to=2018-12');
    expect(body.source).toBe('local');
    expect(body.of).toBe(0);
    expect(body.rows.every((r: Ind) => r.rank === null)).toBe(true);
    expect(body.rows.filter((r: Ind) => r.state === 'none')).toHaveLength(31);
    expect(body.rows.find((r: Ind) => r.area.name === 'Harrow')).toMatchObject({ state: 'none', count: null, rate: null });
  });

  it('(b) a borough the extract does not hold has no local figure: "No data", never 0', async () => {
    const ind = await indicators('/api/outcomes?area=Barking and Dagenham&to=2018-12');
    for (const r of Object.values(ind)) {
      if (r.id === 'burglary') continue;
      expect(r.current, r.id).toBeNull();
      expect(r.state, r.id).toBe('none');
    }
    // burglary: the Met's burglary file covers every borough it polices for January to March 2018, and holds no
    // Barking and Dagenham row: a true zero for 3 of the 12 months, shown as partial
    expect(ind['burglary']).toMatchObject({ state: 'partial', source: 'policeuk', current: 0, months_covered: 3, rag: 'grey' });
  });

  it('(c) police.uk for three months only: partial over 12 months; a quarter is a number with nothing to compare', async () => {
    const robbery = policeukCount(dir, 'city-of-london', 'Robbery', ['2018-01', '2018-02', '2018-03']);
    const twelve = (await get('/api/rolling?source=policeuk&area=City of London&category=robbery&to=2018-03')).body;
    expect(twelve.current).toMatchObject({ count: robbery, months_covered: 3, months: 12, complete: false, rate_per_1000: null });
    expect(twelve).toMatchObject({ change: null, pct_change: null, significance: null, complete: false });
    const quarter = (await get('/api/rolling?source=policeuk&area=City of London&category=robbery&to=2018-03&period=quarter')).body;
    expect(quarter.current).toMatchObject({ from: '2018-01', to: '2018-03', count: robbery, complete: true });
    expect(quarter.previous).toMatchObject({ count: null, months_covered: 0 });
    expect(quarter.change).toBeNull();
  });

  it('(d) a burglary-only police.uk file covers burglary only: robbery has no figure and no rank, never zeros ranked 1st', async () => {
    const burglary = (await get('/api/rolling?source=policeuk&area=Barnet&category=burglary&to=2018-03&period=quarter')).body;
    expect(burglary.current.count).toBe(policeukCount(dir, 'metropolitan', 'Burglary', ['2018-01', '2018-02', '2018-03']));
    const robbery = (await get('/api/rolling?source=policeuk&area=Barnet&category=robbery&to=2018-03&period=quarter')).body;
    expect(robbery.current).toMatchObject({ count: null, months_covered: 0 });
    const ranks = (await get('/api/ranks?source=policeuk&category=robbery&to=2018-03&period=quarter')).body;
    expect(ranks.of).toBe(0);
    expect(ranks.rows.every((r: Ind) => r.rank === null && r.count === null)).toBe(true);
    expect(ranks.london.count).toBeNull();
  });

  it('(e) MPS only for a borough with no local extract: MPS chosen, ranked among the complete boroughs', async () => {
    const { body } = await get('/api/league?indicator=burglary-residential&to=2018-12');
    expect(body.source).toBe('mps');
    expect(body.of).toBe(3);
    const expected = ['Barnet', 'Camden', 'Brent']
      .map((b) => ({ b, rate: mpsCount(dir, b, 'Burglary in a Dwelling', months('2018-01', '2018-12')) }))
      .map(({ b, rate }) => ({ b, count: rate }));
    for (const e of expected) expect(body.rows.find((r: Ind) => r.area.name === e.b)).toMatchObject({ state: 'number', count: e.count });
    expect(body.rows.find((r: Ind) => r.area.name === 'Hackney')).toMatchObject({ state: 'partial', rank: null, rate: null });
    // ranked among the 3 complete boroughs, labelled so; no London total, rate or vs_london from 4 of 32 (issue 20)
    expect(body.scope).toMatchObject({ areas: 3, london: false, label: 'the 3 boroughs with a complete window from mps' });
    expect(body.london).toEqual({ count: null, population: null, rate: null });
    for (const r of body.rows) expect(r.vs_london).toBeNull();
    expect(body.rows.slice(0, 3).map((r: Ind) => r.rank)).toEqual([1, 2, 3]);
  });

  it('asking a source for a category it can never express is a 400 naming the source and what it can express', async () => {
    for (const [url, re] of [
      ['/api/rolling?source=mps&area=Barnet&category=asb', /source mps cannot express category "asb" \(it can express: .*burglary-residential/],
      ['/api/rolling?source=policeuk&area=Barnet&category=burglary-residential', /source policeuk cannot express category "burglary-residential" \(it can express: .*burglary, /],
      ['/api/ranks?source=mps&category=asb', /source mps cannot express category "asb"/],
      ['/api/trend?source=policeuk&area=Barnet&category=burglary-residential', /source policeuk cannot express/],
    ] as const) {
      const { status, body } = await get(url);
      expect(status, url).toBe(400);
      expect(body.error, url).toMatch(re);
    }
  });

  it('a `to` outside every loaded month is a 400 saying which months are loaded', async () => {
    const { status, body } = await get('/api/rolling?area=Barnet&category=burglary&to=2005-01');
    expect(status).toBe(400);
    expect(body.error).toMatch(/to=2005-01 is before the first month loaded for mps \(2017-01\); loaded: mps 2017-01 to 2018-12/);
    const outcomes = await get('/api/outcomes?area=Barnet&to=2019-06');
    expect(outcomes.status).toBe(400);
    expect(outcomes.body.error).toMatch(/after the last month loaded \(2018-12\)/);
  });
});
