import { beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import type { Wards } from '../core/types.ts';
import { SAMPLE, readCsv, requestJson, tempDb } from './helpers.ts';

// The bundled sample (data/sample/, what `npm start` loads on a fresh clone) carries Barnet's rows of the MPS ward
// file, so the ward view shows Barnet's wards out of the box.
const WARD_SAMPLE = `${SAMPLE}/mps-ward-2024-03-2026-02-barnet.csv`;

describe('the bundled ward sample', () => {
  let db: string;
  beforeAll(async () => {
    db = tempDb();
    await loadFiles([SAMPLE], { db });
  }, 300_000);

  it("serves Barnet's 24 wards, each ward's count as the sample file has it (plain loops)", async () => {
    const raw = readCsv(WARD_SAMPLE);
    expect(new Set(raw.map((r) => r.LookUp_BoroughName))).toEqual(new Set(['Barnet']));
    const months = Object.keys(raw[0]!).filter((k) => /^\d{6}$/.test(k)).slice(-12);
    const { status, body } = await requestJson<Wards>(db, '/api/wards?area=Barnet&category=burglary');
    expect(status).toBe(200);
    expect(body.source).toBe('mpsward');
    expect(body.period.current.to).toBe('2026-02');
    expect(body.rows).toHaveLength(24);
    for (const r of body.rows) {
      let count = 0;
      for (const x of raw) if (x.WardCode!.trim() === r.code && x.MajorText === 'BURGLARY') for (const m of months) count += Number(x[m]);
      expect(r.count).toBe(count);
    }
    // the sample's borough file is of other years: the unplaced remainder says so rather than inventing one
    expect(body.unplaced.count).toBeNull();
    // and the sample's other boroughs have no ward figures (never zeros)
    const haringey = await requestJson<Wards>(db, '/api/wards?area=Haringey&category=burglary');
    expect(haringey.body.months_covered).toBe(0);
    expect(haringey.body.rows.every((r) => r.count === null)).toBe(true);
  });
});
