/**
 * "How is this figure made?" (issue 15): `/api/rows` adds up to the figure for each source, `/api/explain` names the
 * files of two loads, a public request offers no rows, and `format=` a route does not offer is a 400. Expected
 * figures come from the raw files with papaparse (test/helpers.ts readCsv), never from the SQL.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, POLICEUK_SAMPLE, ROOT, SAMPLE, readCsv, tempDb } from './helpers.ts';

process.env.SAFERBOARD_SECRET ??= 'explain-rows-test-key';

type Body = Record<string, any>;
const months = (year: number, from = 1, to = 12) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${year}-${String(from + i).padStart(2, '0')}`);

/** The local sample's rows, read straight from the gzipped file. */
const localSample = () =>
  Papa.parse<Record<string, string>>(
    gunzipSync(readFileSync(join(SAMPLE, 'local/barnet-local-2017-2018.csv.gz'))).toString('utf8'),
    {
      header: true,
      skipEmptyLines: true,
    },
  ).data;

describe('/api/rows and /api/explain on the bundled samples', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  const get = async (url: string) => {
    const res = await app.request(url);
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      text,
      body: (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as Body) : null,
    };
  };

  beforeAll(async () => {
    const path = tempDb();
    await loadFiles([SAMPLE], { db: path });
    db = await Database.open(path, { readOnly: true });
    app = createApp(db);
  }, 120_000);
  afterAll(() => db?.close());

  it('MPS: the borough x category x month cells add up to the rolling current figure', async () => {
    // burglary = every minor category of the MPS major category Burglary (data/reference crosswalk)
    const expected = readCsv(MPS_SAMPLE)
      .filter((r) => r.Borough === 'Barnet' && r['Major Category'] === 'Burglary')
      .reduce((s, r) => s + months(2018).reduce((t, m) => t + Number(r[m.replace('-', '')]), 0), 0);
    const q = 'route=rolling&source=mps&area=Barnet&category=burglary&to=2018-12';
    const rolling = (await get(`/api/rolling?${q.replace('route=rolling&', '')}`)).body!;
    expect(rolling.current.count).toBe(expected);
    const { status, body } = await get(`/api/rows?${q}`);
    expect(status).toBe(200);
    expect(body!.total).toBe(expected);
    expect(body!.rows.reduce((s: number, r: Body) => s + r.count, 0)).toBe(expected);
    expect(new Set(body!.rows.map((r: Body) => r.month))).toEqual(new Set(months(2018)));
    expect(body!.rows.every((r: Body) => r.area_code === 'E09000003' && r.major === 'Burglary')).toBe(true);
    // the same as CSV: one line per cell, its counts summing to the figure
    const csv = await get(`/api/rows?${q}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const parsed = Papa.parse<Record<string, string>>(csv.text, { header: true, skipEmptyLines: true }).data;
    expect(parsed.reduce((s, r) => s + Number(r.count), 0)).toBe(expected);
  });

  it('police.uk: the number of incident rows is the rolling current figure (a quarter of street files)', async () => {
    // Barnet burglary, January to March 2018: rows of the Met's street files whose LSOA is a Barnet one
    const expected = months(2018, 1, 3)
      .flatMap((m) => readCsv(join(POLICEUK_SAMPLE, m, `${m}-metropolitan-street.csv`)))
      .filter(
        (r) => r['Crime type'] === 'Burglary' && /^Barnet \d{3}[A-Z]$/.test(r['LSOA name'] ?? ''),
      ).length;
    expect(expected).toBeGreaterThan(0);
    const q = 'route=rolling&source=policeuk&area=Barnet&category=burglary&to=2018-03&period=quarter';
    const rolling = (await get(`/api/rolling?${q.replace('route=rolling&', '')}`)).body!;
    expect(rolling.current.count).toBe(expected);
    const { body } = await get(`/api/rows?${q}`);
    expect(body!.rows).toHaveLength(expected);
    expect(body!.total).toBe(expected);
    expect(
      body!.rows.every(
        (r: Body) => r.crime_type === 'Burglary' && r.file.endsWith('-metropolitan-street.csv'),
      ),
    ).toBe(true);
    // the previous window (2017) is not covered: no month, no rows, and no total (a gap is never 0)
    const prev = await get(`/api/rows?${q}&figure=previous`);
    expect(prev.body!).toMatchObject({
      value: null,
      total: null,
      covered_months: [],
      missing_months: months(2017, 1, 3),
    });
    expect(prev.body!.rows).toEqual([]);
  });

  it('local: the number of incident rows is the rolling current figure, victims and places only as pseudonyms', async () => {
    const raw = localSample();
    const expected = raw.filter(
      (r) => r.type === 'crime' && r.category!.startsWith('Burglary') && r.date!.startsWith('2018-'),
    ).length;
    const q = 'route=rolling&source=local&area=Barnet&category=burglary&to=2018-12';
    const rolling = (await get(`/api/rolling?${q.replace('route=rolling&', '')}`)).body!;
    expect(rolling.current.count).toBe(expected);
    const { body, text } = await get(`/api/rows?${q}`);
    expect(body!.rows).toHaveLength(expected);
    expect(body!.total).toBe(expected);
    // no raw victim, location or incident id of the extract appears in any row
    const ids = new Set(
      raw.flatMap((r) => [r.victim_id, r.location_id, r.incident_id]).filter((v): v is string => !!v?.trim()),
    );
    for (const r of body!.rows as Body[])
      for (const v of Object.values(r)) expect(ids.has(String(v)), String(v)).toBe(false);
    expect(Object.keys(body!.rows[0])).not.toContain('incident_id');
    expect(Object.keys(body!.rows[0])).toEqual(expect.arrayContaining(['victim_key', 'location_key']));
    expect(text).not.toMatch(/"CR\d{8}"/);
    // a flag indicator counted through its membership: knife crime in 2018
    const knife = raw.filter(
      (r) => r.type === 'crime' && r.knife === 'Y' && r.date!.startsWith('2018-'),
    ).length;
    const k = (await get('/api/rows?route=rolling&source=local&area=Barnet&category=knife-crime&to=2018-12'))
      .body!;
    expect(k.total).toBe(knife);
  });

  it("trend: a month's count and its rolling 12-month sum, and the month's rows", async () => {
    const raw = localSample().filter((r) => r.type === 'asb');
    const june = raw.filter((r) => r.date!.startsWith('2018-06')).length;
    const year = raw.filter((r) => r.date! >= '2017-07' && r.date! < '2018-07').length;
    const q = 'route=trend&source=local&area=Barnet&category=asb&month=2018-06';
    const count = (await get(`/api/explain?${q}`)).body!;
    expect(count).toMatchObject({
      figure: 'count',
      value: june,
      covered_months: ['2018-06'],
      from: '2018-06',
      to: '2018-06',
    });
    // the engine's monthly series decides each month: one candidate (ASB as the local source counts it), bound from
    // 11 months before the route's from (2017-01, the first month loaded) for the first rolling sums
    expect(count.sql.map((s: Body) => s.name)).toEqual(['queries/macros.sql', 'queries/engine-series.sql']);
    expect(count.sql[1].text).toBe(readFileSync(join(ROOT, 'queries/engine-series.sql'), 'utf8'));
    expect(count.parameters['engine-series']).toMatchObject({ area: 'E09000003', from: '2016-02', to: '2018-12' });
    expect(JSON.parse(count.parameters['engine-series'].candidates)).toEqual([
      { key: 'asb@local', source: 'local', category: 'asb', requires: ['asb'] },
    ]);
    expect((await get(`/api/rows?${q}`)).body!.total).toBe(june);
    const rolling = (await get(`/api/explain?${q}&figure=rolling_12m`)).body!;
    expect(rolling).toMatchObject({ value: year, months_covered: 12, from: '2017-07', to: '2018-06' });
    expect((await get(`/api/rows?${q}&figure=rolling_12m`)).body!.total).toBe(year);
  });

  it('explains a figure: its SQL with text, bound parameters, months, files and population year', async () => {
    const { status, body } = await get(
      '/api/explain?route=rolling&source=mps&area=Barnet&category=burglary&to=2018-12',
    );
    expect(status).toBe(200);
    expect(body!.sql.map((s: Body) => s.name)).toEqual(['queries/macros.sql', 'queries/engine-counts.sql']);
    expect(body!.sql[1].text).toBe(readFileSync(join(ROOT, 'queries/engine-counts.sql'), 'utf8'));
    expect(body!.parameters['engine-counts']).toMatchObject({
      area: 'E09000003',
      cf: '2018-01',
      ct: '2018-12',
      pf: '2017-01',
      pt: '2017-12',
      ycur: 2018,
    });
    expect(body!).toMatchObject({
      source: 'mps',
      state: 'number',
      months_covered: 12,
      missing_months: [],
      population_year: 2018,
    });
    expect(body!.files).toHaveLength(1);
    expect(body!.files[0].file).toMatch(/mps-borough-2017-2018\.csv$/);
    expect(body!.rows).toMatchObject({ offered: true });
  });

  it('explains a scorecard indicator with the rule that chose its source, and its rows add up to it', async () => {
    const outcomes = (await get('/api/outcomes?area=Barnet&to=2018-12')).body!;
    const knife = outcomes.outcomes
      .flatMap((o: Body) => o.indicators)
      .find((i: Body) => i.id === 'knife-crime');
    const e = (await get('/api/explain?route=outcomes&area=Barnet&to=2018-12&indicator=knife-crime')).body!;
    expect(e).toMatchObject({ source: knife.source, source_rule: knife.source_rule, value: knife.current });
    expect(e.source_rule).toMatch(/first source/);
    const rows = (await get('/api/rows?route=outcomes&area=Barnet&to=2018-12&indicator=knife-crime')).body!;
    expect(rows.total).toBe(knife.current);
    const league = (await get('/api/explain?route=league&area=Barnet&to=2018-12&indicator=burglary')).body!;
    expect(league.source_rule).toMatch(/^mps/);
    const ranks = (await get('/api/ranks?source=mps&category=burglary&to=2018-12')).body!;
    const explainedRank = (
      await get('/api/explain?route=ranks&source=mps&area=Camden&category=burglary&to=2018-12')
    ).body!;
    expect(explainedRank.value).toBe(ranks.rows.find((r: Body) => r.area.name === 'Camden').count);
  });

  it('a repeat or share indicator: the statements that computed it, each with the parameters the engine bound', async () => {
    const repeat = (await get('/api/explain?route=outcomes&area=Barnet&to=2018-12&indicator=domestic-abuse-repeat')).body!;
    expect(repeat.sql.map((f: Body) => f.name)).toEqual(['queries/macros.sql', 'queries/engine-counts.sql', 'queries/engine-repeats.sql']);
    expect(Object.keys(repeat.parameters)).toEqual(['engine-counts', 'engine-repeats']);
    // the repeat-victim computation of domestic abuse offences, by victim, for Barnet's two windows
    expect(repeat.parameters['engine-repeats']).toMatchObject({ area: 'E09000003', cf: '2018-01', ct: '2018-12', pf: '2017-01', pt: '2017-12' });
    expect(JSON.parse(repeat.parameters['engine-repeats'].specs)).toContainEqual({ key: 'domestic-abuse|victim|2', of: 'domestic-abuse', unit: 'victim', min_incidents: 2 });
    const share = (await get('/api/explain?route=outcomes&area=Barnet&to=2018-12&indicator=domestic-abuse-vwi-sanction-detection')).body!;
    expect(Object.keys(share.parameters)).toEqual(['engine-counts', 'engine-shares']);
    expect(JSON.parse(share.parameters['engine-shares'].specs)).toContainEqual(
      expect.objectContaining({ indicator: 'domestic-abuse-vwi-sanction-detection', measure: 'sanction_detection', source: 'local' }),
    );
  });

  it('a public request offers no rows, and its explanation no row counts', async () => {
    const rows = await get(
      '/api/rows?route=rolling&source=local&area=Barnet&category=burglary&to=2018-12&public=1',
    );
    expect(rows.status).toBe(403);
    expect(rows.body!.error).toMatch(/never offered in public mode/);
    const e = (
      await get('/api/explain?route=rolling&source=local&area=Barnet&category=burglary&to=2018-12&public=1')
    ).body!;
    expect(e.rows).toMatchObject({ offered: false, url: null });
    expect(e.disclosure.threshold).toBe(5);
    // the one local file in data/sample/local, named without its row counts
    expect(e.files.map((f: Body) => f.file.split('/').at(-1))).toEqual(['barnet-local-2017-2018.csv.gz']);
    for (const f of e.files) expect(f).not.toHaveProperty('slice_rows');
  });

  it('public: a ranks figure is shown exactly as the public ranks show it, peer group included', async () => {
    const q = 'source=local&category=knife-crime&to=2018-12&measure=count&group=outer-london&public=1';
    const ranks = (await get(`/api/ranks?${q}`)).body!;
    const shownRows = ranks.rows.filter((r: Body) => r.count !== null);
    expect(shownRows.length).toBeGreaterThan(0);
    for (const r of shownRows) {
      const e = (await get(`/api/explain?route=ranks&area=${r.area.code}&${q}`)).body!;
      expect(e.value, r.area.name).toEqual(r.count);
    }
    const outside = await get(`/api/explain?route=ranks&area=Camden&${q}`);
    expect(outside.status).toBe(400);
    expect(outside.body!.error).toMatch(/not in group outer-london/);
  });

  describe('each explanation reads the made_by of its route\'s own body for the same query (issue 20)', () => {
    /** Barnet's (or another borough's) MPS burglary over the months of a year, from the wide CSV. */
    const mpsBurglary = (borough: string, year: number) =>
      readCsv(MPS_SAMPLE)
        .filter((r) => r.Borough === borough && r['Major Category'] === 'Burglary')
        .reduce((s, r) => s + months(year).reduce((t, m) => t + Number(r[m.replace('-', '')]), 0), 0);
    /** The SQL file names an explanation lists, as a body's made_by names them. */
    const names = (e: Body) => e.sql.map((f: Body) => f.name.replace(/^queries\/(.*)\.sql$/, '$1'));

    it('rolling: both windows, and a baseline carries the statement it was read from', async () => {
      const q = 'source=mps&area=Barnet&category=burglary&to=2018-12';
      const body = (await get(`/api/rolling?${q}&baseline=2017/18`)).body!;
      expect(body.made_by.sql).toEqual(['macros', 'engine-counts']);
      // the baseline is its own run of the counts statement, bound to April 2017 to March 2018
      expect(body.baseline.made_by.parameters['engine-counts']).toMatchObject({ area: 'E09000003', cf: '2017-04', ct: '2018-03' });
      for (const [figure, year] of [['current', 2018], ['previous', 2017]] as const) {
        const e = (await get(`/api/explain?route=rolling&${q}&figure=${figure}`)).body!;
        expect(e.parameters).toEqual(body.made_by.parameters);
        expect(names(e)).toEqual(body.made_by.sql);
        expect(e.value, figure).toBe(mpsBurglary('Barnet', year));
        expect(e.covered_months).toEqual(months(year));
      }
    });

    it('ranks: a borough of the London ranks; an area they do not list is a 400', async () => {
      const q = 'source=mps&category=burglary&to=2018-12&measure=count';
      const body = (await get(`/api/ranks?${q}`)).body!;
      // every borough at once: the statement is bound to no area
      expect(body.made_by.parameters['engine-counts']).toMatchObject({ area: null, cf: '2018-01', ct: '2018-12' });
      const e = (await get(`/api/explain?route=ranks&area=Camden&${q}`)).body!;
      expect(e.parameters).toEqual(body.made_by.parameters);
      expect(names(e)).toEqual(body.made_by.sql);
      expect(e.value).toBe(mpsBurglary('Camden', 2018));
      // the ranks list the 32 boroughs: the City of London is not among them
      const city = await get(`/api/explain?route=ranks&area=City%20of%20London&${q}`);
      expect(city.status).toBe(400);
      expect(city.body!.error).toMatch(/City of London is not a London borough/);
    });

    it('trend: a rolling sum whose 12 months start before the route\'s from, the trend body JSON only', async () => {
      const raw = localSample().filter((r) => r.type === 'asb');
      const q = 'source=local&area=Barnet&category=asb&from=2018-03&to=2018-12';
      const body = (await get(`/api/trend?${q}`)).body!;
      // the statement the route ran: from 11 months before its from
      expect(body.made_by).toEqual({
        sql: ['macros', 'engine-series'],
        parameters: { 'engine-series': expect.objectContaining({ area: 'E09000003', from: '2017-04', to: '2018-12' }) },
      });
      const e = (await get(`/api/explain?route=trend&${q}&month=2018-06&figure=rolling_12m`)).body!;
      expect(e.parameters).toEqual(body.made_by.parameters);
      expect(names(e)).toEqual(body.made_by.sql);
      const year = raw.filter((r) => r.date! >= '2017-07' && r.date! < '2018-07').length;
      expect(e).toMatchObject({ value: year, from: '2017-07', to: '2018-06', months_covered: 12, missing_months: [] });
      expect(e.covered_months).toEqual([...months(2017, 7), ...months(2018, 1, 6)]);
      const m = (await get(`/api/explain?route=trend&${q}&month=2018-04`)).body!;
      expect(m.value).toBe(raw.filter((r) => r.date!.startsWith('2018-04')).length);
      // CSV and Arrow are the rows as they were: no made_by column
      const csv = await get(`/api/trend?${q}&format=csv`);
      expect(csv.text.split('\n')[0]).toBe('month,count,rolling_12m');
    });

    it('outcomes: an indicator\'s statements, as the scorecard\'s engine run bound them', async () => {
      const q = 'area=Barnet&to=2018-12';
      const body = (await get(`/api/outcomes?${q}`)).body!;
      const burglary = localSample().filter(
        (r) => r.type === 'crime' && r.category!.startsWith('Burglary') && r.date!.startsWith('2018-'),
      ).length;
      const cases: [string, string[], number | null][] = [
        ['burglary', ['macros', 'engine-counts'], burglary],
        ['domestic-abuse-repeat', ['macros', 'engine-counts', 'engine-repeats'], null],
        ['domestic-abuse-vwi-sanction-detection', ['macros', 'engine-counts', 'engine-shares'], null],
      ];
      for (const [id, sql, expected] of cases) {
        expect(body.made_by.indicators[id], id).toEqual(sql);
        const e = (await get(`/api/explain?route=outcomes&${q}&indicator=${id}`)).body!;
        expect(names(e), id).toEqual(sql);
        // the run's own parameters for those statements (macros binds none)
        expect(e.parameters, id).toEqual(Object.fromEntries(sql.slice(1).map((n) => [n, body.made_by.parameters[n]])));
        if (expected !== null) expect(e.value, id).toBe(expected);
      }
    });

    it('league: the run behind the rows, and the history statement once asked for', async () => {
      const q = 'indicator=burglary&to=2018-12';
      const body = (await get(`/api/league?${q}`)).body!;
      const e = (await get(`/api/explain?route=league&area=Barnet&${q}`)).body!;
      expect(e.parameters).toEqual(body.made_by.parameters);
      expect(names(e)).toEqual(body.made_by.sql);
      expect(body.source).toBe('mps');
      expect(e.value).toBe(mpsBurglary('Barnet', 2018));
      const history = (await get(`/api/league?${q}&history=4`)).body!;
      expect(history.made_by.sql).toEqual(['macros', 'engine-counts', 'league-history']);
      expect(JSON.parse(history.made_by.parameters['league-history'].ends)).toEqual(['2018-03', '2018-06', '2018-09', '2018-12']);
    });
  });

  it('bad values are 400s naming them', async () => {
    const cases: [string, RegExp][] = [
      [
        '/api/explain?route=nope&area=Barnet&category=burglary',
        /unknown route: "nope" \(allowed: rolling, ranks, trend, outcomes, league, wards\)/,
      ],
      [
        '/api/explain?route=rolling&area=Barnet&category=burglary&figure=baseline',
        /unknown figure for route=rolling: "baseline" \(allowed: current, previous\)/,
      ],
      ['/api/explain?route=ranks&category=burglary', /area is required for route=ranks/],
      ['/api/explain?route=outcomes&area=Barnet&indicator=nope', /unknown indicator: "nope"/],
      ['/api/rows?route=rolling&area=Barnet&category=burgalry', /unknown category: "burgalry"/],
      [
        '/api/explain?route=ranks&area=Barnet&category=burglary&measure=median',
        /unknown measure: "median" \(allowed: rate, count\)/,
      ],
      ['/api/explain?route=ranks&area=Barnet&category=burglary&group=nowhere', /unknown group: "nowhere"/],
    ];
    for (const [url, message] of cases) {
      const { status, body } = await get(url);
      expect(status, url).toBe(400);
      expect(body!.error, url).toMatch(message);
    }
  });

  it('random and hostile parameters: never a 5xx, and an error never shows SQL', async () => {
    const SQL_LEAK =
      /\bSELECT\b[\s\S]*\bFROM\b|Binder Error|Parser Error|Catalog Error|Conversion Error|duckdb|\bat .+\.ts:\d+/i;
    const value = fc.oneof(
      fc.constantFrom(
        "'; DROP TABLE slices; --",
        'Barnet',
        'E09000003',
        'burglary',
        'knife-crime',
        'mps',
        'local',
        'policeuk',
        '2018-12',
        '2018-13',
        'current',
        'previous',
        'rolling_12m',
        'csv',
        '1',
        '%00',
        'x'.repeat(500),
      ),
      fc.string({ maxLength: 30 }),
    );
    const request = fc.record({
      path: fc.constantFrom('explain', 'rows'),
      route: fc.constantFrom('rolling', 'ranks', 'trend', 'outcomes', 'league', 'nope'),
      params: fc.array(
        fc.tuple(
          fc.constantFrom(
            'figure',
            'source',
            'area',
            'category',
            'indicator',
            'to',
            'from',
            'month',
            'period',
            'vs',
            'format',
            'public',
          ),
          value,
        ),
        { maxLength: 6 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ path, route, params }) => {
        const qs = [`route=${route}`, ...params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`)].join('&');
        const res = await app.request(`/api/${path}?${qs}`);
        expect(res.status, qs).toBeLessThan(500);
        if (res.status !== 200) expect(await res.text(), qs).not.toMatch(SQL_LEAK);
      }),
      { numRuns: 300, seed: 20261201 },
    );
  }, 120_000);

  it('format= a route does not offer is a 400 naming the value and the allowed formats', async () => {
    const cases: [string, RegExp][] = [
      [
        '/api/outcomes?area=Barnet&to=2018-12&format=csv',
        /format=csv is not available for \/api\/outcomes \(allowed: json\)/,
      ],
      [
        '/api/rolling?area=Barnet&category=burglary&format=arrow',
        /format=arrow is not available for \/api\/rolling \(allowed: json\)/,
      ],
      [
        '/api/league?indicator=burglary&format=csv',
        /format=csv is not available for \/api\/league \(allowed: json\)/,
      ],
      ['/api/meta?format=csv', /format=csv is not available for \/api\/meta \(allowed: json\)/],
      [
        '/api/explain?route=rolling&area=Barnet&category=burglary&format=csv',
        /format=csv is not available for \/api\/explain \(allowed: json\)/,
      ],
      [
        '/api/rows?route=rolling&area=Barnet&category=burglary&format=arrow',
        /format=arrow is not available for \/api\/rows \(allowed: json, csv\)/,
      ],
      [
        '/api/trend?area=Barnet&category=burglary&format=xlsx',
        /unknown format: "xlsx" \(allowed for \/api\/trend: json, csv, arrow\)/,
      ],
    ];
    for (const [url, message] of cases) {
      const { status, body } = await get(url);
      expect(status, url).toBe(400);
      expect(body!.error, url).toMatch(message);
      expect(body!.detail.parameter).toBe('format');
    }
    // the routes that have the format still answer in it; format=json is always fine
    expect((await get('/api/trend?area=Barnet&category=burglary&format=csv')).type).toContain('text/csv');
    expect((await get('/api/outcomes?area=Barnet&to=2018-12&format=json')).status).toBe(200);
  });
});

