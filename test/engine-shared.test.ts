import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../api/app.ts';
import { sql } from '../api/queries.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { SAMPLE, tempDb } from './helpers.ts';

// The engine runs the statements that are the same for every area (engine-counts and engine-shares: every candidate,
// every area) once per database version and period, and every area's scorecard of that period reads them
// (api/indicators/engine.ts everyArea). An area's answer must be the same whether another area was asked first or not.
describe('the every-area statements of a period, shared by the scorecards of its areas', () => {
  let path: string;
  beforeAll(async () => {
    path = tempDb();
    await loadFiles([SAMPLE], { db: path });
  }, 120_000);

  const ask = async (db: Database, area: string, to = '2018-12') => {
    const res = await createApp(db).request(`/api/outcomes?area=${encodeURIComponent(area)}&to=${to}`);
    expect(res.status).toBe(200);
    return res.json();
  };

  let alone: unknown;
  beforeAll(async () => {
    // Hackney asked first of a fresh database: nothing shared yet
    const db = await Database.open(path, { readOnly: true });
    alone = await ask(db, 'Hackney');
    db.close();
  }, 120_000);

  it('runs engine-counts once for three areas of one period, and again for another period', async () => {
    const db = await Database.open(path, { readOnly: true });
    const all = vi.spyOn(db, 'all');
    const countsRuns = () => all.mock.calls.filter(([text]) => text === sql('engine-counts')).length;
    const sharesRuns = () => all.mock.calls.filter(([text]) => text === sql('engine-shares')).length;
    await ask(db, 'Barnet');
    await ask(db, 'Camden');
    const hackney = await ask(db, 'Hackney');
    expect(countsRuns()).toBe(1);
    expect(sharesRuns()).toBeLessThanOrEqual(1);
    // the same answer as Hackney's asked alone, after Barnet's and Camden's scorecards read the same cells
    expect(hackney).toEqual(alone);
    await ask(db, 'Hackney', '2018-06');
    expect(countsRuns()).toBe(2);
    db.close();
  }, 120_000);
});
