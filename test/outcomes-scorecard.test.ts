import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { proportionSignificance } from '../api/stats.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { outcomes } from '../data/outcomes.ts';
import { MPS_SAMPLE, POLICEUK_SAMPLE, ROOT, fixture, readCsv, tempDb } from './helpers.ts';

const RAG = ['red', 'amber', 'green', 'grey'];
type Ind = Record<string, any>;

async function open(files: string[]) {
  const path = tempDb();
  await loadFiles(files, { db: path });
  const db = await Database.open(path, { readOnly: true });
  return { db, app: createApp(db) };
}
const flat = (body: { outcomes: { indicators: Ind[] }[] }) =>
  Object.fromEntries(body.outcomes.flatMap((o) => o.indicators).map((i) => [i.id, i]));

/** Barnet's MPS count for a minor category over months from..to (YYYYMM), summed from the raw sample with papaparse. */
function mpsCount(minor: string, from: string, to: string): number {
  return readCsv(MPS_SAMPLE)
    .filter((r) => r.Borough === 'Barnet' && r['Minor Category'] === minor)
    .reduce((sum, r) => sum + Object.keys(r).filter((k) => /^\d{6}$/.test(k) && k >= from && k <= to).reduce((s, k) => s + Number(r[k]), 0), 0);
}

describe('/api/outcomes on the public samples (MPS and police.uk, no local data)', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => ({ db, app } = await open([MPS_SAMPLE, POLICEUK_SAMPLE, fixture('local/manual-indicators.csv')])));
  afterAll(() => db?.close());

  it('returns the seven outcomes, each indicator with a valid RAG and a one-line summary', async () => {
    const res = await app.request('/api/outcomes?area=Barnet&to=2018-12');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.area).toEqual({ code: 'E09000003', name: 'Barnet' });
    expect(body.outcomes.map((o: { id: number }) => o.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(body.outcomes[2].title).toMatch(/violence against women and girls/);
    for (const o of body.outcomes) {
      expect(o.indicators.length).toBeGreaterThan(0);
      for (const i of o.indicators) {
        expect(RAG).toContain(i.rag);
        expect(i.summary).toMatch(/^[^\n]+\.$/);
      }
    }
  });

  it('uses MPS where it covers an indicator: figures summed from the raw CSV, London rank, significance', async () => {
    const ind = flat(await (await app.request('/api/outcomes?area=barnet&to=2018-12')).json());
    const res = ind['burglary-residential'];
    const current = mpsCount('Burglary - Residential', '201801', '201812');
    const previous = mpsCount('Burglary - Residential', '201701', '201712');
    expect(res).toMatchObject({ source: 'mps', current, previous, change: current - previous, complete: true, of: 32 });
    expect(res.pct_change).toBeCloseTo((100 * (current - previous)) / previous, 10);
    expect(res.rank).toBeGreaterThanOrEqual(1);
    expect(res.significance.test).toBe('conditional-binomial');
    // amber unless the change is significant; this indicator is lower-is-better
    expect(res.rag).toBe(res.significance.significant ? (current > previous ? 'red' : 'green') : 'amber');
    const pct = Math.round(Math.abs((100 * (current - previous)) / previous));
    expect(res.summary).toBe(
      `Residential burglary: ${current.toLocaleString('en-GB')} in the 12 months to December 2018, ${current > previous ? 'up' : 'down'} ${pct}% on the previous 12 months ` +
        `(${res.significance.significant ? 'significant' : 'not significant'}); ${res.rank}${['th', 'st', 'nd', 'rd'][res.rank % 10 < 4 && ![11, 12, 13].includes(res.rank % 100) ? res.rank % 10 : 0]} of 32 London boroughs, ` +
        `${res.vs_london === 'similar' ? 'similar to London' : `${res.vs_london} than London (99.8% limits)`}.`,
    );
    expect(['higher', 'lower', 'similar']).toContain(res.vs_london);
    expect(ind['mopac7'].source).toBe('mps');
    expect(ind['violence-with-injury'].source).toBe('mps');
  });

  it('is grey where no source covers an indicator (flags need a local extract; police.uk has only Jan-Mar 2018)', async () => {
    const ind = flat(await (await app.request('/api/outcomes?area=Barnet&to=2018-12')).json());
    for (const id of ['domestic-abuse', 'domestic-abuse-repeat', 'hate-crime', 'knife-crime', 'serious-youth-violence', 'burglary-repeat', 'residents-informed'])
      expect(ind[id].rag, id).toBe('grey');
    expect(ind['domestic-abuse'].source).toBeNull();
    expect(ind['asb']).toMatchObject({ source: null, rag: 'grey', complete: false });
  });

  it('manual indicators: value and target, green when the target is met, red when it is missed', async () => {
    const ind = flat(await (await app.request('/api/outcomes?area=Barnet&to=2018-12')).json());
    // test/fixtures/local/manual-indicators.csv: 72.0 against 70 (higher is better), previous 66.5
    expect(ind['public-confidence']).toMatchObject({ value: 72, target: 70, previous: 66.5, rag: 'green', period_end: '2018-12' });
    expect(ind['public-confidence'].change).toBeCloseTo(5.5, 10);
    // 27.1 against the target of 25 in data/outcomes.json (lower is better): missed
    expect(ind['proven-reoffending']).toMatchObject({ value: 27.1, target: 25, rag: 'red' });
    expect(ind['proven-reoffending'].summary).toMatch(/missing the target/);
    expect(ind['prevent-training']).toMatchObject({ value: 412, target: null, rag: 'amber' });
    const before = flat(await (await app.request('/api/outcomes?area=Barnet&to=2017-12&source=mps')).json());
    expect(before['public-confidence']).toMatchObject({ value: 66.5, rag: 'red' });
  });

  it('bad requests are 400 JSON naming the value', async () => {
    for (const [url, pattern] of [
      ['/api/outcomes?area=Barnett&to=2018-12', /unknown area: "Barnett"/],
      ['/api/outcomes?area=Barnet&to=2019-01', /after the last month loaded \(2018-12\)/],
      ['/api/outcomes?area=Barnet&to=2018-13', /malformed month/],
      ['/api/outcomes?area=Barnet&source=locale', /unknown source: "locale"/],
      ['/api/outcomes?area=Barnet&source=local', /local has no data loaded/],
    ] as const) {
      const res = await app.request(url);
      expect(res.status, url).toBe(400);
      expect((await res.json()).error).toMatch(pattern);
    }
  });
});

