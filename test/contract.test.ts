/**
 * The coverage contract (issue 20, "Tests that must exist and pass", first bullet): every API route, asked with every
 * coverage shape, for a category the data holds and one it cannot express, over every kind of period, says only what
 * its data supports:
 *  - no NaN / Infinity / "NaN" / "undefined" anywhere in a response;
 *  - no 0 for a gap: where the loaded files cannot express a (source, area, category, month), the figure is null (or the
 *    request a 400 naming why), never 0;
 *  - no comparison (change, % change, significance, RAG, exception) for a partial window, and a partial window says so
 *    (`complete: false`, its missing months listed);
 *  - no London figure (a London rank, `of` 32, a London rate, vs_london) from a source that does not cover every London
 *    borough; every stated scope (`scope`, `rank_scope`) names the number of areas the fixture really holds.
 *
 * Which cells are gaps is worked out here, from the raw fixture files (which months each file holds, for which area,
 * with which labels), with plain loops: never from the engine. The shapes:
 *  few     — the MPS sample beside a local extract cut to four categories (no business burglary, no theft, no vehicle crime);
 *  cut     — police.uk City of London files cut to one crime type (2018-01) and four (2018-02), a whole file (2018-03),
 *            and two stop-and-search months seven years apart (2015-06, 2022-06);
 *  three   — the cut local extract for 3 boroughs (Barnet, Camden, Haringey), no MPS;
 *  gap     — the MPS sample with Barnet's June 2018 missing;
 *  mid     — the MPS sample beside a local extract that starts in April 2017 (mid-window);
 *  and in every shape a period before any data (to=2005-03).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { tableFromIPC } from 'apache-arrow';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadFiles } from '../data/load.ts';
import { openPage, start, type Harness } from './e2e-helpers.ts';
import { MPS_SAMPLE, POLICEUK_SAMPLE, ROOT, SAMPLE, fixture, readCsv, tempDb } from './helpers.ts';
import { describeWith } from './requires.ts';
import { type App, type Res, months, openApp, tempDir } from './shapes-util.ts';

// ---------------------------------------------------------------------------------------------------------------
// The reference, read from its CSVs (the areas and the crosswalk labels the test relies on)

const AREAS = readCsv(join(ROOT, 'data/reference/areas.csv'));
const CODE = new Map<string, string>();
for (const a of AREAS) {
  CODE.set(a.name!.toLowerCase(), a.code!);
  CODE.set(a.code!.toLowerCase(), a.code!);
}
const BOROUGHS = AREAS.filter((a) => a.borough === 'true').map((a) => a.code!);
const NAME = new Map(AREAS.map((a) => [a.code!, a.name!]));
const codeOf = (name: string) => CODE.get(name.trim().toLowerCase()) ?? null;
expect(BOROUGHS).toHaveLength(32);

/** The police.uk crime types each probed category is made of (data/reference/categories.csv, by hand). */
const POLICEUK_TYPES: Record<string, string[]> = {
  shoplifting: ['Shoplifting'],
  robbery: ['Robbery'],
  drugs: ['Drugs'],
  burglary: ['Burglary'],
};

// ---------------------------------------------------------------------------------------------------------------
// Coverage, from the raw files: source → area code → category → the months covered

type Coverage = Map<string, Map<string, Map<string, Set<string>>>>;
function put(cov: Coverage, source: string, area: string, category: string, ms: Iterable<string>) {
  const bySource = cov.get(source) ?? new Map<string, Map<string, Set<string>>>();
  cov.set(source, bySource);
  const byArea = bySource.get(area) ?? new Map<string, Set<string>>();
  bySource.set(area, byArea);
  const set = byArea.get(category) ?? new Set<string>();
  byArea.set(category, set);
  for (const m of ms) set.add(m);
}
const covered = (cov: Coverage, source: string, area: string, category: string) => cov.get(source)?.get(area)?.get(category) ?? new Set<string>();

/** MPS: each borough's rows hold the month columns of its file; MPS expresses `categories` in every one. */
function mpsCoverage(cov: Coverage, file: string, categories: string[]) {
  for (const r of readCsv(file)) {
    const code = codeOf(r.Borough ?? r.BoroughName ?? r.LookUp_BoroughName ?? '');
    if (!code) continue;
    const ms = Object.keys(r).filter((k) => /^\d{6}$/.test(k)).map((k) => `${k.slice(0, 4)}-${k.slice(4)}`);
    for (const c of categories) put(cov, 'mps', code, c, ms);
  }
}

/**
 * A local extract: an area's crime incidents cover every month from its first to its last incident, for the categories
 * `held` (those whose every label the file holds, by hand); ASB incidents the same for `asb`.
 */
function localCoverage(cov: Coverage, rows: Record<string, string>[], held: string[]) {
  const span = new Map<string, [string, string]>();
  for (const r of rows) {
    const key = `${codeOf(r.area!)}|${r.type}`;
    const m = r.date!.slice(0, 7);
    const s = span.get(key);
    span.set(key, s ? [m < s[0] ? m : s[0], m > s[1] ? m : s[1]] : [m, m]);
  }
  for (const [key, [from, to]] of span) {
    const [area, type] = key.split('|') as [string, string];
    if (type === 'asb') put(cov, 'local', area, 'asb', months(from, to));
    else for (const c of held) put(cov, 'local', area, c, months(from, to));
  }
}

