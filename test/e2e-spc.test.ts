import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { ARTIFACTS, openPage, ready, start, type Harness } from './e2e-helpers.ts';
import { MPS_SAMPLE, ROOT, monthsFrom, readCsv, tempDb } from './helpers.ts';
import { describeWith } from './requires.ts';
import { xmrPoints } from './spc-oracle.ts';


// Westminster's theft from the person, from the raw CSV: the independent route to the expected marks
const mps = readCsv(MPS_SAMPLE);
const COLS = Object.keys(mps[0]!).filter((k) => /^\d{6}$/.test(k));
const series = COLS.map((c) => mps.filter((r) => r.Borough === 'Westminster' && r['Minor Category'] === 'Theft Person').reduce((s, r) => s + Number(r[c]), 0));
// limits from the first 20 months (moving ranges screened), by the tests' own reading (test/spc-oracle.ts)
const ABOVE = xmrPoints(series).filter((p) => p.value > p.upper).length;
const BOROUGHS = readCsv(join(ROOT, 'data/reference/areas.csv')).filter((a) => a.borough === 'true').length;

describeWith('chromium')('explorer SPC and funnel plot in headless Chromium', () => {
  let h: Harness;
  const ignore = (_text: string, url: string) => url.includes('/api/outcomes');
  beforeAll(async () => {
    h = await start();
  });
  afterAll(async () => h?.stop());

  it('draws the expected range, the mean and the signal points; says the latest variation in words; the funnel beside the London bars', async () => {
    const { page, errors } = await openPage(h, '/explore?area=Westminster&category=theft-from-person&source=mps&from=2017-01&to=2018-12', ignore);
    const trend = '[data-panel="trend-theft-from-person"]';
    const count = (sel: string) => page.locator(sel).count();
    // one band and one mean line (no series break in 2017-2018); the 24 bars as before
    expect(await count(`${trend} g.spc-band path`)).toBe(1);
    expect(await count(`${trend} g.spc-mean path`)).toBe(1);
    expect(await count(`${trend} g[aria-label="rect"] rect`)).toBe(24);
    // the months beyond the limits of the first 20 months (November and December 2018)
    expect(ABOVE).toBeGreaterThan(0);
    expect(await count(`${trend} g.spc-signal path`)).toBe(ABOVE);
    const latest = page.locator(`${trend} .spc-latest`);
    await expect(latest.textContent()).resolves.toContain('Special cause: concern — December 2018 above the expected range');
    expect(await count(`${trend} .spc-latest svg[aria-label="special cause concern, high"]`)).toBe(1);
    // the funnel: a point per borough with a complete window, the area labelled
    const funnel = '[data-panel="funnel-theft-from-person"]';
    expect(await count(`${funnel} g.funnel-point > *`)).toBe(BOROUGHS);
    expect(await count(`${funnel} g.funnel-limit path`)).toBe(4);
    await expect(page.locator(`${funnel} g.funnel-label text`).textContent()).resolves.toBe('Westminster');
    await expect(page.locator(`${funnel} h3`).first().textContent()).resolves.toMatch(/^Westminster's theft from the person rate \([\d.]+ per 1,000\) is (similar to|higher than|lower than) London's/);
    await page.screenshot({ path: join(ARTIFACTS, 'explore-spc.png'), fullPage: true });
    await page.locator(trend).screenshot({ path: join(ARTIFACTS, 'explore-spc-trend.png') });
    await page.locator(funnel).screenshot({ path: join(ARTIFACTS, 'explore-spc-funnel.png') });

    // the seasonal toggle writes the URL and redraws around each calendar month's expected value
    await page.selectOption('select[name="seasonal"]', '1');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('seasonal')).toBe('1');
    expect(await count(`${trend} g.spc-band path`)).toBe(1);
    await expect(page.locator(`${trend} figure, ${trend} svg`).first().textContent()).resolves.toContain('Expected (seasonal)');
    await page.locator(trend).screenshot({ path: join(ARTIFACTS, 'explore-spc-seasonal.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});

/**
 * 14 years of Barnet burglary in the MPS borough format (2005-01..2018-12), seeded Poisson counts of mean 200 a
 * month to December 2011 and 140 from January 2012: a real step down.
 */
function longSeries(): string {
  let a = 7;
  const random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const poisson = (lambda: number) => {
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= random();
    } while (p > Math.exp(-lambda));
    return k - 1;
  };
  const months = monthsFrom('2005-01', Array.from({ length: 168 }, () => 0)).map((m) => m.month);
  const counts = months.map((m) => poisson(m < '2012-01' ? 200 : 140));
  const dir = mkdtempSync(join(tmpdir(), 'saferboard-long-'));
  const file = join(dir, 'mps-barnet-2005-2018.csv');
  writeFileSync(file, `Borough,Major Category,Minor Category,${months.map((m) => m.replace('-', '')).join(',')}\nBarnet,Burglary,Burglary - Residential,${counts.join(',')}\n`);
  return file;
}

describeWith('chromium')('the explorer over 14 years: the last 36 months by default, the whole series as an option', () => {
  let h: Harness;
  beforeAll(async () => {
    const db = tempDb();
    await loadFiles([longSeries()], { db });
    h = await start({ db });
  }, 180_000);
  afterAll(async () => h?.stop());

  it('shows 36 months, then all 168 with the limits recalculated at the step', async () => {
    const { page, errors } = await openPage(h, '/explore?area=Barnet&category=burglary&source=mps');
    const trend = '[data-panel="trend-burglary"]';
    const count = (sel: string) => page.locator(sel).count();
    expect(await count(`${trend} g[aria-label="rect"] rect`)).toBe(36);
    await page.locator(trend).screenshot({ path: join(ARTIFACTS, 'explore-spc-36.png') });
    await page.selectOption('select[name="from"]', '2005-01');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('from')).toBe('2005-01');
    expect(await count(`${trend} g[aria-label="rect"] rect`)).toBe(168);
    // one recalculation, at the step down (the run below the old mean starts at or a few months before January 2012)
    expect(await count(`${trend} g.spc-recalc line`)).toBe(1);
    const title = await page.locator(`${trend} g.spc-recalc line title`).textContent();
    expect(title).toMatch(/^Limits recalculated from (\w+ 2011|January 2012): \d+ months in a row below the previous mean \(\d+\), a sustained shift$/);
    // two steps of the band and of the mean, and few months flagged (not most of them, as limits from all 168 would)
    expect(await count(`${trend} g.spc-mean path`)).toBe(2);
    expect(await count(`${trend} g.spc-signal path`)).toBeLessThan(17);
    await page.locator(trend).screenshot({ path: join(ARTIFACTS, 'explore-spc-long.png') });
    expect(errors).toEqual([]);
  }, 180_000);
});
