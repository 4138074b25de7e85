import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it, vi } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { ARTIFACTS, axe, openPage, ready, useHarness } from './e2e-helpers.ts';
import { ROOT, fixture, readCsv, tempDb } from './helpers.ts';
import { describeWith } from './requires.ts';

// Barnet's wards by the ONS boundaries and the Census 2021 population file, not by the API's SQL.
const BARNET = 'E09000003';
const topo = JSON.parse(readFileSync(join(ROOT, 'data/reference/boundaries/london-wards-2022.topojson'), 'utf8'));
const BARNET_WARDS = topo.objects.layer.geometries.filter((g: { properties: { LAD22CD: string } }) => g.properties.LAD22CD === BARNET).length;
const POPULATION = readCsv(fixture('wards/london-ward-population-2021.csv')).filter((p) => p.lad_code === BARNET);

describeWith('chromium')('the ward view in headless Chromium', () => {
  const db = tempDb();
  beforeAll(async () => {
    // the ward file's last month is 2026-02, which a load refuses as "in the future" on an earlier clock
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-15T12:00:00Z'));
    try {
      await loadFiles([fixture('wards/mps-ward-2024-03-2026-02.csv'), fixture('wards/mps-borough-2024-2026-barnet-haringey-hillingdon.csv')], { db });
    } finally {
      vi.useRealTimers();
    }
  }, 180_000);
  const h = useHarness({ db });

  it("the explorer shows Barnet's ward map and ward table, with the unplaced remainder", async () => {
    const { page, errors } = await openPage(h, '/explore?area=Barnet&category=burglary&source=mps&to=2026-02');
    const panel = page.locator('[data-panel="wards-burglary"]');
    expect(await panel.getAttribute('data-state')).toBe('ready');
    // one shape per Barnet ward of the 2022 boundaries
    expect(await panel.locator('g[aria-label="geo"]').first().locator('path').count()).toBe(BARNET_WARDS);
    expect(BARNET_WARDS).toBe(24);
    // the ward table: one row per ward of the population file, the 12 months as columns
    const table = panel.locator('.ward-table table');
    expect(await table.locator('tbody tr').count()).toBe(POPULATION.length);
    const headers = await table.locator('thead th').allTextContents();
    expect(headers.slice(0, 3)).toEqual(['ward', 'Mar 2025', 'Apr 2025']);
    expect(headers).toContain('Feb 2026');
    expect(await table.locator('tbody').textContent()).toContain('Burnt Oak');
    expect(await panel.locator('.unplaced').textContent()).toMatch(/of Barnet's [\d,]+ burglary crimes on the borough file .* are not placed in one of its wards/);
    await panel.screenshot({ path: join(ARTIFACTS, 'wards-explorer-barnet.png') });
    expect(errors).toEqual([]);
  });

  it("a ward row's figure opens the explanation dialog by keyboard: the count from the raw file, its rows linked; Esc returns focus", async () => {
    const { page, errors } = await openPage(h, '/explore?area=Barnet&category=burglary&source=mps&to=2026-02');
    const panel = page.locator('[data-panel="wards-burglary"]');
    expect(await panel.getAttribute('data-state')).toBe('ready');
    // Burnt Oak's burglaries in the 12 months to February 2026, by a plain loop over the raw ward file
    const raw = readCsv(fixture('wards/mps-ward-2024-03-2026-02.csv'));
    const months = Object.keys(raw[0]!).filter((k) => /^\d{6}$/.test(k)).slice(-12);
    let expected = 0;
    for (const r of raw) if (r.WardCode!.trim() === 'E05013630' && r.MajorText === 'BURGLARY') for (const m of months) expected += Number(r[m]);
    const button = panel.locator('.ward-table tr[data-ward="E05013630"] th button.explain');
    expect(await button.textContent()).toContain('Burnt Oak');
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog.explain-dialog[data-state="ready"]');
    const dialog = page.locator('dialog.explain-dialog[open]');
    expect(await dialog.locator('.explain-value strong').getAttribute('data-value')).toBe(String(expected));
    expect(await dialog.locator('.explain-arithmetic').textContent()).toContain('residents (Census 2021) × 1,000');
    expect(await dialog.textContent()).toContain('queries/wards-counts.sql');
    expect(await dialog.locator('button.explain-download').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'wards-explain-dialog.png') });
    await page.keyboard.press('Escape');
    expect(await dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-ward'))).toBe('E05013630');
    // from the map: pick a ward under it and ask
    await panel.locator('.ward-explain select').selectOption('E05013630');
    await panel.locator('.ward-explain button.explain').click();
    await page.waitForSelector('dialog.explain-dialog[data-state="ready"]');
    expect(await page.locator('dialog.explain-dialog[open] .explain-value strong').getAttribute('data-value')).toBe(String(expected));
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });

  it('the needs assessment breaks the MOPAC7 crimes down by ward', async () => {
    const { page, errors } = await openPage(h, '/assessment?area=Barnet&to=2026-02');
    const panel = page.locator('[data-panel="wards-mopac7"]');
    expect(await panel.getAttribute('data-state')).toBe('ready');
    expect(await panel.locator('.ward-table tbody tr').count()).toBe(POPULATION.length);
    await panel.screenshot({ path: join(ARTIFACTS, 'wards-assessment-barnet.png') });
    expect(errors).toEqual([]);
  });

  it('the board lists wards to watch', async () => {
    const { page, errors } = await openPage(h, '/?area=Barnet&to=2026-02');
    const section = page.locator('section.wards-to-watch');
    expect(await section.count()).toBe(1);
    expect(await section.locator('h2').textContent()).toContain('Wards to watch, 12 months to February 2026');
    expect(await section.locator('li').count()).toBeGreaterThan(0);
    await section.screenshot({ path: join(ARTIFACTS, 'wards-board-barnet.png') });
    expect(errors).toEqual([]);
  });

  it.each(['/explore?area=Barnet&category=burglary&source=mps&to=2026-02', '/?area=Barnet&to=2026-02'])('%s with ward data: no axe-core violation at WCAG 2.2 A and AA', async (path) => {
    // axe is injected as a script: the page's CSP is bypassed for it
    const context = await h.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(h.base + path);
      await ready(page);
      expect(await page.locator('[data-panel="wards-burglary"], section.wards-to-watch').count()).toBe(1);
      expect(await axe(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