/** police.uk: a force's month file covers each area the force polices, for a category all of whose types it holds (or every category when it holds 10 types or more). */
function policeukCoverage(cov: Coverage, files: string[]) {
  for (const file of files) {
    const rows = readCsv(file);
    const month = rows[0]!.Month!;
    const force = rows[0]!['Falls within']!;
    const types = new Set(rows.map((r) => r['Crime type']!));
    for (const a of AREAS.filter((x) => x.force === force))
      for (const [c, need] of Object.entries(POLICEUK_TYPES)) if (types.size >= 10 || need.every((t) => types.has(t))) put(cov, 'policeuk', a.code!, c, [month]);
  }
}

/** Stop and search: a Met month's file covers that month for the Met's boroughs. */
function stopSearchCoverage(cov: Coverage, files: string[]) {
  for (const file of files) {
    const month = /(\d{4}-\d{2})-metropolitan-stop-and-search/.exec(file)![1]!;
    for (const a of AREAS.filter((x) => x.force === 'Metropolitan Police Service')) put(cov, 'stopsearch', a.code!, 'stop-search', [month]);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The fixtures

const LOCAL_SAMPLE = (() => {
  const all = Papa.parse<Record<string, string>>(gunzipSync(readFileSync(join(SAMPLE, 'local/barnet-local-2017-2018.csv.gz'))).toString('utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  return { rows: all.data, fields: all.meta.fields! };
})();
/** The labels the "few categories" cut keeps: residential burglary, personal robbery, wounding, criminal damage to a dwelling. */
const FEW = ['Burglary - Residential', 'Personal Property', 'Wounding/GBH', 'Criminal Damage To a Dwelling'];
/** What the cut can express, by hand from the crosswalk: residential burglary (business burglary, theft and vehicle crime it cannot: burglary, mopac7, theft-from-motor-vehicle). */
const FEW_HELD = ['burglary-residential'];

const write = (dir: string, name: string, rows: Record<string, string>[], fields: string[]) => {
  const file = join(dir, name);
  writeFileSync(file, Papa.unparse(rows, { columns: fields, newline: '\n' }) + '\n');
  return file;
};

interface Probe {
  source: string;
  area: string;
  category: string;
}
interface Shape {
  name: string;
  build: (dir: string, cov: Coverage) => string[][];
  probes: Probe[];
  /** the `to` months asked for (the last one before any data) */
  tos: string[];
}

const PERIODS: { period: string; vs?: string }[] = [{ period: '12m' }, { period: 'fytd' }, { period: 'quarter', vs: 'previous' }, { period: 'month' }, { period: 'fy' }];
const BEFORE = '2005-03';

const SHAPES: Shape[] = [
  {
    name: 'few: the MPS sample beside a local extract holding four categories',
    build: (dir, cov) => {
      const rows = LOCAL_SAMPLE.rows.filter((r) => FEW.includes(r.category!));
      expect(new Set(rows.map((r) => r.category))).toEqual(new Set(FEW));
      const file = write(dir, 'barnet-local-few.csv', rows, LOCAL_SAMPLE.fields);
      mpsCoverage(cov, MPS_SAMPLE, ['burglary', 'burglary-residential', 'theft-from-motor-vehicle', 'mopac7']);
      localCoverage(cov, rows, FEW_HELD);
      return [[MPS_SAMPLE, file]];
    },
    probes: [
      { source: 'local', area: 'E09000003', category: 'burglary-residential' },
      { source: 'local', area: 'E09000003', category: 'theft-from-motor-vehicle' },
      { source: 'local', area: 'E09000003', category: 'burglary' },
      { source: 'mps', area: 'E09000003', category: 'burglary' },
    ],
    tos: ['2018-12', '2018-03', BEFORE],
  },
  {
    name: 'cut: police.uk files of one and four crime types, and two stop-and-search months',
    build: (_dir, cov) => {
      const cuts = fixture('shapes/police-uk-cuts');
      const files = [join(cuts, '2018-01/2018-01-city-of-london-street.csv'), join(cuts, '2018-02/2018-02-city-of-london-street.csv'), join(POLICEUK_SAMPLE, '2018-03/2018-03-city-of-london-street.csv')];
      expect(new Set(readCsv(files[0]!).map((r) => r['Crime type'])).size).toBe(1);
      expect(new Set(readCsv(files[1]!).map((r) => r['Crime type'])).size).toBe(4);
      policeukCoverage(cov, files);
      const ss = fixture('shapes/stop-search');
      const ssFiles = readdirSync(ss).map((m) => join(ss, m, readdirSync(join(ss, m))[0]!));
      stopSearchCoverage(cov, ssFiles);
      return [[...files, ...ssFiles]];
    },
    probes: [
      { source: 'policeuk', area: 'E09000001', category: 'shoplifting' },
      { source: 'policeuk', area: 'E09000001', category: 'robbery' },
      { source: 'policeuk', area: 'E09000001', category: 'drugs' },
      { source: 'policeuk', area: 'E09000014', category: 'robbery' },
      { source: 'stopsearch', area: 'E09000003', category: 'stop-search' },
    ],
    tos: ['2018-03', '2018-02', '2018-01', '2022-06', BEFORE],
  },
  {
    name: 'three: the cut local extract for 3 boroughs, no MPS',
    build: (dir, cov) => {
      const files: string[] = [];
      for (const name of ['Barnet', 'Camden', 'Haringey']) {
        const rows = LOCAL_SAMPLE.rows
          .filter((r) => FEW.includes(r.category!))
          .map((r) => ({ ...r, area: name, incident_id: `${name.slice(0, 3).toUpperCase()}${r.incident_id}` }));
        files.push(write(dir, `${name.toLowerCase()}-local-few.csv`, rows, LOCAL_SAMPLE.fields));
        localCoverage(cov, rows, FEW_HELD);
      }
      return [files];
    },
    probes: [
      { source: 'local', area: 'E09000007', category: 'burglary-residential' },
      { source: 'local', area: 'E09000003', category: 'theft-from-motor-vehicle' },
      { source: 'local', area: 'E09000014', category: 'burglary' },
    ],
    tos: ['2018-12', BEFORE],
  },
  {
    name: 'gap: the MPS sample with Barnet missing June 2018',
    build: (dir, cov) => {
      const rows = readCsv(MPS_SAMPLE);
      const fields = Object.keys(rows[0]!);
      const others = write(dir, 'mps-others.csv', rows.filter((r) => r.Borough !== 'Barnet'), fields);
      const barnet = write(dir, 'mps-barnet-no-june.csv', rows.filter((r) => r.Borough === 'Barnet'), fields.filter((f) => f !== '201806'));
      mpsCoverage(cov, others, ['burglary']);
      mpsCoverage(cov, barnet, ['burglary']);
      return [[others, barnet]];
    },
    probes: [
      { source: 'mps', area: 'E09000003', category: 'burglary' },
      { source: 'mps', area: 'E09000007', category: 'burglary' },
    ],
    tos: ['2018-12', '2018-05', '2018-06', BEFORE],
  },
  {
    name: 'mid: the MPS sample beside a local extract starting in April 2017',
    build: (dir, cov) => {
      const rows = LOCAL_SAMPLE.rows.filter((r) => r.date! >= '2017-04-01');
      const file = write(dir, 'barnet-local-from-2017-04.csv', rows, LOCAL_SAMPLE.fields);
      mpsCoverage(cov, MPS_SAMPLE, ['burglary', 'burglary-residential']);
      localCoverage(cov, rows, ['burglary-residential', 'burglary']);
      return [[MPS_SAMPLE, file]];
    },
    probes: [
      { source: 'local', area: 'E09000003', category: 'burglary-residential' },
      { source: 'local', area: 'E09000003', category: 'asb' },
      { source: 'mps', area: 'E09000003', category: 'burglary' },
    ],
    tos: ['2017-12', '2018-12', '2018-03', BEFORE],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// The generic rules, over any JSON body

const COMPARISONS = ['change', 'pct_change', 'significance', 'direction'];

/** Every place in a body (path, value), depth first. */
function* walk(v: unknown, path = '$'): Generator<[string, unknown]> {
  yield [path, v];
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* walk(v[i], `${path}[${i}]`);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* walk(x, `${path}.${k}`);
}

/** The rules every response obeys, whatever it is. Returns what broke them, one line each. */
function genericFaults(url: string, r: Res): string[] {
  const faults: string[] = [];
  if (/\bNaN\b|Infinity|\bundefined\b/.test(r.text)) faults.push(`${url}: NaN/Infinity/undefined in ${r.text.match(/.{0,80}(\bNaN\b|Infinity|\bundefined\b).{0,40}/)?.[0]}`);
  if (r.status !== 200) {
    if (r.status !== 400) faults.push(`${url}: status ${r.status}: ${r.text.slice(0, 200)}`);
    else if (!r.body?.error) faults.push(`${url}: a 400 without an error saying why`);
    return faults;
  }
  for (const [path, v] of walk(r.body)) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
    const o = v as Record<string, unknown>;
    // a partial window is labelled and never compared
    if (o.complete === false) {
      for (const k of COMPARISONS) if (k in o && o[k] !== null) faults.push(`${url}: ${path}.${k} = ${JSON.stringify(o[k])} for a partial window`);
      if ('rag' in o && o.rag !== 'grey') faults.push(`${url}: ${path}.rag = ${o.rag} for a partial window`);
      if ('rank' in o && o.rank !== null && !('rank_scope' in o)) faults.push(`${url}: ${path}.rank = ${o.rank} for a partial window`);
    }
    if (Array.isArray(o.missing_months) && o.missing_months.length > 0 && o.complete === true) faults.push(`${url}: ${path} is complete with missing months`);
    // a window with no month covered has no figure
    if (o.months_covered === 0)
      for (const k of ['count', 'current', 'total', 'value', 'crimes', 'searches', 'incidents', 'victims'])
        if (k in o && o[k] !== null) faults.push(`${url}: ${path}.${k} = ${JSON.stringify(o[k])} with no month covered`);
    if (o.state === 'none' && 'current' in o && o.current !== null) faults.push(`${url}: ${path}.current = ${o.current} in state none`);
    // London figures only from a source complete for every London borough
    const scope = (o.scope ?? o.rank_scope) as { areas: number; london: boolean; reason: string | null } | null | undefined;
    if (scope && typeof scope === 'object' && 'london' in scope) {
      if (scope.london && scope.areas !== 32) faults.push(`${url}: ${path} scope says London over ${scope.areas} areas`);
      if (!scope.london) {
        if (!scope.reason) faults.push(`${url}: ${path} scope is not London and says no reason`);
        const london = o.london as Record<string, unknown> | undefined;
        if (london && Object.values(london).some((x) => x !== null)) faults.push(`${url}: ${path}.london = ${JSON.stringify(london)} from a source not covering London`);
        if (o.vs_london != null) faults.push(`${url}: ${path}.vs_london = ${o.vs_london} from a source not covering London`);
        if ('rank_scope' in o && (o.rank != null || o.of != null)) faults.push(`${url}: ${path} London rank ${o.rank} of ${o.of} from a source not covering London`);
        const comparator = o.london_comparator as { rate_per_1000: number | null } | undefined;
        if (comparator && comparator.rate_per_1000 !== null) faults.push(`${url}: ${path}.london_comparator from a source not covering London`);
        for (const row of (o.rows as Record<string, unknown>[] | undefined) ?? [])
          if (row.vs_london != null || row.vs_london_95 != null) faults.push(`${url}: ${path} row ${JSON.stringify(row.area)} vs_london from a source not covering London`);
      }
    }
    if (o.of === 32 && scope && !scope.london) faults.push(`${url}: ${path}.of = 32 with a scope that is not London`);
  }
  return faults;
}

const q = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString();

/** The months of a period ending `to` (current and comparison windows), by hand from DOMAIN.md. */
function windows(to: string, period: string, vs = 'year') {
  const add = (ym: string, n: number) => months('1990-01', '2100-12')[months('1990-01', ym).length - 1 + n]!;
  let from: string;
  if (period === '12m' || period === 'fy') from = add(to, -11);
  else if (period === 'fytd') from = `${Number(to.slice(5)) >= 4 ? to.slice(0, 4) : Number(to.slice(0, 4)) - 1}-04`;
  else if (period === 'quarter') from = add(to, -2);
  else from = to;
  const n = months(from, to).length;
  const previous = vs === 'year' ? months(add(from, -12), add(to, -12)) : months(add(from, -n), add(from, -1));
  return { current: months(from, to), previous };
}

// ---------------------------------------------------------------------------------------------------------------

for (const shape of SHAPES)
  describe(`the coverage contract, shape ${shape.name}`, () => {
    const cov: Coverage = new Map();
    let app: App;
    const faults: string[] = [];
    /** Asks, records the generic faults, and returns the response. */
    const ask = async (url: string) => {
      const r = await app.get(url);
      faults.push(...genericFaults(url, r));
      return r;
    };
    const check = (ok: boolean, what: string) => void (ok || faults.push(what));
    const has = (p: Probe, ms: string[]) => {
      const c = covered(cov, p.source, p.area, p.category);
      return ms.filter((m) => c.has(m));
    };

    beforeAll(async () => {
      const loads = shape.build(tempDir('contract'), cov);
      app = await openApp(...loads);
    });
    afterAll(() => app?.close());

    it('meta: every source and its first and last month as the files hold them; health; the views', async () => {
      faults.length = 0;
      const meta = (await ask('/api/meta')).body;
      const expected = new Map<string, string[]>();
      for (const [source, byArea] of cov) for (const byCat of byArea.values()) for (const ms of byCat.values()) expected.set(source, [...(expected.get(source) ?? []), ...ms]);
      for (const [source, ms] of expected) {
        const s = meta.sources.find((x: { id: string }) => x.id === source);
        expect(s, source).toMatchObject({ first: [...ms].sort()[0], last: [...ms].sort().at(-1) });
      }
      expect(meta.sources.map((s: { id: string }) => s.id).sort()).toEqual([...expected.keys()].sort());
      await ask('/api/health');
      for (const view of ['/', '/explore', '/assessment']) expect((await app.get(view)).status, view).toBe(200);
      expect(faults).toEqual([]);
    });

    it('series routes (trend, rolling, spc, hotspots, repeat, explain, rows): a gap is null, a partial window is labelled and not compared', async () => {
      faults.length = 0;
      for (const p of shape.probes)
        for (const to of shape.tos) {
          const key = `${p.source} ${NAME.get(p.area)} ${p.category} to=${to}`;
          const base = { source: p.source, area: p.area, category: p.category };
          // trend: each month's count is null exactly where the files hold no data
          const from = months('1990-01', to).at(-24)!;
          const t = await ask(`/api/trend?${q({ ...base, from, to })}`);
          if (t.status === 200) {
            const want = new Set(has(p, months(from, to)));
            for (const row of t.body.rows as { month: string; count: number | null; rolling_12m: number | null }[]) {
              check((row.count === null) === !want.has(row.month), `${key}: trend ${row.month} count ${row.count}, covered: ${want.has(row.month)}`);
              const year = months('1990-01', row.month).slice(-12);
              if (has(p, year).length < 12) check(row.rolling_12m === null, `${key}: trend ${row.month} rolling_12m ${row.rolling_12m} over a partial year`);
            }
          }
          // the same series downloaded: a gap is an empty CSV cell and an Arrow null, never 0 or a missing column
          const tq = q({ ...base, from, to });
          const csv = await app.get(`/api/trend?${tq}&format=csv`);
          if (csv.status === 200) {
            faults.push(...genericFaults(`trend csv ${key}`, { ...csv, status: 200, body: {} }));
            const want = new Set(has(p, months(from, to)));
            for (const row of Papa.parse<Record<string, string>>(csv.text, { header: true, skipEmptyLines: true }).data)
              check((row.count === '') === !want.has(row.month!), `${key}: trend csv ${row.month} count "${row.count}", covered: ${want.has(row.month!)}`);
          }
          const arrow = await app.request(`/api/trend?${tq}&format=arrow`);
          if (arrow.status === 200) {
            const want = new Set(has(p, months(from, to)));
            const rows = tableFromIPC(new Uint8Array(await arrow.arrayBuffer())).toArray().map((r) => r.toJSON() as Record<string, unknown>);
            for (const row of rows)
              check('count' in row && (row.count === null) === !want.has(String(row.month)), `${key}: trend arrow ${row.month} count ${row.count}, covered: ${want.has(String(row.month))}`);
          }
          // explain of the trend's last month: its count and rolling sum, null where the files hold no data
          const et = await ask(`/api/explain?${q({ route: 'trend', figure: 'count', ...base, from, to, month: to })}`);
          if (et.status === 200) check((et.body.value === null) === !covered(cov, p.source, p.area, p.category).has(to), `${key}: explain trend count ${et.body.value}`);
          const er = await ask(`/api/explain?${q({ route: 'trend', figure: 'rolling_12m', ...base, from, to, month: to })}`);
          if (er.status === 200) check(er.body.value === null || has(p, months('1990-01', to).slice(-12)).length === 12, `${key}: explain trend rolling_12m ${er.body.value} over a partial year`);
          // spc: no count, no signal in a gap month
          const s = await ask(`/api/spc?${q({ ...base, from, to })}`);
          if (s.status === 200) {
            const want = new Set(has(p, months(from, to)));
            for (const row of s.body.rows as { month: string; count: number | null; signal: unknown }[])
              check(want.has(row.month) || (row.count === null && row.signal === null), `${key}: spc ${row.month} count ${row.count} signal ${row.signal} in a gap`);
          }
          // hotspots: the incident sources
          if (p.source === 'policeuk' || p.source === 'local') {
            const hf = months('1990-01', to).at(-3)!;
            const h = await ask(`/api/hotspots?${q({ ...base, from: hf, to })}`);
            if (h.status === 200) {
              const got = has(p, months(hf, to));
              check(got.length === 0 ? h.body.total === null && !!h.body.reason : h.body.total !== null, `${key}: hotspots total ${h.body.total} with ${got.length} of 3 months covered`);
              check(h.body.months_covered === got.length, `${key}: hotspots months_covered ${h.body.months_covered}, the files hold ${got.length}`);
              check(h.body.complete === (got.length === 3), `${key}: hotspots complete ${h.body.complete} with ${got.length} of 3 months`);
            }
          }
          for (const { period, vs } of PERIODS) {
            if (period === 'fy' && to.slice(5) !== '03') continue;
            const w = windows(to, period, vs);
            const cur = has(p, w.current);
            const prev = has(p, w.previous);
            const what = `${key} period=${period}${vs ? ` vs=${vs}` : ''}`;
            const r = await ask(`/api/rolling?${q({ ...base, to, period, vs })}`);
            if (r.status === 200) {
              const b = r.body;
              check(b.current.months_covered === cur.length, `${what}: rolling current.months_covered ${b.current.months_covered}, the files hold ${cur.length}`);
              check(b.previous.months_covered === prev.length, `${what}: rolling previous.months_covered ${b.previous.months_covered}, the files hold ${prev.length}`);
              check((b.current.count === null) === (cur.length === 0), `${what}: rolling current.count ${b.current.count} with ${cur.length} months covered`);
              check((b.previous.count === null) === (prev.length === 0), `${what}: rolling previous.count ${b.previous.count} with ${prev.length} months covered`);
              const complete = cur.length === w.current.length && prev.length === w.previous.length;
              check(b.complete === complete, `${what}: rolling complete ${b.complete}`);
              if (!complete) check(b.change === null && b.pct_change === null && b.significance === null, `${what}: rolling compares a partial window`);
              check(
                JSON.stringify([...b.missing_months].sort()) === JSON.stringify([...w.previous, ...w.current].filter((m) => !covered(cov, p.source, p.area, p.category).has(m)).sort()),
                `${what}: rolling missing_months ${b.missing_months.join(' ')}`,
              );
            } else if (p.source !== 'stopsearch') check(cur.length === 0 || to === BEFORE, `${what}: rolling ${r.status} for a window the files hold: ${r.text.slice(0, 200)}`);
            // explain and rows of the rolling figure: the same coverage, no rows standing for a 0
            for (const figure of ['current', 'previous']) {
              const e = await ask(`/api/explain?${q({ route: 'rolling', figure, ...base, to, period, vs })}`);
              const got = figure === 'current' ? cur : prev;
              if (e.status === 200) {
                check((e.body.value === null) === (got.length === 0), `${what}: explain ${figure} value ${e.body.value} with ${got.length} months covered`);
                check(e.body.state === (got.length === 0 ? 'none' : got.length < (figure === 'current' ? w.current : w.previous).length ? 'partial' : 'number'), `${what}: explain ${figure} state ${e.body.state}`);
              }
              const rows = await ask(`/api/rows?${q({ route: 'rolling', figure, ...base, to, period, vs })}`);
              if (rows.status === 200) check(got.length > 0 || (rows.body.value === null && rows.body.total === null), `${what}: rows ${figure}: value ${rows.body.value}, total ${rows.body.total} with no month covered`);
            }
          }
          // repeat victims / locations (incident sources)
          if (p.source === 'local' || p.source === 'policeuk') {
            const ind = 'burglary-repeat';
            const rep = await ask(`/api/repeat?${q({ source: p.source, area: p.area, indicator: ind, to })}`);
            if (rep.status === 200) {
              const cat = p.source === 'local' ? 'burglary-residential' : 'burglary';
              const got = has({ ...p, category: cat }, windows(to, '12m').current);
              const people = 'victims' in rep.body ? rep.body.victims : rep.body.locations;
              check(got.length > 0 || (rep.body.incidents === null && people === null), `${key}: repeat ${ind}: incidents ${rep.body.incidents}, victims or places ${people} with no month covered`);
              check(rep.body.complete === (got.length === 12), `${key}: repeat complete ${rep.body.complete} with ${got.length} of 12 months`);
            }
          }
        }
      expect(faults).toEqual([]);
    });

    it('comparison routes (ranks, league, outcomes): London figures only from a source covering all 32 boroughs; every scope true', async () => {
      faults.length = 0;
      const categories = [...new Set(shape.probes.map((p) => `${p.source}|${p.category}`))];
      for (const sc of categories) {
        const [source, category] = sc.split('|') as [string, string];
        for (const to of shape.tos)
          for (const { period, vs } of PERIODS) {
            if (period === 'fy' && to.slice(5) !== '03') continue;
            const w = windows(to, period, vs);
            const complete = BOROUGHS.filter((b) => has({ source, area: b, category }, w.current).length === w.current.length);
            // one borough alone is not ranked (api/indicators/rank.ts): a comparison needs two
            const ranked = complete.length >= 2 ? complete.length : 0;
            const what = `${source} ${category} to=${to} period=${period}${vs ? ` vs=${vs}` : ''}`;
            if (source !== 'stopsearch') {
              const r = await ask(`/api/ranks?${q({ source, category, to, period, vs })}`);
              if (r.status === 200) {
                const b = r.body;
                check(b.of === ranked, `${what}: ranks of ${b.of}, the files hold ${complete.length} complete boroughs`);
                check(b.scope.areas === ranked, `${what}: ranks scope.areas ${b.scope.areas}, the files hold ${complete.length}`);
                check(complete.length === 32 || b.scope.reason.includes(`${complete.length} of the 32`), `${what}: ranks scope.reason "${b.scope.reason}", the files hold ${complete.length} complete boroughs`);
                check(b.scope.london === (complete.length === 32), `${what}: ranks scope.london ${b.scope.london} with ${complete.length} boroughs complete`);
                check(complete.length === 32 || !/London/.test(b.scope.label), `${what}: ranks scope label "${b.scope.label}" names London`);
                for (const row of b.rows) {
                  const got = has({ source, area: row.area.code, category }, w.current).length;
                  check((row.count === null) === (got === 0), `${what}: ranks ${row.area.name} count ${row.count} with ${got} months covered`);
                  check(row.months_covered === got, `${what}: ranks ${row.area.name} months_covered ${row.months_covered}, the files hold ${got}`);
                  check(row.rank === null || got === w.current.length, `${what}: ranks ${row.area.name} ranked with ${got} of ${w.current.length} months`);
                }
              }
            }
            // league: the indicator (or category) from the source it chooses
            const l = await ask(`/api/league?${q({ indicator: category, to, period, vs })}`);
            if (l.status === 200 && l.body.source) {
              const lc = BOROUGHS.filter((b) => has({ source: l.body.source, area: b, category }, w.current).length === w.current.length);
              const lr = lc.length >= 2 ? lc.length : 0;
              if (cov.get(l.body.source)?.size) {
                check(l.body.of === lr, `${what}: league (${l.body.source}) of ${l.body.of}, the files hold ${lc.length} complete boroughs`);
                check(l.body.scope.areas === lr, `${what}: league scope.areas ${l.body.scope.areas}, the files hold ${lc.length}`);
                check(l.body.scope.london === (lc.length === 32), `${what}: league scope.london ${l.body.scope.london}`);
              }
            }
          }
      }
      // the board of each probed area, from each probed source and from the default choice
      for (const area of new Set(shape.probes.map((p) => p.area)))
        for (const source of [undefined, ...new Set(shape.probes.map((p) => p.source))])
          for (const to of shape.tos)
            for (const { period, vs } of PERIODS) {
              if (period === 'fy' && to.slice(5) !== '03') continue;
              const url = `/api/outcomes?${q({ area, source, to, period, vs })}`;
              const r = await ask(url);
              if (r.status !== 200) continue;
              const w = windows(to, period, vs);
              const inds = r.body.outcomes.flatMap((o: { indicators: any[] }) => o.indicators);
              for (const i of inds) {
                if (!i.complete) check(!r.body.exceptions.includes(i.id), `${url}: ${i.id} is a partial window listed as an exception`);
                // an indicator that is one of the probed categories, from a source the test knows: its months as the files hold them
                if (cov.has(i.source) && shape.probes.some((p) => p.category === i.id)) {
                  const got = has({ source: i.source, area, category: i.id }, w.current).length;
                  check(i.months_covered === got, `${url}: ${i.id} (${i.source}) months_covered ${i.months_covered}, the files hold ${got}`);
                  check((i.current === null) === (got === 0), `${url}: ${i.id} (${i.source}) current ${i.current} with ${got} months covered`);
                }
                if (i.state === 'none') check(typeof i.summary === 'string' && i.summary.length > 0 && !/\b0\b/.test(i.summary.replace(/\d{4}/g, '')), `${url}: ${i.id} has no figure and says "${i.summary}"`);
                // its comparison (the board's "How we compare"): London figures only from a source every borough completes
                const c = i.compare;
                if (c) {
                  check(c.london_rate_per_1000 === null || c.scope.london, `${url}: ${i.id} compare gives London's rate from ${c.source} over ${c.scope.areas} boroughs`);
                  check(c.vs_london === null || c.scope.london, `${url}: ${i.id} compare.vs_london without London`);
                  check(c.rank === null || c.months_covered === c.months, `${url}: ${i.id} compare ranks a partial window (${c.months_covered} of ${c.months})`);
                  check(i.state !== 'none' && (c.rank === null) === (c.rate_per_1000 === null), `${url}: ${i.id} compare rank ${c.rank} with rate ${c.rate_per_1000}`);
                  if (cov.has(c.source) && shape.probes.some((p) => p.category === i.id)) {
                    const done = BOROUGHS.filter((b) => has({ source: c.source, area: b, category: i.id }, w.current).length === w.current.length).length;
                    check(c.scope.london === (done === 32), `${url}: ${i.id} compare scope.london ${c.scope.london}, the files hold ${done} complete boroughs on ${c.source}`);
                    check(c.of === (done >= 2 ? done : 0), `${url}: ${i.id} compare of ${c.of}, the files hold ${done} complete boroughs on ${c.source}`);
                  }
                } else if (i.kind === 'count') check(i.rank === null, `${url}: ${i.id} has a London rank and no compare`);
              }
            }
      expect(faults).toEqual([]);
    });

    /** Outcome and stop-and-search rates of the probed police.uk and stop-and-search areas, over every period. */
    const rates = async (source: 'policeuk' | 'stopsearch') => {
      faults.length = 0;
      for (const p of shape.probes.filter((x) => x.source === source))
        for (const to of shape.tos)
          for (const { period, vs } of PERIODS) {
            if (period === 'fy' && to.slice(5) !== '03') continue;
            const w = windows(to, period, vs);
            const what = `${NAME.get(p.area)} ${p.category} to=${to} period=${period}${vs ? ` vs=${vs}` : ''}`;
            const url = source === 'policeuk' ? `/api/outcome-rates?${q({ area: p.area, category: p.category, to, period, vs })}` : `/api/stop-search-rates?${q({ area: p.area, to, period, vs })}`;
            const o = await ask(url);
            if (o.status !== 200) continue;
            for (const [name, win, body] of [
              ['current', w.current, o.body],
              ['previous', w.previous, o.body.previous],
            ] as const) {
              const got = has(p, win).length;
              const n = source === 'policeuk' ? body.crimes : body.searches;
              check(got > 0 || n === null, `${what}: ${url.split('?')[0]} ${name} ${source === 'policeuk' ? 'crimes' : 'searches'} ${n} with no month covered`);
              check(body.complete === (got === win.length), `${what}: ${url.split('?')[0]} ${name} complete ${body.complete} with ${got} of ${win.length} months`);
            }
          }
      expect(faults).toEqual([]);
    };
    if (shape.probes.some((p) => p.source === 'policeuk'))
      it('outcome rates: a window with no month covered has no crime count (null), never 0', () => rates('policeuk'));
    if (shape.probes.some((p) => p.source === 'stopsearch'))
      it('stop-and-search rates: a window with no month covered has no search count (null), never 0', () => rates('stopsearch'));
  });

// ---------------------------------------------------------------------------------------------------------------
// The views, in a real browser: two shapes, a category the source cannot express

/** Everything a view says: its text (hidden tables included) and its charts' accessible names. */
/**
 * Everything an element says, run in the page: its text nodes (not its style sheets), one per line, and its
 * accessible names (aria-label). Self-contained: Playwright sends it to the page as it is.
 */
function wordsOf(selector: string): string | null {
  const root = document.querySelector(selector);
  if (!root) return null;
  const out: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode())
    if (!['STYLE', 'SCRIPT'].includes((n.parentElement?.tagName ?? '').toUpperCase()) && n.textContent!.trim()) out.push(n.textContent!.trim());
  for (const e of root.querySelectorAll('[aria-label]')) out.push(e.getAttribute('aria-label')!);
  return out.join('\n');
}
/** Everything a view says. */
const viewText = async (page: Page) => (await page.evaluate(wordsOf, 'main')) ?? (await page.evaluate(wordsOf, 'body'))!;
/** The words of one panel of a view (data-panel = its name), or null when the view has no such panel. */
const panelText = (page: Page, name: string) => page.evaluate(wordsOf, `[data-panel="${name}"]`);
const open = openPage;
/** Words a view never shows, with some context to find them by. */
const BAD_WORDS = /.{0,80}(\bNaN\b|\bundefined\b|\bnull\b|Infinity).{0,40}/g;
/** A panel about a gap says so in words, and never states a figure of 0 or "no <crime> in <area>" as if counted. */
const GAP_WORDS = /no data|not cover|does not hold|no file|no borough has|months loaded|no .*figures|no hotspot map|no london comparison|no funnel plot/i;

const VIEWS: {
  shape: string;
  gap: { area: string; category: string; source: string; to: string };
  pages: string[];
  /** pages and panels of a source that does not cover London: none may compare with London */
  notLondon?: { path: string; panels: string[] }[];
}[] = [
  {
    shape: 'few',
    gap: { area: 'Barnet', category: 'theft-from-motor-vehicle', source: 'local', to: '2018-12' },
    pages: ['/?area=Barnet&to=2018-12', '/assessment?area=Barnet&source=local&to=2018-12', '/assessment?area=Barnet&to=2018-12'],
    notLondon: [{ path: '/explore?area=Barnet&category=burglary-residential&source=local&to=2018-12', panels: ['london-burglary-residential', 'funnel-burglary-residential'] }],
  },
  {
    shape: 'mid',
    gap: { area: 'Haringey', category: 'burglary-residential', source: 'local', to: '2018-12' },
    pages: ['/assessment?area=Barnet&source=local&to=2018-12'],
    notLondon: [
      { path: '/assessment?area=Barnet&source=local&to=2018-12', panels: ['funnel-burglary'] },
      { path: '/explore?area=Barnet&category=burglary&source=local&to=2018-12', panels: ['london-burglary', 'funnel-burglary'] },
    ],
  },
  {
    shape: 'cut',
    gap: { area: 'Haringey', category: 'robbery', source: 'policeuk', to: '2018-03' },
    pages: ['/?area=Haringey&to=2018-03', '/assessment?area=Haringey&source=policeuk&to=2018-03', '/explore?area=City%20of%20London&category=drugs&source=policeuk&to=2018-02'],
  },
];

for (const v of VIEWS)
  describeWith('chromium')(`the views over shape ${v.shape}: no NaN, no "undefined", a gap in words`, () => {
    let h: Harness;
    const cov: Coverage = new Map();
    beforeAll(async () => {
      const db = tempDb();
      const shape = SHAPES.find((s) => s.name.startsWith(`${v.shape}:`))!;
      for (const files of shape.build(tempDir('contract-views'), cov)) await loadFiles(files, { db });
      h = await start({ db });
    }, 180_000);
    afterAll(async () => h?.stop());

    it(`explore: ${v.gap.category} from ${v.gap.source} in ${v.gap.area} is said to be no data, never 0 or NaN`, async () => {
      const { area, category, source, to } = v.gap;
      const { page, errors } = await open(h, `/explore?${q({ area, category, source, to })}`);
      const text = await viewText(page);
      const faults: string[] = [...text.matchAll(BAD_WORDS)].map((m) => `says ${m[0]}`);
      for (const name of [`trend-${category}`, `seasonality-${category}`, `hotspots-${category}`, `london-${category}`, `funnel-${category}`]) {
        const t = await panelText(page, name);
        if (t === null) continue;
        if (!GAP_WORDS.test(t)) faults.push(`${name} does not say the data is missing: ${t.slice(0, 200)}`);
        if (new RegExp(`\\bNo ${category.replace(/-/g, '[ -]')}[^:]* in ${area}`, 'i').test(t)) faults.push(`${name} says there is none, as if counted: ${t.slice(0, 200)}`);
        if (/:\s*0\b|\b0 (from|in|incidents)\b/.test(t)) faults.push(`${name} shows 0 for a gap: ${t.slice(0, 200)}`);
      }
      // weapon searches (the knife-crime panel, 24 months to `to`): "none recorded" only where a stop-and-search file covers a month
      const searched = covered(cov, 'stopsearch', codeOf(area)!, 'stop-search');
      const knife = await panelText(page, 'knife-crime');
      if (knife !== null && searched.size > 0 && !months('1990-01', to).slice(-24).some((m) => searched.has(m)))
        if (/No stop and search for weapons recorded/.test(knife)) faults.push(`knife-crime says no weapon searches were recorded in months no file covers: ${knife.slice(0, 300)}`);
      expect(searched.size > 0 || v.shape !== 'cut', 'the cut shape has stop-and-search months').toBe(true);
      expect(faults).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });

    for (const { path, panels } of v.notLondon ?? [])
      it(`${path}: a source covering one borough is never compared with London (no London rate, no funnel against London)`, async () => {
        const { page, errors } = await open(h, path);
        for (const name of panels) {
          const t = (await panelText(page, name))!;
          expect(t, name).not.toMatch(/London's rate|than London|similar to London|of 32|London \(\d/);
          expect(t, name).toMatch(/No London comparison|No funnel plot against London/);
        }
        expect(errors).toEqual([]);
        await page.close();
      });

    for (const path of v.pages)
      it(`${path}: no NaN, "undefined" or "null" anywhere`, async () => {
        const { page, errors } = await open(h, path);
        const text = await viewText(page);
        expect([...text.matchAll(BAD_WORDS)].map((m) => m[0])).toEqual([]);
        expect(errors).toEqual([]);
        await page.close();
      });
  });
