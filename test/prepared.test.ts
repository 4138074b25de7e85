/**
 * The read-only server runs each statement through a statement prepared once per connection (data/db.ts,
 * data/prepared.ts), given each request's values. What must hold: a prepared statement answers each request's own
 * question (figures from the raw CSV, several questions back to back on one connection), a load that replaces the
 * file is seen by the next query after the switch, and every fixed statement keeps its plan.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { seriesWindows, windowsOf } from '../api/indicators/series.ts';
import { resolvePeriod } from '../api/periods.ts';
import { QUERIES } from '../api/queries.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { PLAN_PER_RUN, StatementCache, replaceParameters } from '../data/prepared.ts';
import { MPS_SAMPLE, POLICEUK_SAMPLE, SAMPLE, readCsv, tempDb } from './helpers.ts';

const mps = readCsv(MPS_SAMPLE);
const months = (year: number) => Array.from({ length: 12 }, (_, i) => `${year}${String(i + 1).padStart(2, '0')}`);
/** The sum of a borough's month columns for one major category: the independent route to each expected count. */
const mpsCount = (borough: string, major: string, year: number) =>
  mps
    .filter((r) => r.Borough === borough && r['Major Category'] === major)
    .reduce((s, r) => s + months(year).reduce((t, c) => t + Number(r[c]), 0), 0);

const policeuk = readdirSync(POLICEUK_SAMPLE, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('-street.csv'))
  .flatMap((f) => readCsv(join(POLICEUK_SAMPLE, f)));

let path: string;
beforeAll(async () => {
  path = tempDb();
  await loadFiles([MPS_SAMPLE, POLICEUK_SAMPLE, join(SAMPLE, 'local')], { db: path });
}, 120_000);

describe('every fixed statement keeps its plan', () => {
  it('prepares each of queries/*.sql to be planned once per connection, unless marked to be planned per run', async () => {
    const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    const cache = await StatementCache.create(await instance.connect());
    try {
      const kinds: Record<string, string> = {};
      for (const [name, text] of Object.entries(QUERIES)) if (name !== 'macros') kinds[name] = await cache.plan(text);
      // `bound` (planned at every run) only for a statement marked so; otherwise it would mean DuckDB could not
      // resolve a parameter's type
      const marked = Object.keys(kinds).filter((name) => PLAN_PER_RUN.test(QUERIES[name]!));
      expect(marked).toEqual(['engine-repeats', 'hotspots', 'repeat-policeuk']);
      expect(Object.entries(kinds).filter(([name, kind]) => kind !== (marked.includes(name) ? 'bound' : 'planned'))).toEqual([]);
      expect(Object.keys(kinds).length).toBeGreaterThan(20);
    } finally {
      cache.close();
      instance.closeSync();
    }
  });
});

describe('replaceParameters', () => {
  it('replaces $names outside strings, quoted names and comments, and refuses dollar-quoted strings', () => {
    const to = (n: string) => `<${n}>`;
    expect(replaceParameters(`SELECT $a, '$b', "$c", '' || $d -- $e\n/* $f */ WHERE x = $a_1`, to)).toBe(
      `SELECT <a>, '$b', "$c", '' || <d> -- $e\n/* $f */ WHERE x = <a_1>`,
    );
    expect(replaceParameters(`SELECT 'it''s $x', $y`, to)).toBe(`SELECT 'it''s $x', <y>`);
    expect(replaceParameters('SELECT $$text$$', to)).toBeUndefined();
    expect(replaceParameters('SELECT $tag$text$tag$', to)).toBeUndefined();
    expect(replaceParameters('SELECT $1', to)).toBeUndefined();
    expect(replaceParameters('SELECT $a', () => undefined)).toBeUndefined();
  });
});

describe('a prepared statement re-bound for each request', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    db = await Database.open(path, { readOnly: true });
    app = createApp(db);
  });
  afterAll(() => db.close());
  const rolling = async (area: string, category: string) => {
    const res = await app.request(`/api/rolling?area=${encodeURIComponent(area)}&category=${category}&to=2018-12`);
    expect(res.status).toBe(200);
    return (await res.json()) as { current: { count: number }; previous: { count: number } };
  };

  it('answers each area and category back to back with its own figures from the CSV, on one connection', async () => {
    const barnet = await rolling('Barnet', 'burglary');
    expect([barnet.current.count, barnet.previous.count]).toEqual([mpsCount('Barnet', 'Burglary', 2018), mpsCount('Barnet', 'Burglary', 2017)]);
    // the idle connections (the first request also reads the lookups, several at once) hold what they ran prepared
    const after = db.prepared;
    expect(after.connections).toBeGreaterThan(0);
    expect(after.planned).toBeGreaterThan(0);

    const camden = await rolling('Camden', 'robbery');
    expect([camden.current.count, camden.previous.count]).toEqual([mpsCount('Camden', 'Robbery', 2018), mpsCount('Camden', 'Robbery', 2017)]);
    expect(camden.current.count).not.toBe(barnet.current.count);
    // every area at once (the area bound as NULL, which DuckDB re-plans), then one area again on the same statement
    const ranks = await app.request('/api/ranks?category=robbery&to=2018-12&measure=count');
    expect(ranks.status).toBe(200);
    const hackney = await rolling('Hackney', 'burglary');
    expect([hackney.current.count, hackney.previous.count]).toEqual([mpsCount('Hackney', 'Burglary', 2018), mpsCount('Hackney', 'Burglary', 2017)]);
    // the same statements, re-bound: nothing more was prepared and no other connection was opened
    expect(db.prepared).toEqual(after);
  });

  it('fails a request that leaves a parameter out, rather than running with the previous request\'s value', async () => {
    const text = QUERIES['outcome-rates']!;
    const params = { source: 'policeuk', area: 'E09000007', category: 'burglary', from: '2018-01', to: '2018-03' };
    await db.all(text, params);
    const { to: _, ...withoutTo } = params;
    await expect(db.all(text, withoutTo)).rejects.toThrow();
  });
});

describe('a load that replaces the file', () => {
  it('is seen by the next query after the switch, not through a statement prepared on the old version', async () => {
    const file = tempDb();
    await loadFiles([MPS_SAMPLE], { db: file });
    const db = await Database.open(file, { readOnly: true });
    try {
      const period = resolvePeriod('2018-03', 'quarter');
      const camden = async () =>
        windowsOf(await seriesWindows(db, { source: 'policeuk', category: 'burglary', period, area: 'E09000007' }), 'E09000007', period).current;
      // no police.uk data yet: nothing covered, no count; the statement is now prepared on this version
      expect((await camden()).count).toBeNull();
      expect(db.prepared.planned).toBeGreaterThan(0);

      await loadFiles([POLICEUK_SAMPLE], { db: file });
      await db.reopen();
      expect(db.generation).toBe(2);
      const window = await camden();
      const inWindow = (m: string) => m >= window.from && m <= window.to;
      const expected = policeuk.filter((r) => inWindow(r['Month']!) && r['Crime type'] === 'Burglary' && r['LSOA name']!.startsWith('Camden ')).length;
      expect(expected).toBeGreaterThan(0);
      expect(window.count).toBe(expected);
    } finally {
      db.close();
    }
  }, 120_000);
});