describe('/api/outcomes with the synthetic local sample', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => ({ db, app } = await open([MPS_SAMPLE, join(ROOT, 'data/sample/local')])));
  afterAll(() => db?.close());

  it('takes local first, with repeat rates, a rank from MPS, and agrees with MPS where both count', async () => {
    const ind = flat(await (await app.request('/api/outcomes?area=Barnet&to=2018-12')).json());
    expect(ind['burglary-residential']).toMatchObject({ source: 'local', current: mpsCount('Burglary - Residential', '201801', '201812'), rank_source: 'mps', of: 32 });
    expect(ind['burglary-residential'].repeat.victims).toBeGreaterThan(0);
    const da = ind['domestic-abuse-repeat'];
    expect(da.source).toBe('local');
    expect(da.current).toBeCloseTo((100 * da.repeat.repeat_victims) / da.repeat.victims, 10);
    expect(da.significance.test).toBe('two-proportion-z');
    expect(RAG).toContain(da.rag);
    expect(ind['domestic-abuse-vwi-sanction-detection'].unit).toBe('percent');
    for (const i of Object.values(ind) as Ind[]) expect(RAG).toContain(i.rag);
  });
});

describe('priority outcomes file', () => {
  it('ships the seven outcomes and every indicator id the issue names', () => {
    const ids = outcomes().outcomes.flatMap((o) => o.indicators.map((i) => i.id));
    for (const id of ['asb', 'domestic-abuse', 'hate-crime', 'hate-crime-race', 'knife-crime', 'knife-injury-u25', 'serious-youth-violence', 'burglary', 'burglary-residential', 'mopac7', 'violence-with-injury'])
      expect(ids).toContain(id);
  });

  it('an invalid file fails with a message naming the bad key', () => {
    const file = join(dirname(tempDb()), 'outcomes.json');
    const config = JSON.parse(JSON.stringify(outcomes()));
    config.outcomes[5].indicators[0].polarity = 'lower-better';
    writeFileSync(file, JSON.stringify(config));
    expect(() => outcomes(file)).toThrow(/invalid profile at outcomes\[5\]\.indicators\[0\]\.polarity: expected "lower-is-better" or "higher-is-better", found "lower-better"/);
    config.outcomes[5].indicators[0].polarity = 'lower-is-better';
    config.outcomes = [];
    writeFileSync(file, JSON.stringify(config));
    expect(() => outcomes(file + '')).toThrow(/invalid profile at outcomes: expected at least 1 item/);
  });

  it('two-proportion z against a hand calculation: 45/192 vs 30/180', () => {
    // pooled p = 75/372 = 0.201613; se = sqrt(0.201613 x 0.798387 x (1/192 + 1/180)) = 0.041624;
    // z = (0.234375 - 0.166667) / 0.041624 = 1.6267; two-sided p = 2 x (1 - Phi(1.6267)) = 0.1038
    const s = proportionSignificance(45, 192, 30, 180);
    expect(s.z).toBeCloseTo(1.6267, 3);
    expect(s.p_value).toBeCloseTo(0.1038, 3);
    expect(s.significant).toBe(false);
    expect(proportionSignificance(90, 200, 40, 200)).toMatchObject({ significant: true, direction: 'up' });
  });
});
