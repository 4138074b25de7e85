import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { fixture, MPS_SAMPLE, tempDb } from './helpers.ts';

describe('a comparison across a series break carries the note in its JSON and its sentence', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    // a test break: every MPS category from January 2018 (test/fixtures/breaks/series-breaks.csv)
    process.env.SAFERBOARD_BREAKS = fixture('breaks/series-breaks.csv');
    const path = tempDb();
    await loadFiles([MPS_SAMPLE], { db: path });
    db = await Database.open(path, { readOnly: true });
    app = createApp(db);
  });
  afterAll(() => {
    delete process.env.SAFERBOARD_BREAKS;
    db?.close();
  });

  it('12 months to December 2018 against 2017 straddle the break: breaks and the summary say so', async () => {
    const body = await (await app.request('/api/outcomes?area=Camden&to=2018-12')).json();
    const r = body.outcomes.flatMap((o: { indicators: Record<string, any>[] }) => o.indicators).find((i: { id: string }) => i.id === 'burglary-residential');
    expect(r.source).toBe('mps');
    expect(r.breaks).toEqual([{ month: '2018-01', note: 'A test break: every MPS category from January 2018' }]);
    expect(r.summary).toMatch(/Series break between the two windows: 2018-01, A test break: every MPS category from January 2018\.$/);
  });

  it('a break the reference file marks comparable=no (MOPAC7, September 2017) stops the comparison: grey, no test, not an exception', async () => {
    const body = await (await app.request('/api/outcomes?area=Camden&to=2018-12')).json();
    const r = body.outcomes.flatMap((o: { indicators: Record<string, any>[] }) => o.indicators).find((i: { id: string }) => i.id === 'mopac7');
    expect(r).toMatchObject({ source: 'mps', complete: true, change: null, pct_change: null, significance: null, direction: null, rag: 'grey', not_compared: 'a test break for the MOPAC7 basket only' });
    expect(r.breaks.map((b: { month: string }) => b.month)).toEqual(['2017-09', '2018-01']);
    expect(r.summary).toMatch(/^MOPAC7 high-volume crime basket: [\d,]+ in the 12 months to December 2018; not compared: a test break for the MOPAC7 basket only[;.]/);
    expect(body.exceptions).not.toContain('mopac7');
    // the same windows a quarter later do not reach September 2017: compared
    const q = (await (await app.request('/api/outcomes?area=Camden&to=2018-12&period=quarter&vs=previous')).json()).outcomes
      .flatMap((o: { indicators: Record<string, any>[] }) => o.indicators).find((i: { id: string }) => i.id === 'mopac7');
    expect(q).toMatchObject({ not_compared: null, complete: true });
    expect(q.significance).not.toBeNull();
  });

  it('a quarter against the quarter before, both after the break, crosses none', async () => {
    const body = await (await app.request('/api/outcomes?area=Camden&to=2018-12&period=quarter&vs=previous')).json();
    const r = body.outcomes.flatMap((o: { indicators: Record<string, any>[] }) => o.indicators).find((i: { id: string }) => i.id === 'burglary-residential');
    expect(r.breaks).toEqual([]);
    expect(r.summary).not.toMatch(/Series break/);
  });
});