describe('/api/explain after two loads of different months', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saferboard-explain-'));
  const header = (ms: string[]) =>
    `Borough,Major Category,Minor Category,${ms.map((m) => m.replace('-', '')).join(',')}`;
  const first = months(2018, 1, 6);
  const second = months(2018, 7, 12);
  // Barnet's residential burglaries (a deterministic count per month) and Camden's, small enough to be suppressed
  const barnet = (i: number) => 40 + i * 3;
  const camden = (i: number) => 1 + (i % 2);
  const write = (name: string, ms: string[], offset: number) => {
    const lines = [
      header(ms),
      `Barnet,Burglary,Burglary - Residential,${ms.map((_, i) => barnet(i + offset)).join(',')}`,
      `Camden,Burglary,Burglary - Residential,${ms.map((_, i) => camden(i + offset)).join(',')}`,
    ];
    writeFileSync(join(dir, name), lines.join('\n') + '\n');
    return join(dir, name);
  };
  let db: Database;
  let app: ReturnType<typeof createApp>;
  const get = async (url: string) => {
    const res = await app.request(url);
    return { status: res.status, body: (await res.json()) as Body };
  };

  beforeAll(async () => {
    const path = tempDb();
    const a = write('mps-jan-jun.csv', first, 0);
    const b = write('mps-jul-dec.csv', second, 6);
    await loadFiles([a], { db: path });
    await loadFiles([b], { db: path });
    db = await Database.open(path, { readOnly: true });
    app = createApp(db);
  }, 120_000);
  afterAll(() => db?.close());

  it('names each file with its load, its months and when it was loaded', async () => {
    const { status, body } = await get(
      '/api/explain?route=rolling&source=mps&area=Barnet&category=burglary-residential&to=2018-12',
    );
    expect(status).toBe(200);
    const expected = Array.from({ length: 12 }, (_, i) => barnet(i)).reduce((s, v) => s + v, 0);
    expect(body).toMatchObject({ value: expected, months_covered: 12 });
    expect(body.files).toHaveLength(2);
    const [one, two] = body.files;
    expect(one).toMatchObject({ load_id: 1, months: first });
    expect(one.file).toMatch(/mps-jan-jun\.csv$/);
    expect(two).toMatchObject({ load_id: 2, months: second });
    expect(two.file).toMatch(/mps-jul-dec\.csv$/);
    expect(Date.parse(one.loaded_at)).toBeLessThanOrEqual(Date.parse(two.loaded_at));
    // a window within the first file names only it; the previous year is not covered and names none
    const q1 = (
      await get(
        '/api/explain?route=rolling&source=mps&area=Barnet&category=burglary-residential&to=2018-03&period=quarter',
      )
    ).body;
    expect(q1.files.map((f: Body) => f.file.split('/').at(-1))).toEqual(['mps-jan-jun.csv']);
    const prev = (
      await get(
        '/api/explain?route=rolling&source=mps&area=Barnet&category=burglary-residential&to=2018-12&figure=previous',
      )
    ).body;
    expect(prev).toMatchObject({ value: null, state: 'none', files: [], covered_months: [] });
    // the rows add up to the figure across both files
    const rows = (
      await get('/api/rows?route=rolling&source=mps&area=Barnet&category=burglary-residential&to=2018-12')
    ).body;
    expect(rows.total).toBe(expected);
    expect(new Set(rows.rows.map((r: Body) => r.load_id))).toEqual(new Set([1, 2]));
  });

  it('public: a small count is shown as disclosure control allows, never as itself', async () => {
    // Camden, March 2018: camden(2) = 1 incident
    const url =
      '/api/explain?route=rolling&source=mps&area=Camden&category=burglary-residential&to=2018-03&period=month';
    expect((await get(url)).body.value).toBe(camden(2));
    const pub = (await get(`${url}&public=1`)).body;
    expect(pub.value).toBe('<5');
    expect(pub.rows.offered).toBe(false);
    expect(JSON.stringify(pub.files)).not.toMatch(/slice_rows/);
    // a trend month through the trend route's own suppression
    const trend = (
      await get(
        '/api/explain?route=trend&source=mps&area=Camden&category=burglary-residential&month=2018-03&public=1',
      )
    ).body;
    expect(trend.value).toBe('<5');
  });
});

