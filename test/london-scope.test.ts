import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, ROOT, readCsv, tempDb } from './helpers.ts';

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

  it('/api/outcomes gives the London rank of 32 with its scope', async () => {
    const body = await (await app.request('/api/outcomes?area=Barnet&to=2018-12')).json();
    const i = body.outcomes.flatMap((o: { indicators: Record<string, any>[] }) => o.indicators).find((x: { id: string }) => x.id === 'burglary-residential');
    expect(i).toMatchObject({ source: 'mps', of: 32, rank_scope: { london: true, areas: 32 } });
    expect(i.vs_london).toBe('higher');
    expect(i.summary).toMatch(/of 32 London boroughs/);
  });
});
