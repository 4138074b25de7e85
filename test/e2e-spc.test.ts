import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ARTIFACTS, openPage, ready, start, type Harness } from './e2e-helpers.ts';
import { MPS_SAMPLE, ROOT, readCsv } from './helpers.ts';
import { describeWith } from './requires.ts';


// Westminster's theft from the person, from the raw CSV: the independent route to the expected marks
const mps = readCsv(MPS_SAMPLE);
const COLS = Object.keys(mps[0]!).filter((k) => /^\d{6}$/.test(k));
const series = COLS.map((c) => mps.filter((r) => r.Borough === 'Westminster' && r['Minor Category'] === 'Theft Person').reduce((s, r) => s + Number(r[c]), 0));
const mean = series.reduce((a, b) => a + b, 0) / series.length;
const mrBar = series.slice(1).reduce((s, x, i) => s + Math.abs(x - series[i]!), 0) / (series.length - 1);
const ABOVE = series.filter((x) => x > mean + 2.66 * mrBar).length;
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
    // the months beyond mean + 2.66 mR̄ (November and December 2018)
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