describe('police.uk: two loads of different months, with a month between them missing', () => {
  const file = (m: string) => join(POLICEUK_SAMPLE, m, `${m}-city-of-london-street.csv`);
  let db: Database;
  let app: ReturnType<typeof createApp>;
  const get = async (url: string) => (await (await app.request(url)).json()) as Body;

  beforeAll(async () => {
    const path = tempDb();
    await loadFiles([file('2018-01')], { db: path });
    await loadFiles([file('2018-03')], { db: path });
    db = await Database.open(path, { readOnly: true });
    app = createApp(db);
  }, 120_000);
  afterAll(() => db?.close());

  it("names the force's two files, and the partial quarter's rows are its covered months' incidents", async () => {
    // the City of London's burglaries in January and March 2018, from the raw street files (February is not loaded)
    const expected = ['2018-01', '2018-03']
      .flatMap((m) => readCsv(file(m)))
      .filter(
        (r) => r['Crime type'] === 'Burglary' && /^City of London \d{3}[A-Z]$/.test(r['LSOA name'] ?? ''),
      ).length;
    expect(expected).toBeGreaterThan(0);
    const q =
      'route=rolling&source=policeuk&area=City%20of%20London&category=burglary&to=2018-03&period=quarter';
    const e = await get(`/api/explain?${q}`);
    expect(e).toMatchObject({
      state: 'partial',
      value: expected,
      covered_months: ['2018-01', '2018-03'],
      missing_months: ['2018-02'],
    });
    expect(e.files.map((f: Body) => [f.file.split('/').at(-1), f.load_id, f.months])).toEqual([
      ['2018-01-city-of-london-street.csv', 1, ['2018-01']],
      ['2018-03-city-of-london-street.csv', 2, ['2018-03']],
    ]);
    const rows = await get(`/api/rows?${q}`);
    expect(rows.total).toBe(expected);
    expect(new Set(rows.rows.map((r: Body) => r.month))).toEqual(new Set(['2018-01', '2018-03']));
  });
});
