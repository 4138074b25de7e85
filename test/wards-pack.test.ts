import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildPack } from '../api/report/index.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { wardsToWatch } from '../core/wards.ts';
import type { Wards } from '../core/types.ts';
import { createApp } from '../api/app.ts';
import { fixture, readCsv, tempDb } from './helpers.ts';

const WARD_FILE = fixture('wards/mps-ward-2024-03-2026-02.csv');
const BOROUGH_FILE = fixture('wards/mps-borough-2024-2026-barnet-haringey-hillingdon.csv');

describe('the board pack carries "wards to watch"', () => {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-15T12:00:00Z'));
  });
  afterAll(() => vi.useRealTimers());

  it('lists the wards the route finds above the borough or of concern; a public pack has no ward section', async () => {
    const db = tempDb();
    await loadFiles([WARD_FILE, BOROUGH_FILE], { db });
    const d = await Database.open(db, { readOnly: true });
    try {
      const partner = (await buildPack(d, { area: 'Barnet', to: '2026-02', threshold: null }, new Date(0))).html;
      const pub = (await buildPack(d, { area: 'Barnet', to: '2026-02', threshold: 5 }, new Date(0))).html;
      expect(partner).toContain('<h2>Wards to watch, 12 months to February 2026</h2>');
      expect(pub).not.toContain('Wards to watch');
      const body: Wards = await (await createApp(d).request('/api/wards?area=Barnet&category=burglary&to=2026-02')).json();
      const watched = wardsToWatch(body);
      expect(watched.length).toBeGreaterThan(0);
      for (const r of watched) expect(partner).toContain(`<strong>${r.name.replace(/&/g, '&#38;')}</strong>, burglary`);
      // Garden Suburb's burglary rate, by hand from the raw ward file and the Census 2021 population file
      const raw = readCsv(WARD_FILE).filter((r) => r.WardCode!.trim() === 'E05013641' && r.MajorText === 'BURGLARY');
      const months = Object.keys(raw[0]!).filter((k) => /^\d{6}$/.test(k)).slice(-12);
      const count = raw.reduce((s, r) => s + months.reduce((t, m) => t + Number(r[m]), 0), 0);
      const pop = Number(readCsv(fixture('wards/london-ward-population-2021.csv')).find((p) => p.ward_code === 'E05013641')!.population_2021);
      expect(partner).toContain(`<strong>Garden Suburb</strong>, burglary: ${((count / pop) * 1000).toFixed(1)} per 1,000 residents`);
    } finally {
      d.close();
    }
  });
});
