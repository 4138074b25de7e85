import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, POLICEUK_SAMPLE, readCsv, tempDb } from './helpers.ts';
import { readdirSync } from 'node:fs';

describe('/api/health and /api/meta', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    const path = tempDb();
    await loadFiles([MPS_SAMPLE, POLICEUK_SAMPLE], { db: path });
    db = await Database.open(path, { readOnly: true });
    app = createApp(db);
  });
  afterAll(() => db.close());

  it('health says ok with the last load time', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(body.last_load).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("meta lists areas, categories and the sample's months and rows", async () => {
    const body = await (await app.request('/api/meta')).json();
    const boroughs = body.areas.filter((a: { borough: boolean }) => a.borough);
    expect(boroughs).toHaveLength(32);
    expect(body.areas).toContainEqual({ code: 'E09000001', name: 'City of London', borough: false });
    expect(body.categories.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(['burglary', 'burglary-residential', 'mopac7', 'asb', 'violence-with-injury']),
    );
    const policeRows = readdirSync(POLICEUK_SAMPLE, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('-street.csv'))
      .reduce((s, f) => s + readCsv(`${POLICEUK_SAMPLE}/${f}`).length, 0);
    const searchRows = readdirSync(POLICEUK_SAMPLE, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('-stop-and-search.csv'))
      .reduce((s, f) => s + readCsv(`${POLICEUK_SAMPLE}/${f}`).length, 0);
    expect(body.sources).toEqual([
      { id: 'mps', first: '2017-01', last: '2018-12', rows: readCsv(MPS_SAMPLE).length * 24 },
      { id: 'policeuk', first: '2018-01', last: '2018-03', rows: policeRows },
      { id: 'stopsearch', first: '2018-01', last: '2018-03', rows: searchRows },
    ]);
  });

  it('unknown routes are 404 JSON', async () => {
    const res = await app.request('/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not found: /api/nope', detail: null });
  });
});
