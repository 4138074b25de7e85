/**
 * Issue 22, the board paper's words. The partnership a board paper names comes from the area reported on. The profile's title names its home
 * area's partnership (Barnet's); a pack or board for another borough names that borough's own partnership, never
 * Barnet's, and the command line says so.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { partnershipName, partnershipTitle } from '../core/text.ts';
import { ragWords } from '../core/rag.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { ROOT, SAMPLE, cli, readCsv, tempDb } from './helpers.ts';

// the bundled profile as its file states it
const PROFILE = JSON.parse(readFileSync(join(ROOT, 'data/profiles/barnet.json'), 'utf8')) as { title: string; name: string };
const BARNET = { code: 'E09000003', name: 'Barnet' };
const HARINGEY = { code: 'E09000014', name: 'Haringey' };

describe('partnershipTitle and partnershipName (core/text.ts)', () => {
  it("names the profile's partnership for its home area, the area's own elsewhere, and fills {area}", () => {
    expect(partnershipTitle(PROFILE.title, BARNET, BARNET)).toBe(PROFILE.title);
    expect(partnershipTitle(PROFILE.title, BARNET, HARINGEY)).toBe('Haringey Community Safety Partnership: performance update');
    expect(partnershipTitle('{area} CSP board', BARNET, HARINGEY)).toBe('Haringey CSP board');
    expect(partnershipTitle('A profile with no home', null, HARINGEY)).toBe('A profile with no home');
    expect(partnershipName(PROFILE.name, BARNET, BARNET)).toBe(PROFILE.name);
    expect(partnershipName(PROFILE.name, BARNET, HARINGEY)).toBe('Haringey Community Safety Partnership');
    // a police force area is never called a partnership
    const THAMES_VALLEY = { code: 'E23000029', name: 'Thames Valley' };
    const SLOUGH = { code: 'E06000039', name: 'Slough' };
    expect(partnershipName('Slough Community Safety Partnership', SLOUGH, THAMES_VALLEY)).toBe('Thames Valley police force area');
    expect(partnershipTitle('Slough CSP: Performance update', SLOUGH, THAMES_VALLEY)).toBe('Thames Valley police force area: performance update');
    expect(partnershipName('Slough CSP', SLOUGH, { code: 'W15000004', name: 'Dyfed-Powys' })).toBe('Dyfed-Powys police force area');
  });
});

describe('ragWords (core/rag.ts)', () => {
  it('says "on target" only for an indicator with a target', () => {
    expect(ragWords('green', null)).toBe('Green: significantly better');
    expect(ragWords('green', 120)).toBe('Green: significantly better or on target');
    expect(ragWords('red', null)).toBe('Red: significantly worse');
  });
});

describe('the board paper of another borough names its own partnership', () => {
  let dbPath: string;
  let db: Database;
  beforeAll(async () => {
    dbPath = tempDb();
    await loadFiles([SAMPLE], { db: dbPath });
    db = await Database.open(dbPath, { readOnly: true });
  }, 180_000);
  afterAll(() => db?.close());

  it("/api/outcomes: Barnet's board is the profile's; Haringey's names Haringey and never Barnet", async () => {
    const app = createApp(db);
    const barnet = await (await app.request('/api/outcomes?area=Barnet&to=2018-12')).json();
    expect(barnet.profile).toMatchObject({ title: PROFILE.title, partnership: PROFILE.name });
    const haringey = await (await app.request('/api/outcomes?area=Haringey&to=2018-12')).json();
    expect(haringey.profile).toMatchObject({ title: 'Haringey Community Safety Partnership: performance update', partnership: 'Haringey Community Safety Partnership' });
    // `name` stays the profile's own (which profile made it); what the paper prints never names Barnet
    expect(`${haringey.profile.title} ${haringey.profile.partnership}`).not.toContain('Barnet');
  });

  it("/api/outcomes: a figure with no data says why in a board member's words (no source ids, no SQL ranges)", async () => {
    const app = createApp(db);
    const body = await (await app.request('/api/outcomes?area=Haringey&to=2018-12')).json();
    const none = body.outcomes.flatMap((o: { indicators: { summary: string; current: unknown }[] }) => o.indicators).filter((i: { current: unknown }) => i.current === null);
    expect(none.length).toBeGreaterThan(5); // the sample has no local extract or manual values for Haringey
    for (const i of none) {
      expect(i.summary).toMatch(/: no data in the 12 months to December 2018 \(.+\)\.$/);
      expect(i.summary).not.toMatch(/no month covered|period_end|\d{4}-\d{2}\.\.|\bpoliceuk\b|\blocal,|\bmps\b/);
    }
    expect(none.map((i: { summary: string }) => i.summary)).toContain('Knife crime: no data in the 12 months to December 2018 (nothing loaded from the local extract covers Haringey in these months).');
  });

  it('saferboard report --area Haringey: the cover and running header name Haringey, and the command warns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'saferboard-haringey-'));
    const run = cli(['report', '--area', 'Haringey', '--to', '2018-12', '--db', dbPath, '--out', dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("warning: Haringey is not the profile's home area (Barnet)");
    const html = readFileSync(join(dir, 'board-pack.html'), 'utf8');
    expect(html).toContain('<p class="kicker">Haringey Community Safety Partnership</p>');
    expect(html).toMatch(/@top-left \{ content: "Haringey Community Safety Partnership: performance update · Haringey/);
    expect(html).not.toContain('Barnet Safer Communities');
    // issue 22: "on target" only for a green indicator that has a target (from the pack's own indicators.csv), no
    // command-line flag on the cover
    const withTarget = readCsv(join(dir, 'indicators.csv')).filter((r) => r.rag === 'green' && r.target !== '').length;
    expect(html.split('on target').length - 1).toBeLessThanOrEqual(withTarget);
    expect(html).not.toContain('--public');
  }, 180_000);
});

describe('the pack names the comparison its change chart makes', () => {
  it('a quarter pack: "% change against the same months a year earlier", not "12 months against the 12 before"', async () => {
    const { changesSvg } = await import('../api/report/charts.ts');
    // two indicators by hand: burglary 130 against 80 a year earlier (significant rise), robbery 41 against 40
    const ind = (id: string, current: number, previous: number, significant: boolean) => ({
      id, label: id, kind: 'count', current, previous, pct_change: (100 * (current - previous)) / previous,
      significance: { test: 'poisson', z: significant ? 4.4 : 0.1, p_value: significant ? 0.0001 : 0.9, significant, direction: 'up' },
    });
    const svg = changesSvg([ind('Burglary', 130, 80, true), ind('Robbery', 41, 40, false)] as never, 'against the same months a year earlier');
    expect(svg).toContain('% change against the same months a year earlier');
    expect(svg).not.toContain('12 months against the 12 before');
  });
});
